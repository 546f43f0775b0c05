{#- One row: the last load of stg_app__events_validated that every incremental event
    model has processed (decision D705), and the customer chain, which reads their
    changed days (D715, through sources_load_state). Built after all of them, so a run
    that fails before they finish leaves it behind and the next run processes that
    load again. -#}

-- depends_on: {{ ref('int_anonymous_events_by_device') }}
-- depends_on: {{ ref('int_events_sessionized') }}
-- depends_on: {{ ref('int_sessions_attributed') }}
-- depends_on: {{ ref('int_user_days_active') }}
-- depends_on: {{ ref('int_trailing_active_users') }}
-- depends_on: {{ ref('kpi_average_session_duration') }}
-- depends_on: {{ ref('kpi_bounce_rate') }}
-- depends_on: {{ ref('kpi_conversion_rate') }}
-- depends_on: {{ ref('kpi_daily_active_users') }}
-- depends_on: {{ ref('kpi_pages_per_session') }}
-- depends_on: {{ ref('sources_load_state') }}

select max(load_sequence) as load_sequence
from {{ ref('stg_app__events_validated') }}
