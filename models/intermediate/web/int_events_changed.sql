{#- The non-bot events whose identified row an incremental run rewrites, with their
    identity now and as it was (decision D702): the event_ids of the rows loaded since
    the last complete run (a new event, a duplicate, or a version that outranks the one
    kept), and every anonymous event of a device whose owner these rows changed
    (re-identification). Empty on a full build. The owners of the devices these
    events touch come from int_device_owners as the last run left it (decision D711).
    Each row carries the whole int_events_identified row it becomes, so that model
    reads nothing else (decision D716).

    New columns are NULL for an event that no longer has a non-bot row; previous_*
    columns are NULL for an event that had none; previous_session_date is the start
    date of the session the event was in. -#}

{{ config(
    pre_hook="{{ key_lookup_settings() }}",
    post_hook="{{ key_lookup_settings(reset=true) }}",
) }}

{%- set previous_identified = prior_relation('int_events_identified') %}
{%- set previous_sessions = prior_relation('int_sessions_attributed') %}
{%- set previous_sessionized = prior_relation('int_events_sessionized') %}
{%- set previous_owners = prior_relation('int_device_owners') %}
{%- set previous_device_events = prior_relation('int_anonymous_events_by_device') %}
{%- set load_state = prior_relation('int_events_load_state') %}
{%- set tracking = previous_identified is not none
    and previous_sessions is not none
    and previous_sessionized is not none
    and not flags.FULL_REFRESH
    and events_materialization() == 'incremental' %}
{%- if tracking %}
    {%- if previous_owners is none %}
        {{ exceptions.raise_compiler_error(
            "int_events_changed: int_device_owners does not exist, so the devices' "
            ~ "owners before this run are unknown (a warehouse built before it). "
            ~ "Rebuild the event models once with `dbt run --full-refresh --select "
            ~ "stg_app__events_validated+` (docs/decisions.md D711).") }}
    {%- endif %}
    {%- if previous_device_events is none %}
        {{ exceptions.raise_compiler_error(
            "int_events_changed: int_anonymous_events_by_device does not exist, so "
            ~ "the re-identified devices' events cannot be found (a warehouse built "
            ~ "before it). Rebuild the event models once with `dbt run --full-refresh "
            ~ "--select stg_app__events_validated+` (docs/decisions.md D717).") }}
    {%- endif %}
    {{- require_column(
        previous_sessionized, 'session_started_at',
        'stg_app__events_validated+', 'D712') }}
{%- endif %}

{#- More than one load not yet processed: an earlier run stopped after loading files
    but before its last event model, so the previous state read below may be partly
    updated. Only a full refresh of the event models is safe then (decision D705). #}
{%- set watermark = 0 %}
{%- if tracking and execute %}
    {%- if load_state is not none %}
        {%- set watermark = run_query(
            'select coalesce(max(load_sequence), 0) from ' ~ load_state
        ).columns[0].values()[0] | int %}
    {%- endif %}
    {%- set pending = run_query(
        'select count(distinct load_sequence) from '
        ~ ref('stg_app__events_validated') ~ ' where load_sequence > ' ~ watermark
    ).columns[0].values()[0] %}
    {%- if pending > 1 %}
        {{ exceptions.raise_compiler_error(
            "int_events_changed: " ~ pending ~ " loads of events files are not "
            ~ "processed yet: an earlier run stopped part way through the event "
            ~ "models. Rebuild them with `dbt run --full-refresh --select "
            ~ "stg_app__events_validated+` (docs/decisions.md D705).") }}
    {%- endif %}
{%- endif %}


{#- The rows this run's load wrote (none on a full build). #}
{%- set written_by_this_load = 'written_sequence > ' ~ watermark
    if tracking else '1 = 0' %}

{#- Read where used, not through shared CTEs: DuckDB materialises a CTE used more than
    once, here every event, where each use needs a few. #}
{%- set events -%}
    (select * from {{ ref('stg_app__events') }} where not is_bot)
{%- endset %}
{%- set previous -%}
    {%- if tracking -%}
        {{ previous_identified }}
    {%- else -%}
        (
            select
                event_id,
                anonymous_id,
                customer_id,
                anonymous_id as user_key,
                false as is_identified_by_device,
                {{ event_detail_columns() | join(',\n                ') }}
            from {{ ref('stg_app__events') }}
            where 1 = 0
        )
    {%- endif -%}
{%- endset %}
{%- set previous_owners_relation -%}
    {%- if tracking -%}
        {{ previous_owners }}
    {%- else -%}
        (
            select
                anonymous_id,
                customer_id,
                event_id as owner_event_id,
                occurred_at as owner_occurred_at
            from {{ ref('stg_app__events') }}
            where 1 = 0
        )
    {%- endif -%}
{%- endset %}

with

validated as (

    select * from {{ ref('stg_app__events_validated') }}

),

{#- The rows this run's load wrote (written_sequence, a literal: the engine skips the
    row groups written before): the new rows and every row of their event_ids, ranked
    again (decision D716). #}

loaded_event_ids as (

    select distinct event_id
    from validated
    where
        event_id is not null
        and {{ written_by_this_load }}

),

{#- Those events as they are now: the kept clean rows among them. Read from the rows
    this load wrote, not by event_id from every staged event: that lookup read the
    history's ids (0.44 s of CPU at 10M events, decision D716). #}

loaded_events as (

    select
        event_id,
        anonymous_id,
        customer_id,
        {{ event_detail_columns() | join(',\n        ') }}
    from {{ events }} as events
    where {{ written_by_this_load }}

),

{#- The owners of the devices those events touch, now and before (decision D711). #}

{{ updated_device_owners_ctes(
    events, 'loaded_event_ids', 'loaded_events', previous_owners_relation
) }},

reidentified_devices as (

    select anonymous_id
    from updated_device_owners
    where
        coalesce(customer_id, '') <> coalesce(previous_customer_id, '')

),

{#- The anonymous events of those devices, other than the loaded ones: read from the
    rows the last run left, because only a loaded row changes an event (so they are
    also the events as they are now; decision D711). Found by device in
    int_anonymous_events_by_device (in anonymous_id order), then read by id and date
    from int_events_identified (in date order), so the engine reads only the row groups
    of those devices and of those dates (decision D717). Before, the devices were
    looked up among every identified event: their anonymous_ids read on every run. #}

reidentified_keys as (

    select
        by_device.event_id,
        by_device.occurred_date
    from {{ previous_device_events if tracking else 'loaded_events' }} as by_device
    where
        by_device.anonymous_id in (
            select reidentified_devices.anonymous_id from reidentified_devices
        )

),

reidentified_events as (

    select previous.*
    from {{ previous }} as previous
    inner join reidentified_keys
        on
            previous.event_id = reidentified_keys.event_id
            and previous.occurred_date = reidentified_keys.occurred_date
    where
        (previous.customer_id is null or previous.is_identified_by_device)
        and previous.anonymous_id in (
            select reidentified_devices.anonymous_id from reidentified_devices
        )
        and previous.event_id not in (
            select loaded_event_ids.event_id from loaded_event_ids
        )

),

{#- The changed events as they are now. #}

changed_events as (

    select
        event_id,
        anonymous_id,
        customer_id,
        {{ event_detail_columns() | join(',\n        ') }}
    from loaded_events

    union all

    select
        event_id,
        anonymous_id,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        {{ event_detail_columns() | join(',\n        ') }}
    from reidentified_events

),

changed_event_ids as (

    select event_id from loaded_event_ids

    union all

    select event_id from reidentified_events

),

{#- The previous rows of the changed events: a few, read twice below. #}

previous_changed as (

    select previous.*
    from {{ previous }} as previous
    inner join loaded_event_ids
        on previous.event_id = loaded_event_ids.event_id

    union all

    select * from reidentified_events

),

{#- The start date of the session each changed event was in, from the session start
    int_events_sessionized keeps on each event. Joined on the event's date as well as
    its id: that table is in date order, so the engine skips the row groups outside
    the changed events' dates (decision D712). Before, each changed event was ordered
    among all the sessions of its user, whose history grows every day. #}

previous_session_dates as (

    {% if tracking -%}
        select
            previous_changed.event_id,
            {{ to_reporting_date('previous_sessionized.session_started_at') }}
                as session_date
        from previous_changed
        inner join {{ previous_sessionized }} as previous_sessionized
            on
                previous_changed.event_id = previous_sessionized.event_id
                and previous_changed.occurred_date
                = previous_sessionized.occurred_date
    {%- else -%}
        select
            event_id,
            occurred_date as session_date
        from previous_changed
    {%- endif %}

)

select
    changed_event_ids.event_id,
    events.anonymous_id,
    events.{{ event_detail_columns() | join(',\n    events.') }},
    previous.user_key as previous_user_key,
    previous.occurred_at as previous_occurred_at,
    previous.occurred_date as previous_occurred_date,
    previous_session_dates.session_date as previous_session_date,
    coalesce(events.customer_id, device_owners.customer_id) as customer_id,
    coalesce(
        events.customer_id, device_owners.customer_id, events.anonymous_id
    ) as user_key,
    events.customer_id is null
    and device_owners.customer_id is not null as is_identified_by_device
from changed_event_ids
left join changed_events as events
    on changed_event_ids.event_id = events.event_id
left join updated_device_owners as device_owners
    on events.anonymous_id = device_owners.anonymous_id
left join previous_changed as previous
    on changed_event_ids.event_id = previous.event_id
left join previous_session_dates
    on changed_event_ids.event_id = previous_session_dates.event_id
