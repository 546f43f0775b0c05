{{ config(severity='warn') }}

-- Warns for every day whose non-bot event count departs strongly from the trailing
-- average (dq_daily_event_volume, decision D1254): often a broken tracker or a
-- double-loaded file rather than real traffic.

select
    event_date,
    event_count,
    history_days,
    trailing_avg
from {{ ref('dq_daily_event_volume') }}
where is_volume_anomaly
