{#- One row per customer and day on which the customer was active (SPEC §3): a completed
    order or an identified non-bot event that day, up to the as-of date (decision D402).
    The activity sources are listed here and nowhere else (decision D405). The events
    are counted from int_user_days_active (its identified rows hold each customer's
    non-bot events per day and device), not read one by one: a few rows per customer
    and day instead of every event of the history.

    Incremental: a run deletes and recomputes the days from the recompute date on
    (decision D715). -#}

-- depends_on: {{ ref('int_events_changed_activity_days') }}
-- depends_on: {{ ref('stg_shop__orders_validated') }}
-- depends_on: {{ ref('stg_crm__customers_validated') }}
-- depends_on: {{ ref('stg_marketing__search_console_validated') }}

{{ config(**recompute_from_config(
    customer_chain_inputs(), 'activity_date', event_days=true
)) }}

{%- set from_date = recompute_from(customer_chain_inputs(), event_days=true) %}

with

orders as (

    select * from {{ ref('stg_shop__orders') }}
    where
        is_completed
        and {{ rows_from(from_date, 'ordered_date') }}

),

{#- The recompute date as a literal: the engine skips the row groups of older days
    (int_user_days_active is written in date order, decision D709). #}

event_days as (

    select * from {{ ref('int_user_days_active') }}
    where
        is_identified
        and {{ rows_from(from_date, 'activity_date') }}

),

as_of as (

    select as_of_date from {{ ref('as_of_date') }}

),

activity as (

    select
        customer_id,
        ordered_date as activity_date,
        1 as completed_orders,
        0 as identified_events
    from orders

    union all

    select
        customer_id,
        activity_date,
        0 as completed_orders,
        events as identified_events
    from event_days

),

activity_days as (

    select
        activity.customer_id,
        activity.activity_date,
        {{ dbt.cast('sum(activity.completed_orders)', dbt.type_bigint()) }}
            as completed_orders,
        {{ dbt.cast('sum(activity.identified_events)', dbt.type_bigint()) }}
            as identified_events
    from activity
    cross join as_of
    where activity.activity_date <= as_of.as_of_date
    group by activity.customer_id, activity.activity_date

)

select * from activity_days
{#- In date order, so that a run's date bound skips the row groups of older days. #}
order by activity_date
