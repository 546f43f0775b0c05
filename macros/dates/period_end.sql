{#- Last day of the period of a grain ('day', 'week' ISO Monday start, 'month') that starts
    on period_start. -#}
{% macro period_end(grain, period_start) -%}
    {%- if grain == 'day' -%}
        {{ period_start }}
    {%- elif grain == 'week' -%}
        cast({{ dbt.dateadd('day', 6, period_start) }} as date)
    {%- elif grain == 'month' -%}
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, period_start)) }} as date)
    {%- else -%}
        {{ exceptions.raise_compiler_error("period_end: unknown grain '" ~ grain ~ "'") }}
    {%- endif -%}
{%- endmacro %}


{#- First day of the period of a grain that contains a date. -#}
{% macro period_start(grain, date_column) -%}
    {%- if grain not in ['day', 'week', 'month'] -%}
        {{ exceptions.raise_compiler_error("period_start: unknown grain '" ~ grain ~ "'") }}
    {%- endif -%}
    cast({{ dbt.date_trunc(grain, date_column) }} as date)
{%- endmacro %}
