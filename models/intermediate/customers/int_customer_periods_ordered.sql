{#- One row per period (day, ISO week, month) and customer with at least one completed
    order in it: the number of completed orders (for the repeat purchase rate). -#}

with

orders as (

    select * from {{ ref('stg_shop__orders') }}
    where is_completed

),

customers as (

    select * from {{ ref('stg_crm__customers') }}

),

customer_periods as (

    {% for grain in ['day', 'week', 'month'] -%}
        select
            '{{ grain }}' as period_grain,
            {{ period_start(grain, 'ordered_date') }} as period_start,
            customer_id,
            count(*) as completed_orders
        from orders
        group by 1, 2, 3
        {{ 'union all' if not loop.last }}
    {% endfor %}

),

segmented as (

    select
        customer_periods.period_grain,
        customer_periods.period_start,
        customer_periods.customer_id,
        coalesce(customers.customer_segment, 'unknown') as customer_segment,
        cast(customer_periods.completed_orders as {{ dbt.type_bigint() }})
            as completed_orders
    from customer_periods
    left join customers
        on customer_periods.customer_id = customers.customer_id

)

select * from segmented
