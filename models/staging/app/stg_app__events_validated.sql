{#- Incremental (decision D701): a run reads only the files not loaded before (found by
    file name, so a late event of any age is loaded with its file) and re-ranks, with
    the rows already loaded, every event_id those files contain. Each row keeps the
    file it came from and the number of the load that brought it; written_sequence is
    the number of the load that last wrote it, so the rows of every event_id a load
    touched are found without a lookup by key (decision D716). -#}

{{ config(
    materialized=events_materialization(),
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    unique_key='event_id',
) }}

{#- this_load: the number of this run's load, a literal read once (it is both the new
    rows' load_sequence and every written row's written_sequence). -#}
{%- set loaded_files = [] %}
{%- set this_load = 1 %}
{%- if is_incremental() and execute %}
    {{- require_column(this, 'source_file', 'stg_app__events_validated+', 'D708') }}
    {{- require_column(
        this, 'written_sequence', 'stg_app__events_validated+', 'D716') }}
    {%- set loaded_files = run_query(
        'select distinct source_file from ' ~ this
    ).columns[0].values() | list %}
    {%- set this_load = run_query(
        'select coalesce(max(load_sequence), 0) + 1 from ' ~ this
    ).columns[0].values()[0] | int %}
{%- endif %}

{#- Used twice below: raw_source lists and describes the files at every call. #}
{%- set events_source = raw_source(
    'events', with_source_file=true, skip_files=loaded_files
) %}
{%- set validated_columns = raw_column_list('events').split(',')
    | map('trim') | list + [
    'row_hash', 'event_id', 'anonymous_id', 'customer_id', 'event_name',
    'occurred_at', 'page_url', 'page_path', 'referrer_host', 'utm_source',
    'utm_medium', 'utm_campaign', 'device_type', 'user_agent', 'source_file',
    'load_sequence', 'rejection_reason', 'is_bot',
] %}

with

raw as (

    select * from {{ events_source }} as raw_rows

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
        {{ clean_text('raw.user_agent') }} as user_agent,
        raw.source_file
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
        {{ this_load }} as load_sequence,
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

{#- The new rows and, on an incremental run, the loaded rows of the same event_ids,
    which may lose their rank to a new row. #}

candidates as (

    select {{ validated_columns | join(', ') }}
    from validated
    {%- if is_incremental() %}

    union all

    select {{ validated_columns | join(', ') }}
    from {{ this }}
    where {{ rows_with_keys(
        this, 'event_id', 'select new_rows.event_id from validated as new_rows'
    ) }}
    {%- endif %}

),

ranked as (

    select
        *,
        {{ keep_rank(['event_id'], 'occurred_at, row_hash, source_file') }}
            as keep_rank
    from candidates

)

select
    *,
    coalesce(keep_rank > 1, false) as is_duplicate,
    {{ this_load }} as written_sequence
from ranked
