"""kpi_repeat_purchase_rate: what the reference must hold beyond the row-by-row
comparison in test_marts_match_reference.py (SPEC §5)."""

from __future__ import annotations

from reference import GRAINS
from reference_customer_value import CustomerValue


def test_reference_covers_every_grain(customer_value: CustomerValue) -> None:
    """Every grain and breakdown occurs, and some periods have repeat customers."""
    shapes = {(key[0], key[2]) for key in customer_value.repeat_purchase_rate}
    assert shapes == {
        (grain, breakdown)
        for grain in GRAINS
        for breakdown in ("overall", "customer_segment")
    }
    assert any(
        row["repeat_customers"] > 0
        for key, row in customer_value.repeat_purchase_rate.items()
        if key[0] == "day"
    )
