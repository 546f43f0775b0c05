"""kpi_customer_lifetime_value: every row against the independent reference (SPEC §5,
D406)."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import Query
from helpers import assert_rows_equal, mart_by_key
from reference import Reference, Row
from reference_customer_value import CustomerValue, build_customer_value


@pytest.fixture(scope="module")
def customer_value(
    raw_rows: dict[str, list[Row]], reference: Reference, build_date: date
) -> CustomerValue:
    return build_customer_value(raw_rows, reference, build_date)


def test_every_row_matches_the_reference(
    warehouse: Query, customer_value: CustomerValue
) -> None:
    """Same keys, and the same value in every column of every row."""
    mart = mart_by_key(warehouse("select * from marts.kpi_customer_lifetime_value"))
    assert_rows_equal(
        mart, customer_value.lifetime_value, "kpi_customer_lifetime_value"
    )


def test_all_time_overall_row(customer_value: CustomerValue) -> None:
    """One all_time overall row over every customer with a completed order."""
    rows = [
        row
        for key, row in customer_value.lifetime_value.items()
        if key[0] == "all_time" and key[2] == "overall"
    ]
    assert len(rows) == 1
    assert rows[0]["customers"] == len(customer_value.cohort_customers)
    assert 0 < rows[0]["customers_with_12m_history"] < rows[0]["customers"]


def test_cohort_rows_add_up_to_all_time(customer_value: CustomerValue) -> None:
    """Customers, orders and revenue are additive over the cohort months."""
    overall = {
        key: row
        for key, row in customer_value.lifetime_value.items()
        if key[2] == "overall"
    }
    (all_time,) = [row for key, row in overall.items() if key[0] == "all_time"]
    months = [row for key, row in overall.items() if key[0] == "month"]
    assert sum(row["customers"] for row in months) == all_time["customers"]
    assert sum(row["orders"] for row in months) == all_time["orders"]
    assert sum(row["revenue"] for row in months) == pytest.approx(all_time["revenue"])
