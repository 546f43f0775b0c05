"""kpi_average_resolution_time: every row against the independent reference
(SPEC §4-§5, issue 5)."""

from __future__ import annotations

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
    mart = mart_by_key(warehouse("select * from marts.kpi_average_resolution_time"))
    assert_rows_equal(mart, voc.average_resolution_time, "kpi_average_resolution_time")


def test_reference_covers_every_grain_and_breakdown(
    voc: VoiceOfCustomerReference,
) -> None:
    """The demo data exercises every grain and breakdown of the mart."""
    shapes = {(key[0], key[2]) for key in voc.average_resolution_time}
    breakdowns = ("overall", *KPI_BREAKDOWNS["average_resolution_time"])
    assert shapes == {(grain, name) for grain in GRAINS for name in breakdowns}


def test_medians_between_min_and_max(voc: VoiceOfCustomerReference) -> None:
    """min <= median <= max of resolution hours wherever tickets were solved."""
    for key, row in voc.average_resolution_time.items():
        if row["solved_tickets"]:
            low, high = row["min_resolution_hours"], row["max_resolution_hours"]
            assert low <= row["median_resolution_hours"] <= high, key
