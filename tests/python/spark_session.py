"""A local Spark for the engine-comparison tests: the environment of the `spark` target
of profiles/profiles.yml with its Parquet warehouse and Derby metastore in a folder of
the test's, and the session's catalog as a `Catalog`. dbt-spark's `session` method runs
pyspark in this process, so after `dbt build` the same session reads the tables."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engine_compare import Catalog
from pyspark.sql import SparkSession


def spark_env(work_dir: Path) -> dict[str, str]:
    """DBT_TARGET=spark with the warehouse and metastore kept in work_dir."""
    return {
        "DBT_TARGET": "spark",
        "DBT_SPARK_WAREHOUSE_DIR": str(work_dir / "warehouse"),
        "DBT_SPARK_METASTORE_DIR": str(work_dir / "metastore"),
    }


@contextmanager
def utc_process() -> Iterator[None]:
    """This process in UTC: pyspark hands timestamps back in the local time zone."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()


def active_session() -> SparkSession:
    """The session dbt-spark started in this process (getOrCreate returns it)."""
    return SparkSession.builder.getOrCreate()


def spark_catalog(spark: SparkSession) -> Catalog:
    """The Spark build: tables from the session catalog, rows as dicts."""

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
