"""Realistic raw data for the eight sources of SPEC §1, as Parquet files that
`--vars '{raw_data_dir: <folder>}'` reads as they are.

    python scripts/generate_events.py --events 10M --out generated/raw_10M [--seed 42]

Every column is text, as raw exports are, in the column order of
`macros/sources/raw_source.sql` (`raw_source_contract`). The output is deterministic
for a given --events, --seed, --start and --days (not for the number of workers).

Shapes (docs/decisions.md D601-D605):
- visitors with power-law activity (Pareto), a lifetime inside the period, one device;
  about 10% of them become customers, more often the more active they are, and are
  logged in on most sessions after signing up (earlier sessions are anonymous, the same
  anonymous_id, so identity stitches them);
- sessions of several events (40% bounce, else 2 + geometric), lognormal gaps, daily
  (hour of day) and weekly seasonality, a yearly wave peaking in late November;
- landing page (Zipf), traffic source (organic, direct, paid search, social, email,
  referral) in the first event's referrer / utm columns;
- conversions: the last event of 3% of anonymous and 10% of logged-in sessions is
  `sign_up` / `purchase`; every purchase is an order;
- about 3% of events from bots (crawlers, scripts, headless browsers);
- dirty rows: exact duplicates (0.8%), retried events with the same event_id a few
  seconds later (0.2%), late events written after newer ones (2%), timestamps with
  offsets or without a zone, device clocks at 1970 (out of range), unparseable
  timestamps, missing event names and user ids, device type spellings;
- customers, orders, support tickets and survey responses in proportion to the
  customers; search console, campaign performance and social posts for the period.

Events are generated in chunks of about 500,000 in a process pool (all cores) and
written as `events_<chunk>.parquet`; a progress bar shows the events written.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from generate_demo_seeds import COLUMNS as DEMO_COLUMNS
from tqdm import tqdm

GENERATOR_VERSION = 1
CHUNK_EVENTS = 500_000
ROW_GROUP_ROWS = 250_000

# The contract's columns of each source, in SPEC order: the demo generator's table.
SOURCE_COLUMNS: dict[str, tuple[str, ...]] = {
    table.removeprefix("raw_"): columns for table, columns in DEMO_COLUMNS.items()
}

# Shares of the events file (of all rows written).
BOT_EVENT_SHARE = 0.03
EXACT_DUPLICATE_SHARE = 0.008
RETRY_DUPLICATE_SHARE = 0.002
LATE_EVENT_SHARE = 0.02
OFFSET_TIMESTAMP_SHARE = 0.08
NAIVE_TIMESTAMP_SHARE = 0.04
CLOCK_1970_SHARE = 0.0003
UNPARSEABLE_TIMESTAMP_SHARE = 0.0002
MISSING_EVENT_NAME_SHARE = 0.0002
MISSING_USER_ID_SHARE = 0.0001

HOST = "https://shop.example"
SECONDS_PER_DAY = 86_400

# --- vocabularies ------------------------------------------------------------------

PAGES: tuple[str, ...] = (
    "/",
    "/pricing",
    "/plans",
    "/products",
    "/about",
    "/contact",
    "/careers",
    "/login",
    "/signup",
    "/cart",
    "/checkout",
    "/help",
    *(
        f"/products/{name}"
        for name in (
            "starter-bundle",
            "analytics-suite",
            "survey-kit",
            "gift-card",
            "nps-widget",
            "chat-plugin",
            "ticket-desk",
            "pro-plan",
            "team-plan",
            "enterprise-plan",
            "api-addon",
            "mobile-sdk",
            "dashboard-pack",
            "csat-kit",
            "onboarding-pack",
        )
    ),
    *(
        f"/blog/{name}"
        for name in (
            "what-is-nps",
            "reduce-churn",
            "csat-vs-nps",
            "customer-effort-score",
            "engagement-metrics",
            "retention-playbook",
            "conversion-tips",
            "bounce-rate-explained",
            "session-duration",
            "cohort-analysis",
            "support-kpis",
            "social-engagement",
            "clv-guide",
            "daily-active-users",
            "organic-traffic",
            "email-campaigns",
            "ab-testing",
            "pricing-pages",
            "live-chat-benefits",
            "self-service",
        )
    ),
    *(
        f"/docs/{name}"
        for name in (
            "getting-started",
            "installation",
            "api",
            "webhooks",
            "sdk-ios",
            "sdk-android",
            "integrations",
            "billing",
            "security",
            "faq",
        )
    ),
    *(f"/help/{name}" for name in ("reset-password", "invoices", "refunds", "contact")),
)

HUMAN_EVENT_NAMES = ("page_view", "product_view", "add_to_cart", "search", "click")
HUMAN_EVENT_WEIGHTS = (0.62, 0.15, 0.06, 0.08, 0.09)
EVENT_NAMES = (*HUMAN_EVENT_NAMES, "purchase", "sign_up", "Page View")
PURCHASE, SIGN_UP, PAGE_VIEW_ODD = 5, 6, 7

# Devices: (spelling in the raw file, weight); index // 4 is desktop, mobile, tablet.
DEVICE_SPELLINGS = (
    "desktop",
    "Desktop",
    "pc",
    "mac",
    "mobile",
    "Mobile",
    "iphone",
    "android",
    "tablet",
    "Tablet",
    "ipad",
    "tab",
)
DEVICE_WEIGHTS = np.array([0.52, 0.42, 0.06])
SPELLING_WEIGHTS = np.array([0.85, 0.08, 0.04, 0.03])
USER_AGENTS = (
    # desktop
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51",
    # mobile
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/123.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
    # tablet
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPad; CPU OS 16_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 12; Lenovo TB-J606F) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/122.0.0.0 Safari/537.36",
)
BOT_USER_AGENTS = (
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/124.0.0.0 Safari/537.36",
    "python-requests/2.31.0",
    "curl/8.5.0",
    "Scrapy/2.11.0 (+https://scrapy.org)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
)

# Traffic sources of a session (first event): weight, referrers, utm medium.
SOURCES = ("direct", "organic", "paid_search", "social", "email", "referral")
SOURCE_WEIGHTS = np.array([0.28, 0.33, 0.10, 0.11, 0.08, 0.10])
EXTERNAL_REFERRERS = (
    "https://www.google.com/",
    "https://www.google.de/",
    "https://www.bing.com/",
    "https://duckduckgo.com/",
    "https://t.co/x7Yb2",
    "https://www.facebook.com/",
    "https://www.linkedin.com/feed/",
    "https://www.reddit.com/r/analytics/",
    "https://mail.google.com/mail/u/0/",
    "https://news.ycombinator.com/item?id=40001",
    "https://blog.partner.example/best-tools",
    "https://www.g2.com/categories/customer-analytics",
)
SOURCE_REFERRERS: dict[str, tuple[int, ...]] = {
    "direct": (),
    "organic": (0, 1, 2, 3),
    "paid_search": (0, 2),
    "social": (4, 5, 6, 7),
    "email": (8,),
    "referral": (9, 10, 11),
}
UTM_SOURCES = ("google", "newsletter", "facebook")
UTM_MEDIUMS = ("cpc", "email", "paid_social", "CPC")
UTM_CAMPAIGNS = ("spring_launch", "summer_sale", "black_friday", "weekly_digest")

HOUR_WEIGHTS = np.array(
    [
        2,
        1.2,
        0.8,
        0.6,
        0.6,
        0.9,
        1.8,
        3.2,
        4.8,
        6,
        6.6,
        6.8,
        6.4,
        6.6,
        6.5,
        6.2,
        5.8,
        5.6,
        5.8,
        6.4,
        6.6,
        5.6,
        4.2,
        3,
    ]
)
WEEKDAY_WEIGHTS = np.array([1.0, 1.04, 1.02, 0.98, 0.9, 0.62, 0.58])  # Monday first


# --- helpers -----------------------------------------------------------------------


def parse_count(text: str) -> int:
    """'10M', '100k', '1e6', '20000' -> int."""
    match = re.fullmatch(r"\s*([0-9.]+(?:e[0-9]+)?)\s*([kKmMbB]?)\s*", str(text))
    if not match:
        raise argparse.ArgumentTypeError(f"not a count: {text!r} (use 20000, 1M, 10M)")
    factor = {"": 1, "k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
    value = float(match.group(1)) * factor[match.group(2).lower()]
    if value < 1000 or value != int(value):
        raise argparse.ArgumentTypeError(f"need a whole count >= 1000, got {text!r}")
    return int(value)


def dictionary_column(indices: np.ndarray, values: Sequence[str]) -> pa.Array:
    """Text column from codes into `values`; a negative code is NULL. Written with a
    dictionary (fast), read back as plain text."""
    codes = pa.array(indices.astype(np.int32), mask=indices < 0)
    dictionary = pa.array(values, pa.string())
    if len(set(values)) < len(values):
        return pc.take(dictionary, codes)
    return pa.DictionaryArray.from_arrays(codes, dictionary)


def _text_array(
    buffer: np.ndarray, widths: np.ndarray, valid: np.ndarray | None
) -> pa.Array:
    """Arrow text from a (rows, max width) uint8 buffer and each row's width, built
    from buffers (no Python object per value)."""
    if valid is not None:
        widths = np.where(valid, widths, 0)
    offsets = np.zeros(len(widths) + 1, dtype=np.int64)
    np.cumsum(widths, out=offsets[1:])
    keep = np.arange(buffer.shape[1]) < widths[:, None]
    data = np.ascontiguousarray(buffer[keep])
    bitmap = (
        None if valid is None else pa.py_buffer(np.packbits(valid, bitorder="little"))
    )
    return pa.LargeStringArray.from_buffers(
        len(widths), pa.py_buffer(offsets), pa.py_buffer(data), bitmap
    ).cast(pa.string())


_PAIRS = np.array([[48 + i // 10, 48 + i % 10] for i in range(100)], dtype=np.uint8)


def _put_digits(
    buffer: np.ndarray, column: int, values: np.ndarray, width: int
) -> None:
    """Writes `values` zero-padded to `width` digits at `column` of every row, two
    digits per lookup."""
    values = values.astype(np.int64)
    end = column + width
    while end - column >= 2:
        values, pair = np.divmod(values, 100)
        buffer[:, end - 2 : end] = _PAIRS[pair]
        end -= 2
    if end > column:
        buffer[:, column] = values % 10 + 48


def id_column(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """'<prefix><zero-padded number>'; a negative number is NULL."""
    n = len(numbers)
    buffer = np.empty((n, len(prefix) + width), dtype=np.uint8)
    buffer[:, : len(prefix)] = np.frombuffer(prefix.encode(), dtype=np.uint8)
    _put_digits(buffer, len(prefix), np.maximum(numbers, 0), width)
    valid = numbers >= 0
    return _text_array(
        buffer, np.full(n, buffer.shape[1]), None if valid.all() else valid
    )


def timestamp_column(
    seconds: np.ndarray, style: np.ndarray | None = None, offset_hours: int = 2
) -> pa.Array:
    """UTC epoch seconds -> ISO-8601 text: style 0 `YYYY-MM-DDTHH:MM:SSZ`, 1 the local
    time at UTC+offset_hours `YYYY-MM-DDTHH:MM:SS+HH:00`, 2 `YYYY-MM-DD HH:MM:SS`
    without a zone (UTC)."""
    n = len(seconds)
    style = np.zeros(n, dtype=np.int64) if style is None else style
    local = seconds + np.where(style == 1, offset_hours * 3600, 0)
    days = local // SECONDS_PER_DAY
    clock = local - days * SECONDS_PER_DAY
    day = days.astype("datetime64[D]")
    month_start = day.astype("datetime64[M]")
    year = month_start.astype("datetime64[Y]").astype(np.int64) + 1970
    month = month_start.astype(np.int64) % 12 + 1
    day_of_month = (day - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    buffer = np.zeros((n, 25), dtype=np.uint8)
    _put_digits(buffer, 0, year, 4)
    buffer[:, 4] = buffer[:, 7] = ord("-")
    _put_digits(buffer, 5, month, 2)
    _put_digits(buffer, 8, day_of_month, 2)
    buffer[:, 10] = np.where(style == 2, ord(" "), ord("T"))
    _put_digits(buffer, 11, clock // 3600, 2)
    buffer[:, 13] = buffer[:, 16] = ord(":")
    _put_digits(buffer, 14, clock // 60 % 60, 2)
    _put_digits(buffer, 17, clock % 60, 2)
    buffer[:, 19] = ord("Z")
    suffix = np.frombuffer(f"+{offset_hours:02d}:00".encode(), dtype=np.uint8)
    buffer[style == 1, 19:25] = suffix
    widths = np.select([style == 0, style == 1], [20, 25], 19)
    return _text_array(buffer, widths, None)


def number_text(values: np.ndarray, decimals: int = 0) -> pa.Array:
    """Numbers as text: whole numbers without a decimal point, else `decimals`."""
    if decimals == 0:
        return pc.cast(pa.array(values.astype(np.int64)), pa.string())
    scaled = np.round(values * 10**decimals).astype(np.int64)
    whole = pc.cast(pa.array(scaled // 10**decimals), pa.string())
    fraction = pc.utf8_lpad(
        pc.cast(pa.array(scaled % 10**decimals), pa.string()), decimals, "0"
    )
    return pc.binary_join_element_wise(whole, fraction, ".")


def write_parquet(path: Path, columns: dict[str, pa.Array]) -> int:
    """Writes the columns as text (no Arrow schema stored: a reader sees plain strings,
    as with any raw export); returns the number of rows."""
    table = pa.table(columns)
    pq.write_table(
        table,
        path,
        compression="snappy",
        row_group_size=ROW_GROUP_ROWS,
        store_schema=False,
    )
    return table.num_rows


def zipf_weights(count: int, exponent: float = 1.1) -> np.ndarray:
    weights = 1.0 / np.arange(1, count + 1) ** exponent
    return weights / weights.sum()


def choose(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    """Codes drawn with the given weights (fast inverse-CDF sampling)."""
    cumulative = np.cumsum(weights / np.sum(weights))
    return np.minimum(
        np.searchsorted(cumulative, rng.random(size), side="right"), len(weights) - 1
    )


# --- users and sessions (main process) --------------------------------------------


@dataclass
class Plan:
    """Everything decided before events are expanded: users and sessions."""

    start_s: int
    days: int
    # humans then bots; per user
    device: np.ndarray  # spelling code, -1 missing
    agent: np.ndarray  # index into USER_AGENTS + BOT_USER_AGENTS
    customer: np.ndarray  # customer number, -1 for anonymous visitors and bots
    signup_s: np.ndarray  # customers: signed up at (epoch s)
    # per session, sorted by start
    user: np.ndarray
    session_start: np.ndarray
    length: np.ndarray
    is_bot: np.ndarray
    logged_in: np.ndarray
    converted: np.ndarray
    source: np.ndarray
    landing: np.ndarray
    # chunks: session slice and first event number per chunk, rows of dirt per chunk
    chunk_bounds: list[tuple[int, int, int, int, int]]


def plan_sessions(events: int, seed: int, start: date, days: int) -> Plan:
    """Users, their sessions and the chunking of the events file."""
    rng = np.random.default_rng([seed, 1])
    start_s = int(np.datetime64(start.isoformat(), "s").astype(np.int64))
    exact_dups = round(events * EXACT_DUPLICATE_SHARE)
    retry_dups = round(events * RETRY_DUPLICATE_SHARE)
    base_events = events - exact_dups - retry_dups
    bot_events = round(events * BOT_EVENT_SHARE)
    human_events = base_events - bot_events

    # Humans: Pareto activity, a lifetime inside the period, growth over the period.
    humans = max(40, events // 30)
    activity = np.minimum(1.0 + rng.pareto(1.5, humans), 300.0)
    # Arrival from 180 days before the period to its end; those gone before it starts
    # never show up (weight 0).
    arrival = rng.uniform(-180.0, days, humans)
    first_day = np.floor(np.maximum(arrival, 0.0))
    lifetime = np.maximum(1.0, rng.exponential(150.0, humans) * np.sqrt(activity))
    window = np.minimum(arrival + lifetime - first_day, days - first_day)
    activity[window < 1] = 0.0
    window = np.maximum(window, 1.0)
    device_class = choose(rng, DEVICE_WEIGHTS, humans)
    spelling = choose(rng, SPELLING_WEIGHTS, humans)
    device = device_class * 4 + spelling
    device[rng.random(humans) < 0.01] = -1
    agent = device_class * 4 + rng.integers(0, 4, humans)
    customer_probability = np.clip(0.06 * activity**0.5, 0, 0.9)
    is_customer = rng.random(humans) < customer_probability
    customer = np.full(humans, -1, dtype=np.int64)
    customer[is_customer] = np.arange(1, int(is_customer.sum()) + 1)
    signup_s = (
        start_s
        + (arrival + rng.random(humans) * np.minimum(lifetime, 20.0)) * SECONDS_PER_DAY
    ).astype(np.int64)

    # Human sessions: lengths (40% bounce, else 2 + geometric), cut to human_events.
    mean_length = 0.4 + 0.6 * (2 + (1 - 0.22) / 0.22)
    draw = int(human_events / mean_length * 1.1) + 10
    length = np.where(
        rng.random(draw) < 0.4, 1, 2 + rng.geometric(0.22, draw) - 1
    ).astype(np.int64)
    total = np.cumsum(length)
    sessions = int(np.searchsorted(total, human_events)) + 1
    length = length[:sessions]
    length[-1] -= int(total[sessions - 1] - human_events)
    # Sessions per day follow a user's activity, so sessions follow activity * window.
    weight = activity * window
    user = np.searchsorted(np.cumsum(weight / weight.sum()), rng.random(sessions))
    user = np.minimum(user, humans - 1)
    # Day inside the user's window; weekly and yearly seasonality by redrawing.
    day = first_day[user] + np.floor(rng.random(sessions) * window[user])
    start_day = start_s // SECONDS_PER_DAY
    for _ in range(4):
        weekday = (start_day + day.astype(np.int64) + 3) % 7  # 1970-01-01: Thursday
        season = 1.0 + 0.25 * np.cos(2 * np.pi * (day - 328) / 365.25)
        accept = WEEKDAY_WEIGHTS[weekday] * season / (WEEKDAY_WEIGHTS.max() * 1.25)
        redraw = rng.random(sessions) > accept
        day[redraw] = first_day[user[redraw]] + np.floor(
            rng.random(int(redraw.sum())) * window[user[redraw]]
        )
    hour = choose(rng, HOUR_WEIGHTS, sessions)
    session_start = (
        start_s
        + day.astype(np.int64) * SECONDS_PER_DAY
        + hour * 3600
        + rng.integers(0, 3600, sessions)
    )
    logged_in = (
        (customer[user] > 0)
        & (session_start >= signup_s[user])
        & (rng.random(sessions) < 0.75)
    )
    converted = (length >= 2) & (rng.random(sessions) < np.where(logged_in, 0.10, 0.03))
    source = choose(rng, SOURCE_WEIGHTS, sessions)
    landing = choose(rng, zipf_weights(len(PAGES)), sessions)

    # Bots: a few hundred agents, long rapid sessions at any hour.
    bots = max(2, events // 25_000)
    bot_lengths = rng.integers(5, 61, int(bot_events / 32) + 10)
    bot_total = np.cumsum(bot_lengths)
    bot_sessions = int(np.searchsorted(bot_total, bot_events)) + 1
    bot_lengths = bot_lengths[:bot_sessions]
    bot_lengths[-1] -= int(bot_total[bot_sessions - 1] - bot_events)
    bot_user = humans + choose(rng, zipf_weights(bots, 0.8), bot_sessions)
    bot_start = start_s + rng.integers(0, days * SECONDS_PER_DAY, bot_sessions)

    device = np.concatenate([device, rng.integers(0, 4, bots)])
    agent = np.concatenate(
        [agent, len(USER_AGENTS) + rng.integers(0, len(BOT_USER_AGENTS), bots)]
    )
    customer = np.concatenate([customer, np.full(bots, -1)])
    signup_s = np.concatenate([signup_s, np.zeros(bots, dtype=np.int64)])

    all_start = np.concatenate([session_start, bot_start])
    order = np.argsort(all_start, kind="stable")
    no_bot = np.zeros(bot_sessions, dtype=bool)
    plan = Plan(
        start_s=start_s,
        days=days,
        device=device,
        agent=agent,
        customer=customer,
        signup_s=signup_s,
        user=np.concatenate([user, bot_user])[order],
        session_start=all_start[order],
        length=np.concatenate([length, bot_lengths])[order],
        is_bot=np.concatenate([np.zeros(sessions, dtype=bool), ~no_bot])[order],
        logged_in=np.concatenate([logged_in, no_bot])[order],
        converted=np.concatenate([converted, no_bot])[order],
        source=np.concatenate([source, np.zeros(bot_sessions, np.int64)])[order],
        landing=np.concatenate([landing, rng.integers(0, len(PAGES), bot_sessions)])[
            order
        ],
        chunk_bounds=[],
    )
    # Chunks of about CHUNK_EVENTS base events, cut at session boundaries.
    chunks = max(1, math.ceil(events / CHUNK_EVENTS))
    ends = np.cumsum(plan.length)
    cuts = [0]
    for index in range(1, chunks):
        cuts.append(int(np.searchsorted(ends, base_events * index / chunks)) + 1)
    cuts.append(len(plan.length))
    cuts = sorted(set(cuts))
    first_event = [0, *[int(ends[cut - 1]) for cut in cuts[1:-1]]]
    share = np.diff([0, *[int(ends[cut - 1]) for cut in cuts[1:]]]) / base_events
    exact = np.floor(share * exact_dups).astype(int)
    retry = np.floor(share * retry_dups).astype(int)
    exact[-1] += exact_dups - exact.sum()
    retry[-1] += retry_dups - retry.sum()
    plan.chunk_bounds = [
        (cuts[i], cuts[i + 1], first_event[i], int(exact[i]), int(retry[i]))
        for i in range(len(cuts) - 1)
    ]
    return plan


# --- events (workers) --------------------------------------------------------------

_PLAN: Plan | None = None


def _set_plan(plan: Plan) -> None:
    global _PLAN
    _PLAN = plan


@dataclass
class ChunkResult:
    rows: int
    purchase_customer: np.ndarray
    purchase_s: np.ndarray


def generate_chunk(
    index: int, seed: int, out: Path, plan: Plan | None = None
) -> ChunkResult:
    """Expands one chunk of sessions into events and writes events_<index>.parquet."""
    plan = plan or _PLAN
    assert plan is not None
    first, last, first_event, exact_dups, retry_dups = plan.chunk_bounds[index]
    rng = np.random.default_rng([seed, 2, index])
    length = plan.length[first:last]
    n = int(length.sum())
    offsets = np.cumsum(length) - length
    position = np.arange(n) - np.repeat(offsets, length)
    is_first = position == 0
    is_last = position == np.repeat(length - 1, length)
    is_bot = np.repeat(plan.is_bot[first:last], length)
    user = np.repeat(plan.user[first:last], length)

    # Time: lognormal gaps between a human's events (median 40 s), 1-6 s for bots.
    gap = np.where(
        is_bot,
        rng.integers(1, 7, n),
        np.minimum(rng.lognormal(np.log(40.0), 1.1, n), 7200).astype(np.int64),
    )
    gap[is_first] = 0
    elapsed = np.cumsum(gap)
    elapsed -= np.repeat(elapsed[offsets], length)
    occurred = np.repeat(plan.session_start[first:last], length) + elapsed

    # Names and pages.
    name = choose(rng, np.array(HUMAN_EVENT_WEIGHTS), n)
    name[is_first | is_bot] = 0
    converted = np.repeat(plan.converted[first:last], length) & is_last
    logged_in = np.repeat(plan.logged_in[first:last], length)
    name[converted] = np.where(logged_in[converted], PURCHASE, SIGN_UP)
    name[(rng.random(n) < 0.002) & (name == 0)] = PAGE_VIEW_ODD
    page = choose(rng, zipf_weights(len(PAGES), 0.9), n)
    page[is_first] = np.repeat(plan.landing[first:last], length)[is_first]
    url = page + len(PAGES) * (rng.random(n) < 0.04)  # some with a query string
    source = np.repeat(plan.source[first:last], length)
    referrer = np.full(n, -1, dtype=np.int64)
    previous = np.concatenate([[0], page[:-1]])
    referrer[~is_first] = len(EXTERNAL_REFERRERS) + previous[~is_first]
    for code, name_of_source in enumerate(SOURCES):
        choices = SOURCE_REFERRERS[name_of_source]
        mask = is_first & ~is_bot & (source == code)
        if choices and mask.any():
            picked = np.array(choices)[rng.integers(0, len(choices), int(mask.sum()))]
            referrer[mask] = picked
    referrer[is_bot & (rng.random(n) < 0.9)] = -1
    utm = np.full(n, -1, dtype=np.int64)
    for code, medium in ((2, 0), (4, 1), (3, 2)):
        mask = is_first & ~is_bot & (source == code)
        if code == 3:  # a third of social sessions come from paid posts
            mask &= rng.random(n) < 0.33
        utm[mask] = medium
    utm[(utm == 0) & (rng.random(n) < 0.05)] = 3  # 'CPC'
    utm_source = np.where(utm == 3, 0, utm)
    campaign = np.where(utm >= 0, rng.integers(0, len(UTM_CAMPAIGNS), n), -1)

    # Who: the user's device and agent; customers logged in on their session's events.
    anonymous = user.copy()
    customer = np.where(logged_in, plan.customer[user], -1)
    server_side = (name == PURCHASE) & (rng.random(n) < 0.05)
    anonymous[server_side] = -1
    device = plan.device[user]
    agent = plan.agent[user]

    purchases = name == PURCHASE
    result = ChunkResult(n, customer[purchases], occurred[purchases])

    # Dirt, on the events as generated.
    event_number = first_event + np.arange(n)
    clock = rng.random(n) < CLOCK_1970_SHARE
    stamps = occurred.copy()
    stamps[clock] = rng.integers(0, SECONDS_PER_DAY, int(clock.sum()))
    missing_ids = rng.random(n) < MISSING_USER_ID_SHARE
    anonymous[missing_ids] = -1
    customer[missing_ids] = -1
    name[rng.random(n) < MISSING_EVENT_NAME_SHARE] = -1

    # Duplicates: exact copies and retries (same event_id, a few seconds later).
    copy_rows = rng.integers(0, n, exact_dups + retry_dups)
    take = np.concatenate([np.arange(n), copy_rows])
    stamps = stamps[take]
    stamps[n + exact_dups :] += rng.integers(1, 6, retry_dups)
    total = len(take)
    style = choose(
        rng,
        np.array(
            [
                1 - OFFSET_TIMESTAMP_SHARE - NAIVE_TIMESTAMP_SHARE,
                OFFSET_TIMESTAMP_SHARE,
                NAIVE_TIMESTAMP_SHARE,
            ]
        ),
        total,
    )
    occurred_text = timestamp_column(stamps, style)
    garbled = rng.random(total) < UNPARSEABLE_TIMESTAMP_SHARE
    if garbled.any():
        garbage = pa.array(
            np.array(["not a date", "31/12/2025 10:00", "2025-13-45T25:00:00Z"])[
                rng.integers(0, 3, int(garbled.sum()))
            ]
        )
        occurred_text = pc.replace_with_mask(occurred_text, pa.array(garbled), garbage)

    # Arrival order: late events (mostly mobile, offline) arrive hours to days later.
    delay = np.zeros(total)
    late = rng.random(total) < LATE_EVENT_SHARE
    delay[late] = rng.lognormal(np.log(6 * 3600), 1.2, int(late.sum()))
    order = np.argsort(occurred[take] + delay, kind="stable")
    take = take[order]

    urls = [HOST + path for path in PAGES] + [
        HOST + path + "?ref=nav" for path in PAGES
    ]
    columns = {
        "event_id": id_column("E", event_number[take], 10),
        "anonymous_id": id_column("A", anonymous[take], 8),
        "customer_id": id_column("C", customer[take], 7),
        "event_name": dictionary_column(name[take], EVENT_NAMES),
        "occurred_at": occurred_text.take(pa.array(order)),
        "page_url": dictionary_column(url[take], urls),
        "referrer_url": dictionary_column(
            referrer[take], EXTERNAL_REFERRERS + tuple(HOST + path for path in PAGES)
        ),
        "utm_source": dictionary_column(utm_source[take], UTM_SOURCES),
        "utm_medium": dictionary_column(utm[take], UTM_MEDIUMS),
        "utm_campaign": dictionary_column(campaign[take], UTM_CAMPAIGNS),
        "device_type": dictionary_column(device[take], DEVICE_SPELLINGS),
        "user_agent": dictionary_column(agent[take], USER_AGENTS + BOT_USER_AGENTS),
    }
    result.rows = write_parquet(out / f"events_{index + 1:04d}.parquet", columns)
    return result


# --- the other sources -------------------------------------------------------------


def write_customers(out: Path, plan: Plan, rng: np.random.Generator) -> int:
    numbers = np.flatnonzero(plan.customer > 0)
    count = len(numbers)
    customer_no = plan.customer[numbers]
    signup = plan.signup_s[numbers]
    # 0.5% re-exported with a later sign-up (deduplicated to the earliest).
    copies = rng.integers(0, count, max(1, count // 200))
    customer_no = np.concatenate([customer_no, customer_no[copies]])
    signup = np.concatenate([signup, signup[copies] + 86_400])
    n = len(customer_no)
    countries = ("US", "DE", "GB", "FR", "ES", "NL", "CA", "AU", "IT", "SE")
    segments = ("smb", "mid_market", "enterprise", "SMB", "Mid Market")
    segment = choose(rng, np.array([0.55, 0.27, 0.1, 0.05, 0.03]), n)
    segment[rng.random(n) < 0.02] = -1
    channels = (
        "organic_search",
        "paid_search",
        "social",
        "email",
        "referral",
        "direct",
        "PPC",
        "newsletter",
    )
    ids = id_column("C", customer_no, 7)
    return write_parquet(
        out / "customers.parquet",
        {
            "customer_id": ids,
            "email": pc.binary_join_element_wise(
                pc.utf8_lower(ids), "mail.example", "@"
            ),
            "signed_up_at": timestamp_column(
                signup, choose(rng, np.array([0.9, 0.06, 0.04]), n)
            ),
            "country": dictionary_column(choose(rng, zipf_weights(10), n), countries),
            "segment": dictionary_column(segment, segments),
            "acquisition_channel": dictionary_column(
                choose(rng, np.array([0.3, 0.15, 0.12, 0.1, 0.1, 0.17, 0.03, 0.03]), n),
                channels,
            ),
        },
    )


def write_orders(
    out: Path, customers: np.ndarray, at: np.ndarray, rng: np.random.Generator
) -> int:
    order = np.lexsort((customers, at))
    customers, at = customers[order], at[order]
    n = len(at)
    numbers = np.arange(1, n + 1)
    status = choose(rng, np.array([0.91, 0.05, 0.04]), n)
    amount = np.round(rng.lognormal(np.log(55), 0.7, n), 2)
    currency = choose(rng, np.array([0.898, 0.1, 0.002]), n)
    currency = np.where(currency == 1, -1, np.where(currency == 2, 1, 0))
    # 0.3% exported twice.
    copies = rng.integers(0, n, n * 3 // 1000 if n else 0)
    take = np.concatenate([np.arange(n), copies])
    return write_parquet(
        out / "orders.parquet",
        {
            "order_id": id_column("O", numbers[take], 9),
            "customer_id": id_column("C", customers[take], 7),
            "ordered_at": timestamp_column(at[take] + 2),
            "status": dictionary_column(
                status[take], ("completed", "refunded", "cancelled")
            ),
            "amount": number_text(amount[take], 2),
            "currency": dictionary_column(currency[take], ("USD", "EUR")),
        },
    )


def per_customer(
    plan: Plan, rng: np.random.Generator, rate: float, end_s: int
) -> tuple[np.ndarray, np.ndarray]:
    """Customer numbers repeated Poisson(rate) times, with a time after sign-up."""
    numbers = np.flatnonzero(plan.customer > 0)
    counts = rng.poisson(rate, len(numbers))
    who = np.repeat(numbers, counts)
    signup = plan.signup_s[who]
    at = signup + (rng.random(len(who)) * (end_s - signup)).astype(np.int64)
    order = np.argsort(at, kind="stable")
    return plan.customer[who][order], at[order]


def write_support_tickets(
    out: Path, plan: Plan, rng: np.random.Generator, end_s: int
) -> int:
    customers, created = per_customer(plan, rng, 0.4, end_s)
    n = len(created)
    customers[rng.random(n) < 0.05] = -1  # anonymous chats
    channels = (
        "email",
        "live_chat",
        "phone",
        "social",
        "web_form",
        "Live Chat",
        "chat",
        "E-Mail",
    )
    channel = choose(rng, np.array([0.34, 0.25, 0.12, 0.06, 0.1, 0.06, 0.04, 0.03]), n)
    reply = created + rng.lognormal(np.log(45 * 60), 1.3, n).astype(np.int64)
    solved = reply + rng.lognormal(np.log(8 * 3600), 1.2, n).astype(np.int64)
    has_reply = rng.random(n) < 0.92
    is_solved = has_reply & (rng.random(n) < 0.88)
    reply_text = pc.if_else(pa.array(has_reply), timestamp_column(reply), None)
    solved_text = pc.if_else(pa.array(is_solved), timestamp_column(solved), None)
    status = np.where(is_solved, 0, np.where(has_reply, 1, 2))
    return write_parquet(
        out / "support_tickets.parquet",
        {
            "ticket_id": id_column("T", np.arange(1, n + 1), 8),
            "customer_id": id_column("C", customers, 7),
            "channel": dictionary_column(channel, channels),
            "created_at": timestamp_column(created),
            "first_replied_at": reply_text,
            "solved_at": solved_text,
            "status": dictionary_column(status, ("solved", "pending", "open")),
        },
    )


def write_survey_responses(
    out: Path, plan: Plan, rng: np.random.Generator, end_s: int
) -> int:
    customers, responded = per_customer(plan, rng, 0.6, end_s)
    n = len(responded)
    customers[rng.random(n) < 0.03] = -1
    survey = choose(rng, np.array([0.42, 0.32, 0.18, 0.04, 0.04]), n)
    types = ("nps", "csat", "ces", "NPS", "CSAT")
    kind = np.array([0, 1, 2, 0, 1])[survey]
    nps = choose(rng, np.array([2, 1, 1, 2, 2, 4, 5, 9, 14, 20, 18.0]), n)
    csat = 1 + choose(rng, np.array([5, 7, 13, 35, 40.0]), n)
    csat[rng.random(n) < 0.01] = 0  # no answer: rejected
    ces = 1 + choose(rng, np.array([3, 4, 8, 15, 25, 27, 18.0]), n)
    score = np.select([kind == 0, kind == 1], [nps, csat], ces)
    comments = (
        "Fast, friendly support",
        "Too expensive",
        "Love the dashboard",
        "Setup was confusing",
        "Great product",
    )
    comment = np.where(rng.random(n) < 0.1, rng.integers(0, len(comments), n), -1)
    return write_parquet(
        out / "survey_responses.parquet",
        {
            "response_id": id_column("R", np.arange(1, n + 1), 8),
            "customer_id": id_column("C", customers, 7),
            "survey_type": dictionary_column(survey, types),
            "score": number_text(score),
            "channel": dictionary_column(
                choose(rng, np.array([0.45, 0.35, 0.12, 0.08]), n),
                ("email", "in_app", "live_chat", "web_form"),
            ),
            "touchpoint": dictionary_column(
                choose(rng, np.array([0.3, 0.3, 0.3, 0.1]), n),
                ("onboarding", "checkout", "support", "billing"),
            ),
            "responded_at": timestamp_column(
                responded, choose(rng, np.array([0.9, 0.05, 0.05]), n)
            ),
            "comment": dictionary_column(comment, comments),
        },
    )


def write_search_console(
    out: Path, plan: Plan, rng: np.random.Generator, rows: int
) -> int:
    queries = tuple(
        f"{word} {topic}"
        for word in (
            "what is",
            "how to measure",
            "best",
            "free",
            "improve",
            "shop example",
        )
        for topic in (
            "nps",
            "churn",
            "csat",
            "customer effort score",
            "bounce rate",
            "conversion rate",
            "session duration",
            "analytics tool",
            "engagement metrics",
            "customer retention",
        )
    )
    devices = ("DESKTOP", "MOBILE", "TABLET")
    countries = ("usa", "deu", "gbr", "fra", "esp", "nld", "can", "aus", "ind", "bra")
    draw = max(10, rows)
    key = (
        rng.integers(0, plan.days, draw) * len(PAGES)
        + choose(rng, zipf_weights(len(PAGES)), draw)
    ) * len(queries) + choose(rng, zipf_weights(len(queries)), draw)
    key = (key * 3 + choose(rng, np.array([0.55, 0.4, 0.05]), draw)) * 10 + choose(
        rng, zipf_weights(10), draw
    )
    key = np.unique(key)
    n = len(key)
    country, key = key % 10, key // 10
    device, key = key % 3, key // 3
    query, key = key % len(queries), key // len(queries)
    page, day = key % len(PAGES), key // len(PAGES)
    impressions = np.maximum(1, rng.lognormal(np.log(30), 1.2, n)).astype(np.int64)
    position = np.round(np.clip(rng.lognormal(np.log(9), 0.7, n), 1, 100), 1)
    ctr = np.clip(0.3 / position, 0, 0.6)
    clicks = rng.binomial(impressions, ctr)
    dates = np.datetime64(plan.start_s, "s").astype("datetime64[D]") + day.astype(
        "timedelta64[D]"
    )
    return write_parquet(
        out / "search_console.parquet",
        {
            "date": pc.cast(pa.array(dates), pa.string()),
            "page": dictionary_column(page, [HOST + path for path in PAGES]),
            "query": dictionary_column(query, queries),
            "device": dictionary_column(device, devices),
            "country": dictionary_column(country, countries),
            "clicks": number_text(clicks),
            "impressions": number_text(impressions),
            "position": number_text(position, 1),
        },
    )


def write_campaign_performance(out: Path, plan: Plan, rng: np.random.Generator) -> int:
    campaigns = (
        ("email", "weekly_digest"),
        ("email", "black_friday"),
        ("paid_search", "brand_terms"),
        ("paid_search", "summer_sale"),
        ("cpc", "competitor_terms"),
        ("display", "retargeting"),
        ("paid_social", "spring_launch"),
        ("Paid Social", "black_friday"),
    )
    days = np.repeat(np.arange(plan.days), len(campaigns))
    which = np.tile(np.arange(len(campaigns)), plan.days)
    keep = rng.random(len(days)) < 0.8
    days, which = days[keep], which[keep]
    n = len(days)
    impressions = rng.lognormal(np.log(8000), 0.8, n).astype(np.int64)
    clicks = rng.binomial(impressions, 0.02)
    dates = np.datetime64(plan.start_s, "s").astype("datetime64[D]") + days.astype(
        "timedelta64[D]"
    )
    return write_parquet(
        out / "campaign_performance.parquet",
        {
            "date": pc.cast(pa.array(dates), pa.string()),
            "channel": dictionary_column(which, [c for c, _ in campaigns]),
            "campaign": dictionary_column(which, [c for _, c in campaigns]),
            "impressions": number_text(impressions),
            "clicks": number_text(clicks),
        },
    )


def write_social_posts(out: Path, plan: Plan, rng: np.random.Generator) -> int:
    n = plan.days * 3
    published = np.sort(plan.start_s + rng.integers(0, plan.days * SECONDS_PER_DAY, n))
    networks = (
        "instagram",
        "facebook",
        "linkedin",
        "x",
        "tiktok",
        "Instagram",
        "Twitter",
        "FB",
    )
    reach = rng.lognormal(np.log(3000), 1.0, n).astype(np.int64)
    reach[rng.random(n) < 0.01] = 0
    rate = rng.lognormal(np.log(0.04), 0.6, n)
    engagements = (reach * rate).astype(np.int64)
    parts = rng.dirichlet([8, 1, 1, 1, 3], n)
    counts = [np.floor(engagements * parts[:, i]).astype(np.int64) for i in range(5)]
    return write_parquet(
        out / "social_posts.parquet",
        {
            "post_id": id_column("P", np.arange(1, n + 1), 6),
            "network": dictionary_column(
                choose(rng, np.array([0.3, 0.2, 0.2, 0.1, 0.1, 0.04, 0.03, 0.03]), n),
                networks,
            ),
            "published_at": timestamp_column(published),
            "reach": number_text(reach),
            "impressions": number_text(reach * rng.uniform(1.0, 1.6, n)),
            "likes": number_text(counts[0]),
            "comments": number_text(counts[1]),
            "shares": number_text(counts[2]),
            "saves": number_text(counts[3]),
            "clicks": number_text(counts[4]),
            "followers": number_text(
                10_000 + np.arange(n) * 7 + rng.integers(0, 50, n)
            ),
        },
    )


# --- driver ------------------------------------------------------------------------


def clear_outputs(out: Path) -> None:
    """Removes earlier output of the eight sources (a smaller run must not leave stale
    events_<n>.parquet chunks behind)."""
    for source in SOURCE_COLUMNS:
        for pattern in (f"{source}.parquet", f"{source}_*.parquet"):
            for path in out.glob(pattern):
                path.unlink()
    (out / "_manifest.json").unlink(missing_ok=True)


def generate(
    events: int,
    out: Path,
    seed: int = 42,
    start: date = date(2025, 1, 1),
    days: int = 365,
    workers: int | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Writes the eight sources into `out`; returns the manifest (also written as
    `out/_manifest.json`)."""
    began = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    clear_outputs(out)
    plan = plan_sessions(events, seed, start, days)
    chunks = len(plan.chunk_bounds)
    workers = max(1, min(workers or os.cpu_count() or 1, chunks))
    rows: dict[str, int] = {}
    purchases: list[tuple[int, ChunkResult]] = []
    bar = tqdm(
        total=events,
        unit=" events",
        unit_scale=True,
        disable=not progress,
        desc=f"events -> {out}",
        file=sys.stderr,
    )
    if workers == 1:
        for index in range(chunks):
            result = generate_chunk(index, seed, out, plan)
            purchases.append((index, result))
            bar.update(result.rows)
    else:
        _set_plan(plan)  # inherited by the forked workers, never pickled
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            futures = {
                pool.submit(generate_chunk, index, seed, out): index
                for index in range(chunks)
            }
            for future in as_completed(futures):
                result = future.result()
                purchases.append((futures[future], result))
                bar.update(result.rows)
    bar.close()
    purchases.sort(key=lambda item: item[0])
    rows["events"] = sum(result.rows for _, result in purchases)
    assert rows["events"] == events, (rows["events"], events)

    rng = np.random.default_rng([seed, 3])
    end_s = plan.start_s + days * SECONDS_PER_DAY
    writers: list[tuple[str, Callable[[], int]]] = [
        ("customers", lambda: write_customers(out, plan, rng)),
        (
            "orders",
            lambda: write_orders(
                out,
                np.concatenate([r.purchase_customer for _, r in purchases]),
                np.concatenate([r.purchase_s for _, r in purchases]),
                rng,
            ),
        ),
        ("support_tickets", lambda: write_support_tickets(out, plan, rng, end_s)),
        ("survey_responses", lambda: write_survey_responses(out, plan, rng, end_s)),
        ("search_console", lambda: write_search_console(out, plan, rng, events // 50)),
        ("campaign_performance", lambda: write_campaign_performance(out, plan, rng)),
        ("social_posts", lambda: write_social_posts(out, plan, rng)),
    ]
    for source, write in tqdm(
        writers, desc="other sources", disable=not progress, file=sys.stderr
    ):
        rows[source] = write()
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "events": events,
        "seed": seed,
        "start": start.isoformat(),
        "days": days,
        "event_files": chunks,
        "rows": rows,
        "seconds": round(time.perf_counter() - began, 2),
    }
    (out / "_manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--events",
        type=parse_count,
        required=True,
        help="rows of events.parquet: 20000, 1M, 10M, 100M",
    )
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--start",
        type=date.fromisoformat,
        default=date(2025, 1, 1),
        help="first day of the period (default 2025-01-01)",
    )
    parser.add_argument("--days", type=int, default=365, help="days in the period")
    parser.add_argument(
        "--workers", type=int, default=None, help="processes (default: every core)"
    )
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args(argv)
    if args.days < 7:
        parser.error("--days must be at least 7")
    manifest = generate(
        args.events,
        args.out,
        args.seed,
        args.start,
        args.days,
        args.workers,
        not args.no_progress,
    )
    print(json.dumps(manifest))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
