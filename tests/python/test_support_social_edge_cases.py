"""Hand-made raw files with the corner cases of support tickets, social posts and CSAT /
CES answers that the demo data does not hold, read through `raw_data_dir`: every
rejected row, the row accounting and every row of the five issue-5 marts against the
reference computed from the same files, plus a few values worked out by hand."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from dbt_runner import Query, build_from_raw_data_dir
from helpers import assert_rows_equal, mart_by_key, write_header_only_files
from reference import CONTRACT_COLUMNS as BASE_COLUMNS
from reference import build_reference, load_mappings, read_csv_rows
from reference_voice_of_customer import (
    CONTRACT_COLUMNS,
    NEW_SOURCES,
    VoiceOfCustomerReference,
    build_voice_of_customer_reference,
)

# ticket_id, customer_id, channel, created_at, first_replied_at, solved_at, status
TICKETS = [
    # replied and solved at the very second of creation: 0 minutes, 0 hours
    [
        "T01",
        "C1",
        "email",
        "2025-03-03T10:00:00Z",
        "2025-03-03T10:00:00Z",
        "2025-03-03T10:00:00Z",
        "Solved",
    ],
    # a valid duplicate created an hour later: T01 above is kept
    ["T01", "C1", "email", "2025-03-03T11:00:00Z", "", "", "open"],
    # half a second to the first reply, across midnight
    [
        "T02",
        "",
        "Live Chat",
        "2025-03-03 23:59:59.5+00:00",
        "2025-03-04T00:00:00Z",
        "2025-03-05T00:00:00Z",
        "solved",
    ],
    # Twitter as a support channel is social; solved without a reply; +02:00 offset
    [
        "T03",
        "C2",
        "Twitter",
        "2025-03-03T12:00:00+02:00",
        "",
        "2025-03-04T10:00:00Z",
        "solved",
    ],
    # an unmapped channel is other; never replied
    ["T04", "C3", "pigeon", "2025-03-04T08:00:00Z", "", "", " Pending "],
    # an invalid row reusing T04's id never hides the valid one
    ["T04", "C3", "pigeon", "2025-03-04T07:00:00Z", "", "2025-03-04T06:00:00Z", ""],
    # a contact form at -05:00: 7.5 minutes to the reply, 4 hours to the solution
    [
        "T05",
        "C4",
        "contact form",
        "2025-03-04T09:00:00-05:00",
        "2025-03-04T14:07:30Z",
        "2025-03-04T18:00:00Z",
        "solved",
    ],
    # created on the last evening of March, solved in April
    [
        "T06",
        "C1",
        "E-mail",
        "2025-03-31T23:30:00Z",
        "2025-04-01T00:10:00Z",
        "2025-04-02T00:00:00Z",
        "solved",
    ],
    ["T07", "C1", "   ", "2025-03-04T10:00:00Z", "", "", ""],
    ["T08", "C1", "email", "2025-03-04T10:00:00Z", "2025-02-30T10:00:00Z", "", ""],
    ["T09", "C1", "email", "2025-03-04T10:00:00Z", "", "2099-01-01", ""],
    ["T10", "C1", "phone", "2025-03-10T10:00:00Z", "2025-03-10T09:59:59Z", "", ""],
    # missing channel and created_at: the channel is checked first
    ["T11", "C1", "", "", "", "", ""],
    # unparseable created_at and first_replied_at: created_at is named
    ["T12", "C1", "phone", "31/12/2024", "yesterday", "", ""],
    ["", "C1", "phone", "2025-03-04T10:00:00Z", "", "", ""],
    # out of range created_at comes after every parsing check (D6)
    ["T13", "C1", "phone", "1999-12-31T23:59:59Z", "not a date", "", ""],
]
TICKET_REASONS = Counter(
    solved_at_before_created_at=1,
    missing_channel=2,
    unparseable_first_replied_at=2,
    solved_at_out_of_range=1,
    first_replied_at_before_created_at=1,
    unparseable_created_at=1,
    missing_ticket_id=1,
)

# post_id, network, published_at, reach, impressions, likes, comments, shares, saves,
# clicks, followers
POSTS = [
    # the guide's post: reach 5,000, 150 engagements = 3%
    [
        "P01",
        "IG",
        "2025-03-03T10:00:00Z",
        "5000",
        "7000",
        "90",
        "20",
        "15",
        "5",
        "20",
        "900",
    ],
    # a valid duplicate an hour later: P01 above is kept
    [
        "P01",
        "IG",
        "2025-03-03T11:00:00Z",
        "5000",
        "7000",
        "99",
        "20",
        "15",
        "5",
        "20",
        "900",
    ],
    # reach 0 with engagements: counted in posts and engagements, in no rate
    ["P02", "Twitter", "2025-03-03T12:00:00Z", "0", "", "3", "", "", "", "", ""],
    # unmapped network; white space around a count; a whole number written as 50.0
    [
        "P03",
        "Mastodon",
        "2025-03-03T13:00:00Z",
        " 1000 ",
        "",
        "50.0",
        "",
        "",
        "",
        "",
        "",
    ],
    # 1e3 is a number; every other count missing is 0
    ["P04", "linkedin", "2025-03-04T09:00:00Z", "1e3", "", "10", "", "", "", "", ""],
    # a viral post: 50 engagements from reach 35 (rate above 1)
    [
        "P05",
        "Facebook",
        "2025-03-10T09:00:00Z",
        "35",
        "60",
        "30",
        "8",
        "4",
        "2",
        "6",
        "1200",
    ],
    # +05:00 offset: published on 2025-03-03 UTC
    ["P06", "x", "2025-03-04T01:00:00+05:00", "200", "", "20", "", "", "", "", ""],
    ["P07", "x", "2025-03-04T10:00:00Z", "-5", "", "1", "", "", "", "", ""],
    ["P08", "x", "2025-03-04T10:00:00Z", "100", "", "2.5", "", "", "", "", ""],
    ["P09", "x", "2025-03-04T10:00:00Z", "inf", "", "1", "", "", "", "", ""],
    ["P10", "x", "2025-03-04T10:00:00Z", "100", "", "12abc", "", "", "", "", ""],
    ["P11", "", "2025-03-04T10:00:00Z", "100", "", "1", "", "", "", "", ""],
    # missing published_at before a non-finite reach
    ["P12", "x", "", "NaN", "", "1", "", "", "", "", ""],
    # unparseable published_at before a negative reach
    ["P13", "x", "not a date", "-1", "", "1", "", "", "", "", ""],
    ["P14", "x", "2025-03-04T10:00:00Z", "100", "", "1", "", "", "", "", "-3"],
]
POST_REASONS = Counter(
    negative_reach=1,
    non_integer_likes=1,
    non_finite_reach=1,
    unparseable_likes=1,
    missing_network=1,
    missing_published_at=1,
    unparseable_published_at=1,
    negative_followers=1,
)


def survey(
    response_id: str, survey_type: str, score: str, channel: str, touchpoint: str
) -> list[str]:
    """A survey answer on 2025-03-03 (contract column order)."""
    at = "2025-03-03T15:00:00Z"
    return [response_id, "", survey_type, score, channel, touchpoint, at, ""]


SURVEYS = [
    survey("R01", "csat", "5", "Live Chat", ""),
    survey("R02", "csat", "4.0", "email", ""),
    survey("R03", "csat", "3", "", ""),
    survey("R04", "csat", "0", "email", ""),
    survey("R05", "ces", "7", "", "Checkout"),
    survey("R06", "ces", "1", "", ""),
    survey("R07", "ces", "8", "", "checkout"),
    survey("R08", "ces", "5", "", " check-out "),
    survey("R09", "nps", "9", "email", ""),
]


def write_csv(path: Path, columns: tuple[str, ...], rows: list[list[str]]) -> None:
    """A raw file as a user would drop it in raw_data_dir."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)


@dataclass(frozen=True)
class EdgeBuild:
    """The files, their dbt build and their reference."""

    query: Query
    voc: VoiceOfCustomerReference


@pytest.fixture(scope="module")
def edge_build(tmp_path_factory: pytest.TempPathFactory, build_date: date) -> EdgeBuild:
    """Builds the files with dbt and computes the reference from the same files."""
    work_dir = tmp_path_factory.mktemp("support_social_edge_cases")
    folder = work_dir / "raw"
    folder.mkdir()
    files: dict[str, list[list[str]]] = {
        "support_tickets": TICKETS,
        "social_posts": POSTS,
        "survey_responses": SURVEYS,
    }
    for source in BASE_COLUMNS:  # the reference's other sources: header only
        files.setdefault(source, [])
    for source, rows in files.items():
        columns = CONTRACT_COLUMNS.get(source) or BASE_COLUMNS[source]
        write_csv(folder / f"{source}.csv", columns, rows)
    write_header_only_files(folder, covered=files)
    raw = {source: read_csv_rows(folder / f"{source}.csv") for source in files}
    base = build_reference(
        {source: raw[source] for source in BASE_COLUMNS}, load_mappings(), build_date
    )
    voc = build_voice_of_customer_reference(raw, build_date, base.as_of_date)
    return EdgeBuild(build_from_raw_data_dir(folder, work_dir), voc)


def test_reference_rejects_what_was_planted(edge_build: EdgeBuild) -> None:
    """The hand-listed reasons (first failing check, D6) and duplicates."""
    tickets = edge_build.voc.outcomes["support_tickets"]
    posts = edge_build.voc.outcomes["social_posts"]
    assert tickets.rejected == TICKET_REASONS
    assert posts.rejected == POST_REASONS
    assert (tickets.duplicate_rows, posts.duplicate_rows) == (1, 1)


@pytest.mark.parametrize(
    ("source", "model"),
    [
        ("support_tickets", "stg_support__support_tickets_rejected"),
        ("social_posts", "stg_social__social_posts_rejected"),
    ],
)
def test_rejected_rows_row_by_row(
    edge_build: EdgeBuild, source: str, model: str
) -> None:
    """Each rejected raw row, as written, with the reference's reason."""
    columns = CONTRACT_COLUMNS[source]
    selected = ", ".join(f"raw_{column}" for column in columns)
    rows = edge_build.query(f"select {selected}, rejection_reason from staging.{model}")
    expected = Counter(
        (*(raw[column] for column in columns), reason)
        for raw, reason in edge_build.voc.outcomes[source].rejected_rows
    )
    assert Counter(tuple(row.values()) for row in rows) == expected


def test_row_accounting(edge_build: EdgeBuild) -> None:
    """raw, clean, rejected and duplicate rows of the new sources."""
    rows = edge_build.query("select * from marts.dq_source_row_accounting")
    actual = {
        row["source_name"]: {k: v for k, v in row.items() if k != "source_name"}
        for row in rows
        if row["source_name"] in NEW_SOURCES
    }
    assert_rows_equal(actual, edge_build.voc.row_accounting(), "row accounting")


@pytest.mark.parametrize(
    "mart",
    [
        "csat_by_channel",
        "customer_effort_score",
        "ticket_volume_by_channel",
        "average_resolution_time",
        "social_engagement",
    ],
)
def test_every_mart_row(edge_build: EdgeBuild, mart: str) -> None:
    """Every row and column of the mart equals the reference on the same files."""
    actual = mart_by_key(edge_build.query(f"select * from marts.kpi_{mart}"))
    assert_rows_equal(actual, getattr(edge_build.voc, mart), f"kpi_{mart}")


def test_values_worked_out_by_hand(edge_build: EdgeBuild) -> None:
    """A few cells computed on paper from the files above."""
    voc = edge_build.voc
    day = ("day", date(2025, 3, 3))
    volume = voc.ticket_volume_by_channel
    # 2025-03-03: T01 (email, 0 min), T02 (live_chat, 0.5 s), T03 (social, no reply)
    overall = volume[(*day, "overall", "all")]
    assert (overall["tickets"], overall["replied_tickets"]) == (3, 2)
    assert overall["avg_first_reply_minutes"] == pytest.approx(0.25 / 60, rel=1e-12)
    assert overall["median_first_reply_minutes"] == pytest.approx(0.25 / 60, rel=1e-12)
    assert overall["resolution_rate"] == 1.0
    assert volume[(*day, "channel", "social")]["ticket_share"] == pytest.approx(1 / 3)
    # March: T06 was created in March, so it counts in March's volume
    march = volume[("month", date(2025, 3, 1), "overall", "all")]
    assert (march["tickets"], march["resolved_tickets"]) == (6, 5)
    assert volume[("day", date(2025, 3, 4), "channel", "other")]["tickets"] == 1
    # resolution by solved date: 2025-03-03 holds T01 (0 h) only; April holds T06
    resolution = voc.average_resolution_time
    assert resolution[(*day, "overall", "all")]["avg_resolution_hours"] == 0.0
    april = resolution[("month", date(2025, 4, 1), "overall", "all")]
    assert april["solved_tickets"] == 1
    assert april["avg_resolution_hours"] == pytest.approx(24.5, rel=1e-12)
    # social on 2025-03-03: P01 (3%), P02 (reach 0), P03 (5%), P06 (10%)
    social = voc.social_engagement[(*day, "overall", "all")]
    assert (social["posts"], social["rated_posts"], social["engagements"]) == (
        4,
        3,
        223,
    )
    assert social["engagement_rate"] == pytest.approx(0.06, rel=1e-12)
    assert social["pooled_engagement_rate"] == pytest.approx(220 / 6200, rel=1e-12)
    assert voc.social_engagement[(*day, "network", "other")]["posts"] == 1
    # CSAT: 5, 4 (as 4.0), 3 -> 2 of 3; CES: 7, 1, 5 -> 13 / 3, 2 of 3 agreeing
    csat = voc.csat_by_channel[(*day, "overall", "all")]
    assert (csat["responses"], csat["satisfied_responses"]) == (3, 2)
    assert voc.csat_by_channel[(*day, "channel", "unknown")]["responses"] == 1
    ces = voc.customer_effort_score[(*day, "overall", "all")]
    assert ces["ces"] == pytest.approx(13 / 3, rel=1e-12)
    assert ces["agree_responses"] == 2
    assert (
        voc.customer_effort_score[(*day, "touchpoint", "check_out")]["responses"] == 1
    )
