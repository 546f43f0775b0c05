"""Shared assertions of the pytest suite."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from dbt_runner import Query
from reference import CONTRACT_COLUMNS, GRAINS, RAW_SEED_DIR, KpiKey, Reference

KEY_COLUMNS = ("period_grain", "period_start", "breakdown", "breakdown_value")


def mart_by_key(rows: Iterable[dict[str, Any]]) -> dict[KpiKey, dict[str, Any]]:
    """KPI mart rows by (period_grain, period_start, breakdown, breakdown_value)."""
    by_key: dict[KpiKey, dict[str, Any]] = {}
    for row in rows:
        key = tuple(row[column] for column in KEY_COLUMNS)
        assert key not in by_key, f"duplicate mart key {key}"
        by_key[key] = {k: v for k, v in row.items() if k not in KEY_COLUMNS}  # type: ignore[index]
    return by_key


def value_matches(actual: Any, expected: Any) -> bool:
    """Integers, booleans, text and None equal, of the same type; floats equal to
    rel=1e-12, and a float expected only from a float column (an integer there would
    mean integer division)."""
    if expected is None or actual is None:
        return actual is None and expected is None
    if isinstance(expected, float):
        return isinstance(actual, float) and actual == pytest.approx(
            expected, rel=1e-12
        )
    return type(actual) is type(expected) and actual == expected


def assert_rows_equal(
    actual: Mapping[Any, Mapping[str, Any]],
    expected: Mapping[Any, Mapping[str, Any]],
    what: str,
) -> None:
    """Same keys and, row by row, the same value in every expected column."""
    missing = sorted(set(expected) - set(actual), key=repr)
    extra = sorted(set(actual) - set(expected), key=repr)
    assert not missing and not extra, (
        f"{what}: {len(missing)} rows missing from the mart (first: {missing[:5]}), "
        f"{len(extra)} unexpected rows (first: {extra[:5]})"
    )
    wrong = [
        (key, column, actual[key].get(column), value)
        for key, row in sorted(expected.items(), key=lambda item: repr(item[0]))
        for column, value in row.items()
        if column not in actual[key] or not value_matches(actual[key][column], value)
    ]
    assert not wrong, (
        f"{what}: {len(wrong)} wrong values (key, column, mart, expected), first: "
        f"{wrong[:10]}"
    )
    for key, row in actual.items():
        assert set(row) == set(expected[key]), f"{what} {key}: columns differ"


def assert_mart_matches(query: Query, mart: str, expected: Mapping[Any, Any]) -> None:
    """Every row of a KPI mart, by its four key columns, against the expected rows."""
    assert_rows_equal(mart_by_key(query(f"select * from marts.{mart}")), expected, mart)


def assert_covers_every_shape(
    expected: Mapping[KpiKey, Any],
    breakdowns: tuple[str, ...],
    grains: tuple[str, ...] = GRAINS,
) -> None:
    """The rows exercise every grain with the overall row and every breakdown."""
    shapes = {(key[0], key[2]) for key in expected}
    assert shapes == {
        (grain, breakdown) for grain in grains for breakdown in ("overall", *breakdowns)
    }


def overall_rows(rows: Mapping[KpiKey, Any], grain: str) -> dict[Any, Any]:
    """The overall rows of one grain by period start."""
    return {
        key[1]: row
        for key, row in rows.items()
        if key[0] == grain and key[2] == "overall"
    }


# The rejected-rows model of every source: raw_<column> columns and rejection_reason.
REJECTED_MODELS = {
    "customers": "staging.stg_crm__customers_rejected",
    "events": "staging.stg_app__events_rejected",
    "survey_responses": "staging.stg_surveys__survey_responses_rejected",
    "orders": "staging.stg_shop__orders_rejected",
}


def assert_rejected_row_by_row(query: Query, reference: Reference, source: str) -> None:
    """The rejected-rows model holds exactly the raw rows the reference rejects, each
    with the reference's rejection_reason."""
    columns = CONTRACT_COLUMNS[source]
    selected = ", ".join(f"raw_{column}" for column in columns)
    rows = query(f"select {selected}, rejection_reason from {REJECTED_MODELS[source]}")
    actual = Counter(tuple(row.values()) for row in rows)
    expected = Counter(
        (*(raw[column] for column in columns), reason)
        for raw, reason in reference.outcomes[source].rejected_rows
    )
    assert actual == expected, (
        f"{source}: rejected by the model but not so by the reference: "
        f"{list((actual - expected).elements())[:10]}; rejected by the reference but "
        f"not so by the model: {list((expected - actual).elements())[:10]}"
    )


def row_accounting_in(query: Query) -> dict[str, dict[str, Any]]:
    """dq_source_row_accounting by source_name."""
    rows = query("select * from marts.dq_source_row_accounting")
    return {
        row["source_name"]: {k: v for k, v in row.items() if k != "source_name"}
        for row in rows
    }


def rejected_reasons_in(query: Query) -> dict[tuple[str, str], dict[str, Any]]:
    """dq_rejected_rows by (source_name, rejection_reason)."""
    rows = query("select * from marts.dq_rejected_rows")
    by_key = {
        (row["source_name"], row["rejection_reason"]): {
            k: v for k, v in row.items() if k not in ("source_name", "rejection_reason")
        }
        for row in rows
    }
    assert len(by_key) == len(rows), "one dq_rejected_rows row per source and reason"
    return by_key


def write_header_only_files(folder: Path, covered: Collection[str]) -> None:
    """Every raw source a test does not cover still needs a file in raw_data_dir (D1):
    write its header only, taken from the demo seed, so new sources never break it."""
    for seed in sorted(RAW_SEED_DIR.glob("raw_*.csv")):
        source = seed.name.removeprefix("raw_").removesuffix(".csv")
        if source not in covered:
            with seed.open(encoding="utf-8") as handle:
                header = handle.readline()
            (folder / f"{source}.csv").write_text(header, encoding="utf-8")


def marts_tables(
    query: Query, prefixes: Collection[str] = ("kpi_", "dq_")
) -> list[str]:
    """The tables of the marts schema whose name starts with one of `prefixes`."""
    rows = query(
        "select table_name from information_schema.tables "
        "where table_schema = 'marts' order by table_name"
    )
    names = [row["table_name"] for row in rows]
    return [name for name in names if name.startswith(tuple(prefixes))]


def sorted_table_rows(query: Query, table: str) -> list[tuple[Any, ...]]:
    """Every row of a marts table as a tuple, sorted (None first, then by repr)."""
    rows = [tuple(row.values()) for row in query(f"select * from marts.{table}")]
    return sorted(rows, key=lambda row: tuple((v is not None, repr(v)) for v in row))


def same_value(a: Any, b: Any, rel: float = 1e-9) -> bool:
    """Equal with the same type; floats to `rel` (sums may add up in another order)."""
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == pytest.approx(b, rel=rel, abs=1e-12)
    return a == b and type(a) is type(b)


def assert_same_marts(first: Query, second: Query, tables: Collection[str]) -> None:
    """Each of `tables` holds the same rows (every column) in both warehouses."""
    for table in tables:
        before, after = (
            sorted_table_rows(first, table),
            sorted_table_rows(second, table),
        )
        assert len(before) == len(after), (table, len(before), len(after))
        for a, b in zip(before, after, strict=True):
            assert len(a) == len(b) and all(
                same_value(x, y) for x, y in zip(a, b, strict=True)
            ), f"{table}: row {a} became {b}"
