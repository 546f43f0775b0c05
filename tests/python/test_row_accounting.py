"""Every raw row ends in one place: dq_source_row_accounting, dq_rejected_rows and the
rejected-rows models against the reference, per source and reason (SPEC §2, D6, D7)."""

from __future__ import annotations

from collections import Counter

import pytest
from helpers import (
    Query,
    assert_rejected_row_by_row,
    assert_rows_equal,
    rejected_reasons_in,
    row_accounting_in,
)
from reference import CONTRACT_COLUMNS, SOURCES, Reference, Row


@pytest.mark.parametrize("source", SOURCES)
def test_seed_table_holds_the_csv_rows(
    warehouse: Query, raw_rows: dict[str, list[Row]], source: str
) -> None:
    """The reference reads the seed CSVs exactly as the seed loader does."""
    columns = CONTRACT_COLUMNS[source]
    loaded = warehouse(f"select {', '.join(columns)} from raw.raw_{source}")
    expected = Counter(tuple(row[c] for c in columns) for row in raw_rows[source])
    assert Counter(tuple(row.values()) for row in loaded) == expected


@pytest.mark.parametrize("source", SOURCES)
def test_source_row_accounting(
    warehouse: Query, reference: Reference, source: str
) -> None:
    """raw, clean, rejected and duplicate rows and the rejected share of a source."""
    actual = row_accounting_in(warehouse)
    assert source in actual
    expected = {source: reference.row_accounting()[source]}
    assert_rows_equal({source: actual[source]}, expected, "dq_source_row_accounting")


@pytest.mark.parametrize("source", SOURCES)
def test_raw_rows_are_accounted_for(
    warehouse: Query, raw_rows: dict[str, list[Row]], source: str
) -> None:
    """raw = clean + rejected + duplicates, and raw is every line of the seed."""
    row = row_accounting_in(warehouse)[source]
    assert row["raw_rows"] == len(raw_rows[source])
    parts = row["clean_rows"] + row["rejected_rows"] + row["duplicate_rows"]
    assert row["raw_rows"] == parts


def test_reference_accounts_for_every_row(reference: Reference) -> None:
    """The reference itself loses no row, and the demo data has rows of every kind."""
    for source, counts in reference.row_accounting().items():
        total = (
            counts["clean_rows"] + counts["rejected_rows"] + counts["duplicate_rows"]
        )
        assert counts["raw_rows"] == total, source
        assert counts["rejected_rows"] > 0, source
        assert counts["duplicate_rows"] > 0, source


@pytest.mark.parametrize("source", SOURCES)
def test_rejected_rows_by_reason(
    warehouse: Query, reference: Reference, source: str
) -> None:
    """One dq_rejected_rows row per rejection reason that occurs, count and share."""
    actual = {k: v for k, v in rejected_reasons_in(warehouse).items() if k[0] == source}
    expected = {k: v for k, v in reference.rejected_rows().items() if k[0] == source}
    assert_rows_equal(actual, expected, f"dq_rejected_rows {source}")


def test_rejected_rows_cover_every_source_and_nothing_else(
    warehouse: Query, reference: Reference
) -> None:
    """No rejection reason of a source or reason the reference does not expect.
    Sources whose reference lives in another module (reference_web_engagement.py,
    reference_voice_of_customer.py) are checked there."""
    actual = {key for key in rejected_reasons_in(warehouse) if key[0] in SOURCES}
    assert actual == set(reference.rejected_rows())


@pytest.mark.parametrize("source", SOURCES)
def test_rejected_rows_row_by_row(
    warehouse: Query, reference: Reference, source: str
) -> None:
    """Each rejected raw row, as it arrived, with the reference's reason."""
    assert_rejected_row_by_row(warehouse, reference, source)
