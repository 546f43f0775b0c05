"""The reference on hand-worked examples: the guides' numbers and the rules of
SPEC.md and docs/decisions.md, so the reference the marts are checked against is
itself checked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from reference import (
    CONTRACT_COLUMNS,
    MAPPING_DIR,
    Mappings,
    Row,
    build_reference,
    clean_survey_responses,
    conversion_rate,
    landing_page,
    load_mappings,
    map_enum,
    net_promoter_score,
    parse_number,
    parse_timestamp,
    read_csv_rows,
    snake_case,
    traffic_channel,
)

BUILD_DATE = date(2025, 6, 30)


@pytest.fixture(scope="module")
def mappings() -> Mappings:
    """The project's mapping seeds."""
    return load_mappings()


def raw_row(source: str, **values: str) -> Row:
    """A raw row of a source: the given values, every other column None."""
    return {column: values.get(column) for column in CONTRACT_COLUMNS[source]}


def test_conversion_rate_guide_example() -> None:
    """50 conversions from 500 sessions = 10%."""
    assert conversion_rate(50, 500) == pytest.approx(0.10, rel=1e-12)
    assert conversion_rate(0, 0) is None


def test_net_promoter_score_guide_example() -> None:
    """110 promoters, 50 passives, 40 detractors of 200 -> +35."""
    assert net_promoter_score(110, 40, 200) == pytest.approx(35.0, rel=1e-12)
    assert net_promoter_score(0, 0, 0) is None


def test_conversion_rate_guide_example_end_to_end(mappings: Mappings) -> None:
    """500 one-visitor sessions on one day, 50 of them with a purchase."""
    events = []
    for visitor in range(500):
        anonymous_id = f"A{visitor:04d}"
        events.append(
            raw_row(
                "events",
                event_id=f"E{visitor:04d}v",
                anonymous_id=anonymous_id,
                event_name="Page View",
                occurred_at="2025-03-04T10:00:00Z",
            )
        )
        if visitor < 50:
            events.append(
                raw_row(
                    "events",
                    event_id=f"E{visitor:04d}p",
                    anonymous_id=anonymous_id,
                    event_name="Purchase",
                    occurred_at="2025-03-04 12:05:00+02:00",
                )
            )
    raw = {"customers": [], "events": events, "survey_responses": []}
    result = build_reference(raw, mappings, BUILD_DATE)
    row = result.conversion_rate[("day", date(2025, 3, 4), "overall", "all")]
    assert row == {
        "is_complete_period": False,
        "sessions": 500,
        "converted_sessions": 50,
        "conversion_rate": pytest.approx(0.10, rel=1e-12),
        "visitors": 500,
        "converted_visitors": 50,
        "visitor_conversion_rate": pytest.approx(0.10, rel=1e-12),
    }
    week = result.conversion_rate[
        ("week", date(2025, 3, 3), "traffic_channel", "direct")
    ]
    assert (week["sessions"], week["converted_sessions"]) == (500, 50)


def test_net_promoter_score_guide_example_end_to_end(mappings: Mappings) -> None:
    """110 promoters, 50 passives and 40 detractors of 200 NPS responses -> +35."""
    scores = [9, 10] * 55 + [7, 8] * 25 + list(range(7)) * 5 + [0] * 5
    responses = [
        raw_row(
            "survey_responses",
            response_id=f"R{number:03d}",
            survey_type=" NPS",
            score=str(score),
            responded_at="2025-05-31T23:30:00-01:00",
        )
        for number, score in enumerate(scores)
    ]
    raw = {"customers": [], "events": [], "survey_responses": responses}
    result = build_reference(raw, mappings, BUILD_DATE)
    row = result.net_promoter_score[("month", date(2025, 6, 1), "overall", "all")]
    assert row == {
        "is_complete_period": False,
        "responses": 200,
        "promoters": 110,
        "passives": 50,
        "detractors": 40,
        "nps": pytest.approx(35.0, rel=1e-12),
    }
    by_segment = result.net_promoter_score[
        ("month", date(2025, 6, 1), "customer_segment", "anonymous")
    ]
    assert by_segment["responses"] == 200


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01T10:00:00Z", datetime(2024, 3, 1, 10, tzinfo=UTC)),
        ("2024-03-01 10:00:00+02:00", datetime(2024, 3, 1, 8, tzinfo=UTC)),
        ("2024-03-01 23:30:00-01:00", datetime(2024, 3, 2, 0, 30, tzinfo=UTC)),
        ("2024-03-01T10:00:00", datetime(2024, 3, 1, 10, tzinfo=UTC)),
        ("2024-03-01", datetime(2024, 3, 1, tzinfo=UTC)),
        (
            " 2024-03-01T10:00:00.25Z ",
            datetime(2024, 3, 1, 10, 0, 0, 250000, tzinfo=UTC),
        ),
        ("2025-02-30T10:00:00Z", None),
        ("2024-03-01T25:00:00Z", None),
        ("31/12/2024", None),
        ("2024-03-01T10:00Z", None),
        ("2024-03-01T10:00:00+05:60", None),
        ("2024-03-01T10:00:00+99:00", None),
        ("2024-03-01T10:00:00.1234567Z", None),
        ("not a date", None),
        ("   ", None),
        (None, None),
    ],
)
def test_timestamp_grammar(text: str | None, expected: datetime | None) -> None:
    """D3: ISO-8601 forms, offsets converted to UTC, no offset = UTC."""
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", 7.0),
        (" +7.0 ", 7.0),
        ("-1", -1.0),
        (".5", 0.5),
        ("1e1", 10.0),
        ("8.5", 8.5),
        ("NaN", None),
        ("five", None),
        ("12abc", None),
        ("", None),
    ],
)
def test_number_grammar(text: str, expected: float | None) -> None:
    """D5: signed decimals with an optional exponent; anything else is no number."""
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("survey_type", "score", "reason"),
    [
        ("csat", "0", "no_answer"),
        ("ces", "0", "no_answer"),
        ("nps", "0", None),
        ("nps", "11", "score_out_of_scale"),
        ("nps", "-1", "score_out_of_scale"),
        ("csat", "6", "score_out_of_scale"),
        ("ces", "7", None),
        ("nps", "8.5", "non_integer_score"),
        ("nps", "8.0", None),
        ("nps", "Infinity", "non_finite_score"),
        ("nps", "n/a", "unparseable_score"),
        ("nps", " ", "missing_score"),
        ("sus", "5", "unknown_survey_type"),
        ("Customer-Effort", "5", "unknown_survey_type"),
        (" CSAT ", "5", None),
    ],
)
def test_survey_score_checks(survey_type: str, score: str, reason: str | None) -> None:
    """SPEC §2: a CSAT 0 on a 1-5 survey is no_answer; scores outside the scale or not
    whole numbers are rejected."""
    raw = raw_row(
        "survey_responses",
        response_id="R1",
        survey_type=survey_type,
        score=score,
        responded_at="2025-01-01T00:00:00Z",
    )
    outcome = clean_survey_responses([raw], BUILD_DATE)
    assert list(outcome.rejected) == ([reason] if reason else [])
    assert len(outcome.clean) == (0 if reason else 1)


def test_out_of_range_timestamps() -> None:
    """D4: before 2000-01-01T00:00:00Z or a UTC date after the build date + 1 day."""
    moments = {
        "1999-12-31T23:59:59Z": "responded_at_out_of_range",
        "2000-01-01T00:30:00+01:00": "responded_at_out_of_range",
        "2000-01-01T00:00:00Z": None,
        "2025-07-01T23:59:59Z": None,
        "2025-07-01T23:00:00-01:00": "responded_at_out_of_range",
        "2025-07-02T00:00:00Z": "responded_at_out_of_range",
    }
    for moment, reason in moments.items():
        raw = raw_row(
            "survey_responses",
            response_id="R1",
            survey_type="nps",
            score="9",
            responded_at=moment,
        )
        outcome = clean_survey_responses([raw], BUILD_DATE)
        assert list(outcome.rejected) == ([reason] if reason else []), moment


def test_session_gap_boundary(mappings: Mappings) -> None:
    """A 30:00 gap continues a session, 30:01 starts a new one; no midnight split."""
    start = datetime(2025, 3, 4, 23, 40, tzinfo=UTC)
    offsets = [timedelta(0), timedelta(minutes=30), timedelta(minutes=60, seconds=1)]
    events = [
        raw_row(
            "events",
            event_id=f"E{number}",
            anonymous_id="A1",
            event_name="page_view",
            occurred_at=(start + offset).isoformat(),
        )
        for number, offset in enumerate(offsets)
    ]
    raw = {"customers": [], "events": events, "survey_responses": []}
    sessions = build_reference(raw, mappings, BUILD_DATE).sessions
    assert sorted((s.session_date, s.events, s.duration_seconds) for s in sessions) == [
        (date(2025, 3, 4), 2, 1800.0),
        (date(2025, 3, 5), 1, 0.0),
    ]


def test_identity_and_segments(mappings: Mappings) -> None:
    """D13/D16: an anonymous device belongs to the customer of its latest identified
    non-bot event; a bot identifies no one."""
    customers = [
        raw_row("customers", customer_id="C1", segment="Mid-Market"),
        raw_row("customers", customer_id="C2"),
    ]
    events = [
        raw_row(
            "events",
            event_id="E1",
            anonymous_id="A1",
            event_name="page_view",
            occurred_at="2025-03-01T08:00:00Z",
        ),
        raw_row(
            "events",
            event_id="E2",
            anonymous_id="A1",
            customer_id="C1",
            event_name="login",
            occurred_at="2025-03-02T08:00:00Z",
        ),
        raw_row(
            "events",
            event_id="E3",
            anonymous_id="A1",
            customer_id="C2",
            event_name="login",
            occurred_at="2025-03-03T08:00:00Z",
            user_agent="Mozilla/5.0 (compatible; Googlebot/2.1)",
        ),
        raw_row(
            "events",
            event_id="E4",
            anonymous_id="A2",
            event_name="page_view",
            occurred_at="2025-03-03T08:00:00Z",
        ),
        raw_row(
            "events",
            event_id="E5",
            customer_id="C2",
            event_name="page_view",
            occurred_at="2025-03-03T09:00:00Z",
        ),
        raw_row(
            "events",
            event_id="E6",
            customer_id="C9",
            event_name="page_view",
            occurred_at="2025-03-03T09:00:00Z",
        ),
    ]
    raw = {"customers": customers, "events": events, "survey_responses": []}
    sessions = build_reference(raw, mappings, BUILD_DATE).sessions
    assert sorted(
        (s.user_key, s.session_date.day, s.customer_segment) for s in sessions
    ) == [
        ("A2", 3, "anonymous"),
        ("C1", 1, "mid_market"),
        ("C1", 2, "mid_market"),
        ("C2", 3, "unknown"),
        ("C9", 3, "unknown"),
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://shop.example/Pricing/?utm_source=x#top", "/pricing"),
        ("https://shop.example/", "/"),
        ("https://shop.example", "/"),
        ("https://shop.example?x=1", "/"),
        ("HTTPS://Shop.Example/Blog/What-Is-NPS", "/blog/what-is-nps"),
        (None, "unknown"),
        ("  ", "unknown"),
    ],
)
def test_landing_page(url: str | None, expected: str) -> None:
    """D14: path without scheme, host, query and fragment; lower case; no trailing /."""
    assert landing_page(url) == expected


@pytest.mark.parametrize(
    ("utm_medium", "referrer_url", "expected"),
    [
        ("CPC", "https://www.google.com/", "paid_search"),
        ("qr-code", None, "other"),
        (None, "https://www.google.com/search?q=x", "organic_search"),
        (None, "https://mail.google.com/mail/u/0", "email"),
        (None, "https://l.facebook.com/", "social"),
        (None, "https://shop.example/cart", "direct"),
        (None, "https://news.ycombinator.com/", "referral"),
        (None, "https://notgoogle.com/", "referral"),
        ("  ", None, "direct"),
    ],
)
def test_traffic_channel(
    mappings: Mappings, utm_medium: str | None, referrer_url: str | None, expected: str
) -> None:
    """D15: utm_medium first, then the referrer host by domain and priority."""
    assert traffic_channel(utm_medium, referrer_url, mappings) == expected


def test_names_and_enumerations() -> None:
    """D8/D9: 'Page View' -> page_view; 'Live Chat', 'livechat', 'chat' -> live_chat."""
    assert {snake_case(name) for name in ("Page View", " page-view ", "PAGE_VIEW")} == {
        "page_view"
    }
    channels = {
        str(row["alias"]): str(row["canonical"])
        for row in read_csv_rows(MAPPING_DIR / "channel_aliases.csv")
    }
    assert {map_enum(v, channels) for v in ("Live Chat", "livechat", " chat")} == {
        "live_chat"
    }
    assert map_enum("carrier pigeon", channels) == "other"
    assert map_enum("  ", channels) == "unknown"
