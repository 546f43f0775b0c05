-- seconds_between is exact to the microsecond: 10.000001 s stays 10.000001 (epoch()
-- doubles of ~1.7e9 seconds would give 10.000000953674316), and 30:00.000000 stays
-- exactly 1800, so the session timeout compares exact values.

with

gaps as (

    select
        literal_gaps.expected_seconds,
        cast(literal_gaps.started_text as {{ dbt.type_timestamp() }}) as started_at,
        cast(literal_gaps.ended_text as {{ dbt.type_timestamp() }}) as ended_at
    from (
        values
        ('2025-03-01 10:00:00.123456', '2025-03-01 10:00:10.123457', 10.000001),
        ('2025-03-01 10:00:00.654321', '2025-03-01 10:30:00.654321', 1800),
        ('2025-03-01 10:00:09.999999', '2025-03-01 10:00:10', 0.000001)
    ) as literal_gaps (started_text, ended_text, expected_seconds)

)

select
    started_at,
    ended_at,
    expected_seconds
from gaps
where {{ seconds_between('started_at', 'ended_at') }} <> expected_seconds
