{#- Repeat purchase rate per day, ISO week and month: customers with at least two
    completed orders in the period / customers with at least one (SPEC §5). -#}

with

customer_periods as (

    select * from {{ ref('int_customer_periods_ordered') }}

),

{%- set components = [
    ('customers_with_orders', 'count(*)'),
    ('repeat_customers', count_where(is_repeat_customer('completed_orders'))),
    ('completed_orders', dbt.cast('sum(completed_orders)', dbt.type_bigint())),
] %}

rolled_up as (

    {{ kpi_rollup_periods('customer_periods', ['customer_segment'], components) }}

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
    customers_with_orders,
    repeat_customers,
    completed_orders,
    {{ repeat_purchase_rate('repeat_customers', 'customers_with_orders') }}
        as repeat_purchase_rate
from complete
