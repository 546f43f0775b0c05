{#- One row per period (ISO week, calendar month), and customer who is active at the
    period's start, active at its end, or new in it (SPEC §5 churn and retention, decision
    D403). S = active at the day before the period starts; E = active at the period's last
    day, or at the as-of date for the period that holds it; new = first-ever activity in
    the period.

    Incremental: a run deletes and recomputes the periods that end on or after the
    recompute date (decision D715). -#}

-- depends_on: {{ ref('int_events_changed_activity_days') }}
-- depends_on: {{ ref('stg_shop__orders_validated') }}
-- depends_on: {{ ref('stg_crm__customers_validated') }}
-- depends_on: {{ ref('stg_marketing__search_console_validated') }}

{{ config(**recompute_from_config(
    customer_chain_inputs(), 'period_start', 'period_grain', event_days=true
)) }}

{%- set from_date = recompute_from(customer_chain_inputs(), event_days=true) %}
{%- set first_day = first_recomputed_period_day(from_date) %}

with

periods as (

    select * from ({{ customer_check_periods() }}) as check_periods
    where {{ rows_from(from_date, 'period_start', 'period_grain') }}

),

{#- On an incremental run, the check days from the day before the first recomputed
    period, and the activity from that period on: a literal bound, so the engine skips
    the row groups of older days (both tables are written in date order). #}

active_at as (

    select * from {{ ref('int_customer_active_at_days') }}
    {%- if from_date is not none %}
        where
            date_day
            >= cast({{ dbt.dateadd('day', -1, first_day) }} as date)
    {%- endif %}

),

activity_days as (

    select * from {{ ref('int_customer_activity_days') }}
    {%- if from_date is not none %}
        where activity_date >= {{ first_day }}
    {%- endif %}

),

customers as (

    select * from {{ ref('stg_crm__customers') }}

),

{#- A customer's first activity, when it lies in a recomputed period. On an incremental
    run the activity before the first recomputed period is not read: a customer active
    before it is new in a kept period, whose row says so (is_new), and is left out
    of that grain's recomputed periods. #}

first_activity as (

    select
        customer_id,
        min(activity_date) as first_activity_date
    from activity_days
    group by customer_id

),

{#- A customer's row of a period comes from up to three sets: active at the start
    check day, active at the end check day, and first active in the period. Each set
    holds a (period, customer) once, so two full outer joins merge them; grouping
    their union by period and customer took twice as long (8.3M rows at 100M events:
    a 2.9 s select against 2.0 s). #}
{%- set period_customer = ['period_grain', 'period_start', 'customer_id'] %}

starts as (

    select
        periods.period_grain,
        periods.period_start,
        active_at.customer_id
    from periods
    inner join active_at
        on periods.start_check_date = active_at.date_day

),

ends as (

    select
        periods.period_grain,
        periods.period_start,
        active_at.customer_id
    from periods
    inner join active_at
        on periods.end_check_date = active_at.date_day

),

firsts as (

    select
        periods.period_grain,
        periods.period_start,
        first_activity.customer_id
    from periods
    inner join first_activity
        on
            periods.period_start <= first_activity.first_activity_date
            and periods.end_check_date >= first_activity.first_activity_date
    {%- if from_date is not none %}
        where not exists (
            select 1
            from {{ this }} as kept
            where
                kept.is_new
                and kept.period_grain = periods.period_grain
                and kept.customer_id = first_activity.customer_id
        )
    {%- endif %}

),

starts_and_ends as (

    select
        {{ coalesced_keys('starts', 'ends', period_customer) }}
        starts.customer_id is not null as is_active_at_start,
        ends.customer_id is not null as is_active_at_end
    from starts
    full outer join ends
        on {{ keys_equal('starts', 'ends', period_customer) }}

),

flags as (

    select
        {{ coalesced_keys('starts_and_ends', 'firsts', period_customer) }}
        coalesce(starts_and_ends.is_active_at_start, false) as is_active_at_start,
        coalesce(starts_and_ends.is_active_at_end, false) as is_active_at_end,
        firsts.customer_id is not null as is_new
    from starts_and_ends
    full outer join firsts
        on {{ keys_equal('starts_and_ends', 'firsts', period_customer) }}

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
{#- In period order: the churn and retention marts' bound skips older row groups. #}
order by period_start
