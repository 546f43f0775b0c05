"""kpi_ticket_volume_by_channel: every row against the independent reference
(SPEC §4-§5, issue 5)."""

from __future__ import annotations

from datetime import date

import pytest
from dbt_runner import Query
from helpers import assert_rows_equal, mart_by_key
from reference import GRAINS
from reference_voice_of_customer import (
    KPI_BREAKDOWNS,
    VoiceOfCustomerReference,
)


def test_every_row_matches_the_reference(
    warehouse: Query, voc: VoiceOfCustomerReference
) -> None:
    """Same keys, and the same value in every column of every row."""
    mart = mart_by_key(warehouse("select * from marts.kpi_ticket_volume_by_channel"))
    assert_rows_equal(
        mart, voc.ticket_volume_by_channel, "kpi_ticket_volume_by_channel"
    )


def test_reference_covers_every_grain_and_breakdown(
    voc: VoiceOfCustomerReference,
) -> None:
    """The demo data exercises every grain and breakdown of the mart."""
    shapes = {(key[0], key[2]) for key in voc.ticket_volume_by_channel}
    breakdowns = ("overall", *KPI_BREAKDOWNS["ticket_volume_by_channel"])
    assert shapes == {(grain, name) for grain in GRAINS for name in breakdowns}


def test_channel_shares_sum_to_one(voc: VoiceOfCustomerReference) -> None:
    """In every period with tickets, the channel shares sum to 1."""
    sums: dict[tuple[str, date], float] = {}
    for (grain, start, breakdown, _), row in voc.ticket_volume_by_channel.items():
        if breakdown == "channel":
            sums[(grain, start)] = sums.get((grain, start), 0.0) + row["ticket_share"]
    for (grain, start, breakdown, _), row in voc.ticket_volume_by_channel.items():
        if breakdown == "overall" and row["tickets"]:
            assert sums[(grain, start)] == pytest.approx(1.0, rel=1e-12)


def test_medians_between_min_and_max(voc: VoiceOfCustomerReference) -> None:
    """min <= median <= max of first-reply minutes wherever there are replies."""
    for key, row in voc.ticket_volume_by_channel.items():
        if row["replied_tickets"]:
            low, high = row["min_first_reply_minutes"], row["max_first_reply_minutes"]
            assert low <= row["median_first_reply_minutes"] <= high, key
