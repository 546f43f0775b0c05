with

validated as (

    select * from {{ ref('stg_support__support_tickets_validated') }}

),

clean as (

    select
        ticket_id,
        customer_id,
        channel,
        created_at,
        {{ to_reporting_date('created_at') }} as created_date,
        first_replied_at,
        {{ to_reporting_date('first_replied_at') }} as first_replied_date,
        solved_at,
        {{ to_reporting_date('solved_at') }} as solved_date,
        status,
        first_replied_at is not null as is_replied,
        solved_at is not null as is_solved
    from validated
    where rejection_reason is null and keep_rank = 1

)

select * from clean
