{%- set counts = ['reach', 'impressions', 'likes', 'comments', 'shares', 'saves',
                  'clicks', 'followers'] -%}

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
        {%- for column in counts %}
            cast(coalesce({{ column }}, 0) as {{ dbt.type_bigint() }}) as {{ column }}
            {{- ',' if not loop.last }}
        {%- endfor %}
    from validated
    where rejection_reason is null and keep_rank = 1

)

select * from clean
