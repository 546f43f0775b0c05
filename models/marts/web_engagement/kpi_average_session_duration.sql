{#- Average session duration: sum(duration_seconds) / sessions, by session start date.
    A one-event session lasts 0 seconds and stays in the average. -#}

-- depends_on: {{ ref('int_events_changed_days') }}
-- depends_on: {{ ref('all_days') }}

{{ config(
    materialized=events_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_periods() }}",
) }}

with

recomputed_periods as (  -- noqa: ST03

    {{ kpi_recomputed_periods() }}

),

sessions as (

    {{ kpi_facts(
        ref('int_sessions_attributed'), 'session_date', 'recomputed_periods'
    ) }}

),

data_range as (

    {{ kpi_data_range(ref('int_sessions_attributed'), 'session_date') }}

),

{%- set components = [
    ('sessions', 'count(*)'),
    ('total_duration_seconds', 'cast(sum(duration_seconds) as ' ~ type_double() ~ ')'),
] %}

rolled_up as (

    {{ kpi_rollup(
        'sessions', 'session_date',
        ['device_type', 'traffic_channel', 'content_type'],
        components,
        periods='recomputed_periods' if is_incremental() else none
    ) }}

),

complete as (

    {{ kpi_complete_periods(
        'rolled_up', components | map(attribute=0) | list, 'data_range',
        periods='recomputed_periods' if is_incremental() else none
    ) }}

),

kpi as (

    select
        period_grain,
        period_start,
        is_complete_period,
        breakdown,
        breakdown_value,
        sessions,
        total_duration_seconds,
        {{ safe_ratio('total_duration_seconds', 'sessions') }}
            as avg_session_duration_seconds
    from complete

)

{{ kpi_changed_rows('kpi', 'recomputed_periods') }}
