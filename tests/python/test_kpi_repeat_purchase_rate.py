"""kpi_repeat_purchase_rate: every row against the independent reference (SPEC §5)."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import Query
from helpers import assert_rows_equal, mart_by_key
from reference import GRAINS, Reference, Row
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
    mart = mart_by_key(warehouse("select * from marts.kpi_repeat_purchase_rate"))
    assert_rows_equal(
        mart, customer_value.repeat_purchase_rate, "kpi_repeat_purchase_rate"
    )


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
