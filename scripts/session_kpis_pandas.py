"""The monthly session KPIs in pandas over the raw events files: what an analyst would
otherwise write, for `make bench` (docs/benchmarks.md).

    python scripts/session_kpis_pandas.py <raw_data_dir> <result.json>

The same rules as scripts/session_kpis_duckdb.py (SPEC §2-§5, docs/decisions.md D3-D13,
project defaults): validate, deduplicate valid rows by event_id (earliest occurred_at,
then the smallest row hash, computed only where that tie-break is needed), drop bots,
resolve identity, sessionise in exact seconds and aggregate by the month of each
session's first event. Written as a careful analyst would: only the needed columns
are read, text rules run on the distinct values, everything else is vectorised.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
from session_kpis_duckdb import (
    CONVERSION_EVENTS,
    RAW_COLUMNS,
    SESSION_TIMEOUT_SECONDS,
    TIMESTAMP_GRAMMAR,
    bot_patterns,
    event_files,
    timed_main,
    with_rates,
)

NEEDED = [
    "event_id",
    "anonymous_id",
    "customer_id",
    "event_name",
    "occurred_at",
    "user_agent",
]


def clean(column: pd.Series) -> pd.Series:
    """Trimmed text, NULL when empty."""
    stripped = column.str.strip(" ")
    return stripped.mask(stripped == "")


def per_distinct(column: pd.Series, function: Any) -> pd.Series:
    """Applies a Python function to each distinct value only."""
    codes, uniques = pd.factorize(column)
    mapped = np.array([function(value) for value in uniques] + [None], dtype=object)
    return pd.Series(mapped[codes], index=column.index)


def normalise_name(name: str) -> str | None:
    import re

    text = re.sub(r"^_+|_+$", "", re.sub(r"[^a-z0-9]+", "_", name.strip(" ").lower()))
    return text or None


def parse_timestamps(text: pd.Series) -> pd.Series:
    """D3 grammar, then UTC; NaT when the text is not a timestamp."""
    grammar = text.str.fullmatch(TIMESTAMP_GRAMMAR).fillna(False).astype(bool)
    parsed = pd.to_datetime(
        text.where(grammar), format="ISO8601", utc=True, errors="coerce"
    )
    return parsed.dt.tz_localize(None).astype("datetime64[us]")


def row_hashes(files: list[str], positions: np.ndarray) -> list[str]:
    """md5 of the raw columns joined by '|' (NULL as ''), D7, of the rows at
    `positions` (row numbers over the files in order), read again with every column."""
    hashes: list[str] = []
    offset = 0
    for file in files:
        rows = pq.ParquetFile(file).metadata.num_rows
        inside = positions[(positions >= offset) & (positions < offset + rows)] - offset
        if len(inside):
            table = pq.read_table(file, columns=list(RAW_COLUMNS)).take(inside)
            for values in zip(
                *(table[c].to_pylist() for c in RAW_COLUMNS), strict=True
            ):
                text = "|".join("" if v is None else v for v in values)
                hashes.append(hashlib.md5(text.encode()).hexdigest())
        offset += rows
    return hashes


def compute(raw_dir: Path) -> dict[str, dict[str, Any]]:
    """Month (ISO date) -> components and rates."""
    files = event_files(raw_dir)
    raw = pd.read_parquet(files, columns=NEEDED)
    events = pd.DataFrame(
        {
            "event_id": clean(raw["event_id"]),
            "anonymous_id": clean(raw["anonymous_id"]),
            "customer_id": clean(raw["customer_id"]),
            "event_name": per_distinct(raw["event_name"].fillna(""), normalise_name),
            "occurred_at": parse_timestamps(raw["occurred_at"].str.strip(" ")),
        }
    )
    patterns = [p.lower() for p in bot_patterns()]
    events["is_bot"] = per_distinct(
        raw["user_agent"].str.strip(" ").fillna(""),
        lambda agent: any(p in agent.lower() for p in patterns),
    ).astype(bool)
    del raw

    latest = pd.Timestamp(date.today() + timedelta(days=1))
    valid = (
        events["event_id"].notna()
        & events["event_name"].notna()
        & (events["anonymous_id"].notna() | events["customer_id"].notna())
        & (events["occurred_at"] >= pd.Timestamp("2000-01-01"))
        & (events["occurred_at"].dt.normalize() <= latest)
    )
    events = events[valid]

    # D7: earliest occurred_at per event_id, then the smallest row hash among ties
    # (only the rows of repeated event ids need sorting, only exact ties a hash).
    repeated = events["event_id"].duplicated(keep=False)
    groups = events[repeated].sort_values(["event_id", "occurred_at"], kind="stable")
    tied = groups.duplicated(["event_id", "occurred_at"], keep=False)
    groups["row_hash"] = ""
    if tied.any():
        positions = groups.index[tied].to_numpy()  # row numbers in file order
        order = np.argsort(positions)
        hashes = np.empty(len(positions), dtype=object)
        hashes[order] = row_hashes(files, positions[order])
        groups.loc[tied, "row_hash"] = hashes
        groups = groups.sort_values(
            ["event_id", "occurred_at", "row_hash"], kind="stable"
        )
    events = pd.concat(
        [events[~repeated], groups.drop_duplicates("event_id").drop(columns="row_hash")]
    )
    events = events[~events["is_bot"]]

    # D13: an anonymous id belongs to the customer of its latest identified event.
    identified = events[events["anonymous_id"].notna() & events["customer_id"].notna()]
    owners = (
        identified.sort_values(["occurred_at", "event_id"])
        .drop_duplicates("anonymous_id", keep="last")
        .set_index("anonymous_id")["customer_id"]
    )
    events["user_key"] = (
        events["customer_id"]
        .fillna(events["anonymous_id"].map(owners))
        .fillna(events["anonymous_id"])
    )

    # Sessions: a user's events by time then event_id; > timeout seconds starts anew.
    events = events.sort_values(["user_key", "occurred_at", "event_id"])
    micros = events["occurred_at"].to_numpy().astype("datetime64[us]").view(np.int64)
    users = events["user_key"].to_numpy()
    new_user = np.r_[True, users[1:] != users[:-1]]
    gap = np.r_[0, np.diff(micros)]
    starts = new_user | (gap > SESSION_TIMEOUT_SECONDS * 1_000_000)
    session = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    last = np.r_[first[1:] - 1, len(micros) - 1]
    names = events["event_name"].to_numpy()
    page_view = np.add.reduceat((names == "page_view").astype(np.int64), first)
    converted = (
        np.add.reduceat(np.isin(names, CONVERSION_EVENTS).astype(np.int64), first) > 0
    )
    sessions = pd.DataFrame(
        {
            "user_key": users[first],
            "month": events["occurred_at"].to_numpy()[first].astype("datetime64[M]"),
            "duration_seconds": (micros[last] - micros[first]) / 1e6,
            "events": np.bincount(session),
            "page_views": page_view,
            "is_converted": converted,
        }
    )
    sessions["is_bounce"] = sessions["events"] == 1
    sessions["is_engaged"] = (
        (sessions["duration_seconds"] >= 10)
        | (sessions["page_views"] >= 2)
        | sessions["is_converted"]
    )
    sessions["converted_user"] = sessions["user_key"].where(sessions["is_converted"])
    monthly = sessions.groupby("month").agg(
        sessions=("user_key", "size"),
        converted_sessions=("is_converted", "sum"),
        visitors=("user_key", "nunique"),
        converted_visitors=("converted_user", "nunique"),
        page_views=("page_views", "sum"),
        total_duration_seconds=("duration_seconds", "sum"),
        bounced_sessions=("is_bounce", "sum"),
        engaged_sessions=("is_engaged", "sum"),
    )
    result = {}
    for month, row in monthly.iterrows():
        values = {
            key: (float(value) if key == "total_duration_seconds" else int(value))
            for key, value in row.items()
        }
        result[pd.Timestamp(month).date().isoformat()] = with_rates(values)
    return result


if __name__ == "__main__":
    raise SystemExit(timed_main(compute, sys.argv[1:]))
