{#- Organic clicks from Search Console: clicks, impressions, CTR = clicks / impressions
    and the impression-weighted average position sum(position * impressions) /
    sum(impressions), by report date. -#}

with

search_console as (

    select * from {{ ref('stg_marketing__search_console') }}

),

{%- set components = [
    ('clicks', 'cast(sum(clicks) as ' ~ dbt.type_bigint() ~ ')'),
    ('impressions', 'cast(sum(impressions) as ' ~ dbt.type_bigint() ~ ')'),
    ('weighted_position_sum', weighted_sum('position', 'impressions')),
] %}

rolled_up as (

    {{ kpi_rollup(
        'search_console', 'report_date',
        ['page', 'query', 'device', 'country'],
        components
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
    clicks,
    impressions,
    {{ safe_ratio('clicks', 'impressions') }} as ctr,
    weighted_position_sum,
    {{ safe_ratio('weighted_position_sum', 'impressions') }} as avg_position
from complete
