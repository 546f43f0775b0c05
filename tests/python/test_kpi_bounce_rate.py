"""kpi_bounce_rate: every row against the independent reference."""

from __future__ import annotations

from datetime import date

import pytest
from dbt_runner import Query
from reference import Reference
from reference_web_engagement import (
    BOUNCE_RATE_BREAKDOWNS,
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
    assert_mart_matches(warehouse, "kpi_bounce_rate", web.bounce_rate)


def test_reference_covers_every_grain_and_breakdown(web: WebReference) -> None:
    """The demo data exercises every grain and breakdown."""
    assert_covers_every_shape(web.bounce_rate, BOUNCE_RATE_BREAKDOWNS)


def test_bounced_and_engaged_sessions_are_subsets(web: WebReference) -> None:
    """bounced <= sessions and engaged <= sessions on every reference row."""
    for key, row in web.bounce_rate.items():
        assert row["bounced_sessions"] <= row["sessions"], key
        assert row["engaged_sessions"] <= row["sessions"], key
