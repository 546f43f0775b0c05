"""kpi_conversion_rate: every row against the reference (SPEC §3-§5, D13-D19)."""

from __future__ import annotations

from helpers import Query, assert_rows_equal, mart_by_key
from reference import CONVERSION_BREAKDOWNS, GRAINS, Reference


def test_every_row_matches_the_reference(
    warehouse: Query, reference: Reference
) -> None:
    """Same keys, and the same value in every column of every row."""
    mart = mart_by_key(warehouse("select * from marts.kpi_conversion_rate"))
    assert_rows_equal(mart, reference.conversion_rate, "kpi_conversion_rate")


def test_reference_covers_every_grain_and_breakdown(reference: Reference) -> None:
    """The demo data exercises every grain and breakdown of the mart."""
    shapes = {(key[0], key[2]) for key in reference.conversion_rate}
    expected = {
        (grain, breakdown)
        for grain in GRAINS
        for breakdown in ("overall", *CONVERSION_BREAKDOWNS)
    }
    assert shapes == expected


def test_overall_sessions_add_up_to_all_sessions(reference: Reference) -> None:
    """Sessions are additive: the overall rows of each grain hold every session."""
    for grain in GRAINS:
        total = sum(
            row["sessions"]
            for key, row in reference.conversion_rate.items()
            if key[0] == grain and key[2] == "overall"
        )
        assert total == len(reference.sessions), grain
