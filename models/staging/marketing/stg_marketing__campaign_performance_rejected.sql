with

validated as (

    select * from {{ ref('stg_marketing__campaign_performance_validated') }}

),

rejected as (

    select
        {{ raw_column_list('campaign_performance') }},
        rejection_reason
    from validated
    where rejection_reason is not null

)

select * from rejected
