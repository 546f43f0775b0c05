{#- Reloaded only when one of its inputs changes (decision D713). -#}
{{ config(**small_source_config('survey_responses')) }}

{%- set version = raw_source_version('survey_responses') %}
{%- set reloaded = source_reloaded(version) %}

with

raw as (

    select * from {{ raw_source('survey_responses', read=reloaded) }}

),

channel_aliases as (

    select * from {{ ref('channel_aliases') }}

),

parsed as (

    select
        {{ raw_columns('survey_responses') }},
        {{ row_hash(raw_source_contract()['survey_responses']['columns']) }}
            as row_hash,
        {{ clean_text('raw.response_id') }} as response_id,
        {{ clean_text('raw.customer_id') }} as customer_id,
        {{ enum_key('raw.survey_type') }} as survey_type,
        {{ parse_number('raw.score') }} as score,
        {{ mapped_enum(enum_key('raw.channel'), 'channel_aliases.canonical') }}
            as channel,
        coalesce({{ snake_case('raw.touchpoint') }}, 'unknown') as touchpoint,
        {{ parse_timestamp('raw.responded_at') }} as responded_at
    from raw
    left join channel_aliases
        on {{ enum_key('raw.channel') }} = channel_aliases.alias

),

validated as (

    select
        *,
        {{ first_failing_check(
            [
                (clean_text('raw_response_id') ~ ' is null', 'missing_response_id'),
                (clean_text('raw_survey_type') ~ ' is null', 'missing_survey_type'),
                ("survey_type not in ('nps', 'csat', 'ces')", 'unknown_survey_type'),
            ]
            + number_checks('score', integer=true)
            + [
                (
                    'score = 0 and score < ' ~ survey_scale_bound('survey_type', 'min'),
                    'no_answer'
                ),
                (
                    'score < ' ~ survey_scale_bound('survey_type', 'min')
                    ~ ' or score > ' ~ survey_scale_bound('survey_type', 'max'),
                    'score_out_of_scale'
                ),
            ]
            + timestamp_checks('responded_at')
        ) }} as rejection_reason
    from parsed

),

ranked as (

    select
        *,
        {{ keep_rank(['response_id'], 'responded_at, row_hash') }} as keep_rank
    from validated

)

select
    *,
    coalesce(keep_rank > 1, false) as is_duplicate,
    {{ source_version_value(version) }} as source_version
from ranked
