{#- The customer each device belongs to (SPEC §2 identity, decision D13): that of the
    device's latest identified non-bot event, with that event's id and time. Devices
    never identified have no row.

    Incremental (decision D711): a run updates the devices of the events
    int_events_changed lists, by the rule int_events_changed applied just before, from
    the same owners (this table as the last run left it) and the same events; their
    own customer_id is the listed one unless it came from the device. A device left
    without an owner loses its row. -#}

-- depends_on: {{ ref('int_events_changed') }}

{{ config(
    materialized=events_materialization(),
    incremental_strategy='delete+insert',
    unique_key='anonymous_id',
    on_schema_change='fail',
    post_hook="{{ 'delete from ' ~ this ~ ' where customer_id is null'
        if is_incremental() else '' }}",
) }}

{%- set events -%}
    (select * from {{ ref('stg_app__events') }} where not is_bot)
{%- endset %}

{% if is_incremental() -%}

    with

    changed_event_ids as (

        select event_id from {{ ref('int_events_changed') }}

    ),

    changed_events as (

        select
            event_id,
            anonymous_id,
            case when not is_identified_by_device then customer_id end
                as customer_id,
            occurred_at
        from {{ ref('int_events_changed') }}
        where anonymous_id is not null

    ),

    {{ updated_device_owners_ctes(
        events, 'changed_event_ids', 'changed_events', this
    ) }}

    select
        anonymous_id,
        customer_id,
        owner_event_id,
        owner_occurred_at
    from updated_device_owners

{%- else -%}

    {{ latest_device_owners(events) }}

{%- endif %}
