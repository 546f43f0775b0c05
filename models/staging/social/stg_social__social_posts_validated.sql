{#- Reloaded only when one of its inputs changes (decision D713). -#}
{{ config(**small_source_config('social_posts')) }}

{%- set version = raw_source_version('social_posts') %}
{%- set reloaded = source_reloaded(version) %}

{#- Checks in the order of decision D6: required values, then parsing (timestamp, then
    every count: non-finite, unparseable), then ranges (timestamp range, then every count:
    non-integer, negative, above max_count() (D1201)). A missing count is valid and
    read as 0 downstream. -#}
{%- set counts = ['reach', 'impressions', 'likes', 'comments', 'shares', 'saves',
                  'clicks', 'followers'] -%}
{%- set published_checks = timestamp_checks('published_at', required=false) -%}
{%- set parsing_checks = [published_checks[0]] -%}
{%- set range_checks = [published_checks[1]] -%}
{%- for column in counts -%}
    {%- set checks = number_checks(column, required=false, integer=true,
                                   non_negative=true, max_value=max_count()) -%}
    {%- do parsing_checks.extend(checks[:2]) -%}
    {%- do range_checks.extend(checks[2:]) -%}
{%- endfor %}

with

raw as (

    select * from {{ raw_source('social_posts', read=reloaded) }}

),

network_aliases as (

    select * from {{ ref('network_aliases') }}

),

parsed as (

    select
        {{ raw_columns('social_posts') }},
        {{ row_hash(raw_source_contract()['social_posts']['columns']) }}
            as row_hash,
        {{ clean_text('raw.post_id') }} as post_id,
        {{ mapped_enum(enum_key('raw.network'), 'network_aliases.canonical') }}
            as network,
        {{ parse_timestamp('raw.published_at') }} as published_at,
        {{ parse_number('raw.reach') }} as reach,
        {{ parse_number('raw.impressions') }} as impressions,
        {{ parse_number('raw.likes') }} as likes,
        -- `comments` and `shares` are SPEC §1 column names, kept though they are
        -- keywords in some dialects (RF04).
        {{ parse_number('raw.comments') }} as comments,  -- noqa: RF04
        {{ parse_number('raw.shares') }} as shares,  -- noqa: RF04
        {{ parse_number('raw.saves') }} as saves,
        {{ parse_number('raw.clicks') }} as clicks,
        {{ parse_number('raw.followers') }} as followers
    from raw
    left join network_aliases
        on {{ enum_key('raw.network') }} = network_aliases.alias

),

validated as (

    select
        *,
        {{ first_failing_check(
            [
                (clean_text('raw_post_id') ~ ' is null', 'missing_post_id'),
                (clean_text('raw_network') ~ ' is null', 'missing_network'),
                (clean_text('raw_published_at') ~ ' is null', 'missing_published_at'),
            ]
            + parsing_checks
            + range_checks
        ) }} as rejection_reason
    from parsed

),

ranked as (

    select
        *,
        {{ keep_rank(['post_id'], 'published_at, row_hash') }} as keep_rank
    from validated

)

select
    *,
    coalesce(keep_rank > 1, false) as is_duplicate,
    {{ source_version_value(version) }} as source_version
from ranked
