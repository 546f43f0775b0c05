{#- One row per day from the first to the last day with non-bot events: the day's count
    (0 on a day without events), the average of the previous volume_trailing_days days and
    whether the day departs from it by more than volume_anomaly_ratio either way
    (decision D1254). Read by the warn-level test warn_event_volume_anomaly. -#}

{%- set trailing_days = var('volume_trailing_days') | int -%}
{%- set min_history_days = var('volume_min_history_days') | int -%}
{%- set ratio = var('volume_anomaly_ratio') | float %}

with

{#- int_user_days_active counts every non-bot event once, by user, day and device:
    summed by day it gives the day's events without reading them one by one. #}

user_days as (

    select
        activity_date,
        events
    from {{ ref('int_user_days_active') }}

),

daily_counts as (

    select
        activity_date as occurred_date,
        sum(events) as event_count
    from user_days
    group by activity_date

),

bounds as (

    select
        min(occurred_date) as first_day,
        max(occurred_date) as last_day
    from daily_counts

),

days as (

    select
        all_days.date_day as event_date,
        coalesce(daily_counts.event_count, 0) as event_count
    from {{ ref('all_days') }} as all_days
    inner join bounds
        on all_days.date_day between bounds.first_day and bounds.last_day
    left join daily_counts
        on all_days.date_day = daily_counts.occurred_date

),

windowed as (

    select
        event_date,
        event_count,
        count(*) over (
            order by event_date
            rows between {{ trailing_days }} preceding and 1 preceding
        ) as history_days,
        avg(cast(event_count as {{ type_double() }})) over (
            order by event_date
            rows between {{ trailing_days }} preceding and 1 preceding
        ) as trailing_avg
    from days

)

select
    event_date,
    cast(event_count as {{ dbt.type_bigint() }}) as event_count,
    cast(history_days as {{ dbt.type_bigint() }}) as history_days,
    trailing_avg,
    coalesce(
        history_days >= {{ min_history_days }}
        and trailing_avg > 0
        and (
            event_count * {{ ratio }} < trailing_avg
            or event_count > trailing_avg * {{ ratio }}
        ),
        false
    ) as is_volume_anomaly
from windowed
