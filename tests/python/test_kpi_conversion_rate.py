"""kpi_conversion_rate: what the reference must hold beyond the row-by-row comparison in
test_marts_match_reference.py (SPEC §3-§5, D13-D19)."""

from __future__ import annotations

from reference import GRAINS, Reference


def test_overall_sessions_add_up_to_all_sessions(reference: Reference) -> None:
    """Sessions are additive: the overall rows of each grain hold every session."""
    for grain in GRAINS:
        total = sum(
            row["sessions"]
            for key, row in reference.conversion_rate.items()
            if key[0] == grain and key[2] == "overall"
        )
        assert total == len(reference.sessions), grain
