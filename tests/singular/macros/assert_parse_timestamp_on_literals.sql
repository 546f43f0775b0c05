-- parse_timestamp on literal values (decision D3): offsets are converted to UTC, no
-- offset means UTC, a bare date is midnight UTC, anything else is NULL.

with

cases as (

    select literal_cases.* from (
        values
        ('2024-03-01T10:00:00Z', '2024-03-01 10:00:00'),
        ('2024-03-01 10:00:00+02:00', '2024-03-01 08:00:00'),
        ('2024-03-01T22:30:00-05:00', '2024-03-02 03:30:00'),
        (' 2024-03-01 10:00:00 ', '2024-03-01 10:00:00'),
        ('2024-03-01', '2024-03-01 00:00:00'),
        ('2024-03-01T10:00:00.250Z', '2024-03-01 10:00:00.25'),
        ('31/12/2024', null),
        ('2024-03-01T10:00:00+05:60', null),
        ('2024-03-01T10:00:00+99:00', null),
        ('2024-03-01T24:00:00Z', null),
        ('2024-02-30 10:00:00', null),
        ('2024-13-45 25:00:00', null),
        ('not a date', null),
        ('', null),
        (null, null)
    ) as literal_cases (raw_value, expected_text)

),

parsed as (

    select
        raw_value,
        cast(expected_text as {{ dbt.type_timestamp() }}) as expected,
        {{ parse_timestamp('raw_value') }} as actual
    from cases

)

select
    raw_value,
    expected,
    actual
from parsed
where
    not (
        (actual is null and expected is null)
        or actual = expected
    )
