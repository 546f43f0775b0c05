"""Repeat runs (issue 12): a second `dbt build` over the same data into the same DuckDB
file, and a build killed part way then rerun, end with the same marts as one
uninterrupted build."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from dbt_runner import PROFILES_DIR, Query, query_helper, run_dbt
from helpers import assert_same_marts, marts_tables
from reference import ROOT

DBT = ROOT / ".venv" / "bin" / "dbt"
KILL_AFTER_SECONDS = 120  # the build must reach a mart well before this
# Seeds and models: data tests write no data, and the session build runs them all.
BUILD = ["build", "--resource-type", "seed", "--resource-type", "model"]


def build(duckdb_path: Path, work_dir: Path) -> Query:
    """`dbt build` of the demo seeds into `duckdb_path` (in this process; dbt_runner
    closes the DuckDB file afterwards, so no handle stays open)."""
    run = run_dbt(BUILD, duckdb_path, work_dir)
    assert run.success, f"dbt build failed:\n{run.errors}"
    return query_helper(duckdb_path)


def build_killed_at_first_mart(duckdb_path: Path, work_dir: Path) -> str:
    """Starts `dbt build` in a child process and SIGKILLs it as soon as its log shows
    the first `marts.` model starting; returns the log up to then."""
    env = {
        **os.environ,
        "DBT_DUCKDB_PATH": str(duckdb_path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [
        str(DBT),
        *BUILD,
        "--project-dir",
        str(ROOT),
        "--profiles-dir",
        str(PROFILES_DIR),
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
        "--no-partial-parse",
        "--no-use-colors",
    ]
    lines: list[str] = []
    with subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        started = time.monotonic()
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if ("START" in line and " model marts." in line) or (
                time.monotonic() - started > KILL_AFTER_SECONDS
            ):
                process.send_signal(signal.SIGKILL)
                break
        process.wait()
    log = "".join(lines)
    assert process.returncode == -signal.SIGKILL, f"dbt was not killed:\n{log[-2000:]}"
    assert " model marts." in log, f"killed before any mart started:\n{log[-2000:]}"
    return log


@pytest.fixture(scope="module")
def built_twice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Query, Query]:
    """Two builds into one file: a copy of the file after the first (an uninterrupted
    build) and the file after the second."""
    work = tmp_path_factory.mktemp("repeat_twice")
    duckdb_path = work / "engagement.duckdb"
    build(duckdb_path, work / "first")
    snapshot = work / "after_first_build.duckdb"
    snapshot.write_bytes(duckdb_path.read_bytes())
    return query_helper(snapshot), build(duckdb_path, work / "second")


def test_second_build_into_the_same_file_changes_no_mart(
    built_twice: tuple[Query, Query],
) -> None:
    """Building the same data twice into one DuckDB file gives the same marts."""
    first, second = built_twice
    tables = marts_tables(first)
    assert len(tables) >= 20, tables
    assert marts_tables(second) == tables
    assert_same_marts(first, second, tables)


def test_build_killed_part_way_then_rerun_equals_an_uninterrupted_build(
    built_twice: tuple[Query, Query], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """SIGKILL when the first mart starts, then `dbt build` again: same marts."""
    uninterrupted, _ = built_twice
    work = tmp_path_factory.mktemp("repeat_killed")
    duckdb_path = work / "engagement.duckdb"
    build_killed_at_first_mart(duckdb_path, work / "killed")
    rerun = build(duckdb_path, work / "rerun")
    tables = marts_tables(uninterrupted)
    assert marts_tables(rerun) == tables
    assert_same_marts(uninterrupted, rerun, tables)
