"""kpi_bounce_rate: what the reference must hold beyond the row-by-row comparison in
test_marts_match_reference.py."""

from __future__ import annotations

from reference_web_engagement import WebReference


def test_bounced_and_engaged_sessions_are_subsets(web: WebReference) -> None:
    """bounced <= sessions and engaged <= sessions on every reference row."""
    for key, row in web.bounce_rate.items():
        assert row["bounced_sessions"] <= row["sessions"], key
        assert row["engaged_sessions"] <= row["sessions"], key
