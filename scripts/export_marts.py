"""Export every `kpi_*` and `dq_*` mart of a built warehouse to Parquet, for BI tools.

    python scripts/export_marts.py WAREHOUSE.duckdb [OUT_DIR] [--serving FILE]

DuckDB allows one writer per file: a BI tool holding the warehouse open makes `dbt run`
fail, and a running build blocks new readers. BI tools therefore read the exported files
in OUT_DIR (default `exports/marts`), never the warehouse:

- The warehouse is opened with a read-only connection, after dbt has finished.
- Each mart is written to a hidden temporary file in OUT_DIR
  (`.<mart>.parquet.<pid>.tmp`, which no `*.parquet` glob matches), checked (row
  count), flushed to disk and then renamed over `<mart>.parquet` with `os.replace`,
  which is atomic on POSIX: a reader opening the path gets the complete old file or
  the complete new one, never a partial one, and a reader that already has the old
  file open keeps reading the old inode.
- `_manifest.json` (written the same way, last) lists the export id, the as-of date and,
  per mart, its file, row count, content checksum and the file's SHA-256.
- Files of marts that no longer exist are removed; other files are left alone.
- `--serving FILE` also writes a small DuckDB file of views over the Parquet files
  (`marts.<mart>`), for BI tools that want a DuckDB database (decision D1103).

Two exports into one folder never run at once (an exclusive lock on `.export.lock`).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT_DIR = ROOT / "exports" / "marts"
MANIFEST_NAME = "_manifest.json"
LOCK_NAME = ".export.lock"
# Marts exported: the KPI marts and the data-quality marts.
MART_PREFIXES = ("kpi_", "dq_")

# A callback run after a mart's temporary file is complete and before it replaces the
# published file: (mart, temporary file, published file). Tests use it.
BeforeSwap = Callable[[str, Path, Path], None]


class ExportError(Exception):
    """A problem that stops the export, with a message for the user."""


@dataclass(frozen=True)
class MartFile:
    """One exported mart as the manifest records it."""

    file: str
    rows: int
    checksum: str  # order-independent hash of every row (DuckDB's hash())
    sha256: str  # of the Parquet file's bytes
    columns: list[str]


def checksum_sql(relation: str) -> str:
    """SQL giving (row count, order-independent checksum) of `relation`: the sum of
    DuckDB's hash of every row. Gives the same value for the mart's table and for its
    Parquet file when the file holds exactly the table's rows (types round-trip)."""
    return (
        "select count(*) as row_count, "
        "coalesce(sum(hash(t)::hugeint), 0)::varchar as checksum "
        f"from {relation} as t"
    )


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fsync_path(path: Path) -> None:
    """Flush a file (or a directory's entries) to disk."""
    flags = os.O_RDONLY | (os.O_DIRECTORY if path.is_dir() else 0)
    descriptor = os.open(path, flags)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sql_string(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def open_warehouse(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse, or an ExportError saying why not."""
    if not warehouse.is_file():
        raise ExportError(
            f"warehouse {warehouse} does not exist; build it first "
            "(`make build`, or `make run` which also exports)"
        )
    try:
        return duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as error:
        raise ExportError(
            f"cannot open the warehouse {warehouse} read-only: {error}\n"
            "If dbt (or another program) is writing to it, export after it finishes."
        ) from error


def mart_names(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The kpi_* and dq_* tables and views of the `marts` schema, sorted."""
    rows = connection.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'marts' order by table_name"
    ).fetchall()
    return [name for (name,) in rows if name.startswith(MART_PREFIXES)]


@contextlib.contextmanager
def export_lock(out_dir: Path) -> Iterator[None]:
    """An exclusive lock on the export folder, held for one export."""
    with (out_dir / LOCK_NAME).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise ExportError(
                f"another export into {out_dir} is running; try again when it ends"
            ) from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and os.replace."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def export_mart(
    connection: duckdb.DuckDBPyConnection,
    mart: str,
    out_dir: Path,
    export_id: str,
    before_swap: BeforeSwap | None,
) -> MartFile:
    """Write one mart to `<out_dir>/<mart>.parquet` through a temporary file."""
    target = out_dir / f"{mart}.parquet"
    temporary = out_dir / f".{mart}.parquet.{os.getpid()}.tmp"
    relation = f'marts."{mart}"'
    rows, checksum = connection.execute(checksum_sql(relation)).fetchone()
    columns = [
        c[0]
        for c in connection.execute(f"select * from {relation} limit 0").description
    ]
    metadata = f"{{export_id: {sql_string(export_id)}, mart: {sql_string(mart)}}}"
    try:
        destination = sql_string(str(temporary))
        connection.execute(
            f"copy (select * from {relation} order by all) to {destination} "
            f"(format parquet, compression zstd, kv_metadata {metadata})"
        )
        (written,) = connection.execute(
            f"select count(*) from read_parquet({sql_string(str(temporary))})"
        ).fetchone()
        if written != rows:
            raise ExportError(f"{mart}: wrote {written} rows, the table has {rows}")
        fsync_path(temporary)
        digest = file_sha256(temporary)
        if before_swap is not None:
            before_swap(mart, temporary, target)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return MartFile(target.name, int(rows), str(checksum), digest, columns)


def remove_leftovers(out_dir: Path, current: set[str]) -> list[str]:
    """Remove temporary files of interrupted exports and the Parquet files of marts
    that no longer exist; returns the removed file names."""
    removed = []
    for path in sorted(out_dir.iterdir()):
        stale_temporary = path.name.startswith(".") and path.name.endswith(".tmp")
        stale_mart = (
            path.suffix == ".parquet"
            and path.name.startswith(MART_PREFIXES)
            and path.stem not in current
        )
        if path.is_file() and (stale_temporary or stale_mart):
            path.unlink()
            removed.append(path.name)
    return removed


def export_marts(
    warehouse: Path, out_dir: Path, before_swap: BeforeSwap | None = None
) -> dict:
    """Export every mart of `warehouse` into `out_dir`; returns the manifest."""
    if not warehouse.is_file():
        open_warehouse(warehouse)  # raises the error that says what to do
    out_dir.mkdir(parents=True, exist_ok=True)
    export_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ-") + uuid.uuid4().hex[:8]
    with export_lock(out_dir), open_warehouse(warehouse) as connection:
        marts = mart_names(connection)
        if not marts:
            raise ExportError(
                f"the warehouse {warehouse} has no kpi_* or dq_* table in schema "
                "marts; did the dbt build finish?"
            )
        as_of = connection.execute(
            "select max(as_of_date) from utilities.as_of_date"
        ).fetchone()[0]
        files = {
            mart: export_mart(connection, mart, out_dir, export_id, before_swap)
            for mart in marts
        }
        remove_leftovers(out_dir, set(marts))
        manifest = {
            "export_id": export_id,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "warehouse": str(warehouse.resolve()),
            "as_of_date": str(as_of) if as_of is not None else None,
            "duckdb_version": duckdb.__version__,
            "marts": {mart: asdict(file) for mart, file in files.items()},
        }
        write_atomically(
            out_dir / MANIFEST_NAME,
            (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode(),
        )
        fsync_path(out_dir)
    return manifest


def write_serving_database(path: Path, out_dir: Path, data_dir: str | None) -> None:
    """A DuckDB file of views `marts.<mart>` over the exported Parquet files, written
    through a temporary file and os.replace. `data_dir` is the folder of the Parquet
    files as the BI tool sees it (default: `out_dir`, absolute)."""
    folder = data_dir or str(out_dir.resolve())
    marts = sorted(p.stem for p in out_dir.glob("*.parquet"))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        with duckdb.connect(str(temporary)) as connection:
            connection.execute("create schema marts")
            for mart in marts:
                source = sql_string(f"{folder.rstrip('/')}/{mart}.parquet")
                connection.execute(
                    f'create view marts."{mart}" as '
                    f"select * from read_parquet({source})"
                )
            connection.execute("checkpoint")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
        Path(f"{temporary}.wal").unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path, help="the dbt-built DuckDB file")
    parser.add_argument(
        "out_dir", type=Path, nargs="?", default=DEFAULT_OUT_DIR, help="export folder"
    )
    parser.add_argument(
        "--serving", type=Path, help="also write a DuckDB file of views over the files"
    )
    parser.add_argument(
        "--data-dir",
        help="the export folder as the BI tool sees it, for the serving file's views",
    )
    args = parser.parse_args(argv)
    try:
        manifest = export_marts(args.warehouse, args.out_dir)
        if args.serving:
            write_serving_database(args.serving, args.out_dir, args.data_dir)
    except ExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    marts = manifest["marts"]
    rows = sum(file["rows"] for file in marts.values())
    print(
        f"exported {len(marts)} marts ({rows} rows) to {args.out_dir} "
        f"(export {manifest['export_id']}, as of {manifest['as_of_date']})"
    )
    if args.serving:
        print(f"serving database of views: {args.serving}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
