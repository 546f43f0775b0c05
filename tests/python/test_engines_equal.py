"""The same project on PostgreSQL (issue 8) and Apache Spark (issue 9): `dbt build` of
the demo seeds on each, with every data and unit test, gives the same marts as the
DuckDB build, row by row (floats to a relative 1e-9, NULLs equal), and rejects the same
raw rows for the same reasons. Every comparison runs once per engine (`other`).

PostgreSQL: the server named by DBT_POSTGRES_HOST (and _PORT, _USER, _PASSWORD; the
user needs CREATEDB), else a throwaway server that postgres_server.py starts and
removes; each run builds into a new scratch database that is dropped afterwards.

Spark: a local pyspark session (dbt-spark's `session` method) with its Parquet tables
and metastore in a temporary folder (spark_session.py); it needs Java 17 or newer, which
`make java-install` provides."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dbt_runner import Query, run_dbt
from engine_compare import (
    MARTS,
    STAGING_ROW_MODELS,
    Catalog,
    assert_same_table,
    information_schema_catalog,
)
from postgres_server import (
    Server,
    configured_server,
    scratch_database,
    throwaway_server,
)
from spark_session import active_session, spark_catalog, spark_env, utc_process

pytestmark = pytest.mark.engines


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
) -> Iterator[tuple[Catalog, float]]:
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

        yield information_schema_catalog("postgres", query), seconds


@pytest.fixture(scope="module")
def spark_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Catalog, float]]:
    """`dbt build --target spark` (seeds, models, data and unit tests) in a local
    session; the session's catalog and the build time in seconds."""
    work_dir = tmp_path_factory.mktemp("spark_build")
    with utc_process():
        started = time.monotonic()
        run = run_dbt(
            ["build"], work_dir / "unused.duckdb", work_dir, env=spark_env(work_dir)
        )
        seconds = time.monotonic() - started
        assert run.success, f"dbt build --target spark failed:\n{run.errors}"
        print(f"\ndbt build --target spark: {seconds:.1f} s")
        spark = active_session()
        try:
            yield spark_catalog(spark), seconds
        finally:
            spark.stop()


@pytest.fixture(scope="module", params=["postgres", "spark"])
def other_build(request: pytest.FixtureRequest) -> tuple[Catalog, float]:
    """Each other engine's build in turn."""
    return request.getfixturevalue(f"{request.param}_build")


@pytest.fixture(scope="module")
def other(other_build: tuple[Catalog, float]) -> Catalog:
    """The other engine's build, compared with DuckDB's."""
    return other_build[0]


@pytest.fixture(scope="module")
def duckdb(warehouse: Query) -> Catalog:
    """The DuckDB build of conftest."""
    return information_schema_catalog("duckdb", warehouse)


def test_build_passes_every_test(other_build: tuple[Catalog, float]) -> None:
    """The fixture's dbt build ran seeds, models and every data and unit test on the
    other engine without an error (it asserts success)."""
    other, seconds = other_build
    assert seconds > 0
    assert (
        other.query("select count(*) as n from marts.kpi_conversion_rate")[0]["n"] > 0
    )


def test_spark_tables_are_parquet(spark_build: tuple[Catalog, float]) -> None:
    """Spark writes plain Parquet tables (no Delta or Iceberg needed)."""
    details = spark_build[0].query("describe table extended marts.kpi_conversion_rate")
    provider = {row["col_name"]: row["data_type"] for row in details}.get("Provider")
    assert provider == "parquet", details


def test_same_marts_on_both_engines(duckdb: Catalog, other: Catalog) -> None:
    """The same kpi_* and dq_* tables exist in schema marts on both engines."""
    marts = duckdb.tables("marts")
    assert [name for name in marts if name.startswith("kpi_")], "no KPI marts"
    assert other.tables("marts") == marts


@pytest.mark.parametrize("table", MARTS)
def test_mart_equal_on_both_engines(
    duckdb: Catalog, other: Catalog, table: str
) -> None:
    """Every KPI and data-quality mart, row by row."""
    assert_same_table(duckdb, other, "marts", table)


@pytest.mark.parametrize("table", STAGING_ROW_MODELS)
def test_staging_equal_on_both_engines(
    duckdb: Catalog, other: Catalog, table: str
) -> None:
    """Parsing is the same: every validated row (row_hash, parsed values, rejection
    reason, duplicate rank) and every rejected row with its reason."""
    assert_same_table(duckdb, other, "staging", table)


@pytest.mark.parametrize("schema", ["intermediate", "utilities"])
def test_intermediate_tables_equal_on_both_engines(
    duckdb: Catalog, other: Catalog, schema: str
) -> None:
    """Sessions, identity, activity, cohorts: every intermediate and utility table."""
    tables = duckdb.tables(schema)
    assert tables and other.tables(schema) == tables
    for table in tables:
        assert_same_table(duckdb, other, schema, table)


def assert_raw_data_dir_refused(work_dir: Path, env: dict[str, str]) -> None:
    """raw_data_dir is DuckDB-only: elsewhere the run stops, naming the problem."""
    run = run_dbt(
        ["build", "--vars", f"{{raw_data_dir: {work_dir}}}"],
        work_dir / "unused.duckdb",
        work_dir,
        env=env,
    )
    assert not run.success
    assert "raw_data_dir" in run.errors and "DuckDB only" in run.errors, run.errors


def test_raw_data_dir_fails_fast_on_spark(
    spark_build: tuple[Catalog, float], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On Spark (in the session of the build) a raw_data_dir stops the run."""
    work_dir = tmp_path_factory.mktemp("spark_raw_data_dir")
    assert_raw_data_dir_refused(work_dir, spark_env(work_dir))


def test_raw_data_dir_fails_fast_on_postgres(
    postgres_server: Server, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On PostgreSQL (in a scratch database) a raw_data_dir stops the run."""
    work_dir = tmp_path_factory.mktemp("postgres_raw_data_dir")
    with scratch_database(postgres_server) as database:
        env = {"DBT_TARGET": "postgres", **postgres_server.dbt_env(database)}
        assert_raw_data_dir_refused(work_dir, env)
