with

validated as (

    select * from {{ ref('stg_support__support_tickets_validated') }}

),

rejected as (

    select
        {{ raw_column_list('support_tickets') }},
        rejection_reason
    from validated
    where rejection_reason is not null

)

select * from rejected
