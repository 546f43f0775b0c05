-- The parsers on the inputs where DuckDB and PostgreSQL differ (issue 8, D804):
-- impossible and leap days (PostgreSQL raises where DuckDB's try_cast gives NULL),
-- offsets beyond 15:59 (PostgreSQL refuses them), numbers beyond and below a double.
-- Runs on every engine; expected values are worked by hand.

with

timestamp_cases as (

    select literal_cases.* from (
        values
        ('2024-03-10T10:00:00+23:59', '2024-03-09 10:01:00'),
        ('2024-03-10 00:30:00-15:30', '2024-03-10 16:00:00'),
        ('2024-03-10T10:00:00-00:00', '2024-03-10 10:00:00'),
        ('2024-01-01 10:00:00.123456Z', '2024-01-01 10:00:00.123456'),
        ('2000-02-29', '2000-02-29 00:00:00'),
        ('2024-02-29T23:59:59+00:30', '2024-02-29 23:29:59'),
        ('1900-02-29 00:00:00', null),
        ('2023-02-29T00:00:00Z', null),
        ('2024-04-31T00:00:00Z', null),
        ('2024-00-10', null),
        ('2024-13-01 00:00:00', null),
        ('2024-01-00 00:00:00', null),
        ('2024-01-01 10:00:00.1234567', null),
        ('2024-01-01 10:00:00 +01:00', null)
    ) as literal_cases (raw_value, expected_text)

),

date_cases as (

    select literal_cases.* from (
        values
        ('2000-02-29', '2000-02-29'),
        ('2024-12-31', '2024-12-31'),
        ('1900-02-29', null),
        ('2024-06-31', null),
        ('2024-00-10', null),
        ('2024-10-00', null)
    ) as literal_cases (raw_value, expected_text)

),

number_cases as (

    select literal_cases.* from (
        values
        ('1e-400', 0.0, false),
        ('-1e-400', 0.0, false),
        ('1e-20000', 0.0, false),
        ('0e99999', 0.0, false),
        ('1e-300', 1e-300, false),
        ('-1e999', null, true),
        ('1e20000', null, true),
        ('1.5e2', 150.0, false),
        ('+.25E1', 2.5, false)
    ) as literal_cases (raw_value, expected, expected_non_finite)

),

failures as (

    select
        'parse_timestamp' as parser_name,
        raw_value,
        expected_text as expected,
        cast({{ parse_timestamp('raw_value') }} as {{ dbt.type_string() }}) as actual
    from timestamp_cases
    where
        not coalesce(
            {{ parse_timestamp('raw_value') }}
            = cast(expected_text as {{ dbt.type_timestamp() }}),
            {{ parse_timestamp('raw_value') }} is null and expected_text is null
        )

    union all

    select
        'parse_date' as parser_name,
        raw_value,
        expected_text as expected,
        cast({{ parse_date('raw_value') }} as {{ dbt.type_string() }}) as actual
    from date_cases
    where
        not coalesce(
            {{ parse_date('raw_value') }} = cast(expected_text as date),
            {{ parse_date('raw_value') }} is null and expected_text is null
        )

    union all

    select
        'parse_number' as parser_name,
        raw_value,
        cast(expected as {{ dbt.type_string() }}) as expected,
        cast({{ parse_number('raw_value') }} as {{ dbt.type_string() }}) as actual
    from number_cases
    where
        not coalesce(
            {{ parse_number('raw_value') }} = expected,
            {{ parse_number('raw_value') }} is null and expected is null
        )
        or coalesce({{ is_non_finite_text('raw_value') }}, false) <> expected_non_finite

)

select * from failures
