with

validated as (

    select * from {{ ref('stg_surveys__survey_responses_validated') }}

),

rejected as (

    select
        {{ raw_column_list('survey_responses') }},
        rejection_reason
    from validated
    where rejection_reason is not null

)

select * from rejected
