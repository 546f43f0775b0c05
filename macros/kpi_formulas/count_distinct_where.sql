{#- Distinct values of a column among the rows where a condition holds, as a bigint
    (0 when there are none). Distinct counts are computed per KPI row, never summed. -#}
{% macro count_distinct_where(condition, column) -%}
    cast(
        count(distinct case when {{ condition }} then {{ column }} end)
        as {{ dbt.type_bigint() }}
    )
{%- endmacro %}
