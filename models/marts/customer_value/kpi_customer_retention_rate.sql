{#- Customer retention rate per ISO week and calendar month: retained / customers active
    at the start (SPEC §5, decisions D403-D404). The guides' (E - N) / S is kept as a
    labelled comparison column, never as the retention rate. -#}

with

classified as (

    select * from {{ ref('int_customer_periods_classified') }}

),

{%- set components = customer_retention_components() %}

rolled_up as (

    {{ kpi_rollup_periods('classified', ['customer_segment'], components) }}

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
    customers_at_start,
    customers_at_end,
    new_customers,
    new_customers_at_end,
    retained_customers,
    churned_customers,
    reactivated_customers,
    {{ complete_period_only(
        'is_complete_period',
        retention_rate('retained_customers', 'customers_at_start')
    ) }} as retention_rate,
    {{ complete_period_only(
        'is_complete_period',
        guide_formula_retention(
            'customers_at_end', 'new_customers', 'customers_at_start'
        )
    ) }} as guide_formula_e_minus_n_over_s
from complete
