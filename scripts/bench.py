"""`make bench`: generate raw data, time the project against the alternatives, and write
the results into docs/benchmarks.md (between the `bench:start` / `bench:end` markers).

    python scripts/bench.py --sizes 1M 10M [100M] [--seed 42]

For each size: generate the eight sources as Parquet (scripts/generate_events.py; kept
and reused while its manifest matches), then, each step a separate process whose wall
time and peak resident memory are measured (os.wait4):

1. the monthly session KPIs (conversion rate, pages per session, session duration,
   bounce rate; overall) by one hand-written DuckDB query
   (scripts/session_kpis_duckdb.py) and by pandas (scripts/session_kpis_pandas.py);
2. `dbt run` of every model, with `raw_data_dir` pointing at the files, into a fresh
   DuckDB file (mapping and fixture seeds loaded first);
3. `dbt test` of every data test on the database of step 2;
4. the same session KPIs by the project's models: `dbt run --select
   +kpi_conversion_rate +kpi_pages_per_session +kpi_average_session_duration
   +kpi_bounce_rate` into another fresh file.

The databases are deleted once measured (at 100M events the full build is 14 GB); the
logs and dbt's run_results.json stay in `<data>_work/`.

The three session-KPI results must agree on every number (integers exactly, the rest to
a relative 1e-9), or the bench stops with the differences. docs/benchmarks.md is
rewritten after every step, so an interrupted run leaves what it measured.
Speed targets are checked here and reported, never asserted by a test.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
sys.path.insert(0, str(SCRIPTS))

from generate_events import GENERATOR_VERSION, parse_count  # noqa: E402

BIN = Path(sys.executable).parent
REPORT = ROOT / "docs" / "benchmarks.md"
START_MARKER = "<!-- bench:start -->"
END_MARKER = "<!-- bench:end -->"
SESSION_MARTS = (
    "kpi_conversion_rate",
    "kpi_pages_per_session",
    "kpi_average_session_duration",
    "kpi_bounce_rate",
)
COMPONENTS = (
    "sessions",
    "converted_sessions",
    "visitors",
    "converted_visitors",
    "page_views",
    "total_duration_seconds",
    "bounced_sessions",
    "engaged_sessions",
)
RATES = (
    "conversion_rate",
    "visitor_conversion_rate",
    "pages_per_session",
    "avg_session_duration_seconds",
    "bounce_rate",
    "engagement_rate",
)
# Targets of issue 6, at 10M events.
RUN_TARGET_SECONDS = 45.0
DUCKDB_RATIO_TARGET = 2.0
PANDAS_RATIO_TARGET = 5.0
RELATIVE_TOLERANCE = 1e-9


@dataclass
class Step:
    """One measured process."""

    seconds: float
    peak_mb: float
    returncode: int
    log: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def status(self) -> str:
        if self.returncode == 0:
            return "ok"
        if self.returncode < 0:
            return f"killed by signal {-self.returncode}"
        return f"exit {self.returncode}"


@dataclass
class SizeResult:
    label: str
    events: int
    data_dir: Path
    manifest: dict[str, Any]
    generated_now: bool
    generate: Step | None = None
    seed: Step | None = None
    run: Step | None = None
    test: Step | None = None
    test_summary: str = ""
    run_models: list[tuple[str, float]] = field(default_factory=list)
    run_elapsed: float | None = None
    kpi_dbt: Step | None = None
    kpi_dbt_elapsed: float | None = None
    kpi_dbt_models: list[tuple[str, float]] = field(default_factory=list)
    kpi_duckdb: Step | None = None
    kpi_duckdb_compute: float | None = None
    kpi_pandas: Step | None = None
    kpi_pandas_compute: float | None = None
    pandas_skipped: str = ""
    months: dict[str, dict[str, Any]] = field(default_factory=dict)
    compared: int = 0
    in_progress: tuple[str, float] | None = None
    run_log: Path | None = None
    kpi_dbt_log: Path | None = None


def measure(command: list[str], log: Path, env: dict[str, str] | None = None) -> Step:
    """Runs a command, its output into `log`; wall seconds and peak RSS (the largest
    resident set of the process and of its waited-for children)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as handle:
        began = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=handle, stderr=subprocess.STDOUT, env=env, cwd=ROOT
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    return Step(seconds, usage.ru_maxrss / 1024, process.returncode, log)


def dbt_command(args: list[str], work: Path) -> list[str]:
    return [
        str(BIN / "dbt"),
        *args,
        "--project-dir",
        str(ROOT),
        "--profiles-dir",
        str(ROOT / "profiles"),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]


def dbt_env(duckdb_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DBT_DUCKDB_PATH=str(duckdb_path),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DBT_PARTIAL_PARSE="false",
        DBT_TARGET="duckdb",
    )
    return env


def fresh_database(work: Path) -> Path:
    """An empty work folder with a DuckDB file path in it."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    return work / "bench.duckdb"


def run_results(work: Path) -> tuple[float | None, list[tuple[str, float]]]:
    """dbt's elapsed time and every node's execution time, slowest first."""
    path = work / "target" / "run_results.json"
    if not path.exists():
        return None, []
    data = json.loads(path.read_text())
    timings = [
        (result["unique_id"].split(".")[-1], float(result["execution_time"]))
        for result in data["results"]
    ]
    return data.get("elapsed_time"), sorted(timings, key=lambda item: -item[1])


def summarise_log(log: Path) -> str:
    """The `Done. PASS=...` line of a dbt log."""
    for line in reversed(log.read_text(errors="replace").splitlines()):
        if "Done. PASS=" in line:
            return line.split("Done. ", 1)[1].strip()
    return "no summary (see log)"


def project_months(duckdb_path: Path) -> dict[str, dict[str, Any]]:
    """The month rows, overall, of the four session marts, as the marts store them."""
    import duckdb

    sql = """
        select
            conversion.period_start,
            conversion.sessions,
            conversion.converted_sessions,
            conversion.visitors,
            conversion.converted_visitors,
            pages.page_views,
            duration.total_duration_seconds,
            bounce.bounced_sessions,
            bounce.engaged_sessions,
            conversion.conversion_rate,
            conversion.visitor_conversion_rate,
            pages.pages_per_session,
            duration.avg_session_duration_seconds,
            bounce.bounce_rate,
            bounce.engagement_rate,
            pages.sessions as pages_sessions,
            duration.sessions as duration_sessions,
            bounce.sessions as bounce_sessions
        from marts.kpi_conversion_rate as conversion
        inner join marts.kpi_pages_per_session as pages
            using (period_grain, period_start, breakdown, breakdown_value)
        inner join marts.kpi_average_session_duration as duration
            using (period_grain, period_start, breakdown, breakdown_value)
        inner join marts.kpi_bounce_rate as bounce
            using (period_grain, period_start, breakdown, breakdown_value)
        where conversion.period_grain = 'month' and conversion.breakdown = 'overall'
        order by conversion.period_start
    """
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        cursor = connection.execute(sql)
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    months = {}
    for row in rows:
        sessions = {
            row.pop(k)
            for k in ("pages_sessions", "duration_sessions", "bounce_sessions")
        }
        if sessions != {row["sessions"]}:
            raise SystemExit(f"session marts disagree on sessions: {row}")
        months[row.pop("period_start").isoformat()] = row
    return months


def disagreements(
    results: dict[str, dict[str, dict[str, Any]]],
) -> tuple[list[str], int]:
    """Every number that differs between the implementations; the count compared."""
    problems: list[str] = []
    names = list(results)
    reference_name = names[0]
    reference = results[reference_name]
    compared = 0
    for name in names[1:]:
        other = results[name]
        if sorted(other) != sorted(reference):
            problems.append(
                f"months differ: {reference_name} {sorted(reference)} vs "
                f"{name} {sorted(other)}"
            )
            continue
        for month, expected in reference.items():
            for key in COMPONENTS + RATES:
                left, right = expected[key], other[month][key]
                compared += 1
                if left is None or right is None:
                    same = left is None and right is None
                elif key in COMPONENTS and key != "total_duration_seconds":
                    same = int(left) == int(right) and float(left) == float(right)
                else:
                    same = math.isclose(
                        float(left),
                        float(right),
                        rel_tol=RELATIVE_TOLERANCE,
                        abs_tol=0.0,
                    )
                if not same:
                    problems.append(
                        f"{month} {key}: {reference_name}={left!r} {name}={right!r}"
                    )
    return problems, compared


def model_times_from_log(log: Path) -> list[tuple[str, float]]:
    """Per-model seconds from dbt's `OK created ... in 12.34s` lines: the timings of a
    run that has not finished (run_results.json is written at the end)."""
    pattern = re.compile(
        r"OK created sql \w+ model [\w.]*?(\w+) \.* \[.*?in ([0-9.]+)s\]"
    )
    if not log.exists():
        return []
    found = [
        (match.group(1), float(match.group(2)))
        for match in pattern.finditer(log.read_text(errors="replace"))
    ]
    return sorted(found, key=lambda item: -item[1])


def bench_size(
    result: SizeResult,
    seed: int,
    pandas_max: int,
    bar: tqdm,
    report: Callable[[], None],
) -> None:
    """Measures one size; `report` rewrites docs/benchmarks.md after every step, so an
    interrupted run still leaves what it measured."""
    label, events, data_dir = result.label, result.events, result.data_dir
    work_root = data_dir.parent / f"bench_{label}_work"
    manifest_path = data_dir / "_manifest.json"

    def step(name: str) -> None:
        bar.set_description(f"{label}: {name}")
        result.in_progress = (name, time.perf_counter())
        report()

    def done() -> None:
        result.in_progress = None
        bar.update()
        report()

    step("generate")
    if result.generated_now:
        result.generate = measure(
            [
                sys.executable,
                str(SCRIPTS / "generate_events.py"),
                "--events",
                str(events),
                "--out",
                str(data_dir),
                "--seed",
                str(seed),
                "--no-progress",
            ],
            work_root / "generate.log",
        )
        if not result.generate.ok:
            raise SystemExit(f"generator failed, see {result.generate.log}")
        result.manifest = json.loads(manifest_path.read_text())
    done()
    raw_vars = json.dumps({"raw_data_dir": str(data_dir.resolve())})
    seeds = ["seed", "--exclude", "path:seeds/raw"]  # mappings and test fixtures
    results: dict[str, dict[str, dict[str, Any]]] = {}

    # 1. the session KPIs by the two reference implementations (quick).
    kpi_work = work_root / "session_kpis"
    kpi_database = fresh_database(kpi_work)
    step("session KPIs, hand-written DuckDB")
    output = kpi_work / "duckdb.json"
    result.kpi_duckdb = measure(
        [
            sys.executable,
            str(SCRIPTS / "session_kpis_duckdb.py"),
            str(data_dir),
            str(output),
        ],
        kpi_work / "duckdb.log",
    )
    if not result.kpi_duckdb.ok:
        raise SystemExit(f"hand-written DuckDB query failed: {result.kpi_duckdb.log}")
    computed = json.loads(output.read_text())
    result.kpi_duckdb_compute = computed["seconds"]
    results["duckdb"] = computed["months"]
    done()
    step("session KPIs, pandas")
    if events > pandas_max:
        result.pandas_skipped = (
            f"not run above {pandas_max:,} events (--pandas-max-events): pandas holds "
            "every event in memory"
        )
    else:
        output = kpi_work / "pandas.json"
        result.kpi_pandas = measure(
            [
                sys.executable,
                str(SCRIPTS / "session_kpis_pandas.py"),
                str(data_dir),
                str(output),
            ],
            kpi_work / "pandas.log",
        )
        if result.kpi_pandas.ok:
            computed = json.loads(output.read_text())
            result.kpi_pandas_compute = computed["seconds"]
            results["pandas"] = computed["months"]
        else:
            result.pandas_skipped = (
                f"failed ({result.kpi_pandas.status()}), see {result.kpi_pandas.log}"
            )
    check_agreement(label, results)
    done()

    # 2. every model.
    work = work_root / "all_models"
    env = dbt_env(fresh_database(work))
    seeded = measure(dbt_command(seeds, work), work / "seed.log", env)
    if not seeded.ok:
        raise SystemExit(f"dbt seed failed, see {seeded.log}")
    step("dbt run")
    result.run_log = work / "run.log"
    result.run = measure(
        dbt_command(["run", "--vars", raw_vars], work), result.run_log, env
    )
    result.run_elapsed, result.run_models = run_results(work)
    if not result.run.ok:
        raise SystemExit(
            f"dbt run failed ({result.run.status()}), see {result.run_log}"
        )
    done()

    # 3. every data test, then the database goes (disk: at 100M events it is 14 GB,
    # and the next step spills some 38 GB).
    step("dbt test")
    result.test = measure(
        dbt_command(
            ["test", "--vars", raw_vars, "--exclude-resource-type", "unit_test"], work
        ),
        work / "test.log",
        dbt_env(work / "bench.duckdb"),
    )
    result.test_summary = summarise_log(result.test.log)
    drop_database(work / "bench.duckdb")
    done()

    # 4. the session KPIs by the project's models.
    env = dbt_env(kpi_database)
    seeded = measure(dbt_command(seeds, kpi_work), kpi_work / "seed.log", env)
    if not seeded.ok:
        raise SystemExit(f"dbt seed failed, see {seeded.log}")
    step("session KPIs, project models")
    selection = " ".join(f"+{name}" for name in SESSION_MARTS)
    result.kpi_dbt_log = kpi_work / "run.log"
    result.kpi_dbt = measure(
        dbt_command(["run", "--vars", raw_vars, "--select", selection], kpi_work),
        result.kpi_dbt_log,
        env,
    )
    if not result.kpi_dbt.ok:
        raise SystemExit(f"dbt run --select failed, see {result.kpi_dbt_log}")
    result.kpi_dbt_elapsed, result.kpi_dbt_models = run_results(kpi_work)
    results = {"project": project_months(kpi_database), **results}
    drop_database(kpi_database)
    result.compared = check_agreement(label, results)
    result.months = results["project"]
    done()


def drop_database(path: Path) -> None:
    """Deletes a bench database once measured (logs and run_results.json stay): at 100M
    events the full build is 14 GB."""
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.name + ".tmp"), ignore_errors=True)


def check_agreement(label: str, results: dict[str, dict[str, dict[str, Any]]]) -> int:
    """Stops the bench when the implementations disagree; the count of numbers
    compared."""
    if len(results) < 2:
        return 0
    problems, compared = disagreements(results)
    if problems:
        listing = "\n  ".join(problems[:50])
        raise SystemExit(
            f"{label}: the session KPIs DISAGREE between {', '.join(results)} "
            f"({len(problems)} numbers):\n  {listing}"
        )
    return compared


# --- the report ----------------------------------------------------------------------


def version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version(package)
    except PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": ", ".join(
            f"{name} {version(name)}"
            for name in (
                "dbt-core",
                "dbt-duckdb",
                "duckdb",
                "pandas",
                "pyarrow",
                "numpy",
            )
        ),
    }


def seconds(step: Step | None) -> str:
    if step is None:
        return "-"
    text = f"{step.seconds:.1f} s"
    return text if step.ok else f"{text} ({step.status()})"


def memory(step: Step | None) -> str:
    return "-" if step is None else f"{step.peak_mb:,.0f} MB"


def ratio(numerator: Step | None, denominator: Step | None) -> float | None:
    if numerator is None or denominator is None or not denominator.seconds:
        return None
    return numerator.seconds / denominator.seconds


def ratio_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def verdict(met: bool, miss: str) -> str:
    return "**met**" if met else f"**missed**: {miss}"


def target_lines(results: list[SizeResult]) -> list[str]:
    """The targets of issue 6, met or missed by how much, at 10M (and 100M) events."""
    lines = []
    at_10m = next((r for r in results if r.events == 10_000_000), None)
    if at_10m is not None and at_10m.run is not None:
        run = at_10m.run.seconds
        over = (
            f"{run - RUN_TARGET_SECONDS:.1f} s over ({run / RUN_TARGET_SECONDS:.2f}x)"
        )
        lines.append(
            f"- `dbt run` of all models on 10M events in at most "
            f"{RUN_TARGET_SECONDS:.0f} s: {run:.1f} s, "
            + verdict(run <= RUN_TARGET_SECONDS, over)
            + "."
        )
        slower = ratio(at_10m.kpi_dbt, at_10m.kpi_duckdb)
        if slower is not None:
            dbt_only = (at_10m.kpi_dbt_elapsed or 0) / (at_10m.kpi_duckdb_compute or 1)
            lines.append(
                f"- session KPIs within {DUCKDB_RATIO_TARGET:.0f}x of the hand-written "
                f"DuckDB query (wall time, 10M): {slower:.2f}x, "
                + verdict(
                    slower <= DUCKDB_RATIO_TARGET,
                    f"{slower / DUCKDB_RATIO_TARGET:.2f}x the allowed time",
                )
                + f"; dbt's execution time alone "
                f"({at_10m.kpi_dbt_elapsed or 0:.1f} s) is {dbt_only:.2f}x the "
                f"query's ({at_10m.kpi_duckdb_compute or 0:.1f} s)."
            )
        faster = ratio(at_10m.kpi_pandas, at_10m.kpi_dbt)
        if faster is not None:
            lines.append(
                f"- session KPIs at least {PANDAS_RATIO_TARGET:.0f}x faster than "
                f"pandas (wall time, 10M): pandas takes {faster:.2f}x the project's "
                "time, "
                + verdict(
                    faster >= PANDAS_RATIO_TARGET,
                    f"{PANDAS_RATIO_TARGET / faster:.2f}x short",
                )
                + "."
            )
    at_100m = next((r for r in results if r.events == 100_000_000), None)
    if at_100m is None:
        lines.append(
            "- 100M events under the default memory settings: not run this "
            "time (`make bench SIZE=100M`)."
        )
    elif at_100m.run is not None:
        lines.append(
            f"- 100M events under the default memory settings: `dbt run` "
            f"{at_100m.run.status()} in {at_100m.run.seconds:.0f} s, peak "
            f"{at_100m.run.peak_mb:,.0f} MB."
        )
    return lines


def parquet_megabytes(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.glob("*.parquet")) / 2**20


def render(
    results: list[SizeResult],
    started: datetime,
    loads: tuple[float, float],
    command: str,
    finished: bool = True,
) -> str:
    info = machine()

    def cell(r: SizeResult, step: Step | None, name: str) -> str:
        if step is None and r.in_progress and r.in_progress[0] == name:
            running = time.perf_counter() - r.in_progress[1]
            return f"running (> {running:.0f} s)"
        return seconds(step)

    head = "| | " + " | ".join(f"{r.label} events" for r in results) + " |"
    rule = "|---|" + "---:|" * len(results)

    def row(name: str, values: list[str]) -> str:
        return f"| {name} | " + " | ".join(values) + " |"

    def gen_cell(r: SizeResult) -> str:
        if r.generated_now and r.generate is None:
            return cell(r, None, "generate")
        if r.generate is not None:
            return f"{r.generate.seconds:.1f} s, {r.generate.peak_mb:,.0f} MB"
        return f"{r.manifest.get('seconds', 0):.1f} s (earlier run, reused)"

    lines = [
        START_MARKER,
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC with `{command}`."
        + (
            ""
            if finished
            else f" **Run not finished** when this was written "
            f"({datetime.now(UTC):%H:%M} UTC): a `-` was not measured yet."
        ),
        "",
        f"- Machine: {info['cpu']}, {info['memory']} RAM, {info['os']}, Python "
        f"{info['python']}.",
        f"- Versions: {info['versions']}.",
        f"- Load average (1 min) at start / end: {loads[0]:.1f} / {loads[1]:.1f} on "
        f"{os.cpu_count()} cores (the end figure includes the bench's own work)"
        + (
            " - **the machine was busy when the run began, so these timings may be "
            "pessimistic**."
            if loads[0] > (os.cpu_count() or 1) * 0.5
            else "."
        ),
        "- Every step is a separate process; time is wall-clock, memory the peak "
        "resident set of the process (DuckDB runs inside dbt's process). Default "
        "settings: dbt `threads: 4`, DuckDB's default memory limit (80% of RAM) and "
        "threads (all cores).",
        "",
        head,
        rule,
        row(
            "raw rows (all sources)",
            [f"{sum(r.manifest.get('rows', {}).values()):,}" for r in results],
        ),
        row(
            "Parquet size",
            [f"{parquet_megabytes(r.data_dir):,.0f} MB" for r in results],
        ),
        row("generate (time, peak memory)", [gen_cell(r) for r in results]),
        row("`dbt run`, all models", [cell(r, r.run, "dbt run") for r in results]),
        row("`dbt run` peak memory", [memory(r.run) for r in results]),
        row(
            "`dbt test`, all data tests", [cell(r, r.test, "dbt test") for r in results]
        ),
        row("`dbt test` peak memory", [memory(r.test) for r in results]),
        row("`dbt test` result", [r.test_summary for r in results]),
        row(
            "session KPIs: project models (`--select +...`)",
            [cell(r, r.kpi_dbt, "session KPIs, project models") for r in results],
        ),
        row(
            "... of which dbt execution (`run_results.json`)",
            [
                f"{r.kpi_dbt_elapsed:.1f} s" if r.kpi_dbt_elapsed else "-"
                for r in results
            ],
        ),
        row(
            "session KPIs: hand-written DuckDB query",
            [
                cell(r, r.kpi_duckdb, "session KPIs, hand-written DuckDB")
                for r in results
            ],
        ),
        row(
            "session KPIs: pandas",
            [
                "not run"
                if r.pandas_skipped
                else cell(r, r.kpi_pandas, "session KPIs, pandas")
                for r in results
            ],
        ),
        row(
            "peak memory: project / DuckDB / pandas",
            [
                f"{memory(r.kpi_dbt)} / {memory(r.kpi_duckdb)} / "
                f"{memory(r.kpi_pandas) if r.kpi_pandas else '-'}"
                for r in results
            ],
        ),
        row(
            "project / hand-written DuckDB (target <= 2x)",
            [ratio_text(ratio(r.kpi_dbt, r.kpi_duckdb)) for r in results],
        ),
        row(
            "pandas / project (target >= 5x)",
            [ratio_text(ratio(r.kpi_pandas, r.kpi_dbt)) for r in results],
        ),
        row(
            "the implementations agree",
            [
                f"yes: {r.compared} numbers, {len(r.months)} months"
                if r.compared
                else "-"
                for r in results
            ],
        ),
        "",
        "Targets (issue 6):",
        "",
        *target_lines(results),
    ]
    skipped = [
        f"- {r.label}: pandas {r.pandas_skipped}" for r in results if r.pandas_skipped
    ]
    if skipped:
        lines += ["", *skipped]
    for r in reversed(results):
        models = r.run_models or (model_times_from_log(r.run_log) if r.run_log else [])
        if not models:
            continue
        how = (
            f"dbt's elapsed time {r.run_elapsed:.1f} s of {r.run.seconds:.1f} s wall, "
            "the rest is start-up and parsing"
            if r.run and r.run_elapsed
            else "from the log of the run, which had not finished"
        )
        lines += [
            "",
            f"Where `dbt run` spends its time at {r.label} events: execution time per "
            "model (`run_results.json`), slowest first; dbt runs 4 models at a time, "
            f"so they overlap ({how}):",
            "",
            "| model | seconds |",
            "|---|---:|",
            *[f"| {name} | {secs:.1f} |" for name, secs in models[:12]],
        ]
        break
    for r in reversed(results):
        models = r.kpi_dbt_models or (
            model_times_from_log(r.kpi_dbt_log) if r.kpi_dbt_log else []
        )
        if models:
            lines += [
                "",
                f"The session KPI selection at {r.label} events:",
                "",
                "| model | seconds |",
                "|---|---:|",
                *[f"| {name} | {secs:.1f} |" for name, secs in models[:8]],
            ]
            break
    shown = next((r for r in reversed(results) if r.months), None)
    if shown is not None:
        lines += [
            "",
            f"The monthly overall session KPIs at {shown.label} events (identical in "
            "the three implementations):",
            "",
            "| month | sessions | conversion rate | visitor conversion "
            "| pages / session | avg duration (s) | bounce rate | engagement rate |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for month, values in shown.months.items():
            lines.append(month_row(month, values))
    lines += ["", END_MARKER]
    return "\n".join(lines)


def month_row(month: str, values: dict[str, Any]) -> str:
    def pct(key: str) -> str:
        value = values[key]
        return "-" if value is None else f"{100 * value:.2f}%"

    pages = values["pages_per_session"]
    duration = values["avg_session_duration_seconds"]
    return (
        f"| {month[:7]} | {values['sessions']:,} | {pct('conversion_rate')} | "
        f"{pct('visitor_conversion_rate')} | "
        f"{'-' if pages is None else f'{pages:.2f}'} | "
        f"{'-' if duration is None else f'{duration:.0f}'} | "
        f"{pct('bounce_rate')} | {pct('engagement_rate')} |"
    )


def write_report(block: str, start: str = START_MARKER, end: str = END_MARKER) -> None:
    """Replaces the measured block of docs/benchmarks.md (between the `start` and `end`
    markers), keeping the text around it; appends it when the markers are missing."""
    text = REPORT.read_text() if REPORT.exists() else ""
    if start in text and end in text:
        before = text.split(start, 1)[0]
        after = text.split(end, 1)[1]
        text = before + block + after
    else:
        text = text + ("\n" if text else "") + block + "\n"
    REPORT.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        nargs="+",
        default=["1M", "10M"],
        help="event counts, e.g. 1M 10M 100M",
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "generated")
    parser.add_argument(
        "--pandas-max-events",
        type=parse_count,
        default=20_000_000,
        help="skip pandas above this many events (default 20M)",
    )
    parser.add_argument(
        "--no-report",
        action="store_true",
        help="print the block instead of writing docs/benchmarks.md",
    )
    args = parser.parse_args(argv)
    sizes = sorted({parse_count(size): size.upper() for size in args.sizes}.items())
    started = datetime.now(UTC)
    load_start = os.getloadavg()[0]
    extra = [label for _, label in sizes if label not in ("1M", "10M")]
    command = "make bench" + (f" SIZE={' '.join(extra)}" if extra else "")
    results: list[SizeResult] = []

    def report(finished: bool = False) -> None:
        block = render(
            results, started, (load_start, os.getloadavg()[0]), command, finished
        )
        if args.no_report:
            if finished:
                print(block)
        else:
            write_report(block)

    with tqdm(total=6 * len(sizes), unit=" steps", file=sys.stderr) as bar:
        for events, label in sizes:
            data_dir = args.data_dir / f"bench_{label}"
            manifest_path = data_dir / "_manifest.json"
            manifest = (
                json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
            )
            wanted = {
                "events": events,
                "seed": args.seed,
                "generator_version": GENERATOR_VERSION,
            }
            reuse = all(manifest.get(key) == value for key, value in wanted.items())
            results.append(SizeResult(label, events, data_dir, manifest, not reuse))
            bench_size(results[-1], args.seed, args.pandas_max_events, bar, report)
    report(finished=True)
    if not args.no_report:
        print(f"wrote {REPORT.relative_to(ROOT)}")
    print("\n".join(target_lines(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
