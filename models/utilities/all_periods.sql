{#- One row per period of every grain (day, ISO week, month) covering all_days, with its
    last day and whether it is complete: its last day is before the as-of date. -#}

with

days as (

    select date_day from {{ ref('all_days') }}

),

as_of as (

    select as_of_date from {{ ref('as_of_date') }}

),

periods as (

    {% for grain in ['day', 'week', 'month'] -%}
        select distinct
            '{{ grain }}' as period_grain,
            {{ period_start(grain, 'date_day') }} as period_start
        from days
        {{ 'union all' if not loop.last }}
    {% endfor %}

),

bounded as (

    select
        period_grain,
        period_start,
        case
            {%- for grain in ['day', 'week', 'month'] %}
                when period_grain = '{{ grain }}'
                    then {{ period_end(grain, 'period_start') }}
            {%- endfor %}
        end as period_end
    from periods

)

select
    bounded.period_grain,
    bounded.period_start,
    bounded.period_end,
    bounded.period_end < as_of.as_of_date as is_complete_period
from bounded
cross join as_of
