"""kpi_pages_per_session: every row against the independent reference (SPEC §4-§5)."""

from __future__ import annotations

from datetime import date

import pytest
from dbt_runner import Query
from reference import GRAINS, Reference
from reference_web_engagement import (
    PAGES_PER_SESSION_BREAKDOWNS,
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
    assert_mart_matches(warehouse, "kpi_pages_per_session", web.pages_per_session)


def test_reference_covers_every_grain_and_breakdown(web: WebReference) -> None:
    """The demo data exercises every grain and breakdown."""
    assert_covers_every_shape(web.pages_per_session, PAGES_PER_SESSION_BREAKDOWNS)


def test_overall_rows_hold_every_session_and_page_view(web: WebReference) -> None:
    """Sessions and page views are additive: each grain's overall rows hold them all."""
    for grain in GRAINS:
        overall = [
            row
            for key, row in web.pages_per_session.items()
            if key[0] == grain and key[2] == "overall"
        ]
        assert sum(row["sessions"] for row in overall) == len(web.sessions)
        assert sum(row["page_views"] for row in overall) == sum(
            session.page_views for session in web.sessions
        )
