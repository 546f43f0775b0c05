"""kpi_net_promoter_score: every row against the reference (SPEC §4-§5, D16-D18)."""

from __future__ import annotations

from helpers import Query, assert_rows_equal, mart_by_key
from reference import GRAINS, NPS_BREAKDOWNS, Reference


def test_every_row_matches_the_reference(
    warehouse: Query, reference: Reference
) -> None:
    """Same keys, and the same value in every column of every row."""
    mart = mart_by_key(warehouse("select * from marts.kpi_net_promoter_score"))
    assert_rows_equal(mart, reference.net_promoter_score, "kpi_net_promoter_score")


def test_reference_covers_every_grain_and_breakdown(reference: Reference) -> None:
    """The demo data exercises every grain and breakdown of the mart."""
    shapes = {(key[0], key[2]) for key in reference.net_promoter_score}
    expected = {
        (grain, breakdown)
        for grain in GRAINS
        for breakdown in ("overall", *NPS_BREAKDOWNS)
    }
    assert shapes == expected


def test_categories_add_up_to_responses(reference: Reference) -> None:
    """promoters + passives + detractors = responses on every reference row."""
    for key, row in reference.net_promoter_score.items():
        assert (
            row["promoters"] + row["passives"] + row["detractors"] == row["responses"]
        ), key
