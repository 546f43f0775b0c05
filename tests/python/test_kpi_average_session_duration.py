"""kpi_average_session_duration: every row against the independent reference."""

from __future__ import annotations

from datetime import date

import pytest
from dbt_runner import Query
from reference import Reference
from reference_web_engagement import (
    SESSION_DURATION_BREAKDOWNS,
    WebReference,
    web_reference_for,
)
from web_engagement_checks import assert_covers_every_shape, assert_mart_matches


@pytest.fixture(scope="module")
def web(reference: Reference, build_date: date) -> WebReference:
    """The reference of the web engagement domain."""
    return web_reference_for(reference, build_date)


def test_every_row_matches_the_reference(warehouse: Query, web: WebReference) -> None:
    """Same keys, and the same value in every column of every row."""
    assert_mart_matches(
        warehouse, "kpi_average_session_duration", web.average_session_duration
    )


def test_reference_covers_every_grain_and_breakdown(web: WebReference) -> None:
    """The demo data exercises every grain and breakdown."""
    assert_covers_every_shape(web.average_session_duration, SESSION_DURATION_BREAKDOWNS)


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
