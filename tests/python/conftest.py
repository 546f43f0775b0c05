"""Session fixtures: one dbt build of the demo seeds into a temporary DuckDB file,
the raw seed rows, and the independent reference computed from them."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner, dbtRunnerResult

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reference import (
    ROOT,
    Reference,
    Row,
    build_reference,
    load_mappings,
    load_raw_rows,
)

PROFILES_DIR = ROOT / "profiles"

Query = Callable[[str], list[dict[str, Any]]]


def run_dbt(
    args: Sequence[str], duckdb_path: Path, work_dir: Path
) -> tuple[dbtRunnerResult, str]:
    """One dbt invocation against `duckdb_path`, with target and log folders under
    `work_dir`. Returns the result and every log message it printed."""
    messages: list[str] = []
    saved = {name: os.environ.get(name) for name in ("DBT_DUCKDB_PATH",)}
    os.environ["DBT_DUCKDB_PATH"] = str(duckdb_path)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    try:
        result = dbtRunner(
            callbacks=[lambda event: messages.append(event.info.msg)]
        ).invoke(
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
    text = "\n".join(messages)
    if result.exception is not None:
        text += f"\n{result.exception}"
    return result, text


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


@pytest.fixture(scope="session")
def build_date() -> date:
    """The build date that the range checks of D4 compare with."""
    return date.today()


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Query]:
    """`dbt build` of the demo seeds, once per session; yields a query helper."""
    work_dir = tmp_path_factory.mktemp("seed_build")
    duckdb_path = work_dir / "engagement.duckdb"
    result, log = run_dbt(["build"], duckdb_path, work_dir)
    assert result.success, f"dbt build failed:\n{log[-5000:]}"
    yield query_helper(duckdb_path)


@pytest.fixture(scope="session")
def raw_rows() -> dict[str, list[Row]]:
    """The demo seed CSVs by source, '' read as None like the seed loader."""
    return load_raw_rows()


@pytest.fixture(scope="session")
def reference(raw_rows: dict[str, list[Row]], build_date: date) -> Reference:
    """The independent reference computed from the seed CSVs."""
    return build_reference(raw_rows, load_mappings(), build_date)
