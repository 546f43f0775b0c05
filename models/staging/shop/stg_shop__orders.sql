with

validated as (

    select * from {{ ref('stg_shop__orders_validated') }}

),

clean as (

    select
        order_id,
        customer_id,
        ordered_at,
        {{ to_reporting_date('ordered_at') }} as ordered_date,
        order_status,
        order_status = 'completed' as is_completed,
        amount,
        currency
    from validated
    where rejection_reason is null and keep_rank = 1

)

select * from clean
