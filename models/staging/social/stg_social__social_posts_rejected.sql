with

validated as (

    select * from {{ ref('stg_social__social_posts_validated') }}

),

rejected as (

    select
        {{ raw_column_list('social_posts') }},
        rejection_reason
    from validated
    where rejection_reason is not null

)

select * from rejected
