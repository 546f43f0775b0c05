{#- Aggregates a fact CTE to the shared KPI shape (SPEC §4): one row per period grain
    (day, ISO week, month), period and breakdown value, for the `overall` breakdown and
    each dimension in `breakdowns`. Every grain and breakdown is computed from the facts
    themselves, so distinct counts are never summed from finer rows.

    facts        name of the CTE with one row per fact
    date_column  the fact's date in reporting_timezone
    breakdowns   dimension columns of the facts
    components   list of (column name, aggregate SQL) pairs; an aggregate may use
                 `{period_start}` and `{period_end}`, the first and last day of the row's
                 period (for facts compared with their period, e.g. a user whose first
                 activity falls in it)
    periods      optional: name of a CTE of the periods (period_grain, period_start) to
                 compute; each grain then aggregates only the facts of its periods -#}
{% macro kpi_rollup(facts, date_column, breakdowns, components, periods=none) -%}
    {%- for grain in ['day', 'week', 'month'] -%}
        {%- for breakdown in ['overall'] + breakdowns %}
    select
        '{{ grain }}' as period_grain,
        {{ period_start(grain, date_column) }} as period_start,
        '{{ breakdown }}' as breakdown,
        {% if breakdown == 'overall' -%}
            'all'
        {%- else -%}
            coalesce(cast({{ breakdown }} as {{ dbt.type_string() }}), 'unknown')
        {%- endif %} as breakdown_value,
        {%- for name, aggregate in components %}
        {{ aggregate
            | replace('{period_start}', period_start(grain, date_column))
            | replace('{period_end}', period_end(grain, period_start(grain, date_column)))
        }} as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ facts }}
            {%- if periods is not none %}
    where {{ period_start(grain, date_column) }} in (
        select period_start from {{ periods }} where period_grain = '{{ grain }}'
    )
            {%- endif %}
    group by 1, 2, 3, 4
            {%- if not loop.last %}
    union all
            {%- endif %}
        {%- endfor %}
        {%- if not loop.last %}
    union all
        {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#- Adds is_complete_period and fills the overall rows of every period from the first to
    the last period of the KPI's data (decision D17) with zero components. Breakdown rows
    stay where the value occurs.

    rolled_up   name of the CTE that kpi_rollup built
    components  the component column names
    data_range  optional: name of a CTE from kpi_data_range, when rolled_up holds only
                some periods (an incremental run)
    periods     optional: name of a CTE of the periods (period_grain, period_start) to
                return; the others are left out (an incremental run) -#}
{% macro kpi_complete_periods(rolled_up, components, data_range=none, periods=none) -%}
    select
        periods.period_grain,
        periods.period_start,
        periods.is_complete_period,
        'overall' as breakdown,
        'all' as breakdown_value,
        {%- for name in components %}
        coalesce(overall.{{ name }}, 0) as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('all_periods') }} as periods
    {%- if periods is not none %}
    inner join {{ periods }} as wanted
        on
            periods.period_grain = wanted.period_grain
            and periods.period_start = wanted.period_start
    {%- endif %}
    inner join
        {%- if data_range is not none %} {{ data_range }} as data_range
        {%- else %} (
            select
                period_grain,
                min(period_start) as first_period_start,
                max(period_start) as last_period_start
            from {{ rolled_up }}
            where breakdown = 'overall'
            group by period_grain
        ) as data_range
        {%- endif %}
        on
            periods.period_grain = data_range.period_grain
            and periods.period_start >= data_range.first_period_start
            and periods.period_start <= data_range.last_period_start
    left join {{ rolled_up }} as overall
        on
            periods.period_grain = overall.period_grain
            and periods.period_start = overall.period_start
            and overall.breakdown = 'overall'

    union all

    select
        by_value.period_grain,
        by_value.period_start,
        periods.is_complete_period,
        by_value.breakdown,
        by_value.breakdown_value,
        {%- for name in components %}
        by_value.{{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ rolled_up }} as by_value
    inner join {{ ref('all_periods') }} as periods
        on
            by_value.period_grain = periods.period_grain
            and by_value.period_start = periods.period_start
    where by_value.breakdown <> 'overall'
{%- endmacro %}


{#- The first and last period of each grain holding a fact: what kpi_complete_periods
    fills between. -#}
{% macro kpi_data_range(facts, date_column) -%}
    {%- for grain in ['day', 'week', 'month'] %}
    select
        '{{ grain }}' as period_grain,
        {{ period_start(grain, 'min(' ~ date_column ~ ')') }} as first_period_start,
        {{ period_start(grain, 'max(' ~ date_column ~ ')') }} as last_period_start
    from {{ facts }}
        {%- if not loop.last %}
    union all
        {%- endif %}
    {%- endfor %}
{%- endmacro %}
