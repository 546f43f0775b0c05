"""Hand-made raw files with the corner cases the demo data does not hold, read through
`raw_data_dir`: every rejected row, the row accounting and every KPI row against the
reference computed from the same files."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from dbt_runner import build_from_raw_data_dir
from helpers import (
    Query,
    assert_rejected_row_by_row,
    assert_rows_equal,
    mart_by_key,
    rejected_reasons_in,
    row_accounting_in,
    write_header_only_files,
)
from reference import (
    CONTRACT_COLUMNS,
    SOURCES,
    Reference,
    Row,
    build_reference,
    load_mappings,
    read_csv_rows,
)

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CRAWLER = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
SHOP = "https://shop.example"


def edge_rows(build_date: date) -> dict[str, list[list[str]]]:
    """Raw rows by source, in contract column order ('' = empty field)."""
    tomorrow = (build_date + timedelta(days=1)).isoformat()
    too_late = (build_date + timedelta(days=2)).isoformat()
    customers = [
        # Same instant twice: the smaller row hash is kept (D7).
        [
            "C1",
            "a@mail.example",
            "2025-03-01T10:00:00Z",
            "DE",
            "Mid-Market",
            "Referral",
        ],
        ["C1", "b@mail.example", "2025-03-01 11:00:00+01:00", "DE", "SMB", "direct"],
        # Invalid with the key of a valid row: rejected, not a duplicate.
        ["C1", "", "yesterday", "DE", "consumer", ""],
        # A timestamp beats a missing one.
        ["C2", "", "", "US", "Enterprise", ""],
        ["C2", "c@mail.example", "2025-03-02T00:00:00Z", "US", "consumer", "seo"],
        # D3: an offset of 05:60 is no real instant.
        ["C3", "d@mail.example", "2025-03-01T10:00:00+05:60", "FR", "smb", ""],
        ["C4", "", f"{too_late}T00:00:00Z", "US", "smb", ""],
        ["C5", "", "1999-12-31T23:59:59Z", "US", "smb", ""],
        ["C6", "", "2000-01-01T00:30:00+01:00", "US", "smb", ""],
        ["C7", "", "2000-01-01", "US", " ENTERPRISE ", "ppc"],
        ["C8", "", "2025-03-06T12:00:00Z", "US", "  ", ""],
        [" ", "", "2025-03-01T10:00:00Z", "US", "smb", ""],
    ]

    def event(
        event_id: str,
        anonymous_id: str,
        customer_id: str,
        name: str,
        occurred_at: str,
        page: str = "",
        referrer: str = "",
        utm_medium: str = "",
        device: str = "desktop",
        agent: str = BROWSER,
    ) -> list[str]:
        url = f"{SHOP}{page}" if page else ""
        return [
            event_id,
            anonymous_id,
            customer_id,
            name,
            occurred_at,
            url,
            referrer,
            "",
            utm_medium,
            "",
            device,
            agent,
        ]

    events = [
        # Identity (D13): E04 beats E03 at the same instant by event_id, so A1's
        # anonymous events belong to C2; the later bot event E05 identifies no one and
        # (at the build date + 1 day, still valid) does not move the as-of date.
        event(
            "E01",
            "A1",
            "",
            "Page View",
            "2025-03-03T09:00:00Z",
            "/Pricing/?x=1",
            "https://www.google.com/search?q=a",
            device="Desktop",
        ),
        event("E02", "A1", "", "page_view", "2025-03-03T09:30:00Z", "/docs/api"),
        event("E03", "A1", "C1", "Sign Up", "2025-03-03 10:00:01Z", "/signup"),
        event("E04", "A1", "C2", "login", "2025-03-03T10:00:01Z", "/login"),
        event(
            "E05",
            "A1",
            "C1",
            "purchase",
            f"{tomorrow}T12:00:00Z",
            "/cart",
            agent=CRAWLER,
        ),
        event("E06", "A1", "", "search", "2025-03-04T08:00:00Z"),
        # Deduplication: same instant (hash decides), an invalid row, a later copy.
        event(
            "E10",
            "A2",
            "",
            "page_view",
            "2025-03-05T10:00:00Z",
            "/blog/a",
            device="Mobile Phone ",
        ),
        event(
            "E10",
            "A2",
            "",
            "page_view",
            "2025-03-05T10:00:00Z",
            "/blog/b",
            device="mobile",
        ),
        event("E10", "A2", "", "page_view", "not a date", "/blog/c"),
        event("E10", "A2", "", "page_view", "2025-03-05T11:00:00Z", "/blog/d"),
        # Same instant in one session: E20 comes first by event_id.
        event(
            "E21",
            "A3",
            "",
            "add_to_cart",
            "2025-03-05T12:00:00Z",
            "/products/x",
            utm_medium="qr code",
            device="smart-tv",
        ),
        event(
            "E20",
            "A3",
            "",
            "page_view",
            "2025-03-05T12:00:00Z",
            "/",
            "https://l.facebook.com/",
            device="iPad",
        ),
        # A session across midnight belongs to its first day.
        event(
            "E30",
            "A4",
            "",
            "page_view",
            "2025-03-05T23:50:00Z",
            "/x",
            "https://mail.google.com/mail/u/0",
            device="",
        ),
        event("E31", "A4", "", " PURCHASE ", "2025-03-06T00:10:00Z", "/thanks"),
        # Offsets: 01:30+02:00 is the day before in UTC.
        event(
            "E40",
            "A5",
            "",
            "page_view",
            "2025-03-06 01:30:00+02:00",
            "/y",
            "https://news.example.org/a",
            device="PC",
        ),
        event(
            "E41",
            "A6",
            "",
            "page_view",
            "2025-03-02T08:00:00-05:00",
            "/?a=1#f",
            "https://www.shop.example/x",
            utm_medium="  ",
        ),
        # Segments (D16).
        event("E50", "", "C9", "page_view", "2025-03-04T09:00:00Z", "/a"),
        event("E51", "", "C8", "purchase", "2025-03-04T09:05:00Z", "/a"),
        event(
            "E52",
            "",
            "C7",
            "page_view",
            "2025-03-04T11:00:00Z",
            "/a",
            utm_medium="Paid-Social",
        ),
        # Rejections, first failing check wins (D6).
        event(" ", "A7", "", "page_view", "2025-03-04T12:00:00Z"),
        event("", "A7", "", "", "2025-03-04T12:00:00Z"),
        event("E60", "A7", "", "  ", "2025-03-04T12:00:00Z"),
        event("E61", "", "", "page_view", "2025-03-04T12:00:00Z"),
        event("E62", "A7", "", "page_view", ""),
        event("E63", "A7", "", "page_view", "2025-02-30T10:00:00Z"),
        event("E64", "A7", "", "page_view", "2025-03-04T10:00:00.1234567Z"),
        event("E65", "A7", "", "page_view", "2025-03-08T10:00:00+99:00"),
        event("E66", "A7", "", "page_view", f"{too_late}T00:00:00Z"),
        event("E67", "A7", "", "page_view", "1999-12-31T23:59:59Z"),
    ]

    def response(
        response_id: str, customer_id: str, survey_type: str, score: str, at: str
    ) -> list[str]:
        return [response_id, customer_id, survey_type, score, "", "", at, ""]

    survey_responses = [
        response("R01", "C1", "nps", "10", "2025-03-03T12:00:00Z"),
        response("R01", "C1", "nps", "3", "2025-03-03T12:00:00Z"),
        response("R01", "C1", "nps", "6", "2025-03-03T12:30:00Z"),
        response("R02", "C2", " NPS ", "9.0", "2025-03-03T13:00:00Z"),
        response("R03", "", "nps", "5.", "2025-03-03T14:00:00Z"),
        response("R04", "C9", "nps", "0", "2025-03-04T12:00:00Z"),
        response("R05", "", "Nps", "7", "2025-03-04T12:00:00Z"),
        response("R06", "C1", "csat", "0", "2025-03-04T12:00:00Z"),
        response("R07", "C1", "ces", "0", "2025-03-04T12:00:00Z"),
        response("R08", "C8", "nps", "-0", "2025-03-05T00:00:00Z"),
        response("R09", "C7", "nps", "1e1", "2025-03-05T01:00:00+01:00"),
        response("R10", "C7", "nps", "+8", "2025-03-05T02:00:00Z"),
        response("R11", "C2", "nps", ".5e1", "2025-03-05T03:00:00Z"),
        response("R13", "", "sus", "5", "2025-03-05T03:00:00Z"),
        response("R14", "", "nps", "NaN", "2025-03-05T03:00:00Z"),
        response("R15", "", "nps", "-inf", "2025-03-05T03:00:00Z"),
        response("R16", "", "nps", "\t", "2025-03-05T03:00:00Z"),
        response("R17", "", "nps", "8.5", "2025-03-05T03:00:00Z"),
        response("R18", "", "nps", "11", "2025-03-05T03:00:00Z"),
        response("R19", "", "csat", "6", "2025-03-05T03:00:00Z"),
        response("R20", "", "nps", "9", ""),
        response("R21", "", "nps", "9", "2025-13-01T00:00:00Z"),
        response("R22", "", "nps", "9", f"{too_late}T00:00:00Z"),
        response(" ", "", "nps", "9", "2025-03-05T03:00:00Z"),
        response("R23", "", "", "9", "2025-03-05T03:00:00Z"),
        response("R24", "", "nps", "", "2025-03-05T03:00:00Z"),
        response("R25", "C1", "csat", "5", "2025-03-06T09:00:00Z"),
    ]
    orders = [
        # A refunded copy at the same instant wins over the completed one (SPEC §2).
        ["O1", "C1", "2025-03-01T10:00:00Z", "completed", "10.00", "USD"],
        ["O1", "C1", "2025-03-01 11:00:00+01:00", " Refunded", "10.00", "usd"],
        # A cancelled copy too; a missing currency is the base currency (D401).
        ["O2", "C2", "2025-03-02T09:00:00Z", "completed", "5", "USD"],
        ["O2", "C2", "2025-03-02T09:00:00Z", "Cancelled", "5", ""],
        # The earliest copy wins before the status does.
        ["O3", "C1", "2025-03-01T09:00:00Z", "completed", "7", "USD"],
        ["O3", "C1", "2025-03-01T11:00:00Z", "refunded", "7", "USD"],
        # Amount 0 is valid; two completed orders of C2 on one day (repeat).
        ["O4", "C2", "2025-03-03 10:00:00+01:00", " COMPLETED ", "0", " usd "],
        ["O5", "C2", "2025-03-03T12:00:00Z", "completed", "20.5", "USD"],
        # Invalid with the key of a valid row: rejected, not a duplicate.
        ["O5", "C2", "not a date", "completed", "20.5", "USD"],
        # A customer missing from customers: segment unknown.
        ["O6", "C9", "2025-03-04T00:00:00Z", "completed", "1e2", "USD"],
        ["O7", "C1", "2025-03-05T00:00:00Z", "shipped", "10", "USD"],
        ["O8", "C1", "2025-03-05T00:00:00Z", "completed", "-1", "USD"],
        ["O9", "C1", "2025-03-05T00:00:00Z", "completed", "NaN", "USD"],
        ["O10", "C1", "2025-03-05T00:00:00Z", "completed", "1e999", "USD"],
        ["O11", "C1", "2025-03-05T00:00:00Z", "completed", "5.", "USD"],
        ["O12", "C1", "2025-03-05T00:00:00Z", "completed", "10", "EUR"],
        ["", "C1", "2025-03-05T00:00:00Z", "completed", "10", "USD"],
        ["O13", " ", "2025-03-05T00:00:00Z", "completed", "10", "USD"],
        ["O14", "C1", "", "completed", "10", "USD"],
        ["O15", "C1", "2025-03-05T24:00:00Z", "completed", "10", "USD"],
        ["O16", "C1", "1999-12-31T23:59:59Z", "completed", "10", "USD"],
        ["O17", "C1", "2025-03-05T00:00:00Z", "", "10", "USD"],
        ["O18", "C1", "2025-03-05T00:00:00Z", "completed", "", "USD"],
    ]
    return {
        "customers": customers,
        "events": events,
        "survey_responses": survey_responses,
        "orders": orders,
    }


def write_raw_files(folder: Path, build_date: date) -> dict[str, list[Row]]:
    """Writes <source>.csv per source; returns the rows as the reference reads them."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = edge_rows(build_date)
    for source in SOURCES:
        path = folder / f"{source}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(CONTRACT_COLUMNS[source])
            writer.writerows(rows[source])
    write_header_only_files(folder, covered=SOURCES)
    return {source: read_csv_rows(folder / f"{source}.csv") for source in SOURCES}


@dataclass(frozen=True)
class EdgeBuild:
    """The edge-case files, their dbt build and their reference."""

    raw: dict[str, list[Row]]
    query: Query
    reference: Reference


@pytest.fixture(scope="module")
def edge_build(tmp_path_factory: pytest.TempPathFactory, build_date: date) -> EdgeBuild:
    """The edge-case files built with dbt (seeds of the mappings and every model), and
    the reference computed from the same files."""
    work_dir = tmp_path_factory.mktemp("edge_cases")
    folder = work_dir / "raw"
    raw = write_raw_files(folder, build_date)
    query = build_from_raw_data_dir(folder, work_dir)
    reference = build_reference(raw, load_mappings(), build_date)
    return EdgeBuild(raw, query, reference)


VALIDATED_MODELS = {
    "customers": "staging.stg_crm__customers_validated",
    "events": "staging.stg_app__events_validated",
    "survey_responses": "staging.stg_surveys__survey_responses_validated",
    "orders": "staging.stg_shop__orders_validated",
}


@pytest.mark.parametrize("source", SOURCES)
def test_files_are_read_as_written(edge_build: EdgeBuild, source: str) -> None:
    """Every raw value reaches staging as written, as the reference reads it."""
    columns = CONTRACT_COLUMNS[source]
    selected = ", ".join(f"raw_{column}" for column in columns)
    loaded = edge_build.query(f"select {selected} from {VALIDATED_MODELS[source]}")
    expected = Counter(tuple(r[c] for c in columns) for r in edge_build.raw[source])
    assert Counter(tuple(row.values()) for row in loaded) == expected


@pytest.mark.parametrize("source", SOURCES)
def test_rejected_rows_row_by_row(edge_build: EdgeBuild, source: str) -> None:
    """Each rejected row with the reason of the first failing check (D2-D6)."""
    query, reference = edge_build.query, edge_build.reference
    assert_rejected_row_by_row(query, reference, source)


def test_row_accounting(edge_build: EdgeBuild) -> None:
    """raw, clean, rejected and duplicate rows per source (D7)."""
    query, reference = edge_build.query, edge_build.reference
    accounting = {k: v for k, v in row_accounting_in(query).items() if k in SOURCES}
    assert_rows_equal(
        accounting, reference.row_accounting(), "dq_source_row_accounting"
    )
    reasons = {k: v for k, v in rejected_reasons_in(query).items() if k[0] in SOURCES}
    assert_rows_equal(reasons, reference.rejected_rows(), "dq_rejected_rows")


def test_as_of_date(edge_build: EdgeBuild) -> None:
    """D18: the latest date of clean non-bot data (the bot event of tomorrow is not)."""
    query, reference = edge_build.query, edge_build.reference
    assert reference.as_of_date == date(2025, 3, 6)
    (row,) = query("select as_of_date from utilities.as_of_date")
    assert row["as_of_date"] == reference.as_of_date


def test_kpi_conversion_rate(edge_build: EdgeBuild) -> None:
    """Every row of kpi_conversion_rate."""
    query, reference = edge_build.query, edge_build.reference
    mart = mart_by_key(query("select * from marts.kpi_conversion_rate"))
    assert_rows_equal(mart, reference.conversion_rate, "kpi_conversion_rate")


def test_kpi_net_promoter_score(edge_build: EdgeBuild) -> None:
    """Every row of kpi_net_promoter_score."""
    query, reference = edge_build.query, edge_build.reference
    mart = mart_by_key(query("select * from marts.kpi_net_promoter_score"))
    assert_rows_equal(mart, reference.net_promoter_score, "kpi_net_promoter_score")


def test_reference_sessions_worked_by_hand(tmp_path: Path, build_date: date) -> None:
    """The reference's sessions of the edge cases, worked out by hand: A1's anonymous
    events belong to C2 (E04 > E03 at the same instant), a 30:00 gap continues and
    30:01 splits, the bot is ignored, midnight does not split, offsets shift the day."""
    raw = write_raw_files(tmp_path / "raw", build_date)
    reference = build_reference(raw, load_mappings(), build_date)
    sessions = sorted(
        (
            s.session_date.isoformat(),
            s.user_key,
            s.events,
            s.is_converted,
            s.landing_page,
            s.traffic_channel,
            s.device_type,
            s.customer_segment,
        )
        for s in reference.sessions
    )
    assert sessions == [
        ("2025-03-02", "A6", 1, False, "/", "direct", "desktop", "anonymous"),
        ("2025-03-03", "C1", 1, True, "/signup", "direct", "desktop", "mid_market"),
        ("2025-03-03", "C2", 1, False, "/login", "direct", "desktop", "consumer"),
        (
            "2025-03-03",
            "C2",
            2,
            False,
            "/pricing",
            "organic_search",
            "desktop",
            "consumer",
        ),
        ("2025-03-04", "C2", 1, False, "unknown", "direct", "desktop", "consumer"),
        ("2025-03-04", "C7", 1, False, "/a", "social", "desktop", "enterprise"),
        ("2025-03-04", "C8", 1, True, "/a", "direct", "desktop", "unknown"),
        ("2025-03-04", "C9", 1, False, "/a", "direct", "desktop", "unknown"),
        ("2025-03-05", "A2", 1, False, "/blog/a", "direct", "mobile", "anonymous"),
        ("2025-03-05", "A3", 2, False, "/", "social", "tablet", "anonymous"),
        ("2025-03-05", "A4", 2, True, "/x", "email", "unknown", "anonymous"),
        ("2025-03-05", "A5", 1, False, "/y", "referral", "desktop", "anonymous"),
    ]
    assert reference.as_of_date == date(2025, 3, 6)


def test_customer_value_marts(edge_build: EdgeBuild, build_date: date) -> None:
    """Every row of the churn, retention, lifetime value, repeat purchase and cohort
    marts against reference_customer_value on the same files."""
    from reference_customer_value import build_customer_value

    query = edge_build.query
    value = build_customer_value(edge_build.raw, edge_build.reference, build_date)
    for mart_name, expected in (
        ("kpi_churn_rate", value.churn_rate),
        ("kpi_customer_retention_rate", value.retention_rate),
        ("kpi_customer_lifetime_value", value.lifetime_value),
        ("kpi_repeat_purchase_rate", value.repeat_purchase_rate),
    ):
        mart = mart_by_key(query(f"select * from marts.{mart_name}"))
        assert_rows_equal(mart, expected, mart_name)
    cells = {
        (row.pop("cohort_month"), row.pop("months_since_first")): row
        for row in query("select * from marts.kpi_cohort_retention")
    }
    assert_rows_equal(cells, value.cohort_retention, "kpi_cohort_retention")
    kept = {order["order_id"]: order for order in value.orders}
    assert kept["O1"]["order_status"] == "refunded"
    assert kept["O2"]["order_status"] == "cancelled"
    assert kept["O3"]["order_status"] == "completed"
