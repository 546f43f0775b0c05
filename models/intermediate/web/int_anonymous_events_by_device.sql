{#- Where each device's anonymous events are: the anonymous_id, event_id and
    occurred_date of every int_events_identified row without a customer of its own
    (customer_id NULL, or the device's owner), in anonymous_id order on a full build.
    int_events_changed looks up a re-identified device's events here (decision D717):
    the engine skips the row groups whose anonymous_ids are not the devices', where
    int_events_identified, in date order, would be read whole.

    Incremental: a run appends those of the rows it writes to int_events_identified
    (int_events_changed's rows with a time). Rows of events changed since stay, so the
    table holds every current row and maybe old ones; a lookup therefore joins back to
    int_events_identified by event_id and date, where only the current row matches. -#}

{#- After int_events_sessionized only so that a full build never sorts this table
    beside the sessions: at 100M events the two together ran out of memory on 24 GB. -#}
-- depends_on: {{ ref('int_events_changed') }}
-- depends_on: {{ ref('int_events_sessionized') }}

{{ config(
    materialized=events_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
) }}

{% if is_incremental() -%}

    select
        anonymous_id,
        event_id,
        occurred_date
    from {{ ref('int_events_changed') }}
    where
        occurred_at is not null
        and anonymous_id is not null
        and (customer_id is null or is_identified_by_device)

{%- else -%}

    select
        anonymous_id,
        event_id,
        occurred_date
    from {{ ref('int_events_identified') }}
    where
        anonymous_id is not null
        and (customer_id is null or is_identified_by_device)
    order by anonymous_id

{%- endif %}
