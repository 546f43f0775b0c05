"""An independent, pure-Python calculation of the customer value marts: orders staging,
customer activity, churn and retention, lifetime value, repeat purchases and cohort
retention (SPEC §2-§5, decisions D401-D406). It follows the text of SPEC.md and
docs/decisions.md, never the SQL, and reuses only the value grammar of reference.py.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from reference import (
    CONTRACT_COLUMNS,
    EARLIEST_VALID,
    MAPPING_DIR,
    KpiRows,
    Reference,
    Row,
    SourceOutcome,
    clean_text,
    enum_key,
    identify,
    is_missing,
    is_non_finite,
    is_out_of_range,
    kpi_rows,
    map_enum,
    next_period_start,
    parse_number,
    parse_timestamp,
    period_end,
    period_start,
    read_csv_rows,
    row_hash,
    safe_ratio,
    snake_case,
)

BASE_CURRENCY = "USD"
CHURN_INACTIVITY_DAYS = 30
EXPECTED_LIFESPAN_YEARS = 3.0
DAYS_PER_YEAR = 365.25
ORDER_STATUSES = ("completed", "refunded", "cancelled")
RETENTION_GRAINS: tuple[str, ...] = ("week", "month")
SEGMENT_BREAKDOWNS: tuple[str, ...] = ("customer_segment",)
CLV_BREAKDOWNS: tuple[str, ...] = ("customer_segment", "acquisition_channel")

CohortKey = tuple[date, int]


# ------------------------------------------------------------------- orders staging


def _order_reason(raw: Row, build_date: date) -> str | None:
    """The first failing check of a raw order (D6, D401), or None when it is valid."""
    if is_missing(raw["order_id"]):
        return "missing_order_id"
    if is_missing(raw["customer_id"]):
        return "missing_customer_id"
    if is_missing(raw["ordered_at"]):
        return "missing_ordered_at"
    moment = parse_timestamp(raw["ordered_at"])
    if moment is None:
        return "unparseable_ordered_at"
    if is_out_of_range(moment, build_date):
        return "ordered_at_out_of_range"
    if is_missing(raw["status"]):
        return "missing_status"
    if enum_key(raw["status"]) not in ORDER_STATUSES:
        return "unknown_status"
    if is_missing(raw["amount"]):
        return "missing_amount"
    if is_non_finite(raw["amount"]):
        return "non_finite_amount"
    amount = parse_number(raw["amount"])
    if amount is None:
        return "unparseable_amount"
    if amount < 0:
        return "negative_amount"
    currency = clean_text(raw["currency"])
    if currency is not None and currency.upper() != BASE_CURRENCY:
        return "currency_mismatch"
    return None


def clean_orders(raw_rows: list[Row], build_date: date) -> SourceOutcome:
    """Validate, then keep one valid row per order_id: the earliest ordered_at, then a
    refunded or cancelled copy before a completed one, then the smallest row hash."""
    rejected: list[tuple[Row, str]] = []
    by_key: dict[str, list[tuple[tuple[datetime, int, str], dict[str, Any]]]] = (
        defaultdict(list)
    )
    for raw in raw_rows:
        reason = _order_reason(raw, build_date)
        if reason is not None:
            rejected.append((raw, reason))
            continue
        moment = parse_timestamp(raw["ordered_at"])
        assert moment is not None
        status = str(enum_key(raw["status"]))
        order = {
            "order_id": clean_text(raw["order_id"]),
            "customer_id": clean_text(raw["customer_id"]),
            "ordered_at": moment,
            "ordered_date": moment.date(),
            "order_status": status,
            "amount": parse_number(raw["amount"]),
        }
        rank = (
            moment,
            1 if status == "completed" else 0,
            row_hash(raw, CONTRACT_COLUMNS["orders"]),
        )
        by_key[str(order["order_id"])].append((rank, order))
    kept = [min(rows, key=lambda item: item[0])[1] for rows in by_key.values()]
    duplicates = sum(len(rows) - 1 for rows in by_key.values())
    return SourceOutcome(len(raw_rows), kept, rejected, duplicates)


# ------------------------------------------------------------------- customers


def customer_attributes(
    raw_customers: list[Row], build_date: date
) -> dict[str, tuple[str, str]]:
    """customer_id -> (segment, acquisition channel) of the kept customer row: valid
    rows (an id, a parseable in-range or missing signed_up_at), then the earliest
    signed_up_at with missing last, then the smallest row hash (D7, D8, D10)."""
    aliases = {
        str(row["alias"]): str(row["canonical"])
        for row in read_csv_rows(MAPPING_DIR / "acquisition_channel_aliases.csv")
    }
    candidates: dict[str, list[tuple[tuple[bool, datetime, str], Row]]] = defaultdict(
        list
    )
    for raw in raw_customers:
        customer_id = clean_text(raw["customer_id"])
        signed_up_at = parse_timestamp(raw["signed_up_at"])
        if customer_id is None:
            continue
        if not is_missing(raw["signed_up_at"]) and signed_up_at is None:
            continue
        if signed_up_at is not None and is_out_of_range(signed_up_at, build_date):
            continue
        rank = (
            signed_up_at is None,
            signed_up_at or EARLIEST_VALID,
            row_hash(raw, CONTRACT_COLUMNS["customers"]),
        )
        candidates[customer_id].append((rank, raw))
    attributes = {}
    for customer_id, rows in candidates.items():
        raw = min(rows, key=lambda item: item[0])[1]
        segment = snake_case(raw["segment"]) or "unknown"
        attributes[customer_id] = (
            segment,
            map_enum(raw["acquisition_channel"], aliases),
        )
    return attributes


# -------------------------------------------------------------------- activity


def activity_days(
    orders: Iterable[dict[str, Any]],
    events: Iterable[dict[str, Any]],
    as_of_date: date,
) -> dict[str, list[date]]:
    """customer_id -> sorted days with a completed order or an identified non-bot
    event, up to the as-of date (SPEC §3, D402)."""
    days: dict[str, set[date]] = defaultdict(set)
    for order in orders:
        if order["order_status"] == "completed":
            days[order["customer_id"]].add(order["ordered_date"])
    for event in identify(events):
        if event["customer_id"] is not None:
            days[event["customer_id"]].add(event["occurred_at"].date())
    return {
        customer: sorted(day for day in customer_days if day <= as_of_date)
        for customer, customer_days in days.items()
        if any(day <= as_of_date for day in customer_days)
    }


def is_active_at(days: list[date], day: date, window: int) -> bool:
    """Active on some day in [day - window + 1, day]."""
    position = bisect.bisect_right(days, day)
    return position > 0 and days[position - 1] > day - timedelta(days=window)


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the last day of a shorter month."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    first = date(year, month + 1, 1)
    last = next_period_start("month", first) - timedelta(days=1)
    return first.replace(day=min(day.day, last.day))


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


# ------------------------------------------------------------- churn, retention


@dataclass(frozen=True)
class Membership:
    """One customer's part in one period."""

    customer_id: str
    customer_segment: str
    at_start: bool
    at_end: bool
    is_new: bool


def classify_periods(
    days: Mapping[str, list[date]],
    segments: Mapping[str, str],
    first_day: date,
    as_of_date: date,
    window: int = CHURN_INACTIVITY_DAYS,
) -> dict[tuple[str, date], list[Membership]]:
    """(grain, period start) -> the customers in S, in E or new in it (SPEC §5)."""
    periods: dict[tuple[str, date], list[Membership]] = {}
    for grain in RETENTION_GRAINS:
        start = period_start(grain, first_day)
        while start <= as_of_date:
            end_check = min(period_end(grain, start), as_of_date)
            members = []
            for customer, customer_days in days.items():
                at_start = is_active_at(
                    customer_days, start - timedelta(days=1), window
                )
                at_end = is_active_at(customer_days, end_check, window)
                is_new = start <= customer_days[0] <= end_check
                if at_start or at_end or is_new:
                    members.append(
                        Membership(
                            customer,
                            segments.get(customer, "unknown"),
                            at_start,
                            at_end,
                            is_new,
                        )
                    )
            periods[(grain, start)] = members
            start = next_period_start(grain, start)
    return periods


def retention_components(members: list[Membership]) -> dict[str, int]:
    return {
        "customers_at_start": sum(m.at_start for m in members),
        "customers_at_end": sum(m.at_end for m in members),
        "new_customers": sum(m.is_new for m in members),
        "new_customers_at_end": sum(m.is_new and m.at_end for m in members),
        "retained_customers": sum(m.at_start and m.at_end for m in members),
        "churned_customers": sum(m.at_start and not m.at_end for m in members),
        "reactivated_customers": sum(
            m.at_end and not m.at_start and not m.is_new for m in members
        ),
    }


def period_rows(
    groups: Mapping[tuple[str, date], list[Any]],
    breakdowns: tuple[str, ...],
    value_of: Callable[[Any, str], str],
    measure: Callable[[list[Any], bool], dict[str, Any]],
    is_complete: Callable[[str, date], bool],
) -> KpiRows:
    """The KPI shape for facts already grouped by (grain, period start): overall rows
    from the first to the last period with facts (D17), breakdown rows where the value
    occurs."""
    rows: KpiRows = {}
    for grain in sorted({grain for grain, _ in groups}):
        starts = sorted(
            start for g, start in groups if g == grain and groups[(g, start)]
        )
        if not starts:
            continue
        start = starts[0]
        while start <= starts[-1]:
            members = groups.get((grain, start), [])
            complete = is_complete(grain, start)
            rows[(grain, start, "overall", "all")] = {
                "is_complete_period": complete,
                **measure(members, complete),
            }
            for breakdown in breakdowns:
                by_value: dict[str, list[Any]] = defaultdict(list)
                for member in members:
                    by_value[value_of(member, breakdown)].append(member)
                for value, value_members in by_value.items():
                    rows[(grain, start, breakdown, value)] = {
                        "is_complete_period": complete,
                        **measure(value_members, complete),
                    }
            if grain == "all_time":
                break
            start = next_period_start(grain, start)
    return rows


def churn_rows(
    periods: Mapping[tuple[str, date], list[Membership]], as_of_date: date
) -> tuple[KpiRows, KpiRows]:
    """(kpi_customer_retention_rate rows, kpi_churn_rate rows)."""

    def complete(grain: str, start: date) -> bool:
        return period_end(grain, start) < as_of_date

    def retention(members: list[Membership], is_complete: bool) -> dict[str, Any]:
        counts = retention_components(members)
        start, end, new = (
            counts["customers_at_start"],
            counts["customers_at_end"],
            counts["new_customers"],
        )
        return {
            **counts,
            "retention_rate": safe_ratio(counts["retained_customers"], start)
            if is_complete
            else None,
            "guide_formula_e_minus_n_over_s": safe_ratio(end - new, start)
            if is_complete
            else None,
        }

    def churn(members: list[Membership], is_complete: bool) -> dict[str, Any]:
        counts = retention_components(members)
        return {
            **counts,
            "churn_rate": safe_ratio(
                counts["churned_customers"], counts["customers_at_start"]
            )
            if is_complete
            else None,
        }

    return (
        period_rows(periods, SEGMENT_BREAKDOWNS, getattr, retention, complete),
        period_rows(periods, SEGMENT_BREAKDOWNS, getattr, churn, complete),
    )


# ---------------------------------------------------------------- lifetime value


@dataclass(frozen=True)
class CohortCustomer:
    """A customer with a completed order up to the as-of date (D406)."""

    customer_id: str
    first_order_date: date
    customer_segment: str
    acquisition_channel: str
    completed_orders: int
    revenue: float
    tenure_years: float
    has_observed_first_12m: bool
    revenue_first_12m: float

    @property
    def cohort_month(self) -> date:
        return month_start(self.first_order_date)


def cohort_customers(
    orders: Iterable[dict[str, Any]],
    attributes: Mapping[str, tuple[str, str]],
    as_of_date: date,
) -> list[CohortCustomer]:
    by_customer: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for order in orders:
        if order["order_status"] == "completed" and order["ordered_date"] <= as_of_date:
            by_customer[order["customer_id"]].append(order)
    customers = []
    for customer, customer_orders in sorted(by_customer.items()):
        first = min(order["ordered_date"] for order in customer_orders)
        first_12m_end = add_months(first, 12)
        segment, channel = attributes.get(customer, ("unknown", "unknown"))
        customers.append(
            CohortCustomer(
                customer_id=customer,
                first_order_date=first,
                customer_segment=segment,
                acquisition_channel=channel,
                completed_orders=len(customer_orders),
                revenue=sum(order["amount"] for order in customer_orders),
                tenure_years=((as_of_date - first).days + 1) / DAYS_PER_YEAR,
                has_observed_first_12m=first_12m_end <= as_of_date,
                revenue_first_12m=sum(
                    order["amount"]
                    for order in customer_orders
                    if order["ordered_date"] < first_12m_end
                ),
            )
        )
    return customers


def lifetime_value_rows(customers: list[CohortCustomer], as_of_date: date) -> KpiRows:
    """Every row of kpi_customer_lifetime_value: all_time and cohort-month rows."""

    def measure(members: list[CohortCustomer], _: bool) -> dict[str, Any]:
        orders = sum(c.completed_orders for c in members)
        revenue = sum(c.revenue for c in members)
        tenure = sum(c.tenure_years for c in members)
        observed = [c for c in members if c.has_observed_first_12m]
        revenue_12m = sum(c.revenue_first_12m for c in observed)
        aov = safe_ratio(revenue, orders)
        frequency = safe_ratio(orders, tenure)
        return {
            "customers": len(members),
            "orders": orders,
            "revenue": float(revenue),
            "total_tenure_years": float(tenure),
            "avg_order_value": aov,
            "purchase_frequency_per_year": frequency,
            "expected_lifespan_years": EXPECTED_LIFESPAN_YEARS,
            "clv": None
            if aov is None or frequency is None
            else aov * frequency * EXPECTED_LIFESPAN_YEARS,
            "customers_with_12m_history": len(observed),
            "revenue_first_12m": float(revenue_12m),
            "historical_clv_12m": safe_ratio(revenue_12m, len(observed)),
        }

    first_cohort = min(c.cohort_month for c in customers)
    groups: dict[tuple[str, date], list[CohortCustomer]] = defaultdict(list)
    for customer in customers:
        groups[("month", customer.cohort_month)].append(customer)
    rows = period_rows(
        groups,
        CLV_BREAKDOWNS,
        getattr,
        measure,
        lambda grain, start: period_end(grain, start) < as_of_date,
    )
    all_time = period_rows(
        {("all_time", first_cohort): customers},
        CLV_BREAKDOWNS,
        getattr,
        measure,
        lambda grain, start: False,
    )
    return {**rows, **all_time}


# ---------------------------------------------------------------- repeat purchases


def repeat_purchase_rows(
    orders: Iterable[dict[str, Any]], segments: Mapping[str, str], as_of_date: date
) -> KpiRows:
    """Every row of kpi_repeat_purchase_rate: completed orders by order date."""
    completed = [
        {**order, "customer_segment": segments.get(order["customer_id"], "unknown")}
        for order in orders
        if order["order_status"] == "completed"
    ]

    def measure(members: list[dict[str, Any]]) -> dict[str, Any]:
        per_customer = Counter(order["customer_id"] for order in members)
        repeat = sum(1 for count in per_customer.values() if count >= 2)
        return {
            "customers_with_orders": len(per_customer),
            "repeat_customers": repeat,
            "completed_orders": len(members),
            "repeat_purchase_rate": safe_ratio(repeat, len(per_customer)),
        }

    return kpi_rows(
        completed,
        lambda order: order["ordered_date"],
        SEGMENT_BREAKDOWNS,
        lambda order, breakdown: order[breakdown],
        measure,
        as_of_date,
    )


# ---------------------------------------------------------------- cohort retention


def cohort_retention_rows(
    customers: list[CohortCustomer],
    days: Mapping[str, list[date]],
    as_of_date: date,
) -> dict[CohortKey, dict[str, Any]]:
    """(cohort_month, months_since_first) -> the row of kpi_cohort_retention."""
    cohorts: dict[date, list[CohortCustomer]] = defaultdict(list)
    for customer in customers:
        cohorts[customer.cohort_month].append(customer)
    last_month = month_start(as_of_date)
    rows: dict[CohortKey, dict[str, Any]] = {}
    for cohort_month, members in cohorts.items():
        month = cohort_month
        while month <= last_month:
            active = sum(
                1
                for member in members
                if any(month_start(day) == month for day in days[member.customer_id])
            )
            complete = period_end("month", month) < as_of_date
            rows[(cohort_month, months_between(cohort_month, month))] = {
                "period_grain": "month",
                "period_start": month,
                "is_complete_period": complete,
                "cohort_size": len(members),
                "active_customers": active,
                "retention_rate": active / len(members) if complete else None,
            }
            month = next_period_start("month", month)
    return rows


# ------------------------------------------------------------------- the whole


@dataclass(frozen=True)
class CustomerValue:
    """Everything this reference computes."""

    orders: list[dict[str, Any]]
    activity_days: dict[str, list[date]]
    periods: dict[tuple[str, date], list[Membership]]
    cohort_customers: list[CohortCustomer]
    retention_rate: KpiRows
    churn_rate: KpiRows
    lifetime_value: KpiRows
    repeat_purchase_rate: KpiRows
    cohort_retention: dict[CohortKey, dict[str, Any]]


def build_customer_value(
    raw: Mapping[str, list[Row]], reference: Reference, build_date: date
) -> CustomerValue:
    """Runs this reference on the raw rows, with the shared cleaning of reference.py."""
    as_of = reference.as_of_date
    orders = reference.outcomes["orders"].clean
    events = reference.outcomes["events"].clean
    days = activity_days(orders, events, as_of)
    attributes = customer_attributes(raw["customers"], build_date)
    assert {c: a[0] for c, a in attributes.items()} == reference.segments
    first_day = min(min(customer_days) for customer_days in days.values())
    periods = classify_periods(days, reference.segments, first_day, as_of)
    retention, churn = churn_rows(periods, as_of)
    customers = cohort_customers(orders, attributes, as_of)
    return CustomerValue(
        orders=orders,
        activity_days=days,
        periods=periods,
        cohort_customers=customers,
        retention_rate=retention,
        churn_rate=churn,
        lifetime_value=lifetime_value_rows(customers, as_of),
        repeat_purchase_rate=repeat_purchase_rows(orders, reference.segments, as_of),
        cohort_retention=cohort_retention_rows(customers, days, as_of),
    )
