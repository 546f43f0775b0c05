"""kpi_organic_clicks: every row against the independent reference."""

from __future__ import annotations

from datetime import date

import pytest
from dbt_runner import Query
from reference import Reference
from reference_web_engagement import (
    ORGANIC_CLICKS_BREAKDOWNS,
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
    assert_mart_matches(warehouse, "kpi_organic_clicks", web.organic_clicks)


def test_reference_covers_every_grain_and_breakdown(web: WebReference) -> None:
    """The demo data exercises every grain and breakdown."""
    assert_covers_every_shape(web.organic_clicks, ORGANIC_CLICKS_BREAKDOWNS)


def test_average_position_is_impression_weighted(web: WebReference) -> None:
    """avg_position = sum(position * impressions) / sum(impressions), not the mean of
    the rows' positions: on the demo's overall month rows the two differ."""
    rows = web.outcomes["search_console"].clean
    september = [
        row for row in rows if row["report_date"].strftime("%Y-%m") == "2025-09"
    ]
    plain_mean = sum(row["position"] for row in september) / len(september)
    weighted = sum(row["position"] * row["impressions"] for row in september) / sum(
        row["impressions"] for row in september
    )
    mart_row = web.organic_clicks[("month", date(2025, 9, 1), "overall", "all")]
    assert mart_row["avg_position"] == pytest.approx(weighted, rel=1e-12)
    assert abs(plain_mean - weighted) > 1e-3
    assert mart_row["clicks"] <= mart_row["impressions"]
