-- safe_ratio on literal values: the guide's 50 conversions of 500 visitors = 10%;
-- a zero denominator gives NULL; never integer division.

with

cases as (

    select literal_cases.* from (
        values
        (50, 500, 0.1),
        (1, 3, 0.3333333333333333),
        (7, 0, null)
    ) as literal_cases (numerator, denominator, expected)

),

computed as (

    select
        numerator,
        denominator,
        expected,
        {{ safe_ratio('numerator', 'denominator') }} as actual
    from cases

)

select
    numerator,
    denominator,
    expected,
    actual
from computed
where
    not (
        (actual is null and expected is null)
        or abs(actual - expected) < 1e-12
    )
