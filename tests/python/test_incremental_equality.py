"""Incremental runs (issue 7): a generated data set loaded in batches, one `dbt run`
per batch into the same DuckDB file, ends every batch with the same rows as a
`--full-refresh` build of the same files, in every mart and every incremental model.

The batches (decision D707):
  0. the first 60 of 120 days, less the events held back for later batches;
  1. days 60-80, less events of days 77-80 held back;
  2. days 80-100, the held-back events of days 77-80 (late by up to 3 days), copies
     of 300 loaded events (exact duplicates), 30 loaded events again 5 seconds
     earlier (they outrank the loaded version; 5 of them from a bot) and 30 again
     7 seconds later (outranked);
  3. days 100-120, events of days 20-30 held back from the first load (late by 70 to
     100 days, far beyond any lookback window), a first identified event of a device
     that was anonymous until then, and a device changing owner; and orders.parquet
     rewritten: one order less, one new order on day 101 (decision D713: the orders
     are reloaded, the other small sources are not);
  4. the identified events of the last day again, one day later under new ids, from
     devices with one owner: nothing is re-identified, so the customer chain keeps
     its rows before that day (decision D715), customers active before it included;
  5. no new file (a run with nothing to do).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from dbt_runner import query_helper, run_dbt
from helpers import same_value
from project_scripts import load_script

generate_events = load_script("generate_events")

EVENTS = 40_000
START = date(2025, 1, 1)
DAYS = 120
SEED = 11

# The incremental models compared besides the marts, and columns that record the load
# rather than the data (they differ between the two builds by design).
INCREMENTAL_MODELS = {
    "staging.stg_app__events_validated": ("load_sequence", "written_sequence"),
    # The small sources, reloaded only when they change (D713); same files, same
    # source_version in both builds.
    "staging.stg_crm__customers_validated": (),
    "staging.stg_shop__orders_validated": (),
    "staging.stg_support__support_tickets_validated": (),
    "staging.stg_surveys__survey_responses_validated": (),
    "staging.stg_marketing__search_console_validated": (),
    "staging.stg_marketing__campaign_performance_validated": (),
    "staging.stg_social__social_posts_validated": (),
    "intermediate.int_device_owners": (),
    "intermediate.int_events_identified": (),
    "intermediate.int_events_sessionized": ("recomputed_in_load",),
    "intermediate.int_sessions_attributed": (),
    "intermediate.int_user_days_active": (),
    "intermediate.int_trailing_active_users": (),
    # The customer chain, recomputed from its recompute date, and its state (D715);
    # the marts recomputed so (churn, retention, organic clicks) are among the marts.
    "intermediate.int_customer_activity_days": (),
    "intermediate.int_customer_active_at_days": (),
    "intermediate.int_customer_periods_classified": (),
    "utilities.sources_load_state": (),
}

# The customer chain's recompute date as the compiled SQL of int_customer_activity_days
# writes it (absent when the run recomputes every row).
RECOMPUTE_DATE = re.compile(r"activity_date >= cast\('(\d{4}-\d\d-\d\d)' as date\)")

# The events of the generated files with a parsed time (unparseable ones: NULL) and a
# stable pseudo-random number per row for sampling.
EVENTS_SQL = """
    select
        *,
        try_cast(occurred_at as timestamptz) as ts,
        hash(event_id, occurred_at, anonymous_id, user_agent) % 1000 as pick
    from read_parquet('{folder}/events_*.parquet')
"""


def day(number: int) -> str:
    """The timestamp literal of the start of day `number` of the data."""
    return f"timestamptz '{START.isoformat()} 00:00:00+00' + interval {number} day"


@dataclass(frozen=True)
class Batch:
    name: str
    sql: str  # SELECT of contract columns over `events` (and `loaded`), or '' for none
    orders_sql: str = ""  # when set, orders.parquet is rewritten from this SELECT


def batches() -> list[Batch]:
    """The batches, in load order (module docstring)."""
    held_late = f"(ts >= {day(77)} and ts < {day(80)} and pick < 150)"
    held_very_late = f"(ts >= {day(20)} and ts < {day(30)} and pick < 100)"
    return [
        Batch(
            "0: days 0-60",
            f"select * from events where (ts is null or ts < {day(60)}) "
            f"and not {held_very_late}",
        ),
        Batch(
            "1: days 60-80",
            f"select * from events where ts >= {day(60)} and ts < {day(80)} "
            f"and not {held_late}",
        ),
        Batch(
            "2: days 80-100, late, duplicates, new versions",
            f"""
            select * from events where ts >= {day(80)} and ts < {day(100)}
            union all
            select * from events where {held_late}
            union all
            select * from (select * from loaded where pick < 999 order by hash(pick,
                event_id) limit 300)
            union all
            select * replace (
                strftime(ts - interval 5 second, '%Y-%m-%dT%H:%M:%SZ') as occurred_at,
                case when row_number() over (order by event_id) <= 5
                    then 'Googlebot/2.1 (+http://www.google.com/bot.html)'
                    else user_agent end as user_agent)
            from (select * from loaded where ts is not null and event_id is not null
                and customer_id is null and pick between 500 and 520
                order by event_id limit 30)
            union all
            select * replace (
                strftime(ts + interval 7 second, '%Y-%m-%dT%H:%M:%SZ') as occurred_at)
            from (select * from loaded where ts is not null and event_id is not null
                and pick between 600 and 620 order by event_id limit 30)
            """,
        ),
        Batch(
            "3: days 100-120, very late, re-identification",
            f"""
            select * from events where ts >= {day(100)}
            union all
            select * from events where {held_very_late}
            union all
            select * replace (
                'reid-new-' || anonymous_id as event_id,
                (select min(customer_id) from loaded) as customer_id,
                'page_view' as event_name,
                strftime({day(101)} + interval 3 hour, '%Y-%m-%dT%H:%M:%SZ')
                    as occurred_at)
            from (
                select * from loaded where anonymous_id in (
                    select anonymous_id from loaded where anonymous_id is not null
                    group by anonymous_id
                    having count(customer_id) = 0 and count(*) >= 5
                    order by anonymous_id limit 1)
                order by event_id limit 1)
            union all
            select * replace (
                'reid-owner-' || anonymous_id as event_id,
                (select max(customer_id) from loaded) as customer_id,
                'page_view' as event_name,
                strftime({day(102)} + interval 5 hour, '%Y-%m-%dT%H:%M:%SZ')
                    as occurred_at)
            from (
                select * from loaded where anonymous_id in (
                    select anonymous_id from loaded where anonymous_id is not null
                    group by anonymous_id
                    having count(distinct customer_id) = 1
                        and count(*) - count(customer_id) >= 3
                        and max(customer_id) <> (select max(customer_id) from loaded)
                    order by anonymous_id limit 1)
                order by event_id limit 1)
            """,
            orders_sql=f"""
            select * from orders where order_id <> (select min(order_id) from orders)
            union all
            select * replace (
                order_id || '-late' as order_id,
                strftime({day(101)} + interval 4 hour, '%Y-%m-%dT%H:%M:%SZ')
                    as ordered_at)
            from (select * from orders order by order_id limit 1 offset 1)
            """,
        ),
        Batch(
            "4: one more day",
            f"""
            select * replace (
                'next-day-' || event_id as event_id,
                strftime(ts + interval 1 day, '%Y-%m-%dT%H:%M:%SZ') as occurred_at)
            from loaded
            where ts >= {day(DAYS - 1)} and event_id is not null
                and customer_id is not null
                and anonymous_id in (
                    select anonymous_id from loaded group by anonymous_id
                    having count(distinct customer_id) = 1)
            """,
        ),
        Batch("5: no new file", ""),
    ]


def write_batch(source: Path, raw_dir: Path, index: int, batch: Batch) -> int:
    """Writes the batch as raw_dir/events_<index>.parquet (contract columns, text);
    returns its row count. `loaded` is what the earlier batches wrote."""
    columns = generate_events.SOURCE_COLUMNS["events"]
    with duckdb.connect() as connection:
        connection.execute("set enable_progress_bar = false")
        connection.execute("set TimeZone = 'UTC'")
        connection.execute(f"create view events as {EVENTS_SQL.format(folder=source)}")
        loaded = EVENTS_SQL.format(folder=raw_dir) if index else "from events limit 0"
        connection.execute(f"create view loaded as {loaded}")
        select = ", ".join(columns)
        target = raw_dir / f"events_{index:04d}.parquet"
        connection.execute(
            f"copy (select {select} from ({batch.sql})) to '{target}' (format parquet)"
        )
        return connection.execute(f"select count(*) from '{target}'").fetchone()[0]


def rewrite_raw_file(source: Path, raw_dir: Path, name: str, sql: str) -> None:
    """Replaces raw_dir/<name>.parquet (a link to the generated file) with the rows of
    `sql` over a view `<name>` of the generated file."""
    target = raw_dir / f"{name}.parquet"
    with duckdb.connect() as connection:
        connection.execute("set TimeZone = 'UTC'")
        connection.execute(
            f"create view {name} as select * from '{source / f'{name}.parquet'}'"
        )
        connection.execute(f"create table rewritten as {sql}")
        target.unlink()
        connection.execute(f"copy rewritten to '{target}' (format parquet)")


def differing_rows(incremental: Path, full: Path, table: str, skip: tuple) -> int:
    """Rows of `table` that differ between the two warehouses, comparing every column
    but `skip`: rows are paired in the order of their exact columns, doubles compare
    to 1e-9 relative (sums may add up in another order, even between two full
    builds), and every row one side has more counts."""
    ordered = []
    for path in (incremental, full):
        with duckdb.connect(str(path), read_only=True) as connection:
            columns = connection.execute(f"describe {table}").fetchall()
            names = [name for name, *_ in columns if name not in skip]
            exact = [
                name
                for name, kind, *_ in columns
                if name in names and kind not in ("DOUBLE", "FLOAT")
            ]
            order = ", ".join(f"{name} nulls first" for name in exact + names)
            ordered.append(
                connection.execute(
                    f"select {', '.join(names)} from {table} order by {order}"
                ).fetchall()
            )
    mine, theirs = ordered
    return abs(len(mine) - len(theirs)) + sum(
        not all(same_value(a, b) for a, b in zip(x, y, strict=True))
        for x, y in zip(mine, theirs, strict=False)
    )


def compiled_sql(work: Path, model: str) -> str:
    """The SQL of `model` as the last dbt invocation in `work` compiled it."""
    return next((work / "target" / "compiled").rglob(f"{model}.sql")).read_text()


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated data set whose events the batches cut up."""
    folder = tmp_path_factory.mktemp("incremental_source")
    generate_events.generate(
        EVENTS, folder, seed=SEED, start=START, days=DAYS, progress=False
    )
    return folder


@dataclass(frozen=True)
class Runs:
    """Per batch, its rows, the touched users of the incremental run and the rows
    differing per table; and where the incremental warehouse and its files are, for a
    test that goes on from there."""

    batches: list[dict]
    work: Path
    raw_dir: Path
    incremental: Path


@pytest.fixture(scope="module")
def runs(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    """Loads the batches one by one; after each, an incremental `dbt run` into one
    warehouse and a `--full-refresh` run into another."""
    work = tmp_path_factory.mktemp("incremental_work")
    raw_dir = work / "raw"
    raw_dir.mkdir()
    for other in source.glob("*.parquet"):
        if not other.name.startswith("events_"):
            (raw_dir / other.name).symlink_to(other)
    incremental, full = work / "incremental.duckdb", work / "full.duckdb"
    data_vars = ["--vars", json.dumps({"raw_data_dir": str(raw_dir)})]
    for path in (incremental, full):
        seeded = run_dbt(["seed", "--exclude", "path:seeds/raw"], path, work)
        assert seeded.success, seeded.errors
    results = []
    for index, batch in enumerate(batches()):
        rows = write_batch(source, raw_dir, index, batch) if batch.sql else 0
        if batch.orders_sql:
            rewrite_raw_file(source, raw_dir, "orders", batch.orders_sql)
        for path, flags in ((incremental, []), (full, ["--full-refresh"])):
            run = run_dbt(["run", *data_vars, *flags], path, work)
            assert run.success, f"batch {batch.name}: {run.errors}"
            if path == incremental:
                recomputed = RECOMPUTE_DATE.search(
                    compiled_sql(work, "int_customer_activity_days")
                )
        query = query_helper(incremental)
        marts = [
            f"marts.{row['table_name']}"
            for row in query(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' order by 1"
            )
        ]
        tables = {name: () for name in marts} | INCREMENTAL_MODELS
        results.append(
            {
                "batch": batch.name,
                "rows": rows,
                "touched_users": query(
                    "select count(*) as n from intermediate.int_events_touched_users"
                )[0]["n"],
                "customer_recompute_date": recomputed and recomputed.group(1),
                "as_of_date": str(
                    query("select as_of_date from utilities.as_of_date")[0][
                        "as_of_date"
                    ]
                ),
                "late_orders": query(
                    "select count(*) as n from staging.stg_shop__orders_validated "
                    "where order_id like '%-late'"
                )[0]["n"],
                "users": query(
                    "select count(distinct user_key) as n "
                    "from intermediate.int_user_days_active"
                )[0]["n"],
                # Anonymous identified events the device lookup would not find
                # (decision D717): it may hold more rows, never fewer.
                "unfindable": query(
                    "select count(*) as n from intermediate.int_events_identified "
                    "as identified where anonymous_id is not null "
                    "and (customer_id is null or is_identified_by_device) "
                    "and not exists (select 1 from "
                    "intermediate.int_anonymous_events_by_device as by_device "
                    "where by_device.anonymous_id = identified.anonymous_id "
                    "and by_device.event_id = identified.event_id "
                    "and by_device.occurred_date = identified.occurred_date)"
                )[0]["n"],
                "differing": {
                    table: differing_rows(incremental, full, table, skip)
                    for table, skip in tables.items()
                },
            }
        )
    for result in results:
        print(
            result["batch"],
            result["rows"],
            "rows,",
            result["touched_users"],
            "touched users of",
            result["users"],
        )
    return Runs(results, work, raw_dir, incremental)


def test_every_batch_ends_equal_to_a_full_refresh(runs: Runs) -> None:
    """Zero differing rows in every mart and incremental model after every batch."""
    assert len(runs.batches) == len(batches())
    for run in runs.batches:
        assert len(run["differing"]) >= 20, run["batch"]
        differing = {table: n for table, n in run["differing"].items() if n}
        assert differing == {}, f"batch {run['batch']}: {differing}"
        assert run["unfindable"] == 0, run["batch"]


def test_the_runs_were_incremental(runs: Runs) -> None:
    """Each batch recomputed the users it touched, not everyone; the empty batch
    touched no one (so the equality above is not two full builds compared)."""
    first, *middle, empty = runs.batches
    assert first["touched_users"] == 0  # the first run builds everything
    for run in middle:
        assert run["rows"] > 0
        assert 0 < run["touched_users"] < run["users"], run
    assert empty["rows"] == 0 and empty["touched_users"] == 0
    # The customer chain kept its rows before a recompute date, except on the first
    # run and on batch 3, whose rewritten orders recompute it whole (D715). Batch 4's
    # is its one new day; with no new file, the as-of date.
    dates = [run["customer_recompute_date"] for run in runs.batches]
    assert [day is None for day in dates] == [True, False, False, True, False, False]
    assert dates[4] == (START + timedelta(days=DAYS)).isoformat(), dates
    assert dates[5] == empty["as_of_date"], dates
    # The rewritten orders file of batch 3 was read again (D713).
    assert [run["late_orders"] for run in runs.batches] == [0, 0, 0, 1, 1, 1]


def test_a_run_after_an_interrupted_one_asks_for_a_full_refresh(
    runs: Runs, source: Path
) -> None:
    """Files loaded by a run that stopped before the event models finished (here only
    stg_app__events_validated was run), then more files: the next run stops with a
    message naming the fix, and the fix works (decision D705)."""
    work, raw_dir, incremental = runs.work, runs.raw_dir, runs.incremental
    data_vars = ["--vars", json.dumps({"raw_data_dir": str(raw_dir)})]
    late = Batch("late copies", "select * from loaded order by event_id limit 50")
    write_batch(source, raw_dir, 10, late)
    partial = run_dbt(
        ["run", *data_vars, "--select", "stg_app__events_validated"], incremental, work
    )
    assert partial.success, partial.errors
    write_batch(source, raw_dir, 11, late)
    stopped = run_dbt(["run", *data_vars], incremental, work)
    assert not stopped.success
    assert "2 loads of events files are not processed yet" in stopped.log
    assert "--full-refresh" in stopped.log
    repaired = run_dbt(["run", *data_vars, "--full-refresh"], incremental, work)
    assert repaired.success, repaired.errors


def test_an_unchanged_small_source_is_not_read_again(runs: Runs, source: Path) -> None:
    """An incremental run reads a small source only when its files changed (decision
    D713): with nothing changed, the survey model's compiled SQL opens no file and its
    rows stay; survey_responses.parquet rewritten with one response less is read
    again."""
    work, raw_dir, incremental = runs.work, runs.raw_dir, runs.incremental
    data_vars = ["--vars", json.dumps({"raw_data_dir": str(raw_dir)})]
    model = "stg_surveys__survey_responses_validated"
    count = f"select count(*) as n, max(source_version) as version from staging.{model}"
    query = query_helper(incremental)
    before = query(count)[0]
    unchanged = run_dbt(["run", *data_vars, "--select", model], incremental, work)
    assert unchanged.success, unchanged.errors
    assert "read_parquet" not in compiled_sql(work, model)
    assert query(count)[0] == before
    rewrite_raw_file(
        source,
        raw_dir,
        "survey_responses",
        "select * from survey_responses order by response_id offset 1",
    )
    changed = run_dbt(["run", *data_vars, "--select", model], incremental, work)
    assert changed.success, changed.errors
    assert "read_parquet" in compiled_sql(work, model)
    after = query(count)[0]
    assert after["n"] == before["n"] - 1
    assert after["version"] != before["version"]
    # A table built before source_version existed: the run stops and names the fix.
    with duckdb.connect(str(incremental)) as connection:
        connection.execute(f"alter table staging.{model} drop column source_version")
    stopped = run_dbt(["run", *data_vars, "--select", model], incremental, work)
    assert not stopped.success
    assert "has no column source_version" in stopped.log
    assert f"--full-refresh --select {model}`" in stopped.log
    rebuilt = run_dbt(
        ["run", *data_vars, "--select", model, "--full-refresh"], incremental, work
    )
    assert rebuilt.success, rebuilt.errors
    assert query(count)[0] == after
