with

validated as (

    select * from {{ ref('stg_surveys__survey_responses_validated') }}

),

clean as (

    select
        response_id,
        customer_id,
        survey_type,
        cast(score as {{ dbt.type_int() }}) as answered_score,
        cast(
            {{ survey_score_on_scale('score', 'survey_type') }} as {{ dbt.type_int() }}
        )
            as score,
        channel,
        touchpoint,
        responded_at,
        {{ to_reporting_date('responded_at') }} as responded_date
    from validated
    where rejection_reason is null and keep_rank = 1

)

select * from clean
