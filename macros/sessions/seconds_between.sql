{#- Exact seconds from one timestamp to another (fractions kept), so a 30:00 gap is 1800
    and 30:01 is 1801 whatever the engine's datediff rounding does. -#}
{% macro seconds_between(start_column, end_column) -%}
    {{ return(adapter.dispatch('seconds_between', 'customer_engagement')(
        start_column, end_column)) }}
{%- endmacro %}

{% macro default__seconds_between(start_column, end_column) -%}
    extract(epoch from ({{ end_column }} - {{ start_column }}))
{%- endmacro %}

{% macro duckdb__seconds_between(start_column, end_column) -%}
    (epoch({{ end_column }}) - epoch({{ start_column }}))
{%- endmacro %}
