{{ config(materialized='table') }}

{#- Used twice below: raw_source lists and describes the files at every call. #}
{%- set events_source = raw_source('events') %}

with

raw as (

    select * from {{ events_source }}

),

device_type_aliases as (

    select * from {{ ref('device_type_aliases') }}

),

bot_user_agent_patterns as (

    select * from {{ ref('bot_user_agent_patterns') }}

),

parsed as (

    select
        {{ raw_columns('events') }},
        {{ row_hash(raw_source_contract()['events']['columns']) }} as row_hash,
        {{ clean_text('raw.event_id') }} as event_id,
        {{ clean_text('raw.anonymous_id') }} as anonymous_id,
        {{ clean_text('raw.customer_id') }} as customer_id,
        {{ snake_case('raw.event_name') }} as event_name,
        {{ parse_timestamp('raw.occurred_at') }} as occurred_at,
        {{ clean_text('raw.page_url') }} as page_url,
        {{ url_path('raw.page_url') }} as page_path,
        {{ url_host('raw.referrer_url') }} as referrer_host,
        {{ clean_text('raw.utm_source') }} as utm_source,
        {{ enum_key('raw.utm_medium') }} as utm_medium,
        {{ clean_text('raw.utm_campaign') }} as utm_campaign,
        {{ mapped_enum(enum_key('raw.device_type'), 'device_type_aliases.canonical') }}
            as device_type,
        {{ clean_text('raw.user_agent') }} as user_agent
    from raw
    left join device_type_aliases
        on {{ enum_key('raw.device_type') }} = device_type_aliases.alias

),

{#- Bot patterns are matched once per distinct user agent, not once per event. The user
    agents are read from the source again, not from `parsed`: a second reference to
    `parsed` makes DuckDB materialise the whole wide CTE (16 s of 66 s at 10M events,
    decision D613). #}

user_agents as (

    select distinct {{ clean_text('raw_agents.user_agent') }} as user_agent
    from {{ events_source }} as raw_agents

),

bot_user_agents as (

    select user_agents.user_agent
    from user_agents
    where
        user_agents.user_agent is not null
        and exists (
            select 1
            from bot_user_agent_patterns
            where
                lower(user_agents.user_agent)
                like '%' || bot_user_agent_patterns.pattern || '%'
        )

),

validated as (

    select
        parsed.*,
        {{ first_failing_check(
            [
                (clean_text('raw_event_id') ~ ' is null', 'missing_event_id'),
                (clean_text('raw_event_name') ~ ' is null', 'missing_event_name'),
                (
                    'anonymous_id is null and customer_id is null',
                    'missing_user_identifier'
                ),
            ]
            + timestamp_checks('occurred_at')
        ) }} as rejection_reason,
        bot_user_agents.user_agent is not null as is_bot
    from parsed
    left join bot_user_agents
        on parsed.user_agent = bot_user_agents.user_agent

),

ranked as (

    select
        *,
        {{ keep_rank(['event_id'], 'occurred_at, row_hash') }} as keep_rank
    from validated

)

select
    *,
    coalesce(keep_rank > 1, false) as is_duplicate
from ranked
