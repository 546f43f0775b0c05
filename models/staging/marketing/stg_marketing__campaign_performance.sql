with

validated as (

    select * from {{ ref('stg_marketing__campaign_performance_validated') }}

),

clean as (

    select
        report_date,
        channel,
        campaign,
        cast(impressions as {{ dbt.type_bigint() }}) as impressions,
        cast(clicks as {{ dbt.type_bigint() }}) as clicks
    from validated
    where rejection_reason is null and keep_rank = 1

)

select * from clean
