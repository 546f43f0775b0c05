-- parse_date and date_checks on literal text: a date is YYYY-MM-DD after trimming and a
-- real calendar day; anything else is unparseable, and dates before 2000-01-01 or after
-- the build date + 1 day are out of range (decision D301).

with

cases as (

    select literal_cases.* from (
        values
        ('2024-03-01', '2024-03-01', null),
        (' 2024-02-29 ', '2024-02-29', null),
        ('2025-02-29', null, 'unparseable_date'),
        ('2024-13-45', null, 'unparseable_date'),
        ('31/12/2024', null, 'unparseable_date'),
        ('2024-03-01T10:00:00Z', null, 'unparseable_date'),
        ('not a date', null, 'unparseable_date'),
        ('1999-12-31', '1999-12-31', 'date_out_of_range'),
        ('2099-01-01', '2099-01-01', 'date_out_of_range'),
        ('  ', null, 'missing_date'),
        (null, null, 'missing_date')
    ) as literal_cases (raw_date, expected_text, expected_reason)

),

parsed as (

    select
        raw_date,
        cast(expected_text as date) as expected_date,
        expected_reason,
        {{ parse_date('raw_date') }} as report_date
    from cases

),

checked as (

    select
        *,
        {{ first_failing_check(date_checks('date', 'report_date')) }} as actual_reason
    from parsed

)

select
    raw_date,
    expected_date,
    report_date,
    expected_reason,
    actual_reason
from checked
where
    not (
        (report_date is null and expected_date is null)
        or report_date = expected_date
    )
    or not (
        (actual_reason is null and expected_reason is null)
        or actual_reason = expected_reason
    )
