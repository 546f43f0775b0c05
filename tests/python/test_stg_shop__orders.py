"""stg_shop__orders against the independent cleaning of the order seed (SPEC §2, D401):
the kept row of every order_id, including the refunded copy of a completed order."""

from __future__ import annotations

from conftest import Query
from helpers import assert_rows_equal
from reference import Reference


def test_clean_orders_match_the_reference(
    warehouse: Query, reference: Reference
) -> None:
    """Every clean order with its customer, time, status and amount."""
    rows = warehouse(
        "select order_id, customer_id, ordered_date, order_status, amount"
        " from staging.stg_shop__orders"
    )
    actual = {
        row["order_id"]: {k: v for k, v in row.items() if k != "order_id"}
        for row in rows
    }
    expected = {
        order["order_id"]: {
            "customer_id": order["customer_id"],
            "ordered_date": order["ordered_date"],
            "order_status": order["order_status"],
            "amount": order["amount"],
        }
        for order in reference.outcomes["orders"].clean
    }
    assert_rows_equal(actual, expected, "stg_shop__orders")


def test_refunded_copy_of_a_completed_order_is_kept(
    warehouse: Query, reference: Reference
) -> None:
    """The seed plants one order whose copy at the same time says refunded."""
    rows = warehouse(
        "select order_id from staging.stg_shop__orders_validated"
        " where is_duplicate and order_status = 'completed'"
        " and raw_ordered_at in (select raw_ordered_at"
        " from staging.stg_shop__orders_validated where keep_rank = 1"
        " and order_status = 'refunded')"
    )
    assert len(rows) == 1
    kept = {o["order_id"]: o for o in reference.outcomes["orders"].clean}
    assert kept[rows[0]["order_id"]]["order_status"] == "refunded"
