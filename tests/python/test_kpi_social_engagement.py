"""kpi_social_engagement: what the reference must hold beyond the row-by-row comparison
in test_marts_match_reference.py (SPEC §4-§5, issue 5)."""

from __future__ import annotations

import pytest
from reference_voice_of_customer import (
    VoiceOfCustomerReference,
    social_measures,
)


def test_guide_example() -> None:
    """A post reaching 5,000 with 150 engagements = 3.0%; reach 0 is left out."""
    post = {"reach": 5000, "likes": 90, "comments": 20, "shares": 15, "saves": 5}
    unseen = {"reach": 0, "likes": 4, "comments": 0, "shares": 0, "saves": 0}
    measures = social_measures([{**post, "clicks": 20}, {**unseen, "clicks": 0}])
    assert measures["engagement_rate"] == pytest.approx(0.03, rel=1e-12)
    assert measures["pooled_engagement_rate"] == pytest.approx(0.03, rel=1e-12)
    assert (measures["posts"], measures["rated_posts"]) == (2, 1)


def test_demo_has_viral_and_unseen_posts(voc: VoiceOfCustomerReference) -> None:
    """The demo exercises rates above 1 per post and posts with reach 0."""
    posts = voc.outcomes["social_posts"].clean
    assert sum(1 for post in posts if post["reach"] == 0) == 3
    rates = [
        sum(post[c] for c in ("likes", "comments", "shares", "saves", "clicks"))
        / post["reach"]
        for post in posts
        if post["reach"]
    ]
    assert sum(1 for rate in rates if rate > 1) == 2
