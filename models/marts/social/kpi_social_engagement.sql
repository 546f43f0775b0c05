{#- Social media engagement by publication date; breakdown by network. posts, reach and
    engagements count every post; the rates count the posts with reach > 0 only (the
    `rated_*` components): engagement_rate = mean of the per-post engagements / reach,
    pooled_engagement_rate = rated_engagements / rated_reach. -#}

with

posts as (

    select * from {{ ref('int_social_posts_scored') }}

),

{%- set components = [
    ('posts', 'count(*)'),
    ('reach', 'cast(coalesce(sum(reach), 0) as ' ~ dbt.type_bigint() ~ ')'),
    ('engagements', 'cast(coalesce(sum(engagements), 0) as ' ~ dbt.type_bigint() ~ ')'),
    ('rated_posts', count_where('has_reach')),
    ('rated_reach',
        'cast(coalesce(sum(case when has_reach then reach end), 0) as '
        ~ dbt.type_bigint() ~ ')'),
    ('rated_engagements',
        'cast(coalesce(sum(case when has_reach then engagements end), 0) as '
        ~ dbt.type_bigint() ~ ')'),
    ('total_post_engagement_rate', 'coalesce(sum(engagement_rate), 0)'),
] %}

rolled_up as (

    {{ kpi_rollup('posts', 'published_date', ['network'], components) }}

),

complete as (

    {{ kpi_complete_periods('rolled_up', components | map(attribute=0) | list) }}

)

select
    period_grain,
    period_start,
    is_complete_period,
    breakdown,
    breakdown_value,
    posts,
    reach,
    engagements,
    rated_posts,
    rated_reach,
    rated_engagements,
    total_post_engagement_rate,
    {{ safe_ratio('total_post_engagement_rate', 'rated_posts') }} as engagement_rate,
    {{ safe_ratio('rated_engagements', 'rated_reach') }} as pooled_engagement_rate
from complete
