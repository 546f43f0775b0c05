-- post_engagements and the per-post rate (safe_ratio): the guide's post reaching 5,000
-- people with 150 engagements has a rate of 3.0%; a viral post (50 engagements, reach
-- 35) exceeds 1; reach 0 gives NULL.

with

posts as (

    select literal_posts.* from (
        values
        (5000, 90, 20, 15, 5, 20, 150, 0.03),
        (35, 30, 8, 4, 2, 6, 50, 1.4285714285714286),
        (0, 0, 0, 0, 0, 0, 0, null)
    ) as literal_posts (
        reach, likes, comments, shares, saves, clicks, expected_engagements,
        expected_rate
    )

),

computed as (

    select
        reach,
        expected_engagements,
        expected_rate,
        {{ post_engagements('likes', 'comments', 'shares', 'saves', 'clicks') }}
            as engagements
    from posts

)

select
    reach,
    engagements,
    expected_engagements
from computed
where
    engagements <> expected_engagements
    or not (
        (expected_rate is null and {{ safe_ratio('engagements', 'reach') }} is null)
        or abs({{ safe_ratio('engagements', 'reach') }} - expected_rate) < 1e-12
    )
