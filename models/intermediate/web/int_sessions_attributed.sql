{#- One row per session (SPEC §3): duration, page views, bounce, engagement and
    conversion, with landing page, traffic channel, content type and device of its first
    event and the segment of its customer. Belongs to the date of its first event.
    Incremental: a run deletes and recomputes the touched users' sessions that start at
    or after their recompute_from (decision D703). -#}

-- depends_on: {{ ref('int_events_touched_users') }}

{{ config(
    materialized=events_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_touched_users_rows('started_at', date_column='session_date') }}",
) }}

{#- On an incremental run, int_events_sessionized has just rewritten the touched users'
    rows and marked them with the load it processed: filtering on that literal lets the
    engine skip the rest of the table (DuckDB by its row-group statistics) instead of
    joining every event to the touched users. The join stays, so the rows read are
    exactly the touched users' from their recompute_from. #}

with

events as (

    select sessionized.*
    from {{ ref('int_events_sessionized') }} as sessionized
    {%- if is_incremental() %}
        inner join {{ ref('int_events_touched_users') }} as touched
            on {{ touched_user_condition(
                'touched', 'sessionized', 'occurred_at', date_column='occurred_date') }}
        where sessionized.recomputed_in_load = {{ recomputed_load_literal() }}
    {%- endif %}

),

customers as (

    select * from {{ ref('stg_crm__customers') }}

),

utm_medium_channels as (

    select * from {{ ref('utm_medium_channels') }}

),

referrer_channels as (

    select * from {{ ref('referrer_channels') }}

),

content_type_rules as (

    select * from {{ ref('content_type_rules') }}

),

session_totals as (

    select
        session_id,
        min(occurred_at) as started_at,
        max(occurred_at) as ended_at,
        count(*) as events,
        {{ count_where("event_name = 'page_view'") }} as page_views,
        max(case when is_conversion_event then 1 else 0 end) = 1 as is_converted
    from events
    group by session_id

),

first_events as (

    select
        session_id,
        user_key,
        customer_id,
        is_identified,
        session_number,
        occurred_date as session_date,
        device_type,
        utm_medium,
        referrer_host,
        coalesce(page_path, 'unknown') as landing_page
    from events
    where event_index_in_session = 1

),

referrer_matches as (

    select
        first_events.session_id,
        referrer_channels.traffic_channel,
        row_number() over (
            partition by first_events.session_id
            order by referrer_channels.priority, length(referrer_channels.domain) desc
        ) as match_rank
    from first_events
    inner join referrer_channels
        on
            first_events.referrer_host = referrer_channels.domain
            or right(first_events.referrer_host, length(referrer_channels.domain) + 1)
            = '.' || referrer_channels.domain

),

content_matches as (

    select
        first_events.session_id,
        content_type_rules.content_type,
        row_number() over (
            partition by first_events.session_id
            order by
                content_type_rules.priority,
                length(content_type_rules.path_prefix) desc
        ) as match_rank
    from first_events
    inner join content_type_rules
        on
            first_events.landing_page = content_type_rules.path_prefix
            or left(
                first_events.landing_page, length(content_type_rules.path_prefix) + 1
            )
            = content_type_rules.path_prefix || '/'

),

attributed as (

    select
        first_events.session_id,
        first_events.user_key,
        first_events.customer_id,
        first_events.is_identified,
        first_events.session_number,
        first_events.session_date,
        session_totals.started_at,
        session_totals.ended_at,
        {{ seconds_between('session_totals.started_at', 'session_totals.ended_at') }}
            as duration_seconds,
        session_totals.events,
        session_totals.page_views,
        session_totals.events = 1 as is_bounce,
        session_totals.is_converted,
        first_events.landing_page,
        case
            when first_events.utm_medium is not null
                then coalesce(utm_medium_channels.traffic_channel, 'other')
            when first_events.referrer_host is not null
                then coalesce(referrer_matches.traffic_channel, 'referral')
            else 'direct'
        end as traffic_channel,
        coalesce(content_matches.content_type, 'other') as content_type,
        first_events.device_type,
        case
            when first_events.customer_id is null then 'anonymous'
            else coalesce(customers.customer_segment, 'unknown')
        end as customer_segment
    from first_events
    inner join session_totals
        on first_events.session_id = session_totals.session_id
    left join utm_medium_channels
        on first_events.utm_medium = utm_medium_channels.utm_medium
    left join referrer_matches
        on
            first_events.session_id = referrer_matches.session_id
            and referrer_matches.match_rank = 1
    left join content_matches
        on
            first_events.session_id = content_matches.session_id
            and content_matches.match_rank = 1
    left join customers
        on first_events.customer_id = customers.customer_id

)

select
    *,
    (
        duration_seconds >= 10
        or page_views >= 2
        or is_converted
    ) as is_engaged
from attributed
{#- In date order, so that the marts' literal date bound (kpi_facts) skips the row
    groups of older sessions (decision D709). #}
order by session_date
