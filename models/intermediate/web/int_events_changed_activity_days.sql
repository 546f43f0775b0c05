{#- The days on which an incremental run may change who was active (decision D704): the
    days of every changed event, before and after the change. The trailing windows
    recompute the 28 days from each; int_events_changed_days adds the days the session
    marts need. Empty on a full build. -#}

with

changed as (

    select * from {{ ref('int_events_changed') }}

),

days as (

    select occurred_date as date_day from changed
    union all
    select previous_occurred_date from changed

)

select distinct date_day
from days
where date_day is not null
