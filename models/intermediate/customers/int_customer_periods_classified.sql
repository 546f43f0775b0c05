{#- One row per period (ISO week, calendar month), and customer who is active at the
    period's start, active at its end, or new in it (SPEC §5 churn and retention, decision
    D403). S = active at the day before the period starts; E = active at the period's last
    day, or at the as-of date for the period that holds it; new = first-ever activity in
    the period. -#}

with

active_at as (

    select * from {{ ref('int_customer_active_at_days') }}

),

activity_days as (

    select * from {{ ref('int_customer_activity_days') }}

),

customers as (

    select * from {{ ref('stg_crm__customers') }}

),

periods as (

    {{ customer_check_periods() }}

),

first_activity as (

    select
        customer_id,
        min(activity_date) as first_activity_date
    from activity_days
    group by customer_id

),

memberships as (

    select
        periods.period_grain,
        periods.period_start,
        active_at.customer_id,
        1 as at_start,
        0 as at_end,
        0 as is_first_activity
    from periods
    inner join active_at
        on periods.start_check_date = active_at.date_day

    union all

    select
        periods.period_grain,
        periods.period_start,
        active_at.customer_id,
        0 as at_start,
        1 as at_end,
        0 as is_first_activity
    from periods
    inner join active_at
        on periods.end_check_date = active_at.date_day

    union all

    select
        periods.period_grain,
        periods.period_start,
        first_activity.customer_id,
        0 as at_start,
        0 as at_end,
        1 as is_first_activity
    from periods
    inner join first_activity
        on
            periods.period_start <= first_activity.first_activity_date
            and periods.end_check_date >= first_activity.first_activity_date

),

flags as (

    select
        period_grain,
        period_start,
        customer_id,
        max(at_start) = 1 as is_active_at_start,
        max(at_end) = 1 as is_active_at_end,
        max(is_first_activity) = 1 as is_new
    from memberships
    group by period_grain, period_start, customer_id

),

classified as (

    select
        flags.period_grain,
        flags.period_start,
        flags.customer_id,
        flags.is_active_at_start,
        flags.is_active_at_end,
        flags.is_new,
        coalesce(customers.customer_segment, 'unknown') as customer_segment,
        flags.is_active_at_start and flags.is_active_at_end as is_retained,
        flags.is_active_at_start and not flags.is_active_at_end as is_churned,
        flags.is_active_at_end
        and not flags.is_active_at_start
        and not flags.is_new as is_reactivated
    from flags
    left join customers
        on flags.customer_id = customers.customer_id

)

select * from classified
