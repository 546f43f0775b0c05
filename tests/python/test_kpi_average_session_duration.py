"""kpi_average_session_duration: what the reference must hold beyond the row-by-row
comparison in test_marts_match_reference.py."""

from __future__ import annotations

from dbt_runner import Query


def test_one_event_sessions_count_as_zero_seconds(warehouse: Query) -> None:
    """Sessions of one event stay in the average with 0 s: the mart's sessions are all
    sessions, bounces included."""
    (row,) = warehouse(
        """
        select
            (select sum(sessions) from marts.kpi_average_session_duration
             where period_grain = 'month' and breakdown = 'overall') as mart_sessions,
            (select count(*) from intermediate.int_sessions_attributed) as sessions,
            (select count(*) from intermediate.int_sessions_attributed
             where is_bounce and duration_seconds = 0) as zero_second_bounces
        """
    )
    assert row["zero_second_bounces"] > 0
    assert row["mart_sessions"] == row["sessions"]
