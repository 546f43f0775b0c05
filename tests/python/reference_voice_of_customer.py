"""An independent, pure-Python calculation of the voice-of-customer, support and social
marts (issue 5): kpi_csat_by_channel, kpi_customer_effort_score,
kpi_ticket_volume_by_channel, kpi_average_resolution_time and kpi_social_engagement, and
the cleaning of support_tickets and social_posts (SPEC §2, D3-D8, D501-D509).

It reads the seed CSVs and follows SPEC.md and docs/decisions.md, without looking at
the SQL. Shared grammar (timestamps, numbers, enumerations, row hash, periods, the KPI
shape) comes from reference.py.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from reference import (
    MAPPING_DIR,
    MAX_COUNT,
    RAW_SEED_DIR,
    KpiRows,
    Row,
    clean_text,
    enum_key,
    is_missing,
    is_non_finite,
    is_out_of_range,
    kpi_rows,
    map_enum,
    parse_number,
    parse_timestamp,
    read_csv_rows,
    row_hash,
    safe_ratio,
    snake_case,
)

# Raw columns in contract order (SPEC §1); the row hash concatenates them in this order.
CONTRACT_COLUMNS: dict[str, tuple[str, ...]] = {
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
    "support_tickets": (
        "ticket_id",
        "customer_id",
        "channel",
        "created_at",
        "first_replied_at",
        "solved_at",
        "status",
    ),
    "social_posts": (
        "post_id",
        "network",
        "published_at",
        "reach",
        "impressions",
        "likes",
        "comments",
        "shares",
        "saves",
        "clicks",
        "followers",
    ),
}
NEW_SOURCES: tuple[str, ...] = ("support_tickets", "social_posts")
SOCIAL_COUNTS: tuple[str, ...] = CONTRACT_COLUMNS["social_posts"][3:]
ENGAGEMENT_COUNTS: tuple[str, ...] = ("likes", "comments", "shares", "saves", "clicks")

KPI_BREAKDOWNS: dict[str, tuple[str, ...]] = {
    "csat_by_channel": ("channel",),
    "customer_effort_score": ("touchpoint",),
    "ticket_volume_by_channel": ("channel",),
    "average_resolution_time": ("channel",),
    "social_engagement": ("network",),
}


@dataclass(frozen=True)
class SurveyScale:
    """The survey vars of dbt_project.yml (defaults)."""

    csat_min: int = 1
    csat_max: int = 5
    csat_satisfied_threshold: int = 4
    nps_min: int = 0
    nps_max: int = 10
    ces_min: int = 1
    ces_max: int = 7
    ces_agree_threshold: int = 5
    ces_direction: str = "agreement"

    def bounds(self, survey_type: str) -> tuple[int, int]:
        """Inclusive scale of a survey type."""
        return {
            "nps": (self.nps_min, self.nps_max),
            "csat": (self.csat_min, self.csat_max),
            "ces": (self.ces_min, self.ces_max),
        }[survey_type]

    def kpi_score(self, survey_type: str, answered: int) -> int:
        """The score KPIs read: a CES "how much effort" answer is reverse-coded."""
        if survey_type == "ces" and self.ces_direction == "effort":
            return self.ces_min + self.ces_max - answered
        return answered


DEFAULT_SCALE = SurveyScale()


# ----------------------------------------------------------------------- inputs


def load_new_raw_rows() -> dict[str, list[Row]]:
    """The demo seeds of the sources this module covers (and survey responses)."""
    return {
        source: read_csv_rows(RAW_SEED_DIR / f"raw_{source}.csv")
        for source in CONTRACT_COLUMNS
    }


def load_aliases(name: str) -> dict[str, str]:
    """An alias seed (alias -> canonical)."""
    return {
        str(row["alias"]): str(row["canonical"])
        for row in read_csv_rows(MAPPING_DIR / f"{name}.csv")
    }


# ---------------------------------------------------------------------- cleaning

Check = tuple[Callable[[], bool], str]


@dataclass(frozen=True)
class Outcome:
    """Where the raw rows of one source went."""

    raw_rows: int
    clean: list[dict[str, Any]]
    rejected_rows: list[tuple[Row, str]]  # (raw row, rejection_reason)
    duplicate_rows: int

    @property
    def rejected(self) -> Counter[str]:
        """Rejected rows by rejection reason."""
        return Counter(reason for _, reason in self.rejected_rows)


def first_failing(checks: Iterable[Check]) -> str | None:
    """D6: the first check that fails names the rejection."""
    for failed, reason in checks:
        if failed():
            return reason
    return None


def validate_and_deduplicate(
    source: str,
    raw_rows: Sequence[Row],
    parse: Callable[[Row], dict[str, Any]],
    checks: Callable[[Row, dict[str, Any]], list[Check]],
    key: str,
    timestamp: str,
) -> Outcome:
    """Validate every row, then keep per key the valid row with the earliest timestamp,
    then the smallest row hash (D7)."""
    rejected: list[tuple[Row, str]] = []
    valid: dict[Any, list[tuple[datetime, str, dict[str, Any]]]] = defaultdict(list)
    for raw in raw_rows:
        parsed = parse(raw)
        reason = first_failing(checks(raw, parsed))
        if reason is not None:
            rejected.append((raw, reason))
            continue
        order = (parsed[timestamp], row_hash(raw, CONTRACT_COLUMNS[source]))
        valid[parsed[key]].append((*order, parsed))
    clean = [min(rows, key=lambda item: item[:2])[2] for rows in valid.values()]
    duplicates = sum(len(rows) - 1 for rows in valid.values())
    return Outcome(len(raw_rows), clean, rejected, duplicates)


def parsing_and_range_checks(
    raw: Row, parsed: dict[str, Any], column: str, build_date: date
) -> tuple[Check, Check]:
    """D3/D4 for a timestamp column: unparseable, then out of range."""
    return (
        (
            lambda: not is_missing(raw[column]) and parsed[column] is None,
            f"unparseable_{column}",
        ),
        (
            lambda: (
                parsed[column] is not None
                and is_out_of_range(parsed[column], build_date)
            ),
            f"{column}_out_of_range",
        ),
    )


def clean_support_tickets(
    raw_rows: Sequence[Row], build_date: date, channels: Mapping[str, str]
) -> Outcome:
    """Support tickets: required ticket_id, channel, created_at; optional reply and
    solution timestamps, parseable, in range and not before created_at (D501)."""
    timestamps = ("created_at", "first_replied_at", "solved_at")

    def parse(raw: Row) -> dict[str, Any]:
        return {
            "ticket_id": clean_text(raw["ticket_id"]),
            "channel": map_enum(raw["channel"], channels),
            **{column: parse_timestamp(raw[column]) for column in timestamps},
            "status": snake_case(raw["status"]),
        }

    def checks(raw: Row, parsed: dict[str, Any]) -> list[Check]:
        per_column = [
            parsing_and_range_checks(raw, parsed, column, build_date)
            for column in timestamps
        ]
        created = parsed["created_at"]
        return [
            (lambda: is_missing(raw["ticket_id"]), "missing_ticket_id"),
            (lambda: is_missing(raw["channel"]), "missing_channel"),
            (lambda: is_missing(raw["created_at"]), "missing_created_at"),
            *(pair[0] for pair in per_column),
            *(pair[1] for pair in per_column),
            (
                lambda: (
                    parsed["first_replied_at"] is not None
                    and parsed["first_replied_at"] < created
                ),
                "first_replied_at_before_created_at",
            ),
            (
                lambda: (
                    parsed["solved_at"] is not None and parsed["solved_at"] < created
                ),
                "solved_at_before_created_at",
            ),
        ]

    return validate_and_deduplicate(
        "support_tickets", raw_rows, parse, checks, "ticket_id", "created_at"
    )


def clean_social_posts(
    raw_rows: Sequence[Row], build_date: date, networks: Mapping[str, str]
) -> Outcome:
    """Social posts: required post_id, network, published_at; counts finite, parseable,
    whole and not negative; a missing count is 0 (SPEC §2, D504)."""

    def parse(raw: Row) -> dict[str, Any]:
        return {
            "post_id": clean_text(raw["post_id"]),
            "network": map_enum(raw["network"], networks),
            "published_at": parse_timestamp(raw["published_at"]),
            **{column: parse_number(raw[column]) for column in SOCIAL_COUNTS},
        }

    def checks(raw: Row, parsed: dict[str, Any]) -> list[Check]:
        published = parsing_and_range_checks(raw, parsed, "published_at", build_date)
        parsing: list[Check] = [published[0]]
        ranges: list[Check] = [published[1]]
        for column in SOCIAL_COUNTS:
            text, value = raw[column], parsed[column]
            parsing += [
                (lambda text=text: is_non_finite(text), f"non_finite_{column}"),
                (
                    lambda text=text, value=value: (
                        not is_missing(text) and value is None
                    ),
                    f"unparseable_{column}",
                ),
            ]
            ranges += [
                (
                    lambda value=value: value is not None and value != int(value),
                    f"non_integer_{column}",
                ),
                (
                    lambda value=value: value is not None and value < 0,
                    f"negative_{column}",
                ),
                (
                    lambda value=value: value is not None and value > MAX_COUNT,
                    f"{column}_out_of_range",
                ),
            ]
        return [
            (lambda: is_missing(raw["post_id"]), "missing_post_id"),
            (lambda: is_missing(raw["network"]), "missing_network"),
            (lambda: is_missing(raw["published_at"]), "missing_published_at"),
            *parsing,
            *ranges,
        ]

    outcome = validate_and_deduplicate(
        "social_posts", raw_rows, parse, checks, "post_id", "published_at"
    )
    for post in outcome.clean:
        for column in SOCIAL_COUNTS:
            post[column] = int(post[column] or 0)
    return outcome


def clean_survey_responses(
    raw_rows: Sequence[Row],
    build_date: date,
    channels: Mapping[str, str],
    scale: SurveyScale = DEFAULT_SCALE,
) -> Outcome:
    """Survey responses with the channel and touchpoint the CSAT and CES marts need."""

    def parse(raw: Row) -> dict[str, Any]:
        return {
            "response_id": clean_text(raw["response_id"]),
            "survey_type": enum_key(raw["survey_type"]),
            "score": parse_number(raw["score"]),
            "channel": map_enum(raw["channel"], channels),
            "touchpoint": snake_case(raw["touchpoint"]) or "unknown",
            "responded_at": parse_timestamp(raw["responded_at"]),
        }

    def checks(raw: Row, parsed: dict[str, Any]) -> list[Check]:
        survey_type, score = parsed["survey_type"], parsed["score"]
        known = survey_type in ("nps", "csat", "ces")
        low, high = scale.bounds(survey_type) if known else (0, 0)
        timestamp = parsing_and_range_checks(raw, parsed, "responded_at", build_date)
        return [
            (lambda: is_missing(raw["response_id"]), "missing_response_id"),
            (lambda: is_missing(raw["survey_type"]), "missing_survey_type"),
            (lambda: not known, "unknown_survey_type"),
            (lambda: is_missing(raw["score"]), "missing_score"),
            (lambda: is_non_finite(raw["score"]), "non_finite_score"),
            (lambda: score is None, "unparseable_score"),
            (lambda: score != int(score), "non_integer_score"),
            (lambda: score == 0 and score < low, "no_answer"),
            (lambda: not low <= score <= high, "score_out_of_scale"),
            (lambda: is_missing(raw["responded_at"]), "missing_responded_at"),
            *timestamp,
        ]

    outcome = validate_and_deduplicate(
        "survey_responses", raw_rows, parse, checks, "response_id", "responded_at"
    )
    for response in outcome.clean:
        answered = int(response["score"])
        response["answered_score"] = answered
        response["score"] = scale.kpi_score(response["survey_type"], answered)
    return outcome


# -------------------------------------------------------------------- formulas


def reporting_date(moment: datetime) -> date:
    """The date in reporting_timezone (UTC in the demo)."""
    return moment.astimezone(UTC).date()


def first_reply_minutes(ticket: Mapping[str, Any]) -> float | None:
    """(first_replied_at - created_at) in exact seconds / 60."""
    if ticket["first_replied_at"] is None:
        return None
    return (ticket["first_replied_at"] - ticket["created_at"]).total_seconds() / 60


def resolution_hours(ticket: Mapping[str, Any]) -> float | None:
    """(solved_at - created_at) in exact seconds / 3600."""
    if ticket["solved_at"] is None:
        return None
    return (ticket["solved_at"] - ticket["created_at"]).total_seconds() / 3600


def post_engagements(post: Mapping[str, Any]) -> int:
    """likes + comments + shares + saves + clicks."""
    return sum(post[column] for column in ENGAGEMENT_COUNTS)


def csat_measures(
    scores: Sequence[int], scale: SurveyScale = DEFAULT_SCALE
) -> dict[str, Any]:
    """responses, satisfied_responses, csat, total_score, avg_score."""
    satisfied = sum(1 for score in scores if score >= scale.csat_satisfied_threshold)
    total = sum(scores)
    return {
        "responses": len(scores),
        "satisfied_responses": satisfied,
        "csat": safe_ratio(satisfied, len(scores)),
        "total_score": total,
        "avg_score": safe_ratio(total, len(scores)),
    }


def ces_measures(
    scores: Sequence[int], scale: SurveyScale = DEFAULT_SCALE
) -> dict[str, Any]:
    """responses, total_score, ces, agree_responses, ces_agree_rate."""
    agree = sum(1 for score in scores if score >= scale.ces_agree_threshold)
    total = sum(scores)
    return {
        "responses": len(scores),
        "total_score": total,
        "ces": safe_ratio(total, len(scores)),
        "agree_responses": agree,
        "ces_agree_rate": safe_ratio(agree, len(scores)),
    }


def spread(values: Sequence[float], name: str) -> dict[str, float | None]:
    """min, exact median and max of a list of values, None when empty."""
    if not values:
        return {f"min_{name}": None, f"median_{name}": None, f"max_{name}": None}
    return {
        f"min_{name}": min(values),
        f"median_{name}": float(statistics.median(values)),
        f"max_{name}": max(values),
    }


def ticket_volume_measures(tickets: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The columns of kpi_ticket_volume_by_channel except the period totals."""
    minutes = [m for m in (first_reply_minutes(t) for t in tickets) if m is not None]
    resolved = sum(1 for ticket in tickets if ticket["solved_at"] is not None)
    total = float(sum(minutes))
    return {
        "tickets": len(tickets),
        "replied_tickets": len(minutes),
        "total_first_reply_minutes": total,
        "avg_first_reply_minutes": safe_ratio(total, len(minutes)),
        **spread(minutes, "first_reply_minutes"),
        "resolved_tickets": resolved,
        "resolution_rate": safe_ratio(resolved, len(tickets)),
    }


def resolution_measures(tickets: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The columns of kpi_average_resolution_time (tickets all solved)."""
    hours = [resolution_hours(ticket) or 0.0 for ticket in tickets]
    total = float(sum(hours))
    return {
        "solved_tickets": len(hours),
        "total_resolution_hours": total,
        "avg_resolution_hours": safe_ratio(total, len(hours)),
        **spread(hours, "resolution_hours"),
    }


def social_measures(posts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The columns of kpi_social_engagement: every post in posts / reach / engagements,
    the posts with reach > 0 in the rated components and both rates."""
    rated = [post for post in posts if post["reach"] > 0]
    rates = [post_engagements(post) / post["reach"] for post in rated]
    rated_reach = sum(post["reach"] for post in rated)
    rated_engagements = sum(post_engagements(post) for post in rated)
    total_rate = float(sum(rates))
    return {
        "posts": len(posts),
        "reach": sum(post["reach"] for post in posts),
        "engagements": sum(post_engagements(post) for post in posts),
        "rated_posts": len(rated),
        "rated_reach": rated_reach,
        "rated_engagements": rated_engagements,
        "total_post_engagement_rate": total_rate,
        "engagement_rate": safe_ratio(total_rate, len(rated)),
        "pooled_engagement_rate": safe_ratio(rated_engagements, rated_reach),
    }


# ------------------------------------------------------------------ the marts


def _by_breakdown(fact: Mapping[str, Any], breakdown: str) -> str:
    return str(fact[breakdown])


def csat_rows(responses: Sequence[dict[str, Any]], as_of: date) -> KpiRows:
    """kpi_csat_by_channel: CSAT responses by responded date."""
    facts = [r for r in responses if r["survey_type"] == "csat"]
    return kpi_rows(
        facts,
        lambda r: reporting_date(r["responded_at"]),
        KPI_BREAKDOWNS["csat_by_channel"],
        _by_breakdown,
        lambda members: csat_measures([m["score"] for m in members]),
        as_of,
    )


def ces_rows(responses: Sequence[dict[str, Any]], as_of: date) -> KpiRows:
    """kpi_customer_effort_score: CES responses by responded date."""
    facts = [r for r in responses if r["survey_type"] == "ces"]
    return kpi_rows(
        facts,
        lambda r: reporting_date(r["responded_at"]),
        KPI_BREAKDOWNS["customer_effort_score"],
        _by_breakdown,
        lambda members: ces_measures([m["score"] for m in members]),
        as_of,
    )


def ticket_volume_rows(tickets: Sequence[dict[str, Any]], as_of: date) -> KpiRows:
    """kpi_ticket_volume_by_channel: tickets by created date, shares of the period."""
    rows = kpi_rows(
        tickets,
        lambda t: reporting_date(t["created_at"]),
        KPI_BREAKDOWNS["ticket_volume_by_channel"],
        _by_breakdown,
        ticket_volume_measures,
        as_of,
    )
    for (grain, start, _, _), row in rows.items():
        period_tickets = rows[(grain, start, "overall", "all")]["tickets"]
        row["period_tickets"] = period_tickets
        row["ticket_share"] = safe_ratio(row["tickets"], period_tickets)
    return rows


def resolution_time_rows(tickets: Sequence[dict[str, Any]], as_of: date) -> KpiRows:
    """kpi_average_resolution_time: solved tickets by solved date."""
    solved = [ticket for ticket in tickets if ticket["solved_at"] is not None]
    return kpi_rows(
        solved,
        lambda t: reporting_date(t["solved_at"]),
        KPI_BREAKDOWNS["average_resolution_time"],
        _by_breakdown,
        resolution_measures,
        as_of,
    )


def social_engagement_rows(posts: Sequence[dict[str, Any]], as_of: date) -> KpiRows:
    """kpi_social_engagement: posts by published date."""
    return kpi_rows(
        posts,
        lambda p: reporting_date(p["published_at"]),
        KPI_BREAKDOWNS["social_engagement"],
        _by_breakdown,
        social_measures,
        as_of,
    )


# ------------------------------------------------------------------- the whole


@dataclass(frozen=True)
class VoiceOfCustomerReference:
    """Everything this module computes from the seeds."""

    outcomes: dict[str, Outcome]
    as_of_date: date
    csat_by_channel: KpiRows
    customer_effort_score: KpiRows
    ticket_volume_by_channel: KpiRows
    average_resolution_time: KpiRows
    social_engagement: KpiRows

    def row_accounting(self) -> dict[str, dict[str, Any]]:
        """dq_source_row_accounting rows of the new sources."""
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
            if source in NEW_SOURCES
        }

    def rejected_rows(self) -> dict[tuple[str, str], dict[str, Any]]:
        """dq_rejected_rows rows of the new sources."""
        return {
            (source, reason): {
                "rejected_rows": count,
                "raw_rows": outcome.raw_rows,
                "rejected_share": safe_ratio(count, outcome.raw_rows),
            }
            for source, outcome in self.outcomes.items()
            if source in NEW_SOURCES
            for reason, count in outcome.rejected.items()
        }


def data_dates(
    tickets: Iterable[Mapping[str, Any]], posts: Iterable[Mapping[str, Any]]
) -> list[date]:
    """The dates the new sources add to the as-of date (D18): tickets' created,
    first-replied and solved dates, posts' published dates."""
    dates = [
        reporting_date(ticket[column])
        for ticket in tickets
        for column in ("created_at", "first_replied_at", "solved_at")
        if ticket[column] is not None
    ]
    return dates + [reporting_date(post["published_at"]) for post in posts]


def build_voice_of_customer_reference(
    raw: Mapping[str, Sequence[Row]], build_date: date, other_sources_as_of: date
) -> VoiceOfCustomerReference:
    """Runs this module on raw rows; `other_sources_as_of` is the latest data date of
    the other sources (reference.py), the as-of date being the latest of all."""
    channels = load_aliases("channel_aliases")
    responses = clean_survey_responses(raw["survey_responses"], build_date, channels)
    tickets = clean_support_tickets(raw["support_tickets"], build_date, channels)
    posts = clean_social_posts(
        raw["social_posts"], build_date, load_aliases("network_aliases")
    )
    as_of = max([other_sources_as_of, *data_dates(tickets.clean, posts.clean)])
    return VoiceOfCustomerReference(
        outcomes={
            "survey_responses": responses,
            "support_tickets": tickets,
            "social_posts": posts,
        },
        as_of_date=as_of,
        csat_by_channel=csat_rows(responses.clean, as_of),
        customer_effort_score=ces_rows(responses.clean, as_of),
        ticket_volume_by_channel=ticket_volume_rows(tickets.clean, as_of),
        average_resolution_time=resolution_time_rows(tickets.clean, as_of),
        social_engagement=social_engagement_rows(posts.clean, as_of),
    )
