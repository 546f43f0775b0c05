"""kpi_organic_clicks: what the reference must hold beyond the row-by-row comparison in
test_marts_match_reference.py."""

from __future__ import annotations

from datetime import date

import pytest
from reference_web_engagement import WebReference


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
