"""Session fixtures: one dbt build of the demo seeds into a temporary DuckDB file,
the raw seed rows, and the independent reference computed from them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from dbt_runner import Query, query_helper, run_dbt
from reference import Reference, Row, build_reference, load_mappings, load_raw_rows
from reference_customer_value import CustomerValue, build_customer_value
from reference_voice_of_customer import (
    VoiceOfCustomerReference,
    build_voice_of_customer_reference,
    load_new_raw_rows,
)
from reference_web_engagement import WebReference, web_reference_for


@pytest.fixture(scope="session")
def build_date() -> date:
    """The build date that the range checks of D4 compare with."""
    return date.today()


@pytest.fixture(scope="session")
def warehouse_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`dbt build` of the demo seeds, once per session; the DuckDB file."""
    work_dir = tmp_path_factory.mktemp("seed_build")
    duckdb_path = work_dir / "engagement.duckdb"
    run = run_dbt(["build"], duckdb_path, work_dir)
    assert run.success, f"dbt build failed:\n{run.errors}\n{run.log[-3000:]}"
    return duckdb_path


@pytest.fixture(scope="session")
def warehouse(warehouse_path: Path) -> Iterator[Query]:
    """The demo build (`warehouse_path`) as a query helper."""
    yield query_helper(warehouse_path)


@pytest.fixture(scope="session")
def raw_rows() -> dict[str, list[Row]]:
    """The demo seed CSVs by source, '' read as None like the seed loader."""
    return load_raw_rows()


@pytest.fixture(scope="session")
def reference(raw_rows: dict[str, list[Row]], build_date: date) -> Reference:
    """The independent reference computed from the seed CSVs."""
    return build_reference(raw_rows, load_mappings(), build_date)


@pytest.fixture(scope="session")
def voc(reference: Reference, build_date: date) -> VoiceOfCustomerReference:
    """The independent reference of the issue-5 sources and marts, once per session."""
    return build_voice_of_customer_reference(
        load_new_raw_rows(), build_date, reference.as_of_date
    )


@pytest.fixture(scope="session")
def web(reference: Reference, build_date: date) -> WebReference:
    """The independent reference of the web engagement marts (issue 3)."""
    return web_reference_for(reference, build_date)


@pytest.fixture(scope="session")
def customer_value(
    raw_rows: dict[str, list[Row]], reference: Reference, build_date: date
) -> CustomerValue:
    """The independent reference of the customer value marts (issue 4)."""
    return build_customer_value(raw_rows, reference, build_date)
