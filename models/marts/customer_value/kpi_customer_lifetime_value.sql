{#- Customer lifetime value (SPEC §5, decision D406) over customers with at least one
    completed order: one `all_time` row per breakdown value, and one row per cohort month
    (the month of the customers' first completed order) and breakdown value.
    clv = avg_order_value * purchase_frequency_per_year * expected_lifespan_years. -#}

with

cohorted as (

    select * from {{ ref('int_customers_cohorted') }}

),

first_cohort as (

    select min(cohort_month) as first_cohort_month
    from cohorted

),

cohort_facts as (

    select
        'month' as period_grain,
        cohort_month as period_start,
        customer_segment,
        acquisition_channel,
        completed_orders,
        revenue,
        tenure_years,
        has_observed_first_12m,
        revenue_first_12m
    from cohorted

),

all_time_facts as (

    select
        'all_time' as period_grain,
        first_cohort.first_cohort_month as period_start,
        cohorted.customer_segment,
        cohorted.acquisition_channel,
        cohorted.completed_orders,
        cohorted.revenue,
        cohorted.tenure_years,
        cohorted.has_observed_first_12m,
        cohorted.revenue_first_12m
    from cohorted
    cross join first_cohort

),

{%- set breakdowns = ['customer_segment', 'acquisition_channel'] %}
{%- set components = [
    ('customers', 'count(*)'),
    ('orders', dbt.cast('sum(completed_orders)', dbt.type_bigint())),
    ('revenue', dbt.cast('sum(revenue)', type_double())),
    ('total_tenure_years', dbt.cast('sum(tenure_years)', type_double())),
    ('customers_with_12m_history', count_where('has_observed_first_12m')),
    ('revenue_first_12m', dbt.cast(
        'sum(case when has_observed_first_12m then revenue_first_12m else 0 end)',
        type_double())),
] %}
{%- set names = components | map(attribute=0) | list %}

cohort_rolled_up as (

    {{ kpi_rollup_periods('cohort_facts', breakdowns, components) }}

),

cohort_complete as (

    {{ kpi_complete_periods('cohort_rolled_up', names) }}

),

all_time_rolled_up as (

    {{ kpi_rollup_periods('all_time_facts', breakdowns, components) }}

),

combined as (

    select * from cohort_complete

    union all

    select
        period_grain,
        period_start,
        false as is_complete_period,
        breakdown,
        breakdown_value,
        customers,
        orders,
        revenue,
        total_tenure_years,
        customers_with_12m_history,
        revenue_first_12m
    from all_time_rolled_up

),

rates as (

    select
        *,
        {{ average_order_value('revenue', 'orders') }} as avg_order_value,
        {{ purchase_frequency_per_year('orders', 'total_tenure_years') }}
            as purchase_frequency_per_year,
        cast({{ var('expected_lifespan_years') | float }} as {{ type_double() }})
            as expected_lifespan_years
    from combined

)

select
    period_grain,
    period_start,
    is_complete_period,
    breakdown,
    breakdown_value,
    customers,
    orders,
    revenue,
    total_tenure_years,
    avg_order_value,
    purchase_frequency_per_year,
    expected_lifespan_years,
    {{ customer_lifetime_value(
        'avg_order_value', 'purchase_frequency_per_year', 'expected_lifespan_years'
    ) }} as clv,
    customers_with_12m_history,
    revenue_first_12m,
    {{ historical_clv_12m('revenue_first_12m', 'customers_with_12m_history') }}
        as historical_clv_12m
from rates
