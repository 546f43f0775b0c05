"""dbt through dbtRunner, one invocation at a time, and read-only queries of the
DuckDB files it builds."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner, dbtRunnerResult
from reference import ROOT

Query = Callable[[str], list[dict[str, Any]]]

PROFILES_DIR = ROOT / "profiles"


@dataclass(frozen=True)
class DbtRun:
    """The outcome of one dbt invocation."""

    result: dbtRunnerResult
    log: str  # every message dbt printed
    errors: str  # the error-level messages and the exception, if any

    @property
    def success(self) -> bool:
        """True when dbt succeeded."""
        return bool(self.result.success)


def run_dbt(
    args: Sequence[str],
    duckdb_path: Path,
    work_dir: Path,
    env: Mapping[str, str] | None = None,
) -> DbtRun:
    """One dbt invocation against `duckdb_path`, with target and log folders under
    `work_dir`; `env` sets more environment variables for the invocation only (for
    example DBT_TARGET=postgres and the DBT_POSTGRES_* connection)."""
    messages: list[str] = []
    errors: list[str] = []

    def collect(event: Any) -> None:
        messages.append(event.info.msg)
        if event.info.level == "error":
            errors.append(event.info.msg)

    overrides = {"DBT_DUCKDB_PATH": str(duckdb_path), **(env or {})}
    saved = {name: os.environ.get(name) for name in overrides}
    os.environ.update(overrides)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    try:
        result = dbtRunner(callbacks=[collect]).invoke(
            [
                *args,
                "--project-dir",
                str(ROOT),
                "--profiles-dir",
                str(PROFILES_DIR),
                "--target-path",
                str(work_dir / "target"),
                "--log-path",
                str(work_dir / "logs"),
                "--no-partial-parse",
            ]
        )
    finally:
        release_duckdb_files()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    if result.exception is not None:
        errors.append(str(result.exception))
    return DbtRun(result, "\n".join(messages), "\n".join(errors))


def release_duckdb_files() -> None:
    """Closes the DuckDB database that dbt-duckdb keeps open in this process after an
    invocation, so the file can be opened read-only (or by the next invocation)."""
    with DuckDBConnectionManager._LOCK:
        environment = DuckDBConnectionManager._ENV
        if environment is not None:
            environment.close()
            DuckDBConnectionManager._ENV = None


def query_helper(duckdb_path: Path) -> Query:
    """A function that runs SQL on a read-only connection and returns dict rows."""

    def query(sql: str) -> list[dict[str, Any]]:
        with duckdb.connect(str(duckdb_path), read_only=True) as connection:
            cursor = connection.execute(sql)
            columns = [description[0] for description in cursor.description]
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    return query


def build_from_raw_data_dir(folder: Path, work_dir: Path) -> Query:
    """Builds the mapping seeds and every model (no tests) from the raw files in
    `folder` into a fresh DuckDB file under `work_dir`; returns its query helper."""
    duckdb_path = work_dir / "engagement.duckdb"
    args = [
        "build",
        "--vars",
        json.dumps({"raw_data_dir": str(folder)}),
        "--exclude",
        "path:seeds/raw",
        "--resource-type",
        "seed",
        "--resource-type",
        "model",
    ]
    run = run_dbt(args, duckdb_path, work_dir)
    assert run.success, f"dbt build from {folder} failed:\n{run.errors}"
    return query_helper(duckdb_path)
