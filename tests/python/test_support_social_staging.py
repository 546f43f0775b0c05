"""support_tickets and social_posts staging: every raw row accounted for, rejections by
reason, clean rows and the as-of date against the reference (SPEC §2, D6-D8, D18)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from dbt_runner import Query
from helpers import assert_rows_equal
from reference_voice_of_customer import (
    CONTRACT_COLUMNS,
    NEW_SOURCES,
    SOCIAL_COUNTS,
    VoiceOfCustomerReference,
    load_new_raw_rows,
)


def naive_utc(moment: datetime | None) -> datetime | None:
    """An aware datetime as the naive UTC timestamp the warehouse stores."""
    return None if moment is None else moment.astimezone(UTC).replace(tzinfo=None)


@pytest.mark.parametrize("source", NEW_SOURCES)
def test_seed_table_holds_the_csv_rows(warehouse: Query, source: str) -> None:
    """The reference reads the seed CSVs exactly as the seed loader does."""
    columns = CONTRACT_COLUMNS[source]
    loaded = warehouse(f"select {', '.join(columns)} from raw.raw_{source}")
    expected = Counter(
        tuple(row[column] for column in columns) for row in load_new_raw_rows()[source]
    )
    assert Counter(tuple(row.values()) for row in loaded) == expected


@pytest.mark.parametrize("source", NEW_SOURCES)
def test_source_row_accounting(
    warehouse: Query, voc: VoiceOfCustomerReference, source: str
) -> None:
    """raw = clean + rejected + duplicates, each as the reference counts them."""
    (row,) = warehouse(
        f"select * from marts.dq_source_row_accounting where source_name = '{source}'"
    )
    actual = {source: {k: v for k, v in row.items() if k != "source_name"}}
    assert_rows_equal(actual, {source: voc.row_accounting()[source]}, source)
    assert (
        row["raw_rows"]
        == row["clean_rows"] + row["rejected_rows"] + row["duplicate_rows"]
    )


@pytest.mark.parametrize("source", NEW_SOURCES)
def test_rejected_rows_by_reason(
    warehouse: Query, voc: VoiceOfCustomerReference, source: str
) -> None:
    """One row per rejection reason that occurs, with its count and share."""
    rows = warehouse(
        f"select * from marts.dq_rejected_rows where source_name = '{source}'"
    )
    actual = {
        (row["source_name"], row["rejection_reason"]): {
            k: v for k, v in row.items() if k not in ("source_name", "rejection_reason")
        }
        for row in rows
    }
    expected = {key: v for key, v in voc.rejected_rows().items() if key[0] == source}
    assert_rows_equal(actual, expected, f"dq_rejected_rows {source}")


@pytest.mark.parametrize(
    ("source", "model"),
    [
        ("support_tickets", "stg_support__support_tickets_rejected"),
        ("social_posts", "stg_social__social_posts_rejected"),
    ],
)
def test_rejected_rows_row_by_row(
    warehouse: Query, voc: VoiceOfCustomerReference, source: str, model: str
) -> None:
    """Each rejected raw row, as it arrived, with the reference's reason."""
    columns = CONTRACT_COLUMNS[source]
    selected = ", ".join(f"raw_{column}" for column in columns)
    rows = warehouse(f"select {selected}, rejection_reason from staging.{model}")
    actual = Counter(tuple(row.values()) for row in rows)
    expected = Counter(
        (*(raw[column] for column in columns), reason)
        for raw, reason in voc.outcomes[source].rejected_rows
    )
    assert actual == expected


def test_planted_defects_of_the_generator(voc: VoiceOfCustomerReference) -> None:
    """The counts listed at the top of scripts/generate_demo_seeds.py."""
    tickets = voc.outcomes["support_tickets"]
    assert tickets.rejected == Counter(
        missing_ticket_id=2,
        missing_channel=3,
        missing_created_at=2,
        unparseable_created_at=3,
        unparseable_first_replied_at=2,
        created_at_out_of_range=4,
        first_replied_at_before_created_at=3,
        solved_at_before_created_at=3,
    )
    assert tickets.duplicate_rows == 4
    posts = voc.outcomes["social_posts"]
    assert posts.rejected == Counter(
        missing_post_id=1,
        missing_network=1,
        missing_published_at=1,
        unparseable_published_at=2,
        published_at_out_of_range=2,
        unparseable_reach=2,
        non_finite_reach=1,
        non_finite_likes=1,
        negative_likes=2,
    )
    assert posts.duplicate_rows == 4


def test_clean_tickets(warehouse: Query, voc: VoiceOfCustomerReference) -> None:
    """Kept rows, channels (aliases mapped) and timestamps of the clean tickets."""
    rows = warehouse(
        "select ticket_id, channel, created_at, first_replied_at, solved_at, status"
        " from staging.stg_support__support_tickets"
    )
    actual = {row.pop("ticket_id"): row for row in rows}
    expected: dict[Any, dict[str, Any]] = {
        ticket["ticket_id"]: {
            "channel": ticket["channel"],
            "created_at": naive_utc(ticket["created_at"]),
            "first_replied_at": naive_utc(ticket["first_replied_at"]),
            "solved_at": naive_utc(ticket["solved_at"]),
            "status": ticket["status"],
        }
        for ticket in voc.outcomes["support_tickets"].clean
    }
    assert_rows_equal(actual, expected, "stg_support__support_tickets")


def test_clean_posts(warehouse: Query, voc: VoiceOfCustomerReference) -> None:
    """Kept rows, networks (IG, FB, Twitter mapped) and counts (missing as 0)."""
    rows = warehouse(
        f"select post_id, network, published_at, {', '.join(SOCIAL_COUNTS)}"
        " from staging.stg_social__social_posts"
    )
    actual = {row.pop("post_id"): row for row in rows}
    expected: dict[Any, dict[str, Any]] = {
        post["post_id"]: {
            "network": post["network"],
            "published_at": naive_utc(post["published_at"]),
            **{column: post[column] for column in SOCIAL_COUNTS},
        }
        for post in voc.outcomes["social_posts"].clean
    }
    assert_rows_equal(actual, expected, "stg_social__social_posts")
    assert {row["network"] for row in rows} == {
        "instagram",
        "linkedin",
        "facebook",
        "x",
    }


def test_clean_survey_responses(
    warehouse: Query, voc: VoiceOfCustomerReference
) -> None:
    """This module's survey cleaning keeps the responses staging keeps, with the same
    channel, touchpoint and score."""
    rows = warehouse(
        "select response_id, survey_type, score, channel, touchpoint"
        " from staging.stg_surveys__survey_responses"
    )
    actual = {row.pop("response_id"): row for row in rows}
    expected: dict[Any, dict[str, Any]] = {
        response["response_id"]: {
            "survey_type": response["survey_type"],
            "score": response["score"],
            "channel": response["channel"],
            "touchpoint": response["touchpoint"],
        }
        for response in voc.outcomes["survey_responses"].clean
    }
    assert_rows_equal(actual, expected, "stg_surveys__survey_responses")


def test_as_of_date(warehouse: Query, voc: VoiceOfCustomerReference) -> None:
    """The as-of date covers the tickets' and posts' dates too (D18)."""
    (row,) = warehouse("select as_of_date from utilities.as_of_date")
    assert row["as_of_date"] == voc.as_of_date
