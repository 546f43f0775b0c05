-- number_checks with max_value=max_count() on literal counts (decision D1201): a finite
-- count above 10^12 (1e308, 99999999999999999999) is `<column>_out_of_range` instead of
-- crashing the cast to bigint downstream.

with

cases as (

    select literal_cases.* from (
        values
        ('0', null),
        ('42', null),
        ('1000000000000', null),
        ('1000000000001', 'reach_out_of_range'),
        ('1e12', null),
        ('1e13', 'reach_out_of_range'),
        ('99999999999999999999', 'reach_out_of_range'),
        ('1e308', 'reach_out_of_range'),
        ('1e999', 'non_finite_reach'),
        ('-1e308', 'negative_reach'),
        ('1.5e12', 'reach_out_of_range'),
        ('2.5', 'non_integer_reach'),
        ('abc', 'unparseable_reach')
    ) as literal_cases (raw_reach, expected)

),

parsed as (

    select
        raw_reach,
        expected,
        {{ parse_number('raw_reach') }} as reach
    from cases

),

checked as (

    select
        raw_reach,
        expected,
        {{ first_failing_check(number_checks(
            'reach', required=false, integer=true, non_negative=true,
            max_value=max_count())) }} as actual
    from parsed

)

select
    raw_reach,
    expected,
    actual
from checked
where
    actual is distinct from expected
