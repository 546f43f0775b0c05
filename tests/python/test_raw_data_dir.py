"""`--vars '{raw_data_dir: <folder>}'`: the same marts from the user's own files, in
every layout of D1, and a clear stop when a file or a required column is missing."""

from __future__ import annotations

import csv
import gzip
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from dbt_runner import Query, build_from_raw_data_dir, run_dbt
from reference import RAW_SEED_DIR, read_csv_rows

Layout = Callable[[Path], None]


def copy_seeds(folder: Path) -> None:
    """Every demo seed `raw_<source>.csv` as `<source>.csv` in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for seed in sorted(RAW_SEED_DIR.glob("raw_*.csv")):
        shutil.copyfile(seed, folder / seed.name.removeprefix("raw_"))


def split_events(folder: Path) -> None:
    """events.csv -> events_1.csv (first half) + events_2.csv.gz (second half)."""
    source = folder / "events.csv"
    lines = source.read_bytes().splitlines(keepends=True)
    assert len(lines) - 1 == len(read_csv_rows(source)), "one line per row"
    header, rows = lines[0], lines[1:]
    middle = len(rows) // 2
    (folder / "events_1.csv").write_bytes(header + b"".join(rows[:middle]))
    with gzip.open(folder / "events_2.csv.gz", "wb") as handle:
        handle.write(header + b"".join(rows[middle:]))
    source.unlink()


def survey_responses_as_parquet(folder: Path) -> None:
    """survey_responses.csv -> survey_responses.parquet, every column VARCHAR."""
    source = folder / "survey_responses.csv"
    target = folder / "survey_responses.parquet"
    with duckdb.connect() as connection:
        connection.execute(
            f"copy (select * from read_csv('{source}', all_varchar = true, "
            f"header = true)) to '{target}' (format parquet)"
        )
        types = connection.execute(
            f"select distinct type from parquet_schema('{target}') "
            "where type is not null"
        ).fetchall()
    assert types == [("BYTE_ARRAY",)]
    source.unlink()


def drop_column(path: Path, column: str) -> None:
    """Rewrites a CSV file without one column."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields = [name for name in reader.fieldnames or [] if name != column]
        rows = list(reader)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def raw_data_dir_args(command: str, folder: Path) -> list[str]:
    """dbt arguments that read the raw sources from `folder`."""
    return [command, "--vars", json.dumps({"raw_data_dir": str(folder)})]


def build_from_folder(tmp_path: Path, layout: Layout | None = None) -> Query:
    """Copies the seeds into a folder, applies a layout and builds from it."""
    folder = tmp_path / "raw"
    copy_seeds(folder)
    if layout is not None:
        layout(folder)
    return build_from_raw_data_dir(folder, tmp_path)


def mart_tables(query: Query) -> dict[str, list[dict[str, Any]]]:
    """Every table of the marts schema, its rows sorted."""
    names = [
        row["table_name"]
        for row in query(
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' order by table_name"
        )
    ]
    return {
        name: sorted(query(f"select * from marts.{name}"), key=lambda row: repr(row))
        for name in names
    }


def assert_same_marts(actual: Query, expected: Query) -> None:
    """The same mart tables with the same rows (floats to rel=1e-12)."""
    actual_marts, expected_marts = mart_tables(actual), mart_tables(expected)
    assert sorted(actual_marts) == sorted(expected_marts)
    assert "kpi_conversion_rate" in actual_marts
    for name, expected_rows in expected_marts.items():
        actual_rows = actual_marts[name]
        assert len(actual_rows) == len(expected_rows), name
        for actual_row, expected_row in zip(actual_rows, expected_rows, strict=True):
            assert actual_row == pytest.approx(expected_row, rel=1e-12, nan_ok=False), (
                name
            )


def test_plain_csv_files_give_the_seed_marts(
    warehouse: Query, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """<source>.csv per source: the marts equal those of the seed build."""
    query = build_from_folder(tmp_path_factory.mktemp("plain_csv"))
    assert_same_marts(query, warehouse)


def test_split_gzip_and_parquet_files_give_the_seed_marts(
    warehouse: Query, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """events_1.csv + events_2.csv.gz and survey_responses.parquet: the same marts."""

    def layout(folder: Path) -> None:
        split_events(folder)
        survey_responses_as_parquet(folder)

    query = build_from_folder(tmp_path_factory.mktemp("split_parquet"), layout)
    assert_same_marts(query, warehouse)


def test_missing_file_stops_the_run(tmp_path: Path) -> None:
    """No survey_responses file: dbt fails, naming the source and the folder."""
    folder = tmp_path / "raw"
    copy_seeds(folder)
    (folder / "survey_responses.csv").unlink()
    run = run_dbt(
        raw_data_dir_args("run", folder), tmp_path / "engagement.duckdb", tmp_path
    )
    assert not run.success
    assert "'survey_responses'" in run.errors
    assert str(folder) in run.errors


def test_missing_required_column_stops_the_run(tmp_path: Path) -> None:
    """events.csv without occurred_at: dbt fails, naming the file and the column."""
    folder = tmp_path / "raw"
    copy_seeds(folder)
    drop_column(folder / "events.csv", "occurred_at")
    run = run_dbt(
        raw_data_dir_args("run", folder), tmp_path / "engagement.duckdb", tmp_path
    )
    assert not run.success
    assert str(folder / "events.csv") in run.errors
    assert "'occurred_at'" in run.errors
