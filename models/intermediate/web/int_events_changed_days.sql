{#- The days whose web facts an incremental run may change (decision D704): the days of
    every changed event, before and after the change (int_events_changed_activity_days),
    and of the day its session timeout ends on (a session merged with or split from its neighbour starts by
    then); the start days of the sessions that held a changed event, before and after;
    and, for a user recomputed whole, the previous first-activity day. The marts
    recompute the periods holding these days, the trailing windows the 28 days from
    each. Empty on a full build. -#}

{%- set timeout = session_timeout_seconds() | float | int %}

with

changed as (

    select * from {{ ref('int_events_changed') }}

),

activity_days as (

    select * from {{ ref('int_events_changed_activity_days') }}

),

touched as (

    select * from {{ ref('int_events_touched_users') }}

),

{#- The sessions that hold a changed event now, and their start days: every such event
    belongs to a touched user after the recompute point, so its session is among the
    rows int_events_sessionized has just rewritten, which a literal filter reads alone
    (every sessionised event was joined before: 1.4 s against 0.03 s at 100M events,
    the same days). #}

{%- set recomputed_rows -%}
    (
        select *
        from {{ ref('int_events_sessionized') }}
        where recomputed_in_load = {{ recomputed_load_literal() }}
    )
{%- endset %}

changed_sessions as (

    select session_starts.occurred_date as session_date
    from changed
    inner join {{ recomputed_rows }} as changed_rows
        on changed.event_id = changed_rows.event_id
    inner join {{ recomputed_rows }} as session_starts
        on
            changed_rows.session_id = session_starts.session_id
            and session_starts.event_index_in_session = 1

),

days as (

    select date_day from activity_days
    union all
    select previous_session_date from changed
    union all
    select {{ to_reporting_date(dbt.dateadd('second', timeout, 'occurred_at')) }}
    from changed
    union all
    select {{ to_reporting_date(
        dbt.dateadd('second', timeout, 'previous_occurred_at')) }}
    from changed
    union all
    select session_date from changed_sessions
    union all
    select previous_first_date from touched

)

select distinct date_day
from days
where date_day is not null
