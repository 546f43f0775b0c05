{#- One row per non-bot event with its session: a user's events ordered by time, then
    event_id; more than session_timeout_minutes (exact seconds) since the previous event
    starts a new session. Sessions do not split at midnight.
    Incremental: a run deletes and recomputes the events of the touched users from
    their recompute_from, numbering sessions after their prior_sessions (D703), and
    marks them with the load it processes (recomputed_in_load), so that
    int_sessions_attributed reads only those rows. session_started_at, the start of the
    event's session, lets int_events_changed find an event's session by the event
    alone (decision D712). -#}

-- depends_on: {{ ref('int_events_touched_users') }}

{{ config(
    materialized=events_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_touched_users_rows('occurred_at', date_column='occurred_date') }}",
) }}

with

events as (

    {%- if is_incremental() %}
        select
            identified_events.*,
            touched.prior_sessions,
            cast(touched.load_sequence as {{ dbt.type_bigint() }})
                as recomputed_in_load
        from {{ ref('int_events_identified') }} as identified_events
        inner join {{ ref('int_events_touched_users') }} as touched
            on {{ touched_user_condition(
                'touched', 'identified_events', 'occurred_at',
                date_column='occurred_date') }}
    {%- else %}
        select
            *,
            0 as prior_sessions,
            cast(null as {{ dbt.type_bigint() }}) as recomputed_in_load
        from {{ ref('int_events_identified') }}
    {%- endif %}

),

{#- Two sorts of the user's events, not three: the event's position among its user's
    events rides along with the gap test, and its position in the session is that
    position less the position of the session's first event. #}

gaps_marked as (

    select
        *,
        {{ session_gap_started('occurred_at', 'user_key') }} as is_session_start,
        row_number() over (
            partition by user_key
            order by occurred_at, event_id
        ) as event_index_for_user
    from events

),

{#- session_number is cast to a 64-bit integer: DuckDB sums integers into a 128-bit
    HUGEINT, whose stored column took 4.5 s to read for 25M sessions (0.1 s for a
    timestamp column of the same table), in every incremental run. #}

numbered as (

    select
        *,
        cast(
            prior_sessions
            + sum(case when is_session_start then 1 else 0 end)
                over events_so_far
            as {{ dbt.type_bigint() }}
        ) as session_number,
        max(case when is_session_start then event_index_for_user end)
            over events_so_far as session_start_index,
        max(case when is_session_start then occurred_at end)
            over events_so_far as session_started_at
    from gaps_marked
    window events_so_far as (
        partition by user_key
        order by occurred_at, event_id
        rows between unbounded preceding and current row
    )

),

indexed as (

    select
        *,
        event_index_for_user - session_start_index + 1 as event_index_in_session
    from numbered

)

select
    event_id,
    customer_id,
    anonymous_id,
    user_key,
    is_identified,
    event_name,
    occurred_at,
    occurred_date,
    page_path,
    referrer_host,
    utm_medium,
    device_type,
    is_conversion_event,
    is_session_start,
    session_number,
    event_index_in_session,
    session_started_at,
    {{ dbt.hash(dbt.concat([
        'user_key', "'|'", dbt.safe_cast('session_number', dbt.type_string())
    ])) }} as session_id,
    recomputed_in_load
from indexed
{#- In date order, so that an incremental run's literal date bound skips the row groups
    of older days when it deletes the touched users' rows (decision D712). #}
order by occurred_date
