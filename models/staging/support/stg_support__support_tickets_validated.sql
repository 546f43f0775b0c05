{#- Reloaded only when one of its inputs changes (decision D713). -#}
{{ config(**small_source_config('support_tickets')) }}

{%- set version = raw_source_version('support_tickets') %}
{%- set reloaded = source_reloaded(version) %}

{#- Checks in the order of decision D6: required values, then parsing, then ranges, then
    the cross-column rules (a reply or a solution before the ticket was created). -#}
{%- set timestamps = ['created_at', 'first_replied_at', 'solved_at'] -%}
{%- set parsing_checks = [] -%}
{%- set range_checks = [] -%}
{%- for column in timestamps -%}
    {%- set checks = timestamp_checks(column, required=false) -%}
    {%- do parsing_checks.append(checks[0]) -%}
    {%- do range_checks.append(checks[1]) -%}
{%- endfor %}

with

raw as (

    select * from {{ raw_source('support_tickets', read=reloaded) }}

),

channel_aliases as (

    select * from {{ ref('channel_aliases') }}

),

parsed as (

    select
        {{ raw_columns('support_tickets') }},
        {{ row_hash(raw_source_contract()['support_tickets']['columns']) }}
            as row_hash,
        {{ clean_text('raw.ticket_id') }} as ticket_id,
        {{ clean_text('raw.customer_id') }} as customer_id,
        {{ mapped_enum(enum_key('raw.channel'), 'channel_aliases.canonical') }}
            as channel,
        {{ parse_timestamp('raw.created_at') }} as created_at,
        {{ parse_timestamp('raw.first_replied_at') }} as first_replied_at,
        {{ parse_timestamp('raw.solved_at') }} as solved_at,
        {{ snake_case('raw.status') }} as status
    from raw
    left join channel_aliases
        on {{ enum_key('raw.channel') }} = channel_aliases.alias

),

validated as (

    select
        *,
        {{ first_failing_check(
            [
                (clean_text('raw_ticket_id') ~ ' is null', 'missing_ticket_id'),
                (clean_text('raw_channel') ~ ' is null', 'missing_channel'),
                (clean_text('raw_created_at') ~ ' is null', 'missing_created_at'),
            ]
            + parsing_checks
            + range_checks
            + [
                (
                    'first_replied_at < created_at',
                    'first_replied_at_before_created_at'
                ),
                ('solved_at < created_at', 'solved_at_before_created_at'),
            ]
        ) }} as rejection_reason
    from parsed

),

ranked as (

    select
        *,
        {{ keep_rank(['ticket_id'], 'created_at, row_hash') }} as keep_rank
    from validated

)

select
    *,
    coalesce(keep_rank > 1, false) as is_duplicate,
    {{ source_version_value(version) }} as source_version
from ranked
