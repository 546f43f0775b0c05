-- period_start / period_end across the ISO week and year boundary and in a leap year,
-- and seconds_between in exact seconds (a 30:00 gap is 1800, 30:01 is 1801).

with

expected_periods as (

    select
        cast(literal_cases.day_text as date) as day_value,
        cast(literal_cases.week_start_text as date) as week_start,
        cast(literal_cases.week_end_text as date) as week_end,
        cast(literal_cases.month_start_text as date) as month_start,
        cast(literal_cases.month_end_text as date) as month_end
    from (
        values
        ('2025-01-01', '2024-12-30', '2025-01-05', '2025-01-01', '2025-01-31'),
        ('2024-12-29', '2024-12-23', '2024-12-29', '2024-12-01', '2024-12-31'),
        ('2024-02-29', '2024-02-26', '2024-03-03', '2024-02-01', '2024-02-29')
    ) as literal_cases (
        day_text, week_start_text, week_end_text, month_start_text, month_end_text
    )

),

wrong_periods as (

    select cast(day_value as {{ dbt.type_string() }}) as failure
    from expected_periods
    where
        {{ period_start('week', 'day_value') }} <> week_start
        or {{ period_end('week', period_start('week', 'day_value')) }} <> week_end
        or {{ period_start('month', 'day_value') }} <> month_start
        or {{ period_end('month', period_start('month', 'day_value')) }} <> month_end

),

gaps as (

    select
        literal_gaps.expected_seconds,
        cast(literal_gaps.started_text as {{ dbt.type_timestamp() }}) as started_at,
        cast(literal_gaps.ended_text as {{ dbt.type_timestamp() }}) as ended_at
    from (
        values
        ('2024-03-01 10:00:00', '2024-03-01 10:30:00', 1800),
        ('2024-03-01 23:45:00', '2024-03-02 00:15:01', 1801)
    ) as literal_gaps (started_text, ended_text, expected_seconds)

),

wrong_gaps as (

    select cast(started_at as {{ dbt.type_string() }}) as failure
    from gaps
    where {{ seconds_between('started_at', 'ended_at') }} <> expected_seconds

)

select failure from wrong_periods
union all
select failure from wrong_gaps
