with

validated as (

    select * from {{ ref('stg_shop__orders_validated') }}

),

rejected as (

    select
        {{ raw_column_list('orders') }},
        rejection_reason
    from validated
    where rejection_reason is not null

)

select * from rejected
