"""kpi_daily_active_users: the reference's trailing windows and distinct counts on hand-
worked examples, beyond the row-by-row comparison in test_marts_match_reference.py."""

from __future__ import annotations

from datetime import date, timedelta

from helpers import overall_rows
from reference_web_engagement import (
    UserDay,
    WebReference,
    daily_active_users_rows,
)


def test_invariants_hold_on_the_reference(web: WebReference) -> None:
    """new + returning = active; DAU <= WAU <= MAU on day rows, NULL elsewhere."""
    for (grain, _, _, _), row in web.daily_active_users.items():
        assert row["new_users"] + row["returning_users"] == row["active_users"]
        if grain == "day":
            assert row["active_users"] <= row["wau"] <= row["mau"]
        else:
            assert row["wau"] is None and row["mau"] is None
        assert row["active_customers"] <= row["total_customers"]


def test_month_rows_are_not_sums_of_day_rows(web: WebReference) -> None:
    """Distinct users are never summed: a month's active users are fewer than the sum
    of its days' DAU wherever users come back within the month."""
    days = overall_rows(web.daily_active_users, "day")
    months = overall_rows(web.daily_active_users, "month")
    start = date(2025, 8, 1)
    summed = sum(row["active_users"] for day, row in days.items() if day.month == 8)
    assert months[start]["active_users"] < summed


def test_trailing_windows_on_a_hand_worked_example() -> None:
    """Active on day 1 only: in WAU through day 7, not day 8; in MAU through day 28,
    not day 29. A new user on a second device the same week is new once."""
    day_one = date(2024, 3, 1)
    days = [
        UserDay("u1", None, day_one, "desktop", "anonymous"),
        UserDay("u2", None, day_one + timedelta(days=29), "mobile", "anonymous"),
    ]
    rows = daily_active_users_rows(days, {}, {}, as_of=date(2024, 4, 30))

    def overall(offset: int) -> dict[str, object]:
        return rows[("day", day_one + timedelta(days=offset), "overall", "all")]

    assert (overall(0)["wau"], overall(0)["mau"], overall(0)["new_users"]) == (1, 1, 1)
    assert (overall(6)["active_users"], overall(6)["wau"], overall(6)["mau"]) == (
        0,
        1,
        1,
    )
    assert (overall(7)["wau"], overall(7)["mau"]) == (0, 1)
    assert (overall(27)["wau"], overall(27)["mau"]) == (0, 1)
    assert (overall(28)["wau"], overall(28)["mau"]) == (0, 0)
    assert overall(28)["stickiness"] is None
    assert (overall(29)["active_users"], overall(29)["mau"]) == (1, 1)
    assert overall(29)["stickiness"] == 1.0
    march = rows[("month", date(2024, 3, 1), "overall", "all")]
    assert (march["active_users"], march["new_users"], march["wau"]) == (2, 2, None)
