{#- Net promoter score: 100 * (promoters - detractors) / responses on the 0-10 scale, by
    response date. Every response counts. -#}

with

responses as (

    select * from {{ ref('int_survey_responses_segmented') }}
    where survey_type = 'nps'

),

{%- set components = [
    ('responses', 'count(*)'),
    ('promoters', count_where(is_nps_promoter('score'))),
    ('passives', count_where(is_nps_passive('score'))),
    ('detractors', count_where(is_nps_detractor('score'))),
] %}

rolled_up as (

    {{ kpi_rollup('responses', 'responded_date', ['customer_segment'], components) }}

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
    promoters,
    passives,
    detractors,
    {{ net_promoter_score('promoters', 'detractors', 'responses') }} as nps
from complete
