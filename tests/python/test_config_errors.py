"""Configuration mistakes stop `dbt run` in on-run-start (validate_config), with a
message naming the var or the file and column, before any model runs; and a quote in a
var value is data, never SQL (issue 12, D1250-D1251)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from dbt_runner import DbtRun, run_dbt
from test_raw_data_dir import copy_seeds, drop_column


@dataclass(frozen=True)
class Scratch:
    """One temp folder shared by the cases: the DuckDB file, a complete raw_data_dir
    whose name holds a quote, and one whose events.csv lacks occurred_at."""

    root: Path
    quoted_dir: Path
    missing_column_dir: Path

    @property
    def duckdb_path(self) -> Path:
        return self.root / "engagement.duckdb"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Scratch:
    root = tmp_path_factory.mktemp("config_errors")
    quoted_dir = root / "it's data"
    copy_seeds(quoted_dir)
    missing_column_dir = root / "missing_column"
    copy_seeds(missing_column_dir)
    drop_column(missing_column_dir / "events.csv", "occurred_at")
    return Scratch(root, quoted_dir, missing_column_dir)


def run_with_vars(
    scratch: Scratch,
    variables: dict[str, Any],
    *args: str,
    duckdb_path: Path | None = None,
) -> DbtRun:
    """`dbt run` (or `args`) with `variables`, by default against the shared scratch
    DuckDB file (which stays free of models)."""
    command = list(args) or ["run"]
    return run_dbt(
        [*command, "--vars", json.dumps(variables)],
        duckdb_path or scratch.duckdb_path,
        scratch.root,
    )


def built_model_tables(duckdb_path: Path) -> list[str]:
    """Tables and views outside the seed schemas (none when dbt stopped early)."""
    if not duckdb_path.exists():
        return []
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        rows = connection.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_schema not in ('raw', 'mappings', 'fixtures', 'main') "
            "order by 1"
        ).fetchall()
    return [row[0] for row in rows]


def assert_stops_before_models(run: DbtRun, scratch: Scratch, *fragments: str) -> None:
    """dbt failed, its error names every fragment, and no model ran or was built."""
    assert not run.success, "dbt accepted a wrong configuration"
    for fragment in fragments:
        assert fragment in run.errors, f"{fragment!r} not in:\n{run.errors}"
    results = getattr(run.result.result, "results", None) or []
    models = [r for r in results if r.node.resource_type == "model"]
    assert models == [], f"models ran: {[r.node.name for r in models]}"
    assert built_model_tables(scratch.duckdb_path) == []


# case -> (group, vars, fragments of the message). validate_config lists every wrong var
# in one message, so the cases of one group (each on a different var) share one
# invocation; each case still asserts its own line of the message.
ERROR_CASES: dict[str, tuple[str, dict[str, Any], tuple[str, ...]]] = {
    "unknown time zone": (
        "a",
        {"reporting_timezone": "Mars/Olympus_Mons"},
        ("reporting_timezone: unknown time zone 'Mars/Olympus_Mons'",),
    ),
    "time zone with an injected statement": (
        "b",
        {"reporting_timezone": "UTC'; select 1; --"},
        ("reporting_timezone: unknown time zone 'UTC'; select 1; --'",),
    ),
    "zero session timeout": (
        "a",
        {"session_timeout_minutes": 0},
        ("session_timeout_minutes: must be a number greater than 0, got '0'",),
    ),
    "negative session timeout": (
        "b",
        {"session_timeout_minutes": -30},
        ("session_timeout_minutes: must be a number greater than 0, got '-30'",),
    ),
    "conversion events as a plain string": (
        "a",
        {"conversion_events": "purchase"},
        (
            "conversion_events: must be a non-empty list of event names, for example "
            "['purchase', 'sign_up'], got 'purchase'",
        ),
    ),
    "empty conversion event list": (
        "b",
        {"conversion_events": []},
        ("conversion_events: must be a non-empty list of event names", "got '[]'"),
    ),
    "conversion event list with an empty name": (
        "c",
        {"conversion_events": ["purchase", " "]},
        ("conversion_events: ' ' is not an event name",),
    ),
    "conversion event list with a number": (
        "d",
        {"conversion_events": ["purchase", 42]},
        ("conversion_events: '42' is not an event name",),
    ),
    "unknown ces_direction": (
        "a",
        {"ces_direction": "backwards"},
        ("ces_direction: must be 'agreement'", "got 'backwards'"),
    ),
    "csat scale min not below max": (
        "a",
        {"csat_scale_min": 5, "csat_scale_max": 5, "csat_satisfied_threshold": 5},
        (
            "csat_scale_min / csat_scale_max: need two whole numbers with min < max, "
            "got 5 and 5",
        ),
    ),
    "threshold outside its scale": (
        "b",
        {"ces_agree_threshold": 9},
        ("ces_agree_threshold: must lie within the ces scale, got '9'",),
    ),
    "missing raw_data_dir folder": (
        "a",
        {"raw_data_dir": "{root}/no such folder"},
        (
            "raw_data_dir: folder '{root}/no such folder' does not exist "
            "or holds no files",
        ),
    ),
}


@pytest.fixture(scope="module")
def group_runs(scratch: Scratch) -> dict[str, DbtRun]:
    """One `dbt run` per group, with the vars of all its cases."""
    runs: dict[str, DbtRun] = {}
    for group in sorted({group for group, _, _ in ERROR_CASES.values()}):
        variables: dict[str, Any] = {}
        for case_group, case_vars, _ in ERROR_CASES.values():
            if case_group == group:
                for name, value in case_vars.items():
                    assert name not in variables, f"group {group} sets {name} twice"
                    variables[name] = with_root(value, scratch)
        runs[group] = run_with_vars(scratch, variables)
    return runs


def with_root(value: Any, scratch: Scratch) -> Any:
    return (
        value.replace("{root}", str(scratch.root)) if isinstance(value, str) else value
    )


@pytest.mark.parametrize("case", list(ERROR_CASES))
def test_wrong_var_stops_the_run_before_any_model(
    case: str, scratch: Scratch, group_runs: dict[str, DbtRun]
) -> None:
    group, _, fragments = ERROR_CASES[case]
    assert_stops_before_models(
        group_runs[group],
        scratch,
        "Invalid configuration",
        *(with_root(fragment, scratch) for fragment in fragments),
    )


def test_file_without_required_column_stops_the_run(scratch: Scratch) -> None:
    run = run_with_vars(scratch, {"raw_data_dir": str(scratch.missing_column_dir)})
    assert_stops_before_models(
        run,
        scratch,
        f"file {scratch.missing_column_dir / 'events.csv'} (source 'events') "
        "has no required column 'occurred_at'",
    )


def test_quotes_in_folder_and_event_names_are_data(scratch: Scratch) -> None:
    """A raw_data_dir named "it's data" and a conversion event "o'clock": the
    conversion-rate mart builds from the files (a quote never ends a SQL literal)."""
    run = run_with_vars(
        scratch,
        {
            "raw_data_dir": str(scratch.quoted_dir),
            "conversion_events": ["purchase", "o'clock"],
        },
        "build",
        "--select",
        "+kpi_conversion_rate",
        "--exclude",
        "path:seeds/raw",
        "--resource-type",
        "seed",
        "--resource-type",
        "model",
        duckdb_path=scratch.root / "quoted.duckdb",
    )
    assert run.success, run.errors
    with duckdb.connect(
        str(scratch.root / "quoted.duckdb"), read_only=True
    ) as connection:
        (rows,) = connection.execute(
            "select count(*) from marts.kpi_conversion_rate "
            "where converted_sessions > 0"
        ).fetchone()
    assert rows > 0


def test_memory_limit_that_is_no_amount_stops_the_run(scratch: Scratch) -> None:
    run = run_dbt(
        ["run"],
        scratch.duckdb_path,
        scratch.root,
        env={"DBT_DUCKDB_MEMORY_LIMIT": "lots"},
    )
    assert_stops_before_models(
        run, scratch, "DBT_DUCKDB_MEMORY_LIMIT: 'lots' is not an amount of memory"
    )


def test_memory_limit_is_set_for_the_run(scratch: Scratch) -> None:
    """The on-run-start statement runs (a seed runs the hooks too). DuckDB's
    memory_limit is global to the database the run's threads share, so it bounds
    every model (decision D717)."""
    run = run_dbt(
        ["seed", "--select", "network_aliases"],
        scratch.root / "memory_limit.duckdb",
        scratch.root,
        env={"DBT_DUCKDB_MEMORY_LIMIT": "3gb"},
    )
    assert run.success, run.errors
    assert "set memory_limit = '3gb'" in run.log
