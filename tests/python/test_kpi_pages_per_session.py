"""kpi_pages_per_session: what the reference must hold beyond the row-by-row comparison
in test_marts_match_reference.py (SPEC §4-§5)."""

from __future__ import annotations

from reference import GRAINS
from reference_web_engagement import WebReference


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
