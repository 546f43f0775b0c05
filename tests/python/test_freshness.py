"""`dbt source freshness` (issue 12, D1252-D1253): every raw source, warn only, on the
demo seed tables and on the CSV files of a raw_data_dir."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dbt_runner import DbtRun, run_dbt
from reference import RAW_SEED_DIR
from test_raw_data_dir import copy_seeds

WARN_AFTER = timedelta(days=3)
SOURCES = sorted(
    seed.stem.removeprefix("raw_") for seed in RAW_SEED_DIR.glob("raw_*.csv")
)


def freshness_by_source(run: DbtRun) -> dict[str, tuple[str, datetime]]:
    """source.table -> (status, max_loaded_at) of one freshness run."""
    results = run.result.result.results  # type: ignore[union-attr]
    return {
        result.node.name: (str(result.status), result.max_loaded_at)
        for result in results
        if result.node.resource_type == "source"
    }


def test_demo_seeds_are_stale_with_a_warning_never_an_error(
    warehouse_path: Path, tmp_path: Path
) -> None:
    """The demo data end in the past: every source warns, and the command succeeds."""
    run = run_dbt(["source", "freshness"], warehouse_path, tmp_path)
    assert run.success, run.errors
    freshness = freshness_by_source(run)
    assert sorted(freshness) == SOURCES
    now = datetime.now(UTC)
    for name, (status, max_loaded_at) in freshness.items():
        assert status == "warn", name
        assert max_loaded_at is not None and max_loaded_at < now - WARN_AFTER, name


def test_raw_data_dir_files_are_checked(tmp_path: Path) -> None:
    """With raw_data_dir the files are read: an event an hour old makes `events` pass,
    and a planted future timestamp (2099) does not count as fresh elsewhere."""
    folder = tmp_path / "it's raw"
    copy_seeds(folder)
    recent = (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with (folder / "events.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            f"EFRESH,A1,,page_view,{recent},https://shop.example/,,,,,desktop,ua\n"
        )
    run = run_dbt(
        ["source", "freshness", "--vars", json.dumps({"raw_data_dir": str(folder)})],
        tmp_path / "engagement.duckdb",
        tmp_path,
    )
    assert run.success, run.errors
    freshness = freshness_by_source(run)
    assert sorted(freshness) == SOURCES
    statuses = {name: status for name, (status, _) in freshness.items()}
    assert statuses.pop("events") == "pass"
    assert set(statuses.values()) == {"warn"}
