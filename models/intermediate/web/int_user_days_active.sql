{#- One row per user, day and device with a non-bot event (SPEC §5 active users): the
    facts of daily, weekly and monthly active users and their trailing windows.
    Incremental: a run deletes and recomputes the touched users' days from their
    first_date (decision D704). -#}

-- depends_on: {{ ref('int_events_touched_users') }}

{{ config(
    materialized=events_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_touched_users_rows('activity_date', grain='date') }}",
) }}

with

{#- Incremental: only the touched users' events from their first_date. Their first
    active date is kept_first_active_date when their first session is kept, and else
    among these events, which are then all of the user's: the history is not read
    again to find it. #}

events as (

    {%- if is_incremental() %}
        select
            identified_events.*,
            touched.kept_first_active_date
        from {{ ref('int_events_identified') }} as identified_events
        inner join {{ ref('int_events_touched_users') }} as touched
            on {{ touched_user_condition(
                'touched', 'identified_events', 'occurred_date', grain='date') }}
    {%- else %}
        select
            *,
            cast(null as date) as kept_first_active_date
        from {{ ref('int_events_identified') }}
    {%- endif %}

),

customers as (

    select * from {{ ref('stg_crm__customers') }}

),

user_days as (

    select
        user_key,
        customer_id,
        occurred_date as activity_date,
        device_type,
        count(*) as events,
        min(kept_first_active_date) as kept_first_active_date
    from events
    group by user_key, customer_id, occurred_date, device_type

),

first_activity as (

    select
        user_key,
        coalesce(min(kept_first_active_date), min(activity_date))
            as first_active_date
    from user_days
    group by user_key

)

select
    user_days.user_key,
    user_days.customer_id,
    user_days.activity_date,
    user_days.device_type,
    customers.signed_up_date,
    first_activity.first_active_date,
    user_days.events,
    user_days.customer_id is not null as is_identified,
    case
        when user_days.customer_id is null then 'anonymous'
        else coalesce(customers.customer_segment, 'unknown')
    end as customer_segment
from user_days
inner join first_activity
    on user_days.user_key = first_activity.user_key
left join customers
    on user_days.customer_id = customers.customer_id
{#- In date order, so that the marts' literal date bound (kpi_facts) skips the row
    groups of older days (decision D709). #}
order by user_days.activity_date
