"""Session fixtures: one dbt build of the demo seeds into a temporary DuckDB file,
the raw seed rows, and the independent reference computed from them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from dbt_runner import Query, query_helper, run_dbt
from reference import Reference, Row, build_reference, load_mappings, load_raw_rows


@pytest.fixture(scope="session")
def build_date() -> date:
    """The build date that the range checks of D4 compare with."""
    return date.today()


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Query]:
    """`dbt build` of the demo seeds, once per session; yields a query helper."""
    work_dir = tmp_path_factory.mktemp("seed_build")
    duckdb_path = work_dir / "engagement.duckdb"
    run = run_dbt(["build"], duckdb_path, work_dir)
    assert run.success, f"dbt build failed:\n{run.errors}\n{run.log[-3000:]}"
    yield query_helper(duckdb_path)


@pytest.fixture(scope="session")
def raw_rows() -> dict[str, list[Row]]:
    """The demo seed CSVs by source, '' read as None like the seed loader."""
    return load_raw_rows()


@pytest.fixture(scope="session")
def reference(raw_rows: dict[str, list[Row]], build_date: date) -> Reference:
    """The independent reference computed from the seed CSVs."""
    return build_reference(raw_rows, load_mappings(), build_date)
