{#- One row per clean social post with its engagements (likes + comments + shares +
    saves + clicks) and its engagement rate by reach (NULL when reach is 0). -#}

with

posts as (

    select * from {{ ref('stg_social__social_posts') }}

),

engaged as (

    select
        post_id,
        network,
        published_at,
        published_date,
        reach,
        impressions,
        followers,
        cast(
            {{ post_engagements('likes', 'comments', 'shares', 'saves', 'clicks') }}
            as {{ dbt.type_bigint() }}
        ) as engagements
    from posts

),

scored as (

    select
        *,
        reach > 0 as has_reach,
        {{ safe_ratio('engagements', 'reach') }} as engagement_rate
    from engaged

)

select * from scored
