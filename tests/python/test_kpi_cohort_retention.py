"""kpi_cohort_retention: what the reference must hold beyond the row-by-row comparison
in test_marts_match_reference.py (SPEC §3, §5)."""

from __future__ import annotations

from reference_customer_value import CustomerValue


def test_month_zero_is_complete_cohort(customer_value: CustomerValue) -> None:
    """Month 0 is 100% once complete; the running month's cells are NULL."""
    for (_, months_since_first), row in customer_value.cohort_retention.items():
        if months_since_first == 0 and row["is_complete_period"]:
            assert row["retention_rate"] == 1.0
        if not row["is_complete_period"]:
            assert row["retention_rate"] is None
