{#- Churn rate per ISO week and calendar month: customers active at the start who are
    not active at the end / customers active at the start (SPEC §5, decision D403). -#}

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
        churn_rate('churned_customers', 'customers_at_start')
    ) }} as churn_rate
from complete
