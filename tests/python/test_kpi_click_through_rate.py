"""kpi_click_through_rate: every row against the independent reference."""

from __future__ import annotations

from datetime import date

import pytest
from dbt_runner import Query
from reference import Reference
from reference_web_engagement import (
    CLICK_THROUGH_BREAKDOWNS,
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
    assert_mart_matches(warehouse, "kpi_click_through_rate", web.click_through_rate)


def test_reference_covers_every_grain_and_breakdown(web: WebReference) -> None:
    """The demo data exercises every grain and breakdown."""
    assert_covers_every_shape(web.click_through_rate, CLICK_THROUGH_BREAKDOWNS)


def test_channel_spellings_land_on_canonical_channels(web: WebReference) -> None:
    """PPC, Paid Search, E-mail, Display , paid-social ... map to four channels."""
    channels = {key[3] for key in web.click_through_rate if key[2] == "channel"}
    assert channels == {"email", "paid_search", "display", "paid_social"}
