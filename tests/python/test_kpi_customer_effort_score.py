"""kpi_customer_effort_score: every row against the independent reference
(SPEC §4-§5, issue 5)."""

from __future__ import annotations

import pytest
from dbt_runner import Query
from helpers import assert_rows_equal, mart_by_key
from reference import GRAINS
from reference_voice_of_customer import (
    KPI_BREAKDOWNS,
    SurveyScale,
    VoiceOfCustomerReference,
    ces_measures,
)


def test_every_row_matches_the_reference(
    warehouse: Query, voc: VoiceOfCustomerReference
) -> None:
    """Same keys, and the same value in every column of every row."""
    mart = mart_by_key(warehouse("select * from marts.kpi_customer_effort_score"))
    assert_rows_equal(mart, voc.customer_effort_score, "kpi_customer_effort_score")


def test_reference_covers_every_grain_and_breakdown(
    voc: VoiceOfCustomerReference,
) -> None:
    """The demo data exercises every grain and breakdown of the mart."""
    shapes = {(key[0], key[2]) for key in voc.customer_effort_score}
    breakdowns = ("overall", *KPI_BREAKDOWNS["customer_effort_score"])
    assert shapes == {(grain, name) for grain in GRAINS for name in breakdowns}


def test_guide_example() -> None:
    """Scores 7, 6, 6, 5, 4, 3, 7, 2, 6, 5 give CES 5.1 and 70% agreeing."""
    measures = ces_measures([7, 6, 6, 5, 4, 3, 7, 2, 6, 5])
    assert measures["ces"] == pytest.approx(5.1, rel=1e-12)
    assert measures["ces_agree_rate"] == pytest.approx(0.7, rel=1e-12)


def test_effort_survey_is_reverse_coded() -> None:
    """A 1-5 "how much effort" answer s is read as 6 - s, so higher is easier."""
    effort = SurveyScale(ces_max=5, ces_direction="effort", ces_agree_threshold=4)
    assert [effort.kpi_score("ces", s) for s in (1, 2, 3, 4, 5)] == [5, 4, 3, 2, 1]
    assert effort.kpi_score("csat", 2) == 2


def test_demo_ces_lies_on_its_scale(voc: VoiceOfCustomerReference) -> None:
    """ces within 1-7 and agree_responses <= responses on every row."""
    for key, row in voc.customer_effort_score.items():
        assert row["agree_responses"] <= row["responses"], key
        if row["responses"]:
            assert 1 <= row["ces"] <= 7, key
