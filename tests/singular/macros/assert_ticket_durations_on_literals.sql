-- first_reply_minutes and resolution_hours in exact seconds (fractions of a second
-- kept to the microsecond), and exact_median over odd and even counts.

with

durations as (

    select
        literal_cases.expected_minutes,
        literal_cases.expected_hours,
        cast(literal_cases.created_text as {{ dbt.type_timestamp() }}) as created_at,
        cast(literal_cases.replied_text as {{ dbt.type_timestamp() }})
            as first_replied_at,
        cast(literal_cases.solved_text as {{ dbt.type_timestamp() }}) as solved_at
    from (
        values
        (
            '2025-01-15 10:00:00', '2025-01-15 10:30:00', '2025-01-15 16:00:00',
            30.0, 6.0
        ),
        (
            '2025-01-15 10:37:35', '2025-01-15 10:38:35.123457',
            '2025-01-16 10:37:35', 1.0020576166666666, 24.0
        ),
        (
            '2024-12-31 23:59:59.5', '2025-01-01 00:00:00', '2025-01-01 00:00:00',
            0.008333333333333333, 0.0001388888888888889
        )
    ) as literal_cases (
        created_text, replied_text, solved_text, expected_minutes, expected_hours
    )

),

wrong_durations as (

    select cast(created_at as {{ dbt.type_string() }}) as failure
    from durations
    where
        not abs(
            {{ first_reply_minutes('created_at', 'first_replied_at') }}
            - expected_minutes
        ) < 1e-12
        or not abs(
            {{ resolution_hours('created_at', 'solved_at') }} - expected_hours
        ) < 1e-12

),

samples as (

    select literal_samples.* from (
        values
        ('odd', 5.0), ('odd', 1.0), ('odd', 3.0),
        ('even', 5.0), ('even', 10.0), ('even', 20.0), ('even', 60.0),
        ('one', 7.5)
    ) as literal_samples (sample_name, sample_value)

),

medians as (

    select
        sample_name,
        {{ exact_median('sample_value') }} as median_value
    from samples
    group by sample_name

),

expected_medians as (

    select literal_medians.* from (
        values ('odd', 3.0), ('even', 15.0), ('one', 7.5)
    ) as literal_medians (sample_name, expected_median)

),

wrong_medians as (

    select expected_medians.sample_name as failure
    from expected_medians
    left join medians
        on expected_medians.sample_name = medians.sample_name
    where medians.median_value is distinct from expected_medians.expected_median

)

select failure from wrong_durations
union all
select failure from wrong_medians
