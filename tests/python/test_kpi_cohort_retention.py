"""kpi_cohort_retention: every cell against the independent reference (SPEC §3, §5)."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import Query
from helpers import assert_rows_equal
from reference import Reference, Row
from reference_customer_value import CustomerValue, build_customer_value


@pytest.fixture(scope="module")
def customer_value(
    raw_rows: dict[str, list[Row]], reference: Reference, build_date: date
) -> CustomerValue:
    return build_customer_value(raw_rows, reference, build_date)


def test_every_cell_matches_the_reference(
    warehouse: Query, customer_value: CustomerValue
) -> None:
    """Same (cohort_month, months_since_first) cells and the same values."""
    rows = warehouse("select * from marts.kpi_cohort_retention")
    mart = {
        (row["cohort_month"], row["months_since_first"]): {
            k: v
            for k, v in row.items()
            if k not in ("cohort_month", "months_since_first")
        }
        for row in rows
    }
    assert len(mart) == len(rows)
    assert_rows_equal(mart, customer_value.cohort_retention, "kpi_cohort_retention")


def test_month_zero_is_complete_cohort(customer_value: CustomerValue) -> None:
    """Month 0 is 100% once complete; the running month's cells are NULL."""
    for (_, months_since_first), row in customer_value.cohort_retention.items():
        if months_since_first == 0 and row["is_complete_period"]:
            assert row["retention_rate"] == 1.0
        if not row["is_complete_period"]:
            assert row["retention_rate"] is None
