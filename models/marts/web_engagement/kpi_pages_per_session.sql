{#- Pages per session: page_view events / sessions, by session start date. -#}

with

sessions as (

    select * from {{ ref('int_sessions_attributed') }}

),

{%- set components = [
    ('sessions', 'count(*)'),
    ('page_views', 'cast(sum(page_views) as ' ~ dbt.type_bigint() ~ ')'),
] %}

rolled_up as (

    {{ kpi_rollup(
        'sessions', 'session_date', ['traffic_channel', 'device_type'], components
    ) }}

),

complete as (

    {{ kpi_complete_periods('rolled_up', components | map(attribute=0) | list) }}

)

select
    period_grain,
    period_start,
    is_complete_period,
    breakdown,
    breakdown_value,
    sessions,
    page_views,
    {{ safe_ratio('page_views', 'sessions') }} as pages_per_session
from complete
