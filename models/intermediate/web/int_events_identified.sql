{#- Non-bot events with the user they belong to (SPEC §2 identity, decision D13).
    Incremental: a run rewrites the events int_events_changed lists, with the identity
    resolved there (decision D702) and the rest of each row carried there (decision
    D716), so it reads no staged event. -#}

-- depends_on: {{ ref('int_events_changed') }}

{{ config(
    materialized=events_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_recomputed_rows(ref('int_events_changed'),
        'changed.event_id = ' ~ this.identifier ~ '.event_id') }}",
) }}

{% if is_incremental() -%}

    {#- The rows int_events_changed resolved, as they are now; an event left without a
        non-bot row has none (its occurred_at is NULL there). #}

    select
        event_id,
        anonymous_id,
        {{ event_detail_columns() | join(',\n        ') }},
        customer_id,
        user_key,
        is_identified_by_device,
        customer_id is not null as is_identified
    from {{ ref('int_events_changed') }}
    where occurred_at is not null
    order by occurred_date

{%- else -%}

    with

    events as (

        select *
        from {{ ref('stg_app__events') }}
        where not is_bot

    ),

    latest_device_owners as (

        select
            anonymous_id,
            customer_id
        from {{ ref('int_device_owners') }}

    ),

    resolved as (

        select
            events.event_id,
            events.anonymous_id,
            events.{{ event_detail_columns() | join(',\n            events.') }},
            coalesce(events.customer_id, latest_device_owners.customer_id)
                as customer_id,
            coalesce(
                events.customer_id,
                latest_device_owners.customer_id,
                events.anonymous_id
            ) as user_key,
            events.customer_id is null
            and latest_device_owners.customer_id is not null
                as is_identified_by_device
        {#- Joined on the key alone: the coalesce above already prefers the event's own
            customer_id, and an extra `events.customer_id is null` in the ON clause of a
            left join turns DuckDB's hash join into a nested loop (180 s instead of 9 s
            at 10M events, decision D611). #}
        from events
        left join latest_device_owners
            on events.anonymous_id = latest_device_owners.anonymous_id

    )

    select
        *,
        customer_id is not null as is_identified
    from resolved
    {#- In date order, so that an incremental run's literal date bound skips the row
        groups of older days when it reads the touched users' events (decision D712). #}
    order by occurred_date

{%- endif %}
