{#- Customer effort score: sum of scores / responses on the configured CES scale (1-7
    CES 2.0 by default; a "how much effort" survey is reverse-coded in staging), and the
    share of responses agreeing (score >= ces_agree_threshold), by response date;
    breakdown by touchpoint. Every response counts. -#}

with

responses as (

    select * from {{ ref('int_survey_responses_segmented') }}
    where survey_type = 'ces'

),

{%- set components = [
    ('responses', 'count(*)'),
    ('total_score', 'cast(coalesce(sum(score), 0) as ' ~ dbt.type_bigint() ~ ')'),
    ('agree_responses', count_where(is_ces_agreeing('score'))),
] %}

rolled_up as (

    {{ kpi_rollup('responses', 'responded_date', ['touchpoint'], components) }}

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
    total_score,
    {{ safe_ratio('total_score', 'responses') }} as ces,
    agree_responses,
    {{ safe_ratio('agree_responses', 'responses') }} as ces_agree_rate
from complete
