{#- Conversion rate: converted sessions / sessions, and visitor conversion rate: users
    with a converted session / users with a session, by session start date. -#}

with

sessions as (

    select * from {{ ref('int_sessions_attributed') }}

),

{%- set components = [
    ('sessions', 'count(*)'),
    ('converted_sessions', count_where('is_converted')),
    ('visitors', 'count(distinct user_key)'),
    ('converted_visitors',
        'count(distinct case when is_converted then user_key end)'),
] %}

rolled_up as (

    {{ kpi_rollup(
        'sessions', 'session_date',
        ['traffic_channel', 'landing_page', 'device_type', 'customer_segment'],
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
    converted_sessions,
    {{ safe_ratio('converted_sessions', 'sessions') }} as conversion_rate,
    visitors,
    converted_visitors,
    {{ safe_ratio('converted_visitors', 'visitors') }} as visitor_conversion_rate
from complete
