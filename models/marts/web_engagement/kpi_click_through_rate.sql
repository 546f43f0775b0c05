{#- Click-through rate of campaigns: clicks / impressions, by report date. -#}

with

campaign_performance as (

    select * from {{ ref('stg_marketing__campaign_performance') }}

),

{%- set components = [
    ('impressions', 'cast(sum(impressions) as ' ~ dbt.type_bigint() ~ ')'),
    ('clicks', 'cast(sum(clicks) as ' ~ dbt.type_bigint() ~ ')'),
] %}

rolled_up as (

    {{ kpi_rollup(
        'campaign_performance', 'report_date', ['channel', 'campaign'], components
    ) }}

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
    impressions,
    clicks,
    {{ safe_ratio('clicks', 'impressions') }} as ctr
from complete
