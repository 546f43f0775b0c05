"""kpi_average_resolution_time: what the reference must hold beyond the row-by-row
comparison in test_marts_match_reference.py (SPEC §4-§5, issue 5)."""

from __future__ import annotations

from reference_voice_of_customer import VoiceOfCustomerReference


def test_medians_between_min_and_max(voc: VoiceOfCustomerReference) -> None:
    """min <= median <= max of resolution hours wherever tickets were solved."""
    for key, row in voc.average_resolution_time.items():
        if row["solved_tickets"]:
            low, high = row["min_resolution_hours"], row["max_resolution_hours"]
            assert low <= row["median_resolution_hours"] <= high, key
