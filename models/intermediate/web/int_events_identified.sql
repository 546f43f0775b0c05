{#- Non-bot events with the user they belong to (SPEC §2 identity, decision D13).
    Incremental: a run rewrites the events int_events_changed lists, with the identity
    resolved there (decision D702). -#}

-- depends_on: {{ ref('int_events_changed') }}

{{ config(
    materialized=events_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_recomputed_rows(ref('int_events_changed'),
        'changed.event_id = ' ~ this.identifier ~ '.event_id') }}",
) }}

with

events as (

    select clean_events.*
    from {{ ref('stg_app__events') }} as clean_events
    {%- if is_incremental() %}
        inner join {{ ref('int_events_changed') }} as changed
            on clean_events.event_id = changed.event_id
    {%- endif %}
    where not clean_events.is_bot

),

{#- The devices' owners (int_device_owners); on an incremental run those
    int_events_changed resolved, for the devices of the anonymous events it lists. #}

latest_device_owners as (

    {% if is_incremental() -%}
        select distinct
            anonymous_id,
            customer_id
        from {{ ref('int_events_changed') }}
        where is_identified_by_device
    {%- else -%}
        select
            anonymous_id,
            customer_id
        from {{ ref('int_device_owners') }}
    {%- endif %}

),

resolved as (

    select
        events.event_id,
        events.anonymous_id,
        events.event_name,
        events.occurred_at,
        events.occurred_date,
        events.page_path,
        events.referrer_host,
        events.utm_medium,
        events.device_type,
        events.is_conversion_event,
        coalesce(events.customer_id, latest_device_owners.customer_id) as customer_id,
        coalesce(
            events.customer_id,
            latest_device_owners.customer_id,
            events.anonymous_id
        ) as user_key,
        events.customer_id is null
        and latest_device_owners.customer_id is not null as is_identified_by_device
    {#- Joined on the key alone: the coalesce above already prefers the event's own
        customer_id, and an extra `events.customer_id is null` in the ON clause of a left
        join turns DuckDB's hash join into a nested loop (180 s instead of 9 s at 10M
        events, decision D611). #}
    from events
    left join latest_device_owners
        on events.anonymous_id = latest_device_owners.anonymous_id

)

select
    *,
    customer_id is not null as is_identified
from resolved
{#- In date order, so that an incremental run's literal date bound skips the row groups
    of older days when it reads the touched users' events (decision D712). #}
order by occurred_date
