"""An independent, pure-Python calculation of the web engagement marts of issue 3.

It follows SPEC.md and docs/decisions.md (D301-D308) step by step from the raw seed
rows, without looking at the SQL: cleaning of search_console and campaign_performance,
sessions with page views, bounce, engagement and content type, daily user activity with
trailing windows, and every row of kpi_pages_per_session, kpi_average_session_duration,
kpi_bounce_rate, kpi_daily_active_users, kpi_organic_clicks and kpi_click_through_rate.
Shared rules (value grammar, identity, periods, the KPI shape) come from reference.py.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from reference import (
    CONVERSION_EVENTS,
    EARLIEST_VALID,
    GRAINS,
    MAPPING_DIR,
    MAX_COUNT,
    RAW_SEED_DIR,
    SESSION_TIMEOUT,
    KpiKey,
    KpiRows,
    Mappings,
    Reference,
    Row,
    SourceOutcome,
    clean_text,
    customer_segment,
    identify,
    is_complete_period,
    is_missing,
    is_non_finite,
    kpi_rows,
    load_mappings,
    map_enum,
    next_period_start,
    parse_number,
    period_end,
    period_start,
    read_csv_rows,
    row_hash,
    safe_ratio,
)

CONTRACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "search_console": (
        "date",
        "page",
        "query",
        "device",
        "country",
        "clicks",
        "impressions",
        "position",
    ),
    "campaign_performance": ("date", "channel", "campaign", "impressions", "clicks"),
}
SOURCES: tuple[str, ...] = tuple(CONTRACT_COLUMNS)

PAGES_PER_SESSION_BREAKDOWNS = ("traffic_channel", "device_type")
SESSION_DURATION_BREAKDOWNS = ("device_type", "traffic_channel", "content_type")
BOUNCE_RATE_BREAKDOWNS = ("landing_page", "traffic_channel", "device_type")
ACTIVE_USER_BREAKDOWNS = ("device_type", "customer_segment")
ORGANIC_CLICKS_BREAKDOWNS = ("page", "query", "device", "country")
CLICK_THROUGH_BREAKDOWNS = ("channel", "campaign")
WAU_DAYS = 7
MAU_DAYS = 28

Check = tuple[Callable[[], bool], str]


# --------------------------------------------------------------------------- inputs


def load_raw_rows(seed_dir: Path = RAW_SEED_DIR) -> dict[str, list[Row]]:
    """The demo seeds of search_console and campaign_performance."""
    return {source: read_csv_rows(seed_dir / f"raw_{source}.csv") for source in SOURCES}


@dataclass(frozen=True)
class WebMappings:
    """The mapping seeds of this domain (besides those of reference.Mappings)."""

    campaign_channels: dict[str, str]
    content_type_rules: tuple[tuple[str, str, int], ...]  # (prefix, type, priority)


def load_web_mappings(mapping_dir: Path = MAPPING_DIR) -> WebMappings:
    """Reads campaign_channel_aliases and content_type_rules."""
    aliases = read_csv_rows(mapping_dir / "campaign_channel_aliases.csv")
    rules = read_csv_rows(mapping_dir / "content_type_rules.csv")
    return WebMappings(
        campaign_channels={str(row["alias"]): str(row["canonical"]) for row in aliases},
        content_type_rules=tuple(
            (
                str(row["path_prefix"]),
                str(row["content_type"]),
                int(str(row["priority"])),
            )
            for row in rules
        ),
    )


# ------------------------------------------------------------------------- cleaning

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: str | None) -> date | None:
    """D301: YYYY-MM-DD after trimming and a real calendar day, else None."""
    text = clean_text(value)
    if text is None or _DATE.fullmatch(text) is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def date_checks(raw: Row, parsed: date | None, build_date: date) -> list[Check]:
    """missing_date, unparseable_date, date_out_of_range (before 2000 or after the
    build date + 1 day)."""
    return [
        (lambda: is_missing(raw["date"]), "missing_date"),
        (lambda: parsed is None, "unparseable_date"),
        (
            lambda: (
                parsed is not None
                and (
                    parsed < EARLIEST_VALID.date()
                    or parsed > build_date + timedelta(days=1)
                )
            ),
            "date_out_of_range",
        ),
    ]


def count_checks(raw: Row, column: str) -> list[Check]:
    """D5: a required whole, non-negative number."""
    value = parse_number(raw[column])
    return [
        (lambda: is_missing(raw[column]), f"missing_{column}"),
        (lambda: is_non_finite(raw[column]), f"non_finite_{column}"),
        (lambda: value is None, f"unparseable_{column}"),
        (
            lambda: value is not None and value != math.floor(value),
            f"non_integer_{column}",
        ),
        (lambda: value is not None and value < 0, f"negative_{column}"),
        (lambda: value is not None and value > MAX_COUNT, f"{column}_out_of_range"),
    ]


def first_failing(checks: Iterable[Check]) -> str | None:
    """D6: the reason of the first failing check."""
    return next((reason for failed, reason in checks if failed()), None)


def _outcome(
    source: str,
    raw_rows: list[Row],
    parse: Callable[[Row], dict[str, Any]],
    checks: Callable[[Row, dict[str, Any]], list[Check]],
    key: Sequence[str],
) -> SourceOutcome:
    """Validate, then deduplicate the valid rows on the natural key by the smallest
    row hash (every row of a key has the same date, D302)."""
    rejected: list[tuple[Row, str]] = []
    by_key: dict[tuple[Any, ...], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for raw in raw_rows:
        parsed = parse(raw)
        reason = first_failing(checks(raw, parsed))
        if reason is not None:
            rejected.append((raw, reason))
            continue
        by_key[tuple(parsed[column] for column in key)].append(
            (row_hash(raw, CONTRACT_COLUMNS[source]), parsed)
        )
    clean = [min(rows, key=lambda item: item[0])[1] for rows in by_key.values()]
    duplicates = sum(len(rows) - 1 for rows in by_key.values())
    return SourceOutcome(len(raw_rows), clean, rejected, duplicates)


def clean_search_console(
    raw_rows: list[Row], build_date: date, mappings: Mappings
) -> SourceOutcome:
    """Search console rows (D301-D303)."""

    def parse(raw: Row) -> dict[str, Any]:
        country = clean_text(raw["country"])
        return {
            "report_date": parse_date(raw["date"]),
            "page": clean_text(raw["page"]),
            "query": clean_text(raw["query"]),
            "device": map_enum(raw["device"], mappings.device_types),
            "country": country.upper() if country is not None else None,
            "clicks": parse_number(raw["clicks"]),
            "impressions": parse_number(raw["impressions"]),
            "position": parse_number(raw["position"]),
        }

    def checks(raw: Row, parsed: dict[str, Any]) -> list[Check]:
        position = parsed["position"]
        return [
            *date_checks(raw, parsed["report_date"], build_date),
            *count_checks(raw, "clicks"),
            *count_checks(raw, "impressions"),
            (lambda: is_missing(raw["position"]), "missing_position"),
            (lambda: is_non_finite(raw["position"]), "non_finite_position"),
            (lambda: position is None, "unparseable_position"),
            (
                lambda: parsed["clicks"] > parsed["impressions"],
                "clicks_exceed_impressions",
            ),
            (lambda: position < 1, "position_below_one"),
        ]

    return _outcome(
        "search_console",
        raw_rows,
        parse,
        checks,
        ("report_date", "page", "query", "device", "country"),
    )


def clean_campaign_performance(
    raw_rows: list[Row], build_date: date, mappings: WebMappings
) -> SourceOutcome:
    """Campaign performance rows (D301-D303, D308)."""

    def parse(raw: Row) -> dict[str, Any]:
        return {
            "report_date": parse_date(raw["date"]),
            "channel": map_enum(raw["channel"], mappings.campaign_channels),
            "campaign": clean_text(raw["campaign"]),
            "impressions": parse_number(raw["impressions"]),
            "clicks": parse_number(raw["clicks"]),
        }

    def checks(raw: Row, parsed: dict[str, Any]) -> list[Check]:
        return [
            *date_checks(raw, parsed["report_date"], build_date),
            (lambda: is_missing(raw["channel"]), "missing_channel"),
            *count_checks(raw, "impressions"),
            *count_checks(raw, "clicks"),
            (
                lambda: parsed["clicks"] > parsed["impressions"],
                "clicks_exceed_impressions",
            ),
        ]

    return _outcome(
        "campaign_performance",
        raw_rows,
        parse,
        checks,
        ("report_date", "channel", "campaign"),
    )


# ------------------------------------------------------------------------- sessions


def content_type(path: str, rules: Sequence[tuple[str, str, int]]) -> str:
    """SPEC §3: the rule whose prefix is the path or a folder above it; lowest priority,
    then longest prefix; `other` when none matches (missing pages included)."""
    matches = [
        (priority, -len(prefix), kind)
        for prefix, kind, priority in rules
        if path == prefix or path.startswith(prefix + "/")
    ]
    return min(matches)[2] if matches else "other"


@dataclass(frozen=True)
class DetailedSession:
    """One session with what the engagement marts need."""

    user_key: str
    session_date: date
    events: int
    page_views: int
    duration_seconds: float
    is_converted: bool
    landing_page: str
    traffic_channel: str
    device_type: str
    content_type: str

    @property
    def is_bounce(self) -> bool:
        """Exactly one event."""
        return self.events == 1

    @property
    def is_engaged(self) -> bool:
        """>= 10 seconds, or >= 2 page views, or a conversion."""
        return self.duration_seconds >= 10 or self.page_views >= 2 or self.is_converted


def sessionize_detailed(
    identified_events: Iterable[dict[str, Any]],
    rules: Sequence[tuple[str, str, int]],
    timeout: timedelta = SESSION_TIMEOUT,
) -> list[DetailedSession]:
    """SPEC §3: per user, by (occurred_at, event_id); a gap above the timeout splits."""
    by_user: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in identified_events:
        by_user[event["user_key"]].append(event)
    sessions = []
    for events in by_user.values():
        events.sort(key=lambda event: (event["occurred_at"], event["event_id"]))
        groups: list[list[dict[str, Any]]] = []
        for event in events:
            if (
                groups
                and event["occurred_at"] - groups[-1][-1]["occurred_at"] <= timeout
            ):
                groups[-1].append(event)
            else:
                groups.append([event])
        for group in groups:
            first = group[0]
            sessions.append(
                DetailedSession(
                    user_key=first["user_key"],
                    session_date=first["occurred_at"].date(),
                    events=len(group),
                    page_views=sum(
                        event["event_name"] == "page_view" for event in group
                    ),
                    duration_seconds=(
                        group[-1]["occurred_at"] - first["occurred_at"]
                    ).total_seconds(),
                    is_converted=any(
                        event["event_name"] in CONVERSION_EVENTS for event in group
                    ),
                    landing_page=first["landing_page"],
                    traffic_channel=first["traffic_channel"],
                    device_type=first["device_type"],
                    content_type=content_type(first["landing_page"], rules),
                )
            )
    return sessions


def pages_per_session_rows(sessions: Sequence[DetailedSession], as_of: date) -> KpiRows:
    """Every row of kpi_pages_per_session."""

    def measure(members: list[DetailedSession]) -> dict[str, Any]:
        page_views = sum(session.page_views for session in members)
        return {
            "sessions": len(members),
            "page_views": page_views,
            "pages_per_session": safe_ratio(page_views, len(members)),
        }

    return kpi_rows(
        sessions,
        lambda session: session.session_date,
        PAGES_PER_SESSION_BREAKDOWNS,
        getattr,
        measure,
        as_of,
    )


def average_session_duration_rows(
    sessions: Sequence[DetailedSession], as_of: date
) -> KpiRows:
    """Every row of kpi_average_session_duration (one-event sessions count as 0 s)."""

    def measure(members: list[DetailedSession]) -> dict[str, Any]:
        total = math.fsum(session.duration_seconds for session in members)
        return {
            "sessions": len(members),
            "total_duration_seconds": total,
            "avg_session_duration_seconds": safe_ratio(total, len(members)),
        }

    return kpi_rows(
        sessions,
        lambda session: session.session_date,
        SESSION_DURATION_BREAKDOWNS,
        getattr,
        measure,
        as_of,
    )


def bounce_rate_rows(sessions: Sequence[DetailedSession], as_of: date) -> KpiRows:
    """Every row of kpi_bounce_rate."""

    def measure(members: list[DetailedSession]) -> dict[str, Any]:
        bounced = sum(session.is_bounce for session in members)
        engaged = sum(session.is_engaged for session in members)
        return {
            "sessions": len(members),
            "bounced_sessions": bounced,
            "bounce_rate": safe_ratio(bounced, len(members)),
            "engaged_sessions": engaged,
            "engagement_rate": safe_ratio(engaged, len(members)),
        }

    return kpi_rows(
        sessions,
        lambda session: session.session_date,
        BOUNCE_RATE_BREAKDOWNS,
        getattr,
        measure,
        as_of,
    )


# --------------------------------------------------------------------- active users


@dataclass(frozen=True)
class UserDay:
    """A user active on a day on a device."""

    user_key: str
    customer_id: str | None
    activity_date: date
    device_type: str
    customer_segment: str


def user_days(
    identified_events: Iterable[dict[str, Any]], segments: Mapping[str, str]
) -> list[UserDay]:
    """One UserDay per (user, date, device) with a non-bot event."""
    seen = {
        (
            event["user_key"],
            event["customer_id"],
            event["occurred_at"].date(),
            event["device_type"],
        )
        for event in identified_events
    }
    return [
        UserDay(
            user_key, customer_id, day, device, customer_segment(customer_id, segments)
        )
        for user_key, customer_id, day, device in sorted(seen, key=repr)
    ]


def daily_active_users_rows(
    days: Sequence[UserDay],
    signed_up: Mapping[str, date],
    segments: Mapping[str, str],
    as_of: date,
) -> KpiRows:
    """Every row of kpi_daily_active_users (SPEC §5, D304-D307).

    signed_up: sign-up date of each clean customer that has one; segments: the segment
    of each clean customer."""
    first_active: dict[str, date] = {}
    for day in days:
        known = first_active.get(day.user_key)
        if known is None or day.activity_date < known:
            first_active[day.user_key] = day.activity_date

    def values(day: UserDay) -> list[tuple[str, str]]:
        return [
            ("overall", "all"),
            ("device_type", day.device_type),
            ("customer_segment", day.customer_segment),
        ]

    members: dict[KpiKey, set[tuple[str, str | None]]] = defaultdict(set)
    daily: dict[tuple[date, str, str], set[str]] = defaultdict(set)
    for day in days:
        for breakdown, value in values(day):
            daily[(day.activity_date, breakdown, value)].add(day.user_key)
        for grain in GRAINS:
            start = period_start(grain, day.activity_date)
            for breakdown, value in values(day):
                members[(grain, start, breakdown, value)].add(
                    (day.user_key, day.customer_id)
                )
    for grain in GRAINS:
        starts = [key[1] for key in members if key[0] == grain]
        start, last = min(starts), max(starts)
        while start <= last:
            members.setdefault((grain, start, "overall", "all"), set())
            start = next_period_start(grain, start)

    def trailing(end: date, length: int, breakdown: str, value: str) -> int:
        """Distinct users active in the `length` days ending on `end`."""
        users: set[str] = set()
        for offset in range(length):
            users |= daily.get((end - timedelta(days=offset), breakdown, value), set())
        return len(users)

    rows: KpiRows = {}
    for key, users in members.items():
        grain, start, breakdown, value = key
        end = period_end(grain, start)
        new = sum(first_active[user] >= start for user, _ in users)
        active_customers = sum(
            customer is not None
            and customer in signed_up
            and signed_up[customer] <= end
            for _, customer in users
        )
        total_customers = sum(
            signed <= end
            and (breakdown != "customer_segment" or segments[customer] == value)
            for customer, signed in signed_up.items()
        )
        wau = mau = stickiness = None
        if grain == "day":
            wau = trailing(start, WAU_DAYS, breakdown, value)
            mau = trailing(start, MAU_DAYS, breakdown, value)
            stickiness = safe_ratio(len(users), mau)
        rows[key] = {
            "is_complete_period": is_complete_period(grain, start, as_of),
            "active_users": len(users),
            "new_users": new,
            "returning_users": len(users) - new,
            "wau": wau,
            "mau": mau,
            "stickiness": stickiness,
            "active_customers": active_customers,
            "total_customers": total_customers,
            "customer_engagement_rate": safe_ratio(active_customers, total_customers),
        }
    return rows


# ------------------------------------------------------------------ search, campaigns


def organic_clicks_rows(rows: Sequence[dict[str, Any]], as_of: date) -> KpiRows:
    """Every row of kpi_organic_clicks."""

    def measure(members: list[dict[str, Any]]) -> dict[str, Any]:
        clicks = sum(int(row["clicks"]) for row in members)
        impressions = sum(int(row["impressions"]) for row in members)
        weighted = math.fsum(row["position"] * row["impressions"] for row in members)
        return {
            "clicks": clicks,
            "impressions": impressions,
            "ctr": safe_ratio(clicks, impressions),
            "weighted_position_sum": weighted,
            "avg_position": safe_ratio(weighted, impressions),
        }

    return kpi_rows(
        rows,
        lambda row: row["report_date"],
        ORGANIC_CLICKS_BREAKDOWNS,
        lambda row, breakdown: (
            row[breakdown] if row[breakdown] is not None else "unknown"
        ),
        measure,
        as_of,
    )


def click_through_rate_rows(rows: Sequence[dict[str, Any]], as_of: date) -> KpiRows:
    """Every row of kpi_click_through_rate."""

    def measure(members: list[dict[str, Any]]) -> dict[str, Any]:
        impressions = sum(int(row["impressions"]) for row in members)
        clicks = sum(int(row["clicks"]) for row in members)
        return {
            "impressions": impressions,
            "clicks": clicks,
            "ctr": safe_ratio(clicks, impressions),
        }

    return kpi_rows(
        rows,
        lambda row: row["report_date"],
        CLICK_THROUGH_BREAKDOWNS,
        lambda row, breakdown: (
            row[breakdown] if row[breakdown] is not None else "unknown"
        ),
        measure,
        as_of,
    )


# ------------------------------------------------------------------------ the whole


@dataclass(frozen=True)
class WebReference:
    """Everything this module computes."""

    outcomes: dict[str, SourceOutcome]
    as_of_date: date
    sessions: list[DetailedSession]
    pages_per_session: KpiRows
    average_session_duration: KpiRows
    bounce_rate: KpiRows
    daily_active_users: KpiRows
    organic_clicks: KpiRows
    click_through_rate: KpiRows


def build_web_reference(
    base: Reference,
    raw: Mapping[str, list[Row]],
    mappings: Mappings,
    web_mappings: WebMappings,
    build_date: date,
) -> WebReference:
    """Runs the reference of this domain on top of the shared reference."""
    search = clean_search_console(raw["search_console"], build_date, mappings)
    campaigns = clean_campaign_performance(
        raw["campaign_performance"], build_date, web_mappings
    )
    report_dates = [row["report_date"] for row in search.clean + campaigns.clean]
    as_of = max([base.as_of_date, *report_dates])
    identified = identify(base.outcomes["events"].clean)
    sessions = sessionize_detailed(identified, web_mappings.content_type_rules)
    signed_up = {
        row["customer_id"]: row["signed_up_at"].astimezone(UTC).date()
        for row in base.outcomes["customers"].clean
        if isinstance(row["signed_up_at"], datetime)
    }
    return WebReference(
        outcomes={"search_console": search, "campaign_performance": campaigns},
        as_of_date=as_of,
        sessions=sessions,
        pages_per_session=pages_per_session_rows(sessions, as_of),
        average_session_duration=average_session_duration_rows(sessions, as_of),
        bounce_rate=bounce_rate_rows(sessions, as_of),
        daily_active_users=daily_active_users_rows(
            user_days(identified, base.segments), signed_up, base.segments, as_of
        ),
        organic_clicks=organic_clicks_rows(search.clean, as_of),
        click_through_rate=click_through_rate_rows(campaigns.clean, as_of),
    )


_CACHE: dict[tuple[int, date], WebReference] = {}


def web_reference_for(base: Reference, build_date: date) -> WebReference:
    """The reference of this domain for the demo seeds, computed once per session."""
    key = (id(base), build_date)
    if key not in _CACHE:
        _CACHE[key] = build_web_reference(
            base, load_raw_rows(), load_mappings(), load_web_mappings(), build_date
        )
    return _CACHE[key]
