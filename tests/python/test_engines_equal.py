"""The same project on PostgreSQL (issue 8): `dbt build --target postgres` of the demo
seeds, with every data and unit test, gives the same marts as the DuckDB build, row by
row (floats to a relative 1e-9, NULLs equal), and rejects the same raw rows for the same
reasons.

The server is the one named by DBT_POSTGRES_HOST (and _PORT, _USER, _PASSWORD; the user
needs CREATEDB), else a throwaway server that postgres_server.py starts and removes.
Each run builds into a new scratch database that is dropped afterwards."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from dbt_runner import Query, run_dbt
from postgres_server import (
    Server,
    configured_server,
    scratch_database,
    throwaway_server,
)

REL = 1e-9

# The row grain of each KPI mart (SPEC §4) and of the data-quality marts.
KPI_GRAIN = ("period_grain", "period_start", "breakdown", "breakdown_value")
GRAIN = {
    "kpi_cohort_retention": ("cohort_month", "months_since_first"),
    "dq_source_row_accounting": ("source_name",),
    "dq_rejected_rows": ("source_name", "rejection_reason"),
    "dq_daily_event_volume": ("event_date",),
}


@pytest.fixture(scope="module")
def postgres_server() -> Iterator[Server]:
    """The configured server, else a throwaway one for this module."""
    server = configured_server()
    if server is not None:
        yield server
        return
    with throwaway_server() as started:
        yield started


@pytest.fixture(scope="module")
def postgres_build(
    postgres_server: Server, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Query, float]]:
    """`dbt build --target postgres` (seeds, models, data and unit tests) into a scratch
    database; its query helper and the build time in seconds."""
    work_dir = tmp_path_factory.mktemp("postgres_build")
    with scratch_database(postgres_server) as database:
        env = {
            "DBT_TARGET": "postgres",
            **postgres_server.dbt_env(database),
            # JIT compilation costs seconds per query and gains nothing on these sizes;
            # the time zone only matters for current_date (docs/engines.md).
            "PGOPTIONS": os.environ.get("PGOPTIONS", "-c jit=off -c TimeZone=UTC"),
        }
        started = time.monotonic()
        run = run_dbt(["build"], work_dir / "unused.duckdb", work_dir, env=env)
        seconds = time.monotonic() - started
        assert run.success, f"dbt build --target postgres failed:\n{run.errors}"
        print(f"\ndbt build --target postgres: {seconds:.1f} s")

        def query(sql: str) -> list[dict[str, Any]]:
            connection = postgres_server.connect(database)
            try:
                with connection.cursor() as cursor:
                    cursor.execute(sql)
                    columns = [description[0] for description in cursor.description]
                    return [dict(zip(columns, row, strict=True)) for row in cursor]
            finally:
                connection.close()

        yield query, seconds


@pytest.fixture(scope="module")
def postgres(postgres_build: tuple[Query, float]) -> Query:
    """The PostgreSQL build as a query helper."""
    return postgres_build[0]


def tables_in(query: Query, schema: str, suffixes: tuple[str, ...] = ()) -> list[str]:
    """The tables and views of `schema`, sorted, optionally only those ending so."""
    rows = query(
        "select table_name from information_schema.tables "
        f"where table_schema = '{schema}' order by table_name"
    )
    names = sorted(row["table_name"] for row in rows)
    return [name for name in names if not suffixes or name.endswith(suffixes)]


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


def assert_same_table(duckdb: Query, postgres: Query, schema: str, table: str) -> None:
    """Same column names, row count and rows (sorted by grain) on both engines."""
    columns = columns_of(duckdb, schema, table)
    assert columns_of(postgres, schema, table) == columns, f"{table}: columns differ"
    grain = GRAIN.get(table, KPI_GRAIN if table.startswith("kpi_") else ())
    assert set(grain) <= set(columns), (table, grain)
    sql = f"select * from {schema}.{table}"
    left = sorted(duckdb(sql), key=lambda row: sort_key(row, grain))
    right = sorted(postgres(sql), key=lambda row: sort_key(row, grain))
    assert len(left) == len(right), f"{table}: {len(left)} rows vs {len(right)}"
    assert left, f"{table} is empty: nothing compared"
    for a, b in zip(left, right, strict=True):
        differing = [name for name in columns if not same_value(a[name], b[name])]
        assert not differing, (
            f"{table}: {differing} differ\n  duckdb:   {a}\n  postgres: {b}"
        )


def test_postgres_build_passes_every_test(postgres_build: tuple[Query, float]) -> None:
    """The fixture's dbt build ran seeds, models and every data and unit test on
    PostgreSQL without an error (it asserts success)."""
    query, seconds = postgres_build
    assert seconds > 0
    assert query("select count(*) as n from marts.kpi_conversion_rate")[0]["n"] > 0


def test_same_marts_on_both_engines(warehouse: Query, postgres: Query) -> None:
    """The same kpi_* and dq_* tables exist in schema marts on both engines."""
    marts = tables_in(warehouse, "marts")
    assert [name for name in marts if name.startswith("kpi_")], "no KPI marts"
    assert tables_in(postgres, "marts") == marts


@pytest.mark.parametrize(
    "table",
    [
        path.stem
        for path in sorted(
            (Path(__file__).parents[2] / "models" / "marts").rglob("*.sql")
        )
    ],
)
def test_mart_equal_on_both_engines(
    warehouse: Query, postgres: Query, table: str
) -> None:
    """Every KPI and data-quality mart, row by row."""
    assert_same_table(warehouse, postgres, "marts", table)


@pytest.mark.parametrize(
    "table",
    [
        path.stem
        for path in sorted(
            (Path(__file__).parents[2] / "models" / "staging").rglob("*.sql")
        )
        if path.stem.endswith(("_rejected", "_validated"))
    ],
)
def test_staging_equal_on_both_engines(
    warehouse: Query, postgres: Query, table: str
) -> None:
    """Parsing is the same: every validated row (row_hash, parsed values, rejection
    reason, duplicate rank) and every rejected row with its reason."""
    assert_same_table(warehouse, postgres, "staging", table)


@pytest.mark.parametrize("schema", ["intermediate", "utilities"])
def test_intermediate_tables_equal_on_both_engines(
    warehouse: Query, postgres: Query, schema: str
) -> None:
    """Sessions, identity, activity, cohorts: every intermediate and utility table."""
    tables = tables_in(warehouse, schema)
    assert tables and tables_in(postgres, schema) == tables
    for table in tables:
        assert_same_table(warehouse, postgres, schema, table)


def test_raw_data_dir_fails_fast_on_postgres(
    postgres_server: Server, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """raw_data_dir is DuckDB-only: on PostgreSQL the run stops, naming the problem."""
    work_dir = tmp_path_factory.mktemp("postgres_raw_data_dir")
    with scratch_database(postgres_server) as database:
        env = {"DBT_TARGET": "postgres", **postgres_server.dbt_env(database)}
        run = run_dbt(
            ["build", "--vars", f"{{raw_data_dir: {work_dir}}}"],
            work_dir / "unused.duckdb",
            work_dir,
            env=env,
        )
    assert not run.success
    assert "raw_data_dir" in run.errors and "DuckDB only" in run.errors, run.errors
