{#- Customer retention rate per ISO week and calendar month: retained / customers active
    at the start (SPEC §5, decisions D403-D404). The guides' (E - N) / S is kept as a
    labelled comparison column, never as the retention rate. Incremental by date, like
    int_customer_periods_classified (decision D715). -#}

-- depends_on: {{ ref('int_events_changed_activity_days') }}
-- depends_on: {{ ref('stg_shop__orders_validated') }}
-- depends_on: {{ ref('stg_crm__customers_validated') }}
-- depends_on: {{ ref('stg_marketing__search_console_validated') }}
-- depends_on: {{ ref('as_of_date') }}

{{ config(**recompute_from_config(
    customer_chain_inputs(), 'period_start', 'period_grain', event_days=true
)) }}

with

complete as (

    {{ customer_retention_periods() }}

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
