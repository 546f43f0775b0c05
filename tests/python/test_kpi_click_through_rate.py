"""kpi_click_through_rate: what the reference must hold beyond the row-by-row comparison
in test_marts_match_reference.py."""

from __future__ import annotations

from reference_web_engagement import WebReference


def test_channel_spellings_land_on_canonical_channels(web: WebReference) -> None:
    """PPC, Paid Search, E-mail, Display , paid-social ... map to four channels."""
    channels = {key[3] for key in web.click_through_rate if key[2] == "channel"}
    assert channels == {"email", "paid_search", "display", "paid_social"}
