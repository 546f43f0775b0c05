"""kpi_customer_effort_score: what the reference must hold beyond the row-by-row
comparison in test_marts_match_reference.py (SPEC §4-§5, issue 5)."""

from __future__ import annotations

import pytest
from reference_voice_of_customer import (
    SurveyScale,
    VoiceOfCustomerReference,
    ces_measures,
)


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
