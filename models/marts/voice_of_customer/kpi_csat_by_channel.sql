{#- CSAT: satisfied responses (score >= csat_satisfied_threshold) / responses, and the
    mean score, of CSAT survey responses by response date; breakdown by the survey's
    channel. Every response counts. -#}

with

responses as (

    select * from {{ ref('int_survey_responses_segmented') }}
    where survey_type = 'csat'

),

{%- set components = [
    ('responses', 'count(*)'),
    ('satisfied_responses', count_where(is_csat_satisfied('score'))),
    ('total_score', 'cast(coalesce(sum(score), 0) as ' ~ dbt.type_bigint() ~ ')'),
] %}

rolled_up as (

    {{ kpi_rollup('responses', 'responded_date', ['channel'], components) }}

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
    responses,
    satisfied_responses,
    {{ safe_ratio('satisfied_responses', 'responses') }} as csat,
    total_score,
    {{ safe_ratio('total_score', 'responses') }} as avg_score
from complete
