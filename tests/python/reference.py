"""An independent, pure-Python calculation of what the marts must contain.

It reads the raw seed rows (or any rows of the same columns) and follows SPEC.md and
docs/decisions.md step by step, without looking at the SQL: cleaning and rejection
(SPEC §2, D2-D12), identity (D13), sessions (SPEC §3, D14-D16), periods and the as-of
date (D17, D18), then the rows of kpi_conversion_rate, kpi_net_promoter_score and the
data-quality accounting.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RAW_SEED_DIR = ROOT / "seeds" / "raw"
MAPPING_DIR = ROOT / "seeds" / "mappings"

Row = dict[str, str | None]
KpiKey = tuple[str, date, str, str]
KpiRows = dict[KpiKey, dict[str, Any]]

# Raw columns in contract order (SPEC §1); the row hash concatenates them in this order.
CONTRACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "customers": (
        "customer_id",
        "email",
        "signed_up_at",
        "country",
        "segment",
        "acquisition_channel",
    ),
    "events": (
        "event_id",
        "anonymous_id",
        "customer_id",
        "event_name",
        "occurred_at",
        "page_url",
        "referrer_url",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "device_type",
        "user_agent",
    ),
    "survey_responses": (
        "response_id",
        "customer_id",
        "survey_type",
        "score",
        "channel",
        "touchpoint",
        "responded_at",
        "comment",
    ),
    "orders": ("order_id", "customer_id", "ordered_at", "status", "amount", "currency"),
}
SOURCES: tuple[str, ...] = tuple(CONTRACT_COLUMNS)

# D1201: the largest count a raw file may hold; above it `<column>_out_of_range`.
MAX_COUNT = 10**12

SURVEY_SCALES: dict[str, tuple[int, int]] = {
    "nps": (0, 10),
    "csat": (1, 5),
    "ces": (1, 7),
}
CONVERSION_EVENTS: tuple[str, ...] = ("purchase", "sign_up")
SESSION_TIMEOUT = timedelta(minutes=30)
EARLIEST_VALID = datetime(2000, 1, 1, tzinfo=UTC)
GRAINS: tuple[str, ...] = ("day", "week", "month")

CONVERSION_BREAKDOWNS: tuple[str, ...] = (
    "traffic_channel",
    "landing_page",
    "device_type",
    "customer_segment",
)
NPS_BREAKDOWNS: tuple[str, ...] = ("customer_segment",)


# --------------------------------------------------------------------------- inputs


def read_csv_rows(path: Path) -> list[Row]:
    """CSV rows as dicts; an empty field is None, as the seed loader reads it."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            {column: (value if value != "" else None) for column, value in row.items()}
            for row in csv.DictReader(handle)
        ]


def load_raw_rows(seed_dir: Path = RAW_SEED_DIR) -> dict[str, list[Row]]:
    """The demo seeds `raw_<source>.csv` of every source the reference covers."""
    return {source: read_csv_rows(seed_dir / f"raw_{source}.csv") for source in SOURCES}


@dataclass(frozen=True)
class Mappings:
    """The mapping seeds the reference needs."""

    device_types: dict[str, str]
    utm_medium_channels: dict[str, str]
    referrer_channels: tuple[tuple[str, str, int], ...]  # (domain, channel, priority)
    bot_patterns: tuple[str, ...]


def load_mappings(mapping_dir: Path = MAPPING_DIR) -> Mappings:
    """Reads the alias and channel seeds under seeds/mappings."""

    def pairs(name: str, key: str, value: str) -> dict[str, str]:
        rows = read_csv_rows(mapping_dir / f"{name}.csv")
        return {str(row[key]): str(row[value]) for row in rows}

    referrers = read_csv_rows(mapping_dir / "referrer_channels.csv")
    bots = read_csv_rows(mapping_dir / "bot_user_agent_patterns.csv")
    return Mappings(
        device_types=pairs("device_type_aliases", "alias", "canonical"),
        utm_medium_channels=pairs(
            "utm_medium_channels", "utm_medium", "traffic_channel"
        ),
        referrer_channels=tuple(
            (str(row["domain"]), str(row["traffic_channel"]), int(str(row["priority"])))
            for row in referrers
        ),
        bot_patterns=tuple(str(row["pattern"]).lower() for row in bots),
    )


# ------------------------------------------------------------------ value grammar


def clean_text(value: str | None) -> str | None:
    """Trimmed text; None when missing or only white space (D2)."""
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None


def is_missing(value: str | None) -> bool:
    """True when a raw value is None or only white space (D2)."""
    return clean_text(value) is None


_TIMESTAMP = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"(?:[T ](?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
    r"(?:\.(?P<fraction>[0-9]{1,6}))?"
    r"(?P<offset>Z|[+-][0-9]{2}:[0-9]{2})?)?"
)


def parse_timestamp(value: str | None) -> datetime | None:
    """Text -> aware UTC datetime per D3, None when missing or not in the grammar."""
    text = clean_text(value)
    if text is None:
        return None
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        return None
    parts = match.groupdict()
    offset_text = parts["offset"]
    if offset_text is None or offset_text == "Z":
        offset = timedelta(0)
    else:
        hours, minutes = int(offset_text[1:3]), int(offset_text[4:6])
        if hours > 23 or minutes > 59:
            return None  # no real UTC offset
        sign = -1 if offset_text[0] == "-" else 1
        offset = sign * timedelta(hours=hours, minutes=minutes)
    try:
        local = datetime(
            int(parts["year"]),
            int(parts["month"]),
            int(parts["day"]),
            int(parts["hour"] or 0),
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
            int((parts["fraction"] or "0").ljust(6, "0")),
            tzinfo=timezone(offset),
        )
        return local.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def is_out_of_range(moment: datetime, build_date: date) -> bool:
    """D4: before 2000-01-01T00:00:00Z, or a UTC date after the build date + 1 day."""
    return moment < EARLIEST_VALID or moment.date() > build_date + timedelta(days=1)


_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)")


def is_non_finite(value: str | None) -> bool:
    """D5: nan, inf, infinity in any case, with an optional sign (or a number too
    large for a double)."""
    text = clean_text(value)
    if text is None:
        return False
    if _NON_FINITE.fullmatch(text.lower()) is not None:
        return True
    return _NUMBER.fullmatch(text) is not None and not math.isfinite(float(text))


def parse_number(value: str | None) -> float | None:
    """Text -> finite float per the number grammar of D5; None when missing, not a
    number or not finite."""
    text = clean_text(value)
    if text is None or _NUMBER.fullmatch(text) is None:
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def enum_key(value: str | None) -> str | None:
    """D8: lower(trim(value)) with runs of white space or '-' as '_'."""
    text = clean_text(value)
    if text is None:
        return None
    return re.sub(r"[\s-]+", "_", text.lower())


def map_enum(value: str | None, aliases: Mapping[str, str]) -> str:
    """D8: an enumeration through its alias seed; unknown when missing, else other."""
    key = enum_key(value)
    if key is None:
        return "unknown"
    return aliases.get(key, "other")


def snake_case(value: str | None) -> str | None:
    """D9/D10: lower, trimmed, runs of other than a-z0-9 as '_', no edge '_'."""
    text = clean_text(value)
    if text is None:
        return None
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or None


def row_hash(row: Mapping[str, str | None], columns: Sequence[str]) -> str:
    """D7: md5 hex of the raw values in contract order, None as '', joined by '|'."""
    text = "|".join(row.get(column) or "" for column in columns)
    return hashlib.md5(text.encode("utf-8")).hexdigest()


_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*://")


def landing_page(url: str | None) -> str:
    """D14: path of a URL, lower-cased, no query or fragment, no trailing '/'."""
    text = clean_text(url)
    if text is None:
        return "unknown"
    lowered = text.lower()
    scheme = _SCHEME.match(lowered)
    if scheme is not None:
        rest = lowered[scheme.end() :]
        host_end = min(
            (rest.index(char) for char in "/?#" if char in rest), default=len(rest)
        )
        lowered = rest[host_end:]
    path = re.split(r"[?#]", lowered, maxsplit=1)[0].rstrip("/")
    return path or "/"


def url_host(url: str | None) -> str | None:
    """Host of a URL with a scheme, lower-cased, without port, user and 'www.'."""
    text = clean_text(url)
    if text is None:
        return None
    lowered = text.lower()
    scheme = _SCHEME.match(lowered)
    if scheme is None:
        return None
    authority = re.split(r"[/?#]", lowered[scheme.end() :], maxsplit=1)[0]
    host = authority.rsplit("@", 1)[-1].split(":", 1)[0]
    host = host.removeprefix("www.")
    return host or None


def traffic_channel(
    utm_medium: str | None, referrer_url: str | None, mappings: Mappings
) -> str:
    """D15: utm_medium through its seed, else the referrer domain, else direct."""
    medium = enum_key(utm_medium)
    if medium is not None:
        return mappings.utm_medium_channels.get(medium, "other")
    host = url_host(referrer_url)
    if host is None:
        return "direct"
    matches = [
        (priority, -len(domain), channel)
        for domain, channel, priority in mappings.referrer_channels
        if host == domain or host.endswith("." + domain)
    ]
    return min(matches)[2] if matches else "referral"


def is_bot(user_agent: str | None, mappings: Mappings) -> bool:
    """D12: the lower-cased user agent contains a bot pattern."""
    if user_agent is None:
        return False
    lowered = user_agent.lower()
    return any(pattern in lowered for pattern in mappings.bot_patterns)


# ----------------------------------------------------------------------- staging


@dataclass(frozen=True)
class SourceOutcome:
    """Where the raw rows of one source went."""

    raw_rows: int
    clean: list[dict[str, Any]]
    rejected_rows: list[tuple[Row, str]]  # (raw row, rejection_reason)
    duplicate_rows: int

    @property
    def rejected(self) -> Counter[str]:
        """Rejected rows by rejection reason."""
        return Counter(reason for _, reason in self.rejected_rows)


def _first_failing(checks: Iterable[tuple[Callable[[], bool], str]]) -> str | None:
    """The reason of the first check that fails (D6), None when all pass."""
    for failed, reason in checks:
        if failed():
            return reason
    return None


def _timestamp_checks(
    raw: str | None,
    parsed: datetime | None,
    column: str,
    build_date: date,
    *,
    required: bool,
) -> list[tuple[Callable[[], bool], str]]:
    """Missing (when required), unparseable, out of range (D3, D4)."""
    checks: list[tuple[Callable[[], bool], str]] = []
    if required:
        checks.append((lambda: is_missing(raw), f"missing_{column}"))
    checks.append(
        (lambda: not is_missing(raw) and parsed is None, f"unparseable_{column}")
    )
    checks.append(
        (
            lambda: parsed is not None and is_out_of_range(parsed, build_date),
            f"{column}_out_of_range",
        )
    )
    return checks


def _deduplicate(
    source: str,
    valid: list[tuple[Row, dict[str, Any]]],
    key: str,
    timestamp: str,
) -> tuple[list[dict[str, Any]], int]:
    """D7: per key, the earliest timestamp (missing last), then the smallest hash."""
    by_key: dict[Any, list[tuple[Row, dict[str, Any]]]] = defaultdict(list)
    for raw, parsed in valid:
        by_key[parsed[key]].append((raw, parsed))
    kept: list[dict[str, Any]] = []
    duplicates = 0

    def order(item: tuple[Row, dict[str, Any]]) -> tuple[bool, datetime, str]:
        moment = item[1][timestamp]
        return (
            moment is None,
            moment or EARLIEST_VALID,
            row_hash(item[0], CONTRACT_COLUMNS[source]),
        )

    for rows in by_key.values():
        kept.append(min(rows, key=order)[1])
        duplicates += len(rows) - 1
    return kept, duplicates


def _outcome(
    source: str,
    raw_rows: list[Row],
    parse: Callable[[Row], dict[str, Any]],
    checks: Callable[[Row, dict[str, Any]], list[tuple[Callable[[], bool], str]]],
    key: str,
    timestamp: str,
) -> SourceOutcome:
    """Validates every raw row, then deduplicates the valid ones."""
    rejected: list[tuple[Row, str]] = []
    valid: list[tuple[Row, dict[str, Any]]] = []
    for raw in raw_rows:
        parsed = parse(raw)
        reason = _first_failing(checks(raw, parsed))
        if reason is None:
            valid.append((raw, parsed))
        else:
            rejected.append((raw, reason))
    clean, duplicates = _deduplicate(source, valid, key, timestamp)
    return SourceOutcome(len(raw_rows), clean, rejected, duplicates)


def clean_customers(raw_rows: list[Row], build_date: date) -> SourceOutcome:
    """Customers: missing_customer_id, unparseable / out-of-range signed_up_at."""

    def parse(raw: Row) -> dict[str, Any]:
        return {
            "customer_id": clean_text(raw["customer_id"]),
            "signed_up_at": parse_timestamp(raw["signed_up_at"]),
            "customer_segment": snake_case(raw["segment"]) or "unknown",
        }

    def checks(
        raw: Row, parsed: dict[str, Any]
    ) -> list[tuple[Callable[[], bool], str]]:
        return [
            (lambda: is_missing(raw["customer_id"]), "missing_customer_id"),
            *_timestamp_checks(
                raw["signed_up_at"],
                parsed["signed_up_at"],
                "signed_up_at",
                build_date,
                required=False,
            ),
        ]

    return _outcome("customers", raw_rows, parse, checks, "customer_id", "signed_up_at")


def clean_events(
    raw_rows: list[Row], build_date: date, mappings: Mappings
) -> SourceOutcome:
    """Events: required ids and name, a user identifier, a valid occurred_at."""

    def parse(raw: Row) -> dict[str, Any]:
        return {
            "event_id": clean_text(raw["event_id"]),
            "anonymous_id": clean_text(raw["anonymous_id"]),
            "customer_id": clean_text(raw["customer_id"]),
            "event_name": snake_case(raw["event_name"]),
            "occurred_at": parse_timestamp(raw["occurred_at"]),
            "landing_page": landing_page(raw["page_url"]),
            "traffic_channel": traffic_channel(
                raw["utm_medium"], raw["referrer_url"], mappings
            ),
            "device_type": map_enum(raw["device_type"], mappings.device_types),
            "is_bot": is_bot(raw["user_agent"], mappings),
        }

    def checks(
        raw: Row, parsed: dict[str, Any]
    ) -> list[tuple[Callable[[], bool], str]]:
        return [
            (lambda: is_missing(raw["event_id"]), "missing_event_id"),
            (lambda: is_missing(raw["event_name"]), "missing_event_name"),
            (
                lambda: (
                    is_missing(raw["anonymous_id"]) and is_missing(raw["customer_id"])
                ),
                "missing_user_identifier",
            ),
            *_timestamp_checks(
                raw["occurred_at"],
                parsed["occurred_at"],
                "occurred_at",
                build_date,
                required=True,
            ),
        ]

    return _outcome("events", raw_rows, parse, checks, "event_id", "occurred_at")


def clean_survey_responses(raw_rows: list[Row], build_date: date) -> SourceOutcome:
    """Survey responses: ids, a known type, a whole score on its scale, responded_at."""

    def parse(raw: Row) -> dict[str, Any]:
        return {
            "response_id": clean_text(raw["response_id"]),
            "customer_id": clean_text(raw["customer_id"]),
            "survey_type": enum_key(raw["survey_type"]),
            "score": parse_number(raw["score"]),
            "responded_at": parse_timestamp(raw["responded_at"]),
        }

    def checks(
        raw: Row, parsed: dict[str, Any]
    ) -> list[tuple[Callable[[], bool], str]]:
        score = parsed["score"]
        scale = SURVEY_SCALES.get(parsed["survey_type"] or "", (0, 0))
        return [
            (lambda: is_missing(raw["response_id"]), "missing_response_id"),
            (lambda: is_missing(raw["survey_type"]), "missing_survey_type"),
            (lambda: parsed["survey_type"] not in SURVEY_SCALES, "unknown_survey_type"),
            (lambda: is_missing(raw["score"]), "missing_score"),
            (lambda: is_non_finite(raw["score"]), "non_finite_score"),
            (lambda: score is None, "unparseable_score"),
            (lambda: score != int(score), "non_integer_score"),
            (lambda: score == 0 and score < scale[0], "no_answer"),
            (lambda: not scale[0] <= score <= scale[1], "score_out_of_scale"),
            *_timestamp_checks(
                raw["responded_at"],
                parsed["responded_at"],
                "responded_at",
                build_date,
                required=True,
            ),
        ]

    return _outcome(
        "survey_responses", raw_rows, parse, checks, "response_id", "responded_at"
    )


# -------------------------------------------------------------- identity, sessions


@dataclass(frozen=True)
class Session:
    """One session with the attributes of its first event."""

    user_key: str
    customer_id: str | None
    session_date: date
    started_at: datetime
    ended_at: datetime
    events: int
    is_converted: bool
    landing_page: str
    traffic_channel: str
    device_type: str
    customer_segment: str

    @property
    def duration_seconds(self) -> float:
        """Last event - first event, in exact seconds."""
        return (self.ended_at - self.started_at).total_seconds()


def identify(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """D13: non-bot events with their resolved customer_id and user_key."""
    humans = [event for event in events if not event["is_bot"]]
    latest: dict[str, tuple[datetime, str, str]] = {}
    for event in humans:
        anonymous_id, customer_id = event["anonymous_id"], event["customer_id"]
        if anonymous_id is None or customer_id is None:
            continue
        candidate = (event["occurred_at"], event["event_id"], customer_id)
        if anonymous_id not in latest or candidate[:2] > latest[anonymous_id][:2]:
            latest[anonymous_id] = candidate
    identified = []
    for event in humans:
        customer_id = event["customer_id"]
        if customer_id is None and event["anonymous_id"] in latest:
            customer_id = latest[event["anonymous_id"]][2]
        identified.append(
            {
                **event,
                "customer_id": customer_id,
                "user_key": customer_id
                if customer_id is not None
                else event["anonymous_id"],
            }
        )
    return identified


def customer_segment(customer_id: str | None, segments: Mapping[str, str]) -> str:
    """D16: anonymous without a customer, unknown when not among clean customers."""
    if customer_id is None:
        return "anonymous"
    return segments.get(customer_id, "unknown")


def sessionize(
    events: Iterable[dict[str, Any]],
    segments: Mapping[str, str],
    timeout: timedelta = SESSION_TIMEOUT,
    conversion_events: Sequence[str] = CONVERSION_EVENTS,
) -> list[Session]:
    """SPEC §3: per user, ordered by (occurred_at, event_id); a gap > timeout splits."""
    by_user: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        by_user[event["user_key"]].append(event)
    sessions: list[Session] = []
    for user_events in by_user.values():
        user_events.sort(key=lambda event: (event["occurred_at"], event["event_id"]))
        groups: list[list[dict[str, Any]]] = []
        for event in user_events:
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
                Session(
                    user_key=first["user_key"],
                    customer_id=first["customer_id"],
                    session_date=first["occurred_at"].date(),
                    started_at=first["occurred_at"],
                    ended_at=group[-1]["occurred_at"],
                    events=len(group),
                    is_converted=any(
                        e["event_name"] in conversion_events for e in group
                    ),
                    landing_page=first["landing_page"],
                    traffic_channel=first["traffic_channel"],
                    device_type=first["device_type"],
                    customer_segment=customer_segment(first["customer_id"], segments),
                )
            )
    return sessions


# ----------------------------------------------------------------------- periods


def period_start(grain: str, day: date) -> date:
    """First day of the day, ISO week (Monday) or month that contains a day."""
    if grain == "day":
        return day
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    raise ValueError(f"unknown grain {grain!r}")


def next_period_start(grain: str, start: date) -> date:
    """First day of the period after the one starting on `start`."""
    if grain == "day":
        return start + timedelta(days=1)
    if grain == "week":
        return start + timedelta(days=7)
    if grain == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    raise ValueError(f"unknown grain {grain!r}")


def period_end(grain: str, start: date) -> date:
    """Last day of the period starting on `start`."""
    return next_period_start(grain, start) - timedelta(days=1)


def is_complete_period(grain: str, start: date, as_of_date: date) -> bool:
    """A period is complete when its last day is before the as-of date."""
    return period_end(grain, start) < as_of_date


# -------------------------------------------------------------------------- KPIs


def safe_ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, None when the denominator is 0."""
    return None if denominator == 0 else numerator / denominator


def conversion_rate(converted_sessions: int, sessions: int) -> float | None:
    """SPEC §5: converted sessions / sessions."""
    return safe_ratio(converted_sessions, sessions)


def net_promoter_score(promoters: int, detractors: int, responses: int) -> float | None:
    """SPEC §5: 100 * (promoters - detractors) / responses."""
    ratio = safe_ratio(promoters - detractors, responses)
    return None if ratio is None else 100 * ratio


def nps_category(score: int) -> str:
    """promoter (9-10), passive (7-8) or detractor (0-6)."""
    if score >= 9:
        return "promoter"
    if score >= 7:
        return "passive"
    return "detractor"


def kpi_rows(
    facts: Sequence[Any],
    fact_date: Callable[[Any], date],
    breakdowns: Sequence[str],
    value_of: Callable[[Any, str], str],
    measure: Callable[[list[Any]], dict[str, Any]],
    as_of_date: date,
) -> KpiRows:
    """The KPI shape (SPEC §4): overall rows dense from the first to the last period of
    the facts (D17), breakdown rows where the value occurs."""
    groups: dict[KpiKey, list[Any]] = defaultdict(list)
    for grain in GRAINS:
        for fact in facts:
            start = period_start(grain, fact_date(fact))
            groups[(grain, start, "overall", "all")].append(fact)
            for breakdown in breakdowns:
                groups[(grain, start, breakdown, value_of(fact, breakdown))].append(
                    fact
                )
        starts = [key[1] for key in groups if key[0] == grain and key[2] == "overall"]
        if starts:
            start, last = min(starts), max(starts)
            while start <= last:
                groups.setdefault((grain, start, "overall", "all"), [])
                start = next_period_start(grain, start)
    return {
        key: {
            "is_complete_period": is_complete_period(key[0], key[1], as_of_date),
            **measure(members),
        }
        for key, members in groups.items()
    }


def conversion_rate_rows(sessions: Sequence[Session], as_of_date: date) -> KpiRows:
    """Every row of kpi_conversion_rate (SPEC §4-§5, D19)."""

    def measure(members: list[Session]) -> dict[str, Any]:
        converted = [session for session in members if session.is_converted]
        visitors = {session.user_key for session in members}
        converted_visitors = {session.user_key for session in converted}
        return {
            "sessions": len(members),
            "converted_sessions": len(converted),
            "conversion_rate": conversion_rate(len(converted), len(members)),
            "visitors": len(visitors),
            "converted_visitors": len(converted_visitors),
            "visitor_conversion_rate": safe_ratio(
                len(converted_visitors), len(visitors)
            ),
        }

    return kpi_rows(
        sessions,
        lambda session: session.session_date,
        CONVERSION_BREAKDOWNS,
        getattr,
        measure,
        as_of_date,
    )


def net_promoter_score_rows(
    responses: Sequence[dict[str, Any]], segments: Mapping[str, str], as_of_date: date
) -> KpiRows:
    """Every row of kpi_net_promoter_score: clean NPS responses by responded date."""
    nps_responses = [
        {
            **response,
            "customer_segment": customer_segment(response["customer_id"], segments),
        }
        for response in responses
        if response["survey_type"] == "nps"
    ]

    def measure(members: list[dict[str, Any]]) -> dict[str, Any]:
        counts = Counter(nps_category(int(member["score"])) for member in members)
        return {
            "responses": len(members),
            "promoters": counts["promoter"],
            "passives": counts["passive"],
            "detractors": counts["detractor"],
            "nps": net_promoter_score(
                counts["promoter"], counts["detractor"], len(members)
            ),
        }

    return kpi_rows(
        nps_responses,
        lambda response: response["responded_at"].date(),
        NPS_BREAKDOWNS,
        lambda response, breakdown: response[breakdown],
        measure,
        as_of_date,
    )


# --------------------------------------------------------------------- the whole


@dataclass(frozen=True)
class Reference:
    """Everything the reference computes from one set of raw rows."""

    outcomes: dict[str, SourceOutcome]
    as_of_date: date
    sessions: list[Session]
    conversion_rate: KpiRows
    net_promoter_score: KpiRows
    segments: dict[str, str] = field(repr=False)

    def row_accounting(self) -> dict[str, dict[str, Any]]:
        """dq_source_row_accounting by source_name."""
        return {
            source: {
                "raw_rows": outcome.raw_rows,
                "clean_rows": len(outcome.clean),
                "rejected_rows": outcome.rejected.total(),
                "duplicate_rows": outcome.duplicate_rows,
                "rejected_share": safe_ratio(
                    outcome.rejected.total(), outcome.raw_rows
                ),
            }
            for source, outcome in self.outcomes.items()
        }

    def rejected_rows(self) -> dict[tuple[str, str], dict[str, Any]]:
        """dq_rejected_rows by (source_name, rejection_reason)."""
        return {
            (source, reason): {
                "rejected_rows": count,
                "raw_rows": outcome.raw_rows,
                "rejected_share": safe_ratio(count, outcome.raw_rows),
            }
            for source, outcome in self.outcomes.items()
            for reason, count in outcome.rejected.items()
        }


def as_of_date(
    events: Iterable[dict[str, Any]],
    customers: Iterable[dict[str, Any]],
    responses: Iterable[dict[str, Any]],
    orders: Iterable[dict[str, Any]] = (),
) -> date:
    """D18: the latest date of clean non-bot events, customers, survey responses and
    orders."""
    moments = [event["occurred_at"] for event in events if not event["is_bot"]]
    moments += [c["signed_up_at"] for c in customers if c["signed_up_at"] is not None]
    moments += [response["responded_at"] for response in responses]
    moments += [order["ordered_at"] for order in orders]
    return max(moments).date()


def build_reference(
    raw: Mapping[str, list[Row]], mappings: Mappings, build_date: date
) -> Reference:
    """Runs the whole reference on raw rows by source."""
    from reference_customer_value import clean_orders  # its module imports this one

    orders = clean_orders(raw.get("orders", []), build_date)
    customers = clean_customers(raw["customers"], build_date)
    events = clean_events(raw["events"], build_date, mappings)
    responses = clean_survey_responses(raw["survey_responses"], build_date)
    segments = {c["customer_id"]: c["customer_segment"] for c in customers.clean}
    reference_date = as_of_date(
        events.clean, customers.clean, responses.clean, orders.clean
    )
    sessions = sessionize(identify(events.clean), segments)
    return Reference(
        outcomes={
            "customers": customers,
            "events": events,
            "survey_responses": responses,
            "orders": orders,
        },
        as_of_date=reference_date,
        sessions=sessions,
        conversion_rate=conversion_rate_rows(sessions, reference_date),
        net_promoter_score=net_promoter_score_rows(
            responses.clean, segments, reference_date
        ),
        segments=segments,
    )
