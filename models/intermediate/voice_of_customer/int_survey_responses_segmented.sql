{#- One row per clean survey response with the segment of its customer (decision D16).
    Every response counts; there is no "latest answer per customer". -#}

with

responses as (

    select * from {{ ref('stg_surveys__survey_responses') }}

),

customers as (

    select * from {{ ref('stg_crm__customers') }}

),

segmented as (

    select
        responses.response_id,
        responses.customer_id,
        responses.survey_type,
        responses.score,
        responses.answered_score,
        responses.channel,
        responses.touchpoint,
        responses.responded_at,
        responses.responded_date,
        case
            when responses.customer_id is null then 'anonymous'
            else coalesce(customers.customer_segment, 'unknown')
        end as customer_segment
    from responses
    left join customers
        on responses.customer_id = customers.customer_id

)

select * from segmented
