"""Row-by-row comparison of two builds of the project on different engines (DuckDB,
PostgreSQL, Spark): the same tables, columns and rows, floats to a relative 1e-9 and
NULLs equal. An engine is seen through a `Catalog`: its query helper and how it lists
tables and columns."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from dbt_runner import Query

REL = 1e-9
MODELS = Path(__file__).parents[2] / "models"

# The row grain of each KPI mart (SPEC §4) and of the data-quality marts.
KPI_GRAIN = ("period_grain", "period_start", "breakdown", "breakdown_value")
# The change lists of incremental runs (decisions D702-D704): empty on every full
# build, which is all an engine comparison builds.
EMPTY_ON_A_FULL_BUILD = frozenset(
    {
        "int_events_changed",
        "int_events_touched_users",
        "int_events_changed_activity_days",
        "int_events_changed_days",
    }
)
GRAIN = {
    "kpi_cohort_retention": ("cohort_month", "months_since_first"),
    "dq_source_row_accounting": ("source_name",),
    "dq_rejected_rows": ("source_name", "rejection_reason"),
    "dq_daily_event_volume": ("event_date",),
}

# Every mart, and the staging models that hold every raw row or every rejected one.
MARTS = [path.stem for path in sorted((MODELS / "marts").rglob("*.sql"))]
STAGING_ROW_MODELS = [
    path.stem
    for path in sorted((MODELS / "staging").rglob("*.sql"))
    if path.stem.endswith(("_rejected", "_validated"))
]


@dataclass(frozen=True)
class Catalog:
    """One engine's build: its query helper, its tables per schema (sorted) and the
    columns of a table in order."""

    name: str
    query: Query
    tables: Callable[[str], list[str]]
    columns: Callable[[str, str], list[str]]


def information_schema_catalog(name: str, query: Query) -> Catalog:
    """A catalog read from information_schema (DuckDB, PostgreSQL)."""
    return Catalog(
        name,
        query,
        lambda schema: tables_in(query, schema),
        lambda schema, table: columns_of(query, schema, table),
    )


def tables_in(query: Query, schema: str) -> list[str]:
    """The tables and views of `schema`, sorted."""
    rows = query(
        "select table_name from information_schema.tables "
        f"where table_schema = '{schema}'"
    )
    return sorted(row["table_name"] for row in rows)


def columns_of(query: Query, schema: str, table: str) -> list[str]:
    """Column names of a table in order."""
    rows = query(
        "select column_name, ordinal_position from information_schema.columns "
        f"where table_schema = '{schema}' and table_name = '{table}'"
    )
    return [
        row["column_name"] for row in sorted(rows, key=lambda r: r["ordinal_position"])
    ]


def normalised(value: Any) -> Any:
    """Decimal as float (PostgreSQL numeric), everything else as is."""
    return float(value) if isinstance(value, Decimal) else value


def same_value(a: Any, b: Any) -> bool:
    """Equal; floats to a relative REL (an absolute 1e-12 near 0); NULLs equal."""
    a, b = normalised(a), normalised(b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        if not isinstance(a, int | float) or not isinstance(b, int | float):
            return False
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        if math.isinf(a) or math.isinf(b):
            return a == b
        return abs(a - b) <= max(REL * max(abs(a), abs(b)), 1e-12)
    if isinstance(a, datetime) and isinstance(b, datetime):
        return a == b
    if isinstance(a, date) and isinstance(b, date):
        return a == b
    return a == b and type(a) is type(b)


def sort_key(row: dict[str, Any], grain: tuple[str, ...]) -> tuple[Any, ...]:
    """The grain columns first, then every other column; numbers (int, float, numeric)
    as 9 significant digits, so float noise in the last bits or an integer that one
    engine returns as numeric cannot change the order."""

    def part(value: Any) -> tuple[bool, str]:
        if value is None:
            return (False, "")
        if isinstance(value, bool):
            return (True, repr(value))
        if isinstance(value, int | float | Decimal):
            return (
                True,
                f"{float(value):+.9e}" if math.isfinite(value) else repr(value),
            )
        return (True, repr(value))

    rest = [name for name in row if name not in grain]
    return tuple(part(row[name]) for name in (*grain, *rest))


# Columns that record how an engine loaded the rows, not the data: the small sources'
# source_version is an md5 of their files on DuckDB and NULL elsewhere (decision D713),
# and sources_load_state keeps three of them (D715).
ENGINE_BOOKKEEPING = frozenset(
    {"source_version", "orders_version", "customers_version", "search_console_version"}
)


def assert_same_table(left: Catalog, right: Catalog, schema: str, table: str) -> None:
    """Same column names, row count and rows (sorted by grain) on both engines."""
    columns = left.columns(schema, table)
    assert right.columns(schema, table) == columns, f"{table}: columns differ"
    grain = GRAIN.get(table, KPI_GRAIN if table.startswith("kpi_") else ())
    assert set(grain) <= set(columns), (table, grain)
    sql = f"select * from {schema}.{table}"
    left_rows = sorted(left.query(sql), key=lambda row: sort_key(row, grain))
    right_rows = sorted(right.query(sql), key=lambda row: sort_key(row, grain))
    counts = f"{len(left_rows)} rows on {left.name}, {len(right_rows)} on {right.name}"
    assert len(left_rows) == len(right_rows), f"{table}: {counts}"
    if table in EMPTY_ON_A_FULL_BUILD:
        assert not left_rows, f"{table}: {counts} on a full build"
    else:
        assert left_rows, f"{table} is empty: nothing compared"
    compared = [name for name in columns if name not in ENGINE_BOOKKEEPING]
    for a, b in zip(left_rows, right_rows, strict=True):
        differing = [name for name in compared if not same_value(a[name], b[name])]
        assert not differing, (
            f"{table}: {differing} differ\n  {left.name}: {a}\n  {right.name}: {b}"
        )
