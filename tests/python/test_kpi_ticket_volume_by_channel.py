"""kpi_ticket_volume_by_channel: what the reference must hold beyond the row-by-row
comparison in test_marts_match_reference.py (SPEC §4-§5, issue 5)."""

from __future__ import annotations

from datetime import date

import pytest
from reference_voice_of_customer import VoiceOfCustomerReference


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
