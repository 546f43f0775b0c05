{#- Reloaded only when one of its inputs changes (decision D713). -#}
{{ config(**small_source_config('campaign_performance')) }}

{%- set version = raw_source_version('campaign_performance') %}
{%- set reloaded = source_reloaded(version) %}

with

raw as (

    select * from {{ raw_source('campaign_performance', read=reloaded) }}

),

campaign_channel_aliases as (

    select * from {{ ref('campaign_channel_aliases') }}

),

parsed as (

    select
        {{ raw_columns('campaign_performance') }},
        {{ row_hash(raw_source_contract()['campaign_performance']['columns']) }}
            as row_hash,
        {{ parse_date('raw.date') }} as report_date,
        {{ mapped_enum(enum_key('raw.channel'), 'campaign_channel_aliases.canonical') }}
            as channel,
        {{ clean_text('raw.campaign') }} as campaign,
        {{ parse_number('raw.impressions') }} as impressions,
        {{ parse_number('raw.clicks') }} as clicks
    from raw
    left join campaign_channel_aliases
        on {{ enum_key('raw.channel') }} = campaign_channel_aliases.alias

),

validated as (

    select
        *,
        {{ first_failing_check(
            date_checks('date', 'report_date')
            + [(clean_text('raw_channel') ~ ' is null', 'missing_channel')]
            + number_checks('impressions', integer=true, non_negative=true,
                             max_value=max_count())
            + number_checks('clicks', integer=true, non_negative=true,
                             max_value=max_count())
            + [('clicks > impressions', 'clicks_exceed_impressions')]
        ) }} as rejection_reason
    from parsed

),

ranked as (

    select
        *,
        {{ keep_rank(['report_date', 'channel', 'campaign'], 'row_hash') }}
            as keep_rank
    from validated

)

select
    *,
    coalesce(keep_rank > 1, false) as is_duplicate,
    {{ source_version_value(version) }} as source_version
from ranked
