"""kpi_customer_lifetime_value: what the reference must hold beyond the row-by-row
comparison in test_marts_match_reference.py (SPEC §5, D406)."""

from __future__ import annotations

import pytest
from reference_customer_value import CustomerValue


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
