with

validated as (

    select * from {{ ref('stg_marketing__search_console_validated') }}

),

clean as (

    select
        report_date,
        page,
        query,
        device,
        country,
        cast(clicks as {{ dbt.type_bigint() }}) as clicks,
        cast(impressions as {{ dbt.type_bigint() }}) as impressions,
        position
    from validated
    where rejection_reason is null and keep_rank = 1

)

select * from clean
