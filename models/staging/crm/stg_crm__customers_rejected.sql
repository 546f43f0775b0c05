with

validated as (

    select * from {{ ref('stg_crm__customers_validated') }}

),

rejected as (

    select
        {{ raw_column_list('customers') }},
        rejection_reason
    from validated
    where rejection_reason is not null

)

select * from rejected
