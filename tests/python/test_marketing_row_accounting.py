"""search_console and campaign_performance: every raw row ends in one place
(SPEC §2, D6, D7, D301-D303), against the reference and the generator's planted rows."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from dbt_runner import Query
from reference import Reference, Row, safe_ratio
from reference_web_engagement import (
    CONTRACT_COLUMNS,
    SOURCES,
    WebReference,
    load_raw_rows,
    web_reference_for,
)

# The planted rows listed at the top of scripts/generate_demo_seeds.py, by reason.
PLANTED_REJECTIONS: dict[str, dict[str, int]] = {
    "search_console": {
        "missing_date": 2,
        "missing_clicks": 2,
        "missing_impressions": 2,
        "missing_position": 2,
        "unparseable_date": 3,
        "date_out_of_range": 4,
        "unparseable_clicks": 3,
        "non_finite_clicks": 1,
        "non_finite_position": 1,
        "non_finite_impressions": 1,
        "non_integer_clicks": 2,
        "negative_clicks": 1,
        "negative_impressions": 1,
        "clicks_exceed_impressions": 3,
        "position_below_one": 4,
    },
    "campaign_performance": {
        "missing_date": 2,
        "missing_channel": 2,
        "missing_impressions": 2,
        "missing_clicks": 2,
        "unparseable_date": 3,
        "date_out_of_range": 4,
        "unparseable_impressions": 2,
        "unparseable_clicks": 1,
        "non_finite_impressions": 2,
        "non_finite_clicks": 1,
        "non_integer_clicks": 2,
        "negative_impressions": 2,
        "clicks_exceed_impressions": 3,
    },
}
PLANTED_DUPLICATES = {"search_console": 6, "campaign_performance": 5}


@pytest.fixture(scope="module")
def web(reference: Reference, build_date: date) -> WebReference:
    """The reference of the web engagement domain."""
    return web_reference_for(reference, build_date)


@pytest.fixture(scope="module")
def raw_marketing_rows() -> dict[str, list[Row]]:
    """The seed CSVs of the two sources."""
    return load_raw_rows()


@pytest.mark.parametrize("source", SOURCES)
def test_seed_table_holds_the_csv_rows(
    warehouse: Query, raw_marketing_rows: dict[str, list[Row]], source: str
) -> None:
    """The reference reads the seed CSVs exactly as the seed loader does."""
    columns = ", ".join(CONTRACT_COLUMNS[source])
    loaded = warehouse(f"select {columns} from raw.raw_{source}")
    assert Counter(tuple(row.values()) for row in loaded) == Counter(
        tuple(row[column] for column in CONTRACT_COLUMNS[source])
        for row in raw_marketing_rows[source]
    )


@pytest.mark.parametrize("source", SOURCES)
def test_reference_finds_the_planted_rows(web: WebReference, source: str) -> None:
    """The reference rejects exactly the planted rows and removes the planted copies."""
    outcome = web.outcomes[source]
    assert dict(outcome.rejected) == PLANTED_REJECTIONS[source]
    assert outcome.duplicate_rows == PLANTED_DUPLICATES[source]
    assert outcome.raw_rows == (
        len(outcome.clean) + outcome.rejected.total() + outcome.duplicate_rows
    )


@pytest.mark.parametrize("source", SOURCES)
def test_source_row_accounting(
    warehouse: Query, web: WebReference, source: str
) -> None:
    """raw, clean, rejected and duplicate rows of the source."""
    (row,) = warehouse(
        f"select * from marts.dq_source_row_accounting where source_name = '{source}'"
    )
    outcome = web.outcomes[source]
    assert row["raw_rows"] == outcome.raw_rows
    assert row["clean_rows"] == len(outcome.clean)
    assert row["rejected_rows"] == outcome.rejected.total()
    assert row["duplicate_rows"] == outcome.duplicate_rows
    assert row["rejected_share"] == pytest.approx(
        safe_ratio(outcome.rejected.total(), outcome.raw_rows), rel=1e-12
    )


@pytest.mark.parametrize("source", SOURCES)
def test_rejected_rows_by_reason(
    warehouse: Query, web: WebReference, source: str
) -> None:
    """One row per rejection reason, with its count."""
    rows = warehouse(
        "select rejection_reason, rejected_rows from marts.dq_rejected_rows "
        f"where source_name = '{source}'"
    )
    assert {row["rejection_reason"]: row["rejected_rows"] for row in rows} == dict(
        web.outcomes[source].rejected
    )


@pytest.mark.parametrize(
    ("model", "source"),
    [
        ("stg_marketing__search_console", "search_console"),
        ("stg_marketing__campaign_performance", "campaign_performance"),
    ],
)
def test_clean_rows_match_the_reference(
    warehouse: Query, web: WebReference, model: str, source: str
) -> None:
    """The clean staging model holds the reference's kept rows, value by value."""
    rows = warehouse(f"select * from staging.{model}")
    expected = web.outcomes[source].clean
    columns = list(expected[0])

    def as_tuple(row: dict[str, object]) -> tuple[object, ...]:
        return tuple(
            float(row[column]) if column in ("clicks", "impressions") else row[column]
            for column in columns
        )

    assert sorted(map(as_tuple, rows), key=repr) == sorted(
        map(as_tuple, expected), key=repr
    )


@pytest.mark.parametrize(
    ("model", "source"),
    [
        ("stg_marketing__search_console_rejected", "search_console"),
        ("stg_marketing__campaign_performance_rejected", "campaign_performance"),
    ],
)
def test_rejected_rows_row_by_row(
    warehouse: Query, web: WebReference, model: str, source: str
) -> None:
    """Each rejected raw row, as it arrived, with the reference's reason."""
    columns = CONTRACT_COLUMNS[source]
    selected = ", ".join(f"raw_{column}" for column in columns)
    rows = warehouse(f"select {selected}, rejection_reason from staging.{model}")
    assert Counter(tuple(row.values()) for row in rows) == Counter(
        (*(raw[column] for column in columns), reason)
        for raw, reason in web.outcomes[source].rejected_rows
    )
