"""kpi_churn_rate and kpi_customer_retention_rate: what the reference must hold beyond
the row-by-row comparison in test_marts_match_reference.py (SPEC §3-§5, D401-D405)."""

from __future__ import annotations

import pytest
from reference_customer_value import CustomerValue


def test_retention_and_churn_sum_to_one(customer_value: CustomerValue) -> None:
    """retention_rate + churn_rate = 1 wherever both are set."""
    both = 0
    for key, row in customer_value.retention_rate.items():
        churn = customer_value.churn_rate[key]["churn_rate"]
        assert (row["retention_rate"] is None) == (churn is None), key
        if churn is not None:
            both += 1
            assert row["retention_rate"] + churn == pytest.approx(1, rel=1e-12)
    assert both > 20


def test_demo_exercises_every_case(customer_value: CustomerValue) -> None:
    """The demo has churned and reactivated customers, incomplete periods and periods
    where the guide formula differs from the retention rate. (No demo customer is
    acquired and lost inside one month; the unit test
    churn_reactivation_and_short_lived_customers covers that case.)"""
    monthly = [
        row
        for key, row in customer_value.retention_rate.items()
        if key[0] == "month" and key[2] == "overall"
    ]
    assert any(row["reactivated_customers"] > 0 for row in monthly)
    assert any(row["churned_customers"] > 0 for row in monthly)
    assert any(not row["is_complete_period"] for row in monthly)
    assert any(
        row["retention_rate"] is not None
        and row["guide_formula_e_minus_n_over_s"] != row["retention_rate"]
        for row in monthly
    )
