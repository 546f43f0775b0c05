{#- Pages per session: page_view events / sessions, by session start date. -#}

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
    ('page_views', 'cast(sum(page_views) as ' ~ dbt.type_bigint() ~ ')'),
] %}

rolled_up as (

    {{ kpi_rollup(
        'sessions', 'session_date', ['traffic_channel', 'device_type'], components,
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
        page_views,
        {{ safe_ratio('page_views', 'sessions') }} as pages_per_session
    from complete

)

{{ kpi_changed_rows('kpi', 'recomputed_periods') }}
