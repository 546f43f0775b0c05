{#- One row per customer and check day d on which the customer is "active at" d
    (SPEC §3): active on some day in [d - churn_inactivity_days + 1, d]. The check days
    are those churn and retention read (customer_check_periods, decision D403): the day
    before each week or month starts and each period's last day or the as-of date. Every
    check day is tested, not only days with activity; other days are left out, so the
    table grows with the number of periods, not with every day of history. -#}

{%- set window_days = var('churn_inactivity_days') | int %}

with

activity_days as (

    select * from {{ ref('int_customer_activity_days') }}

),

check_periods as (

    {{ customer_check_periods() }}

),

days as (

    select start_check_date as date_day from check_periods

    union

    select end_check_date as date_day from check_periods

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

)

select * from active_at
