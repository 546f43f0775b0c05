with

validated as (

    select * from {{ ref('stg_crm__customers_validated') }}

),

clean as (

    select
        customer_id,
        signed_up_at,
        {{ to_reporting_date('signed_up_at') }} as signed_up_date,
        country,
        customer_segment,
        acquisition_channel
    from validated
    where rejection_reason is null and keep_rank = 1

)

select * from clean
