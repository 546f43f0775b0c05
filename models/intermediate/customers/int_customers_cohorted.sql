{#- One row per customer with at least one completed order up to the as-of date: the
    cohort month (month of the first completed order, SPEC §3), segment, acquisition
    channel and the per-customer parts of the lifetime value (SPEC §5, decision D406). -#}

with

orders as (

    select * from {{ ref('stg_shop__orders') }}
    where is_completed

),

customers as (

    select * from {{ ref('stg_crm__customers') }}

),

as_of as (

    select as_of_date from {{ ref('as_of_date') }}

),

observed_orders as (

    select
        orders.customer_id,
        orders.ordered_date,
        orders.amount,
        as_of.as_of_date
    from orders
    cross join as_of
    where orders.ordered_date <= as_of.as_of_date

),

first_orders as (

    select
        customer_id,
        min(ordered_date) as first_order_date
    from observed_orders
    group by customer_id

),

per_customer as (

    select
        observed_orders.customer_id,
        first_orders.first_order_date,
        observed_orders.as_of_date,
        cast(
            {{ dbt.dateadd('month', 12, 'first_orders.first_order_date') }} as date
        ) as first_12m_end_date,
        count(*) as completed_orders,
        sum(observed_orders.amount) as revenue,
        sum(
            case
                when
                    observed_orders.ordered_date
                    < cast(
                        {{ dbt.dateadd('month', 12, 'first_orders.first_order_date') }}
                        as date
                    )
                    then observed_orders.amount
                else 0
            end
        ) as revenue_first_12m
    from observed_orders
    inner join first_orders
        on observed_orders.customer_id = first_orders.customer_id
    group by
        observed_orders.customer_id,
        first_orders.first_order_date,
        observed_orders.as_of_date

),

cohorted as (

    select
        per_customer.customer_id,
        per_customer.first_order_date,
        {{ period_start('month', 'per_customer.first_order_date') }} as cohort_month,
        coalesce(customers.customer_segment, 'unknown') as customer_segment,
        coalesce(customers.acquisition_channel, 'unknown') as acquisition_channel,
        cast(per_customer.completed_orders as {{ dbt.type_bigint() }})
            as completed_orders,
        cast(per_customer.revenue as {{ type_double() }}) as revenue,
        {{ tenure_years('per_customer.first_order_date', 'per_customer.as_of_date') }}
            as tenure_years,
        per_customer.first_12m_end_date <= per_customer.as_of_date
            as has_observed_first_12m,
        cast(per_customer.revenue_first_12m as {{ type_double() }})
            as revenue_first_12m
    from per_customer
    left join customers
        on per_customer.customer_id = customers.customer_id

)

select * from cohorted
