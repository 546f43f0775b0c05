{#- Bounce rate: one-event sessions / sessions; engagement rate: engaged sessions /
    sessions (>= 10 s, >= 2 page views or a conversion), by session start date. -#}

with

sessions as (

    select * from {{ ref('int_sessions_attributed') }}

),

{%- set components = [
    ('sessions', 'count(*)'),
    ('bounced_sessions', count_where('is_bounce')),
    ('engaged_sessions', count_where('is_engaged')),
] %}

rolled_up as (

    {{ kpi_rollup(
        'sessions', 'session_date',
        ['landing_page', 'traffic_channel', 'device_type'],
        components
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
    bounced_sessions,
    {{ safe_ratio('bounced_sessions', 'sessions') }} as bounce_rate,
    engaged_sessions,
    {{ safe_ratio('engaged_sessions', 'sessions') }} as engagement_rate
from complete
