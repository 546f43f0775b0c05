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

sessionized as (

    select * from {{ ref('int_events_sessionized') }}

),

sessions as (

    select * from {{ ref('int_sessions_attributed') }}

),

changed_sessions as (

    select sessions.session_date
    from changed
    inner join sessionized
        on changed.event_id = sessionized.event_id
    inner join sessions
        on sessionized.session_id = sessions.session_id

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
