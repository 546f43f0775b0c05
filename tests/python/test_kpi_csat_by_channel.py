"""kpi_csat_by_channel: what the reference must hold beyond the row-by-row comparison in
test_marts_match_reference.py (SPEC §4-§5, issue 5)."""

from __future__ import annotations

from reference_voice_of_customer import (
    VoiceOfCustomerReference,
    csat_measures,
)


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
