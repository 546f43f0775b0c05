"""Every KPI mart, row by row and column by column, against the independent Python
reference computed from the raw CSVs (reference*.py); and the demo data exercising
every grain and breakdown of each mart. KPI-specific invariants stay in the
test_kpi_<name>.py modules."""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest
from dbt_runner import Query
from helpers import assert_covers_every_shape, assert_mart_matches, assert_rows_equal
from reference import CONVERSION_BREAKDOWNS, GRAINS, NPS_BREAKDOWNS
from reference_customer_value import RETENTION_GRAINS, SEGMENT_BREAKDOWNS
from reference_voice_of_customer import KPI_BREAKDOWNS
from reference_web_engagement import (
    ACTIVE_USER_BREAKDOWNS,
    BOUNCE_RATE_BREAKDOWNS,
    CLICK_THROUGH_BREAKDOWNS,
    ORGANIC_CLICKS_BREAKDOWNS,
    PAGES_PER_SESSION_BREAKDOWNS,
    SESSION_DURATION_BREAKDOWNS,
)


class Mart(NamedTuple):
    """Where a mart's expected rows live: a session fixture and its attribute, and the
    grains and breakdowns the demo must exercise (None: the mart has its own keys)."""

    fixture: str
    rows: str
    grains: tuple[str, ...] | None = GRAINS
    breakdowns: tuple[str, ...] = ()


MARTS: dict[str, Mart] = {
    "kpi_conversion_rate": Mart(
        "reference", "conversion_rate", breakdowns=CONVERSION_BREAKDOWNS
    ),
    "kpi_net_promoter_score": Mart(
        "reference", "net_promoter_score", breakdowns=NPS_BREAKDOWNS
    ),
    "kpi_pages_per_session": Mart(
        "web", "pages_per_session", breakdowns=PAGES_PER_SESSION_BREAKDOWNS
    ),
    "kpi_average_session_duration": Mart(
        "web", "average_session_duration", breakdowns=SESSION_DURATION_BREAKDOWNS
    ),
    "kpi_bounce_rate": Mart("web", "bounce_rate", breakdowns=BOUNCE_RATE_BREAKDOWNS),
    "kpi_daily_active_users": Mart(
        "web", "daily_active_users", breakdowns=ACTIVE_USER_BREAKDOWNS
    ),
    "kpi_organic_clicks": Mart(
        "web", "organic_clicks", breakdowns=ORGANIC_CLICKS_BREAKDOWNS
    ),
    "kpi_click_through_rate": Mart(
        "web", "click_through_rate", breakdowns=CLICK_THROUGH_BREAKDOWNS
    ),
    "kpi_churn_rate": Mart(
        "customer_value", "churn_rate", RETENTION_GRAINS, SEGMENT_BREAKDOWNS
    ),
    "kpi_customer_retention_rate": Mart(
        "customer_value", "retention_rate", RETENTION_GRAINS, SEGMENT_BREAKDOWNS
    ),
    "kpi_customer_lifetime_value": Mart(
        "customer_value", "lifetime_value", grains=None
    ),
    "kpi_repeat_purchase_rate": Mart(
        "customer_value", "repeat_purchase_rate", breakdowns=SEGMENT_BREAKDOWNS
    ),
    **{
        f"kpi_{name}": Mart("voc", name, breakdowns=breakdowns)
        for name, breakdowns in KPI_BREAKDOWNS.items()
    },
}


def expected_rows(request: pytest.FixtureRequest, mart: str) -> Any:
    """The reference rows of one mart, from its domain's session fixture."""
    spec = MARTS[mart]
    return getattr(request.getfixturevalue(spec.fixture), spec.rows)


@pytest.mark.parametrize("mart", sorted(MARTS))
def test_every_row_matches_the_reference(
    request: pytest.FixtureRequest, warehouse: Query, mart: str
) -> None:
    """Same keys, and the same value in every column of every row."""
    assert_mart_matches(warehouse, mart, expected_rows(request, mart))


@pytest.mark.parametrize(
    "mart", sorted(name for name, spec in MARTS.items() if spec.grains)
)
def test_reference_covers_every_grain_and_breakdown(
    request: pytest.FixtureRequest, mart: str
) -> None:
    """The demo data exercises every grain and breakdown of the mart."""
    spec = MARTS[mart]
    assert spec.grains is not None
    assert_covers_every_shape(
        expected_rows(request, mart), spec.breakdowns, spec.grains
    )


def test_every_cohort_cell_matches_the_reference(
    warehouse: Query, customer_value: Any
) -> None:
    """kpi_cohort_retention: the same (cohort_month, months_since_first) cells and
    the same values."""
    rows = warehouse("select * from marts.kpi_cohort_retention")
    keys = ("cohort_month", "months_since_first")
    mart = {
        tuple(row[k] for k in keys): {k: v for k, v in row.items() if k not in keys}
        for row in rows
    }
    assert len(mart) == len(rows)
    assert_rows_equal(mart, customer_value.cohort_retention, "kpi_cohort_retention")


def test_every_kpi_mart_is_checked(warehouse: Query) -> None:
    """A new kpi_* mart must be added to MARTS (cohort retention has its own test)."""
    tables = {
        row["table_name"]
        for row in warehouse(
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' and table_name like 'kpi_%'"
        )
    }
    assert tables == set(MARTS) | {"kpi_cohort_retention"}
