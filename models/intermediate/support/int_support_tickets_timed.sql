{#- One row per clean support ticket with the time to its first reply (minutes) and to
    its solution (hours), in exact seconds; NULL when it has no reply or solution. -#}

with

tickets as (

    select * from {{ ref('stg_support__support_tickets') }}

),

timed as (

    select
        ticket_id,
        customer_id,
        channel,
        status,
        created_at,
        created_date,
        first_replied_at,
        first_replied_date,
        solved_at,
        solved_date,
        is_replied,
        is_solved,
        cast(
            {{ first_reply_minutes('created_at', 'first_replied_at') }}
            as {{ type_double() }}
        ) as first_reply_minutes,
        cast(
            {{ resolution_hours('created_at', 'solved_at') }} as {{ type_double() }}
        ) as resolution_hours
    from tickets

)

select * from timed
