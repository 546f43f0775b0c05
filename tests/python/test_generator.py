"""scripts/generate_events.py: deterministic, the eight sources with the contract's
columns as text, realistic shapes, and a project build from its output (raw_data_dir)
that accounts for every row and whose session KPIs equal the hand-written DuckDB and
pandas calculations of `make bench`."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
from dbt_runner import Query, build_from_raw_data_dir
from project_scripts import load_script
from reference import MAPPING_DIR, RAW_SEED_DIR

generate_events = load_script("generate_events")
session_kpis_duckdb = load_script("session_kpis_duckdb")
session_kpis_pandas = load_script("session_kpis_pandas")

EVENTS = 20_000


def seed_header(path: Path) -> tuple[str, ...]:
    with path.open(newline="") as handle:
        return tuple(next(csv.reader(handle)))


# The eight sources and their columns in contract order: the demo seeds' headers.
CONTRACT_COLUMNS = {
    path.stem.removeprefix("raw_"): seed_header(path)
    for path in sorted(RAW_SEED_DIR.glob("raw_*.csv"))
}


@pytest.fixture(scope="module")
def raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20,000 generated events and the other sources, seed 42."""
    folder = tmp_path_factory.mktemp("generated")
    generate_events.generate(EVENTS, folder, seed=42, progress=False)
    return folder


def read_folder(folder: Path) -> dict[str, Any]:
    """Every Parquet file of a folder as an Arrow table, by file name."""
    return {path.name: pq.read_table(path) for path in sorted(folder.glob("*.parquet"))}


def query(folder: Path, sql: str) -> list[tuple[Any, ...]]:
    """SQL over the generated files: `events` and the other sources as views."""
    with duckdb.connect() as connection:
        for source in CONTRACT_COLUMNS:
            connection.execute(
                f"create view {source} as select * from read_parquet("
                f"'{folder}/{source}*.parquet', union_by_name = true)"
            )
        return connection.execute(sql).fetchall()


def test_same_seed_same_files_whatever_the_chunks_and_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks of 4,000 events in one process or in two give identical files; another
    seed gives other events."""
    monkeypatch.setattr(generate_events, "CHUNK_EVENTS", 4_000)
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate_events.generate(12_000, first, seed=7, workers=1, progress=False)
    generate_events.generate(12_000, second, seed=7, workers=2, progress=False)
    generate_events.generate(12_000, other, seed=8, workers=1, progress=False)
    tables = read_folder(first)
    assert sorted(tables) == sorted(read_folder(second))
    assert [name for name in tables if name.startswith("events_")] == [
        "events_0001.parquet",
        "events_0002.parquet",
        "events_0003.parquet",
    ]
    for name, table in read_folder(second).items():
        assert table.equals(tables[name]), name
    assert not read_folder(other)["events_0001.parquet"].equals(
        tables["events_0001.parquet"]
    )


def test_eight_sources_with_the_contract_columns_as_text(raw_dir: Path) -> None:
    """One file per source (events in chunks), the columns of SPEC §1 in contract
    order, every one text, and exactly the requested number of events."""
    tables = read_folder(raw_dir)
    by_source: dict[str, list[Any]] = {}
    for name, table in tables.items():
        source = name.removesuffix(".parquet").split("_0")[0]
        by_source.setdefault(source, []).append(table)
    assert sorted(by_source) == sorted(CONTRACT_COLUMNS)
    for source, source_tables in by_source.items():
        for table in source_tables:
            assert tuple(table.column_names) == CONTRACT_COLUMNS[source], source
            assert {str(field.type) for field in table.schema} == {"string"}, source
            assert table.num_rows > 0, source
    assert sum(t.num_rows for t in by_source["events"]) == EVENTS


def test_events_have_bots_duplicates_and_late_events(raw_dir: Path) -> None:
    """A few percent of bot events (by the project's own bot patterns), about 1%
    repeated event ids, and events written after newer ones."""
    with (MAPPING_DIR / "bot_user_agent_patterns.csv").open() as handle:
        patterns = [row["pattern"] for row in csv.DictReader(handle)]
    is_bot = " or ".join(f"contains(lower(user_agent), '{p}')" for p in patterns)
    ((bots, repeated, late, rows),) = query(
        raw_dir,
        f"""
        with ordered as (
            select
                {is_bot} as is_bot,
                event_id,
                try_cast(occurred_at as timestamptz) as occurred,
                max(try_cast(occurred_at as timestamptz)) over (
                    order by file_row rows between unbounded preceding
                    and 1 preceding) as newest_before
            from (select *, row_number() over () as file_row from events)
        )
        select
            count(*) filter (where is_bot),
            count(*) - count(distinct event_id),
            count(*) filter (where occurred < newest_before - interval 1 hour),
            count(*)
        from ordered
        """,
    )
    assert 0.015 <= bots / rows <= 0.06
    assert 0.005 <= repeated / rows <= 0.02
    assert late / rows >= 0.005


def test_traffic_has_power_law_users_sessions_and_seasonality(raw_dir: Path) -> None:
    """The busiest 1% of visitors make far more than 1% of the human events; sessions
    have several events; weekdays are busier than weekends and afternoons than
    nights."""
    ((top_share,),) = query(
        raw_dir,
        """
        with per_user as (
            select anonymous_id, count(*) as events from events
            where anonymous_id is not null and user_agent like 'Mozilla/5.0 (%'
                and user_agent not ilike '%bot%' and user_agent not ilike '%headless%'
            group by 1
        )
        select sum(events) filter (where rank <= greatest(1, n / 100)) / sum(events)
        from (select events, row_number() over (order by events desc) as rank,
                count(*) over () as n from per_user)
        """,
    )
    assert top_share > 0.05
    months = session_kpis_duckdb.compute(raw_dir)
    sessions = sum(month["sessions"] for month in months.values())
    assert len(months) == 12
    assert 2.0 <= EVENTS * 0.95 / sessions <= 6.0  # events per human session
    bounce = sum(m["bounced_sessions"] for m in months.values()) / sessions
    conversions = sum(m["converted_sessions"] for m in months.values()) / sessions
    assert 0.25 <= bounce <= 0.55
    assert 0.005 <= conversions <= 0.08
    ((weekday, weekend, day, night),) = query(
        raw_dir,
        """
        with times as (
            select try_cast(occurred_at as timestamptz) at time zone 'UTC' as occurred
            from events where user_agent like 'Mozilla/5.0 (%'
                and user_agent not ilike '%bot%' and user_agent not ilike '%headless%'
        )
        select
            count(*) filter (where isodow(occurred) <= 5) / 5,
            count(*) filter (where isodow(occurred) > 5) / 2,
            count(*) filter (where hour(occurred) between 10 and 15),
            count(*) filter (where hour(occurred) between 1 and 6)
        from times
        """,
    )
    assert weekday > 1.2 * weekend
    assert day > 3 * night


def test_customers_orders_tickets_and_surveys_in_proportion(raw_dir: Path) -> None:
    """Customers are a minority of visitors; orders are their purchases; tickets and
    survey answers come from customers, a fraction of one each."""
    ((visitors, customers, buyers, orders, tickets, responses),) = query(
        raw_dir,
        """
        select
            (select count(distinct anonymous_id) from events),
            (select count(distinct customer_id) from customers),
            (select count(distinct customer_id) from orders),
            (select count(*) from orders),
            (select count(*) from support_tickets),
            (select count(*) from survey_responses)
        """,
    )
    assert 0.03 <= customers / visitors <= 0.3
    assert 0 < buyers <= customers
    assert orders >= buyers
    assert 0.1 <= tickets / customers <= 1.0
    assert 0.2 <= responses / customers <= 1.5
    ((unknown_buyers,),) = query(
        raw_dir,
        "select count(*) from orders where customer_id not in "
        "(select customer_id from customers)",
    )
    assert unknown_buyers == 0


@pytest.fixture(scope="module")
def built(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Query:
    """The project built (seeds and models) from the generated folder as it is."""
    return build_from_raw_data_dir(raw_dir, tmp_path_factory.mktemp("generated_build"))


def test_a_build_from_the_generated_folder_accounts_for_every_row(
    raw_dir: Path, built: Query
) -> None:
    """raw rows (counted in the files) = clean + rejected + duplicates for every
    source, and the planted defects are rejected for the reasons they carry."""
    accounting = {
        row["source_name"]: row
        for row in built("select * from marts.dq_source_row_accounting")
    }
    assert sorted(accounting) == sorted(CONTRACT_COLUMNS)
    for source in CONTRACT_COLUMNS:
        raw_rows = sum(
            pq.ParquetFile(path).metadata.num_rows
            for path in raw_dir.glob(f"{source}*.parquet")
        )
        row = accounting[source]
        assert row["raw_rows"] == raw_rows, source
        assert (
            row["clean_rows"] + row["rejected_rows"] + row["duplicate_rows"] == raw_rows
        ), source
    events = accounting["events"]
    assert 0.005 <= events["duplicate_rows"] / events["raw_rows"] <= 0.02
    assert events["rejected_rows"] / events["raw_rows"] < 0.01
    reasons = {
        (row["source_name"], row["rejection_reason"])
        for row in built(
            "select source_name, rejection_reason from marts.dq_rejected_rows "
            "where rejected_rows > 0"
        )
    }
    planted = {
        ("events", "occurred_at_out_of_range"),
        ("events", "unparseable_occurred_at"),
        ("events", "missing_event_name"),
        ("events", "missing_user_identifier"),
        ("orders", "currency_mismatch"),
        ("survey_responses", "no_answer"),
    }
    assert reasons <= planted
    assert ("events", "occurred_at_out_of_range") in reasons


def test_session_kpis_of_the_build_equal_the_bench_calculations(
    raw_dir: Path, built: Query
) -> None:
    """The monthly overall session KPIs of the marts equal the hand-written DuckDB
    query and the pandas implementation that `make bench` times."""
    marts = {
        row["period_start"].isoformat(): row
        for row in built(
            """
            select c.period_start, c.sessions, c.converted_sessions, c.visitors,
                c.converted_visitors, p.page_views, d.total_duration_seconds,
                b.bounced_sessions, b.engaged_sessions, c.conversion_rate,
                c.visitor_conversion_rate, p.pages_per_session,
                d.avg_session_duration_seconds, b.bounce_rate, b.engagement_rate
            from marts.kpi_conversion_rate as c
            inner join marts.kpi_pages_per_session as p
                using (period_grain, period_start, breakdown)
            inner join marts.kpi_average_session_duration as d
                using (period_grain, period_start, breakdown)
            inner join marts.kpi_bounce_rate as b
                using (period_grain, period_start, breakdown)
            where c.period_grain = 'month' and c.breakdown = 'overall'
            """
        )
    }
    by_duckdb = session_kpis_duckdb.compute(raw_dir)
    by_pandas = session_kpis_pandas.compute(raw_dir)
    assert sorted(marts) == sorted(by_duckdb) == sorted(by_pandas)
    for month, row in marts.items():
        expected = {key: value for key, value in row.items() if key != "period_start"}
        assert by_duckdb[month] == pytest.approx(expected, rel=1e-9), month
        assert by_pandas[month] == pytest.approx(expected, rel=1e-9), month
