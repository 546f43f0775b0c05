"""kpi_csat_by_channel: every row against the independent reference
(SPEC §4-§5, issue 5)."""

from __future__ import annotations

from dbt_runner import Query
from helpers import assert_rows_equal, mart_by_key
from reference import GRAINS
from reference_voice_of_customer import (
    KPI_BREAKDOWNS,
    VoiceOfCustomerReference,
    csat_measures,
)


def test_every_row_matches_the_reference(
    warehouse: Query, voc: VoiceOfCustomerReference
) -> None:
    """Same keys, and the same value in every column of every row."""
    mart = mart_by_key(warehouse("select * from marts.kpi_csat_by_channel"))
    assert_rows_equal(mart, voc.csat_by_channel, "kpi_csat_by_channel")


def test_reference_covers_every_grain_and_breakdown(
    voc: VoiceOfCustomerReference,
) -> None:
    """The demo data exercises every grain and breakdown of the mart."""
    shapes = {(key[0], key[2]) for key in voc.csat_by_channel}
    breakdowns = ("overall", *KPI_BREAKDOWNS["csat_by_channel"])
    assert shapes == {(grain, name) for grain in GRAINS for name in breakdowns}


def test_guide_examples() -> None:
    """20 positive of 50 = 40%; ratings 5/4/3/2/1 given 42/32/10/9/14 times = 69.2%."""
    assert csat_measures([5] * 20 + [2] * 30)["csat"] == 0.4
    ratings = [5] * 42 + [4] * 32 + [3] * 10 + [2] * 9 + [1] * 14
    measures = csat_measures(ratings)
    assert measures["satisfied_responses"] == 74
    assert round(100 * measures["csat"], 1) == 69.2


def test_satisfied_never_exceed_responses(voc: VoiceOfCustomerReference) -> None:
    """satisfied_responses <= responses and avg_score within 1-5."""
    for key, row in voc.csat_by_channel.items():
        assert row["satisfied_responses"] <= row["responses"], key
        if row["responses"]:
            assert 1 <= row["avg_score"] <= 5, key
