{#- Organic clicks from Search Console: clicks, impressions, CTR = clicks / impressions
    and the impression-weighted average position sum(position * impressions) /
    sum(impressions), by report date.

    Incremental: a run deletes and recomputes the periods that end on or after the
    recompute date, the earlier as-of date of this run and the last; every period when
    the Search Console rows were reloaded (decision D715). -#}

-- depends_on: {{ ref('stg_shop__orders_validated') }}
-- depends_on: {{ ref('stg_crm__customers_validated') }}
-- depends_on: {{ ref('stg_marketing__search_console_validated') }}
-- depends_on: {{ ref('as_of_date') }}

{%- set inputs = ['search_console_version'] %}

{{ config(**recompute_from_config(inputs, 'period_start', 'period_grain')) }}

{%- set from_date = recompute_from(inputs) %}

with

recomputed_periods as (  -- noqa: ST03

    {{ periods_from(from_date) }}

),

{#- The rows of the recomputed periods: a literal bound, which the engine folds. #}

search_console as (

    select * from {{ ref('stg_marketing__search_console') }}
    {%- if from_date is not none %}
        where report_date >= {{ first_recomputed_period_day(from_date) }}
    {%- endif %}

),

data_range as (

    {{ kpi_data_range(ref('stg_marketing__search_console'), 'report_date') }}

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
        components,
        periods='recomputed_periods' if is_incremental() else none
    ) }}

),

complete as (

    {{ kpi_complete_periods(
        'rolled_up', components | map(attribute=0) | list, 'data_range',
        periods='recomputed_periods' if is_incremental() else none
    ) }}

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
