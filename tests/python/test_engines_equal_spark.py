"""The same project on Apache Spark (issue 9): `dbt build --target spark` of the demo
seeds, with every data and unit test, in a local pyspark session (dbt-spark's `session`
method), gives the same marts as the DuckDB build, row by row (floats to a relative
1e-9, NULLs equal), and rejects the same raw rows for the same reasons.

The session keeps its Parquet tables and its Derby metastore in a temporary folder. It
needs Java 17 or newer (scripts/ensure_java.sh installs it; `make test` runs that)."""

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
from pyspark.sql import SparkSession

pytestmark = pytest.mark.engines


def spark_env(work_dir: Path) -> dict[str, str]:
    """The environment of profiles/profiles.yml's `spark` target, kept in work_dir."""
    return {
        "DBT_TARGET": "spark",
        "DBT_SPARK_WAREHOUSE_DIR": str(work_dir / "warehouse"),
        "DBT_SPARK_METASTORE_DIR": str(work_dir / "metastore"),
    }


def spark_catalog(spark: SparkSession) -> Catalog:
    """The Spark build: tables from the session catalog, rows as dicts. pyspark returns
    timestamps in the Python process's time zone, which the fixture sets to UTC."""

    def query(sql: str) -> list[dict[str, Any]]:
        return [row.asDict() for row in spark.sql(sql).collect()]

    def tables(schema: str) -> list[str]:
        return sorted(
            table.name
            for table in spark.catalog.listTables(schema)
            if not table.isTemporary
        )

    def columns(schema: str, table: str) -> list[str]:
        return spark.table(f"{schema}.{table}").columns

    return Catalog("spark", query, tables, columns)


@pytest.fixture(scope="module")
def spark_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Catalog, float]]:
    """`dbt build --target spark` (seeds, models, data and unit tests) in a local
    session; the session's catalog and the build time in seconds."""
    work_dir = tmp_path_factory.mktemp("spark_build")
    saved_tz = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    env = spark_env(work_dir)
    started = time.monotonic()
    run = run_dbt(["build"], work_dir / "unused.duckdb", work_dir, env=env)
    seconds = time.monotonic() - started
    assert run.success, f"dbt build --target spark failed:\n{run.errors}"
    print(f"\ndbt build --target spark: {seconds:.1f} s")
    # dbt-spark's session lives on in this process; getOrCreate() returns it.
    spark = SparkSession.builder.getOrCreate()
    try:
        yield spark_catalog(spark), seconds
    finally:
        spark.stop()
        if saved_tz is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved_tz
        time.tzset()


@pytest.fixture(scope="module")
def spark(spark_build: tuple[Catalog, float]) -> Catalog:
    """The Spark build."""
    return spark_build[0]


@pytest.fixture(scope="module")
def duckdb(warehouse: Query) -> Catalog:
    """The DuckDB build of conftest."""
    return information_schema_catalog("duckdb", warehouse)


def test_spark_build_passes_every_test(spark_build: tuple[Catalog, float]) -> None:
    """The fixture's dbt build ran seeds, models and every data and unit test on Spark
    without an error (it asserts success), into Parquet tables."""
    spark, seconds = spark_build
    assert seconds > 0
    assert (
        spark.query("select count(*) as n from marts.kpi_conversion_rate")[0]["n"] > 0
    )
    details = spark.query("describe table extended marts.kpi_conversion_rate")
    provider = {row["col_name"]: row["data_type"] for row in details}.get("Provider")
    assert provider == "parquet", details


def test_same_marts_on_both_engines(duckdb: Catalog, spark: Catalog) -> None:
    """The same kpi_* and dq_* tables exist in schema marts on both engines."""
    marts = duckdb.tables("marts")
    assert [name for name in marts if name.startswith("kpi_")], "no KPI marts"
    assert spark.tables("marts") == marts


@pytest.mark.parametrize("table", MARTS)
def test_mart_equal_on_both_engines(
    duckdb: Catalog, spark: Catalog, table: str
) -> None:
    """Every KPI and data-quality mart, row by row."""
    assert_same_table(duckdb, spark, "marts", table)


@pytest.mark.parametrize("table", STAGING_ROW_MODELS)
def test_staging_equal_on_both_engines(
    duckdb: Catalog, spark: Catalog, table: str
) -> None:
    """Parsing is the same: every validated row (row_hash, parsed values, rejection
    reason, duplicate rank) and every rejected row with its reason."""
    assert_same_table(duckdb, spark, "staging", table)


@pytest.mark.parametrize("schema", ["intermediate", "utilities"])
def test_intermediate_tables_equal_on_both_engines(
    duckdb: Catalog, spark: Catalog, schema: str
) -> None:
    """Sessions, identity, activity, cohorts: every intermediate and utility table."""
    tables = duckdb.tables(schema)
    assert tables and spark.tables(schema) == tables
    for table in tables:
        assert_same_table(duckdb, spark, schema, table)


def test_raw_data_dir_fails_fast_on_spark(
    spark: Catalog, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """raw_data_dir is DuckDB-only: on Spark the run stops, naming the problem."""
    work_dir = tmp_path_factory.mktemp("spark_raw_data_dir")
    run = run_dbt(
        ["build", "--vars", f"{{raw_data_dir: {work_dir}}}"],
        work_dir / "unused.duckdb",
        work_dir,
        env=spark_env(work_dir),
    )
    assert not run.success
    assert "raw_data_dir" in run.errors and "DuckDB only" in run.errors, run.errors
