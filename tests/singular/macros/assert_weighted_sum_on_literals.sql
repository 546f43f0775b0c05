-- weighted_sum and the impression-weighted average position on literal rows:
-- positions 1.0, 3.0 and 10.0 with 30, 10 and 0 impressions give
-- sum(position * impressions) = 60 and an average position of 60 / 40 = 1.5 (a row
-- without impressions does not move it; the plain mean would be 4.67).

with

facts as (

    select literal_rows.* from (
        values
        (1.0, 30),
        (3.0, 10),
        (10.0, 0)
    ) as literal_rows (position, impressions)

),

computed as (

    select
        {{ weighted_sum('position', 'impressions') }} as weighted_position_sum,
        sum(impressions) as impressions
    from facts

)

select
    weighted_position_sum,
    impressions
from computed
where
    abs(weighted_position_sum - 60) > 1e-12
    or abs({{ safe_ratio('weighted_position_sum', 'impressions') }} - 1.5) > 1e-12
