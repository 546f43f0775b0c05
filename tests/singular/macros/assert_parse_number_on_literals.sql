-- parse_number and is_non_finite_text on literal values (decision D5).

with

cases as (

    select literal_cases.* from (
        values
        ('12', 12.0, false),
        (' 1.5 ', 1.5, false),
        ('-3', -3.0, false),
        ('.5', 0.5, false),
        ('1e3', 1000.0, false),
        ('1e999', null, true),
        ('5.', null, false),
        ('NaN', null, true),
        ('-Infinity', null, true),
        ('inf', null, true),
        ('abc', null, false),
        ('12abc', null, false),
        ('n/a', null, false),
        ('', null, false)
    ) as literal_cases (raw_value, expected, expected_non_finite)

),

parsed as (

    select
        raw_value,
        expected,
        expected_non_finite,
        {{ parse_number('raw_value') }} as actual,
        coalesce({{ is_non_finite_text('raw_value') }}, false) as actual_non_finite
    from cases

)

select
    raw_value,
    expected,
    actual,
    expected_non_finite,
    actual_non_finite
from parsed
where
    not (
        (actual is null and expected is null)
        or actual = expected
    )
    or actual_non_finite <> expected_non_finite
