"""The monthly session KPIs as one hand-written DuckDB query over the raw events files:
the practical lower bound for `make bench` (docs/benchmarks.md).

    python scripts/session_kpis_duckdb.py <raw_data_dir> <result.json>

It follows SPEC §2-§5 and docs/decisions.md for events, with the project's defaults
(reporting_timezone UTC, session_timeout_minutes 30, conversion_events purchase and
sign_up): validate (D3-D6, D12a), deduplicate valid rows by event_id keeping the
earliest occurred_at, then the smallest row hash (D7), drop bots (D12), resolve identity
(D13), sessionise (SPEC §3, exact seconds), and aggregate the sessions by the month of
their first event: sessions, conversions, visitors, page views, duration, bounces and
engaged sessions (SPEC §5). Text is trimmed of blanks (`trim`), not of every POSIX
space character as the project's staging does (D2): raw exports, and the generator,
hold no tabs or newlines around values.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
from generate_demo_seeds import COLUMNS as DEMO_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
BOT_PATTERNS = ROOT / "seeds" / "mappings" / "bot_user_agent_patterns.csv"
CONVERSION_EVENTS = ("purchase", "sign_up")
SESSION_TIMEOUT_SECONDS = 30 * 60
RAW_COLUMNS = DEMO_COLUMNS["raw_events"]
# D3: YYYY-MM-DD, or date, T or blank, time with up to six fraction digits, optional
# Z or +-HH:MM offset below 24:00.
TIMESTAMP_GRAMMAR = (
    "[0-9]{4}-[0-9]{2}-[0-9]{2}"
    "([T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,6})?"
    "(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?)?"
)


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def bot_patterns() -> list[str]:
    with BOT_PATTERNS.open(newline="") as handle:
        return [row["pattern"] for row in csv.DictReader(handle)]


def session_kpis_sql(files: list[str]) -> str:
    """The query: one row per month with the components and rates."""
    file_list = "[" + ", ".join(sql_literal(f) for f in files) + "]"
    is_bot = " or ".join(
        f"contains(lower(user_agent), {sql_literal(p.lower())})" for p in bot_patterns()
    )
    row_hash = " || '|' || ".join(f"coalesce({c}, '')" for c in RAW_COLUMNS)
    conversions = ", ".join(sql_literal(e) for e in CONVERSION_EVENTS)
    return f"""
with raw as (
    select {", ".join(RAW_COLUMNS)}
    from read_parquet({file_list}, union_by_name = true)
),
parsed as (
    select
        nullif(trim(event_id), '') as event_id,
        nullif(trim(anonymous_id), '') as anonymous_id,
        nullif(trim(customer_id), '') as customer_id,
        nullif(regexp_replace(regexp_replace(lower(trim(event_name)),
            '[^a-z0-9]+', '_', 'g'), '^_+|_+$', '', 'g'), '') as event_name,
        case when regexp_full_match(trim(occurred_at), '{TIMESTAMP_GRAMMAR}')
            then timezone('UTC', try_cast(case
                when length(trim(occurred_at)) = 10
                    then trim(occurred_at) || ' 00:00:00+00:00'
                when ends_with(trim(occurred_at), 'Z')
                    then replace(replace(trim(occurred_at), 'T', ' '), 'Z', '+00:00')
                when regexp_matches(trim(occurred_at), '[+-][0-9]{{2}}:[0-9]{{2}}$')
                    then replace(trim(occurred_at), 'T', ' ')
                else replace(trim(occurred_at), 'T', ' ') || '+00:00'
            end as timestamptz))
        end as occurred_at,
        coalesce({is_bot}, false) as is_bot,
        md5({row_hash}) as row_hash
    from raw
),
kept as (
    select * exclude (rank_in_key)
    from (
        select *, row_number() over (
            partition by event_id order by occurred_at, row_hash) as rank_in_key
        from parsed
        where event_id is not null
            and event_name is not null
            and (anonymous_id is not null or customer_id is not null)
            and occurred_at >= timestamp '2000-01-01'
            and cast(occurred_at as date) <= current_date + 1
    )
    where rank_in_key = 1 and not is_bot
),
owners as (
    select anonymous_id, arg_max(customer_id, (occurred_at, event_id)) as owner
    from kept
    where anonymous_id is not null and customer_id is not null
    group by anonymous_id
),
users as (
    select
        coalesce(kept.customer_id, owners.owner, kept.anonymous_id) as user_key,
        kept.event_id,
        kept.occurred_at,
        kept.event_name
    from kept
    -- On the key alone: coalesce() prefers the event's own customer_id, and a
    -- `kept.customer_id is null` in this ON clause makes DuckDB loop (decision D611).
    left join owners on kept.anonymous_id = owners.anonymous_id
),
gaps as (
    select *,
        coalesce(
            epoch_us(occurred_at) - epoch_us(lag(occurred_at) over (
                partition by user_key order by occurred_at, event_id))
            > {SESSION_TIMEOUT_SECONDS} * 1000000,
            true) as is_start
    from users
),
numbered as (
    select *, sum(is_start::int) over (
        partition by user_key order by occurred_at, event_id
        rows between unbounded preceding and current row) as session_number
    from gaps
),
sessions as (
    select
        user_key,
        min(occurred_at) as started_at,
        (epoch_us(max(occurred_at)) - epoch_us(min(occurred_at))) / 1e6
            as duration_seconds,
        count(*) as events,
        count(*) filter (where event_name = 'page_view') as page_views,
        bool_or(event_name in ({conversions})) as is_converted
    from numbered
    group by user_key, session_number
)
select
    cast(date_trunc('month', started_at) as date) as month,
    count(*) as sessions,
    count(*) filter (where is_converted) as converted_sessions,
    count(distinct user_key) as visitors,
    count(distinct user_key) filter (where is_converted) as converted_visitors,
    sum(page_views) as page_views,
    sum(duration_seconds) as total_duration_seconds,
    count(*) filter (where events = 1) as bounced_sessions,
    count(*) filter (
        where duration_seconds >= 10 or page_views >= 2 or is_converted
    ) as engaged_sessions
from sessions
group by 1
order by 1
"""


def event_files(raw_dir: Path) -> list[str]:
    files = sorted(raw_dir.glob("events.parquet")) + sorted(
        raw_dir.glob("events_*.parquet")
    )
    if not files:
        raise SystemExit(f"no events.parquet or events_*.parquet in {raw_dir}")
    return [str(f) for f in files]


def with_rates(row: dict[str, Any]) -> dict[str, Any]:
    """Adds the rates of SPEC §5 (NULL when there is no session)."""

    def ratio(numerator: float, denominator: float) -> float | None:
        return numerator / denominator if denominator else None

    row["conversion_rate"] = ratio(row["converted_sessions"], row["sessions"])
    row["visitor_conversion_rate"] = ratio(row["converted_visitors"], row["visitors"])
    row["pages_per_session"] = ratio(row["page_views"], row["sessions"])
    row["avg_session_duration_seconds"] = ratio(
        row["total_duration_seconds"], row["sessions"]
    )
    row["bounce_rate"] = ratio(row["bounced_sessions"], row["sessions"])
    row["engagement_rate"] = ratio(row["engaged_sessions"], row["sessions"])
    return row


def compute(raw_dir: Path) -> dict[str, dict[str, Any]]:
    """Month (ISO date) -> components and rates."""
    with duckdb.connect() as connection:
        cursor = connection.execute(session_kpis_sql(event_files(raw_dir)))
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    result = {}
    for row in rows:
        month = row.pop("month").isoformat()
        row = {
            k: (int(v) if k != "total_duration_seconds" else float(v))
            for k, v in row.items()
        }
        result[month] = with_rates(row)
    return result


def timed_main(
    compute_months: Callable[[Path], dict[str, dict[str, Any]]], argv: list[str]
) -> int:
    """`<raw_data_dir> <result.json>`: runs `compute_months` on the folder and writes
    its months with the seconds it took (the reference implementations' entry point)."""
    raw_dir, target = Path(argv[0]), Path(argv[1])
    began = time.perf_counter()
    months = compute_months(raw_dir)
    seconds = time.perf_counter() - began
    target.write_text(json.dumps({"seconds": seconds, "months": months}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(timed_main(compute, sys.argv[1:]))
