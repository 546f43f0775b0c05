with

validated as (

    select * from {{ ref('stg_social__social_posts_validated') }}

),

clean as (

    select
        post_id,
        network,
        published_at,
        {{ to_reporting_date('published_at') }} as published_date,
        cast(coalesce(reach, 0) as {{ dbt.type_bigint() }}) as reach,
        cast(coalesce(impressions, 0) as {{ dbt.type_bigint() }}) as impressions,
        cast(coalesce(likes, 0) as {{ dbt.type_bigint() }}) as likes,
        -- `comments` and `shares` are SPEC §1 column names, kept though they are
        -- keywords in some dialects (RF04).
        cast(coalesce(comments, 0) as {{ dbt.type_bigint() }})
            as comments,  -- noqa: RF04
        cast(coalesce(shares, 0) as {{ dbt.type_bigint() }}) as shares,  -- noqa: RF04
        cast(coalesce(saves, 0) as {{ dbt.type_bigint() }}) as saves,
        cast(coalesce(clicks, 0) as {{ dbt.type_bigint() }}) as clicks,
        cast(coalesce(followers, 0) as {{ dbt.type_bigint() }}) as followers
    from validated
    where rejection_reason is null and keep_rank = 1

)

select * from clean
