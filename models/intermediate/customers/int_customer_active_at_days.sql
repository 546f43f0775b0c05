{#- One row per customer and spine day d on which the customer is "active at" d
    (SPEC §3): active on some day in [d - churn_inactivity_days + 1, d]. Built on the date spine, so
    every day is present, not only days with activity. Days after the as-of date are
    left out. -#}

{%- set window_days = var('churn_inactivity_days') | int %}

with

activity_days as (

    select * from {{ ref('int_customer_activity_days') }}

),

days as (

    select date_day from {{ ref('all_days') }}

),

as_of as (

    select as_of_date from {{ ref('as_of_date') }}

),

{#- Day d's last activity is the latest activity day a <= d, so each activity day a
    covers the days from a up to the day before the customer's next activity day, at
    most churn_inactivity_days of them. Those ranges do not overlap: every (customer,
    day) row comes from exactly one activity day, with no grouping. #}

activity_windows as (

    select
        customer_id,
        activity_date,
        cast({{ dbt.dateadd('day', window_days, 'activity_date') }} as date)
            as window_after_date,
        lead(activity_date) over (
            partition by customer_id
            order by activity_date
        ) as next_activity_date
    from activity_days

),

active_at as (

    select
        activity_windows.customer_id,
        days.date_day,
        activity_windows.activity_date as last_activity_date
    from activity_windows
    inner join days
        on
            activity_windows.activity_date <= days.date_day
            and activity_windows.window_after_date > days.date_day
            and (
                activity_windows.next_activity_date is null
                or activity_windows.next_activity_date > days.date_day
            )
    cross join as_of
    where days.date_day <= as_of.as_of_date

)

select * from active_at
