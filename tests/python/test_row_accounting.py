"""Every raw row ends in one place: dq_source_row_accounting and dq_rejected_rows
against the reference, per source and rejection reason (SPEC §2, D6, D7)."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import Query
from helpers import assert_rows_equal
from reference import CONTRACT_COLUMNS, SOURCES, Reference, Row


@pytest.mark.parametrize("source", SOURCES)
def test_seed_table_holds_the_csv_rows(
    warehouse: Query, raw_rows: dict[str, list[Row]], source: str
) -> None:
    """The reference reads the seed CSVs exactly as the seed loader does."""
    columns = ", ".join(CONTRACT_COLUMNS[source])
    loaded = warehouse(f"select {columns} from raw.raw_{source}")
    as_tuples = Counter(tuple(row.values()) for row in loaded)
    expected = Counter(
        tuple(row[column] for column in CONTRACT_COLUMNS[source])
        for row in raw_rows[source]
    )
    assert as_tuples == expected


@pytest.mark.parametrize("source", SOURCES)
def test_source_row_accounting(
    warehouse: Query, reference: Reference, source: str
) -> None:
    """raw, clean, rejected and duplicate rows and the rejected share of a source."""
    rows = warehouse(
        f"select * from marts.dq_source_row_accounting where source_name = '{source}'"
    )
    assert len(rows) == 1
    actual = {source: {k: v for k, v in rows[0].items() if k != "source_name"}}
    expected = {source: reference.row_accounting()[source]}
    assert_rows_equal(actual, expected, f"dq_source_row_accounting {source}")


@pytest.mark.parametrize("source", SOURCES)
def test_raw_rows_are_accounted_for(
    warehouse: Query, raw_rows: dict[str, list[Row]], source: str
) -> None:
    """raw = clean + rejected + duplicates, and raw is every line of the seed."""
    (row,) = warehouse(
        f"select * from marts.dq_source_row_accounting where source_name = '{source}'"
    )
    assert row["raw_rows"] == len(raw_rows[source])
    assert (
        row["raw_rows"]
        == row["clean_rows"] + row["rejected_rows"] + row["duplicate_rows"]
    )


def test_reference_accounts_for_every_row(reference: Reference) -> None:
    """The reference itself loses no row."""
    for source, counts in reference.row_accounting().items():
        total = (
            counts["clean_rows"] + counts["rejected_rows"] + counts["duplicate_rows"]
        )
        assert counts["raw_rows"] == total, source


@pytest.mark.parametrize("source", SOURCES)
def test_rejected_rows_by_reason(
    warehouse: Query, reference: Reference, source: str
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
    assert len(actual) == len(rows), "one row per source and reason"
    expected = {
        key: values
        for key, values in reference.rejected_rows().items()
        if key[0] == source
    }
    assert_rows_equal(actual, expected, f"dq_rejected_rows {source}")


def test_rejected_rows_cover_every_source_and_nothing_else(
    warehouse: Query, reference: Reference
) -> None:
    """No reason of a source the reference does not expect (sources of other reference
    modules, such as reference_voice_of_customer.py, are checked there)."""
    sources = ", ".join(f"'{source}'" for source in SOURCES)
    rows = warehouse(
        "select source_name, rejection_reason from marts.dq_rejected_rows"
        f" where source_name in ({sources})"
    )
    assert {(r["source_name"], r["rejection_reason"]) for r in rows} == set(
        reference.rejected_rows()
    )
