"""Lock-free reads for BI tools (issue 11): every kpi_* and dq_* mart exported to
Parquet by scripts/export_marts.py, each file replaced atomically, so readers keep
reading while dbt rebuilds the warehouse and the export swaps the files.

The files are checked against the warehouse itself (every row, both ways); the reader
checks every read against the two versions' manifests (file bytes' SHA-256, row count
and an order-independent row checksum)."""

from __future__ import annotations

import fnmatch
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from dbt_runner import run_dbt
from project_scripts import load_script
from reference import ROOT

export_marts = load_script("export_marts")
SCRIPT = ROOT / "scripts" / "export_marts.py"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def warehouse_marts(warehouse: Path) -> set[str]:
    """The kpi_* and dq_* tables of the warehouse's marts schema."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' "
            "and (table_name like 'kpi%' or table_name like 'dq%')"
        ).fetchall()
    return {name for (name,) in rows}


@pytest.fixture
def warehouse_copy(warehouse_path: Path, tmp_path: Path) -> Path:
    """A private copy of the session's demo warehouse, which this module rebuilds and
    locks. Same file name: DuckDB names the catalog after the file."""
    copy = tmp_path / "warehouse" / warehouse_path.name
    copy.parent.mkdir()
    shutil.copyfile(warehouse_path, copy)
    wal = warehouse_path.with_name(warehouse_path.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
    return copy


def test_export_holds_every_mart_exactly(warehouse_copy: Path, tmp_path: Path) -> None:
    """One Parquet file per kpi_*/dq_* mart with the table's columns, types and rows
    (compared both ways, with duplicates), and a manifest that describes the files."""
    out = tmp_path / "marts"
    manifest = export_marts.export_marts(warehouse_copy, out)

    expected = warehouse_marts(warehouse_copy)
    assert len(expected) >= 21, sorted(expected)
    assert set(manifest["marts"]) == expected
    assert {path.stem for path in out.glob("*.parquet")} == expected
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    on_disk = json.loads((out / "_manifest.json").read_text(encoding="utf-8"))
    assert on_disk == manifest

    with duckdb.connect() as connection:
        connection.execute(f"attach '{warehouse_copy}' as w (read_only)")
        for mart in sorted(expected):
            file = out / f"{mart}.parquet"
            table, parquet = f"w.marts.{mart}", f"read_parquet('{file}')"
            described = [
                connection.execute(f"describe select * from {relation}").fetchall()
                for relation in (table, parquet)
            ]
            assert described[0] == described[1], mart
            for left, right in ((table, parquet), (parquet, table)):
                (extra,) = connection.execute(
                    f"select count(*) from (from {left} except all from {right})"
                ).fetchone()
                assert extra == 0, f"{mart}: {extra} rows of {left} not in {right}"
            (rows,) = connection.execute(f"select count(*) from {table}").fetchone()
            entry = manifest["marts"][mart]
            assert entry["rows"] == rows == pq.ParquetFile(file).metadata.num_rows
            assert entry["sha256"] == sha256(file.read_bytes()), mart
            metadata = pq.ParquetFile(file).metadata.metadata
            assert metadata[b"export_id"].decode() == manifest["export_id"]


def test_missing_warehouse_fails_clearly(tmp_path: Path) -> None:
    """No warehouse: exit 1, a message naming the file, nothing written."""
    missing = tmp_path / "nowhere" / "engagement.duckdb"
    out = tmp_path / "marts"
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(missing), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run
    assert f"warehouse {missing} does not exist" in run.stderr
    assert "make build" in run.stderr
    assert not out.exists()


def test_swap_never_publishes_a_partial_file(
    warehouse_copy: Path, tmp_path: Path
) -> None:
    """Deterministic view of the swap: while a new file is being written, the published
    path still holds the complete previous file; the new one is complete before it
    replaces it, in the same folder, under a name no *.parquet glob matches; a reader
    that opened the old file before the swap still reads all of it afterwards."""
    out = tmp_path / "marts"
    first = export_marts.export_marts(warehouse_copy, out)
    opened = {mart: (out / f"{mart}.parquet").open("rb") for mart in first["marts"]}
    swaps: list[str] = []

    def before_swap(mart: str, temporary: Path, target: Path) -> None:
        swaps.append(mart)
        assert temporary.parent == target.parent
        assert not fnmatch.fnmatch(temporary.name, "*.parquet")
        published = target.read_bytes()
        assert sha256(published) == first["marts"][mart]["sha256"]
        assert (
            pq.ParquetFile(temporary).metadata.num_rows == first["marts"][mart]["rows"]
        )

    try:
        second = export_marts.export_marts(warehouse_copy, out, before_swap)
        assert sorted(swaps) == sorted(first["marts"])
        assert second["export_id"] != first["export_id"]
        for mart, handle in opened.items():
            old = handle.read()
            assert sha256(old) == first["marts"][mart]["sha256"], mart
            old_file = pq.ParquetFile(io.BytesIO(old))
            assert old_file.metadata.num_rows == first["marts"][mart]["rows"]
            assert (
                old_file.metadata.metadata[b"export_id"].decode()
                == (first["export_id"])
            )
            new = (out / f"{mart}.parquet").read_bytes()
            assert sha256(new) == second["marts"][mart]["sha256"] != sha256(old)
    finally:
        for handle in opened.values():
            handle.close()


@dataclass(frozen=True)
class Read:
    """One read of one exported file by the reader."""

    mart: str
    sha256: str | None  # of the bytes read through one open()
    rows: int | None  # by DuckDB, in one query
    checksum: str | None
    error: str | None
    during_build: bool


# Between two reads: a dashboard refreshing, not a busy loop taking the CPU from dbt.
PAUSE_SECONDS = 0.005


class Reader(threading.Thread):
    """A BI-like reader: one long-lived DuckDB connection querying every exported file
    in turn, and the raw bytes of each file, until stopped."""

    def __init__(self, folder: Path, marts: list[str]) -> None:
        super().__init__(daemon=True)
        self.folder, self.marts = folder, marts
        self.reads: list[Read] = []
        self.rounds = 0
        self.building = False
        self.stop = threading.Event()
        self.round_done = threading.Condition()

    def read_one(self, connection: duckdb.DuckDBPyConnection, mart: str) -> Read:
        path = self.folder / f"{mart}.parquet"
        try:
            digest = sha256(path.read_bytes())
            rows, checksum = connection.execute(
                export_marts.checksum_sql(f"read_parquet('{path}')")
            ).fetchone()
            return Read(mart, digest, rows, checksum, None, self.building)
        except Exception as error:
            return Read(mart, None, None, None, repr(error), self.building)

    def run(self) -> None:
        with duckdb.connect() as connection:
            while not self.stop.is_set():
                for mart in self.marts:
                    self.reads.append(self.read_one(connection, mart))
                    time.sleep(PAUSE_SECONDS)
                with self.round_done:
                    self.rounds += 1
                    self.round_done.notify_all()

    def wait_for_rounds(self, rounds: int, timeout: float = 120) -> None:
        with self.round_done:
            assert self.round_done.wait_for(lambda: self.rounds >= rounds, timeout), (
                f"the reader did {self.rounds} of {rounds} rounds"
            )


# The build the reader runs beside: every customer-value and data-quality mart (dbt
# holds the warehouse's write lock and replaces those tables); any mart would do.
REBUILD = [
    "run",
    "--select",
    "path:models/marts/customer_value",
    "path:models/marts/data_quality",
]


def test_readers_never_fail_nor_see_a_partial_table_during_build_and_export(
    warehouse_copy: Path, tmp_path: Path
) -> None:
    """A reader loops over every exported file while dbt rebuilds marts in the
    warehouse and the export then replaces every file: the build and the export
    succeed, the reader has no error, and each of its reads is one complete version
    (the bytes' SHA-256, and DuckDB's row count and row checksum, match the first or
    the second export's manifest)."""
    out = tmp_path / "marts"
    first = export_marts.export_marts(warehouse_copy, out)
    marts = sorted(first["marts"])
    reader = Reader(out, marts)
    reader.start()
    try:
        reader.wait_for_rounds(3)
        reader.building = True
        build = run_dbt(
            REBUILD,
            warehouse_copy,
            tmp_path / "dbt",
        )
        reader.building = False
        assert build.success, f"dbt run failed:\n{build.errors}"
        second = export_marts.export_marts(warehouse_copy, out)
        reader.wait_for_rounds(reader.rounds + 3)
    finally:
        reader.stop.set()
        reader.join(timeout=60)
    assert not reader.is_alive()

    errors = [read for read in reader.reads if read.error]
    assert not errors, errors[:5]
    versions = (first["marts"], second["marts"])
    for read in reader.reads:
        known = {(v[read.mart]["sha256"]) for v in versions}
        assert read.sha256 in known, f"{read.mart}: bytes of no exported version"
        complete = {(v[read.mart]["rows"], v[read.mart]["checksum"]) for v in versions}
        assert (read.rows, read.checksum) in complete, f"{read.mart}: partial table"
    for mart in marts:
        seen = {read.sha256 for read in reader.reads if read.mart == mart}
        assert seen == {first["marts"][mart]["sha256"], second["marts"][mart]["sha256"]}
    assert sum(read.during_build for read in reader.reads) >= len(marts)
    assert len(reader.reads) >= 6 * len(marts)
    print(
        f"\n{len(reader.reads)} reads of {len(marts)} files, "
        f"{sum(r.during_build for r in reader.reads)} while dbt ran, 0 errors"
    )


HOLD_READ_WRITE = """
import sys, duckdb
connection = duckdb.connect(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
"""


def test_a_writer_on_the_warehouse_blocks_dbt_but_not_the_export_readers(
    warehouse_copy: Path, tmp_path: Path
) -> None:
    """The failure mode the export avoids: a program holding a read-write DuckDB
    connection on the warehouse (a BI tool opened on it) makes dbt fail on the lock,
    and the export says why it cannot read; readers of the exported files still
    work."""
    out = tmp_path / "marts"
    first = export_marts.export_marts(warehouse_copy, out)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_READ_WRITE, str(warehouse_copy)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        run = subprocess.run(
            [sys.executable, str(SCRIPT), str(warehouse_copy), str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 1, run
        assert f"cannot open the warehouse {warehouse_copy} read-only" in run.stderr
        assert "lock" in run.stderr.lower()

        # `dbt debug` opens the warehouse the way every dbt command does (dbt-duckdb
        # connects read-write) without parsing the project first.
        debug = subprocess.run(
            [
                str(Path(sys.executable).with_name("dbt")),
                "debug",
                "--project-dir",
                str(ROOT),
                "--profiles-dir",
                str(ROOT / "profiles"),
                "--log-path",
                str(tmp_path / "logs"),
            ],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "DBT_DUCKDB_PATH": str(warehouse_copy)},
        )
        assert debug.returncode != 0, debug.stdout
        assert "Could not set lock on file" in debug.stdout, debug.stdout[-3000:]

        with duckdb.connect() as connection:
            for mart, entry in first["marts"].items():
                (rows,) = connection.execute(
                    f"select count(*) from read_parquet('{out / entry['file']}')"
                ).fetchone()
                assert rows == entry["rows"], mart
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


def test_serving_database_of_views(warehouse_copy: Path, tmp_path: Path) -> None:
    """The optional DuckDB file of views: opened read-only (by several readers at
    once), `marts.<mart>` gives every exported file's rows."""
    out = tmp_path / "marts"
    manifest = export_marts.export_marts(warehouse_copy, out)
    serving = tmp_path / "serving.duckdb"
    export_marts.write_serving_database(serving, out, None)
    with (
        duckdb.connect(str(serving), read_only=True) as first_reader,
        duckdb.connect(str(serving), read_only=True) as second_reader,
    ):
        for mart, entry in manifest["marts"].items():
            for reader in (first_reader, second_reader):
                (rows,) = reader.execute(
                    f"select count(*) from marts.{mart}"
                ).fetchone()
                assert rows == entry["rows"], mart
    assert not list(tmp_path.glob(".serving*"))
