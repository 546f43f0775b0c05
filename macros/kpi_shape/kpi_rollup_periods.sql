{#- Like kpi_rollup, for facts that already belong to a period: the fact CTE has
    `period_grain` and `period_start` columns (a customer's membership of a period, for
    example). One row per period grain, period and breakdown value, for the `overall`
    breakdown and each dimension in `breakdowns`; every row is aggregated from the facts.
    Feed the result to kpi_complete_periods.

    facts        name of the CTE with one row per fact and period
    breakdowns   dimension columns of the facts
    components   list of (column name, aggregate SQL) pairs -#}
{% macro kpi_rollup_periods(facts, breakdowns, components) -%}
    {%- for breakdown in ['overall'] + breakdowns %}
    select
        period_grain,
        period_start,
        '{{ breakdown }}' as breakdown,
        {% if breakdown == 'overall' -%}
            'all'
        {%- else -%}
            coalesce(cast({{ breakdown }} as {{ dbt.type_string() }}), 'unknown')
        {%- endif %} as breakdown_value,
        {%- for name, aggregate in components %}
        {{ aggregate }} as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ facts }}
    group by 1, 2, 3, 4
        {%- if not loop.last %}
    union all
        {%- endif %}
    {%- endfor %}
{%- endmacro %}
