"""kpi_net_promoter_score: what the reference must hold beyond the row-by-row comparison
in test_marts_match_reference.py (SPEC §4-§5, D16-D18)."""

from __future__ import annotations

from reference import Reference


def test_categories_add_up_to_responses(reference: Reference) -> None:
    """promoters + passives + detractors = responses on every reference row."""
    for key, row in reference.net_promoter_score.items():
        assert (
            row["promoters"] + row["passives"] + row["detractors"] == row["responses"]
        ), key
