"""Print a short KPI summary of a built warehouse: the latest complete month of every
`kpi_*` mart (overall row) and where the raw rows of every source went."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

# Columns that describe the row rather than measure something.
SHAPE_COLUMNS = {
    "period_grain",
    "period_start",
    "is_complete_period",
    "breakdown",
    "breakdown_value",
}


def format_value(value: object) -> str:
    """A number as a reader wants it: integers plain, fractions to 4 decimals."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def kpi_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the KPI marts, sorted."""
    rows = connection.sql(
        "select table_name from information_schema.tables "
        "where table_schema = 'marts' and table_name like 'kpi\\_%' escape '\\' "
        "order by table_name"
    ).fetchall()
    return [name for (name,) in rows]


def latest_complete_month(
    connection: duckdb.DuckDBPyConnection, table: str
) -> tuple[list[str], tuple | None]:
    """Column names and the overall row of the latest complete month of a mart (the
    `all_time` row where a mart has one); for the cohort grid, the latest cohort's
    month-1 cell."""
    columns = connection.sql(f"select * from marts.{table} limit 0").columns
    conditions = [
        "(period_grain = 'all_time' or (period_grain = 'month' and is_complete_period))"
    ]
    if "breakdown" in columns:
        conditions.append("breakdown = 'overall'")
    if "months_since_first" in columns:
        conditions.append("months_since_first = 1")
    relation = connection.sql(
        f"select * from marts.{table} where {' and '.join(conditions)} "
        "order by period_grain = 'all_time' desc, period_start desc limit 1"
    )
    return relation.columns, relation.fetchone()


def print_summary(database: Path) -> None:
    """Print the summary of the warehouse at `database`."""
    connection = duckdb.connect(str(database), read_only=True)
    as_of = connection.sql("select as_of_date from utilities.as_of_date").fetchone()
    print(f"\nKPI summary of {database.name} (as of {as_of[0] if as_of else '?'})")
    print("latest complete month (all time where a KPI has it), overall\n")
    for table in kpi_tables(connection):
        columns, row = latest_complete_month(connection, table)
        if row is None:
            print(f"  {table:<32} no complete month yet")
            continue
        values = dict(zip(columns, row, strict=True))
        measures = ", ".join(
            f"{name}={format_value(value)}"
            for name, value in values.items()
            if name not in SHAPE_COLUMNS
        )
        period = (
            "all time"
            if values["period_grain"] == "all_time"
            else str(values["period_start"])
        )
        print(f"  {table:<32} {period:<10}  {measures}")

    print("\nraw rows per source: raw = clean + rejected + duplicates\n")
    accounting = connection.sql(
        "select source_name, raw_rows, clean_rows, rejected_rows, duplicate_rows "
        "from marts.dq_source_row_accounting order by source_name"
    ).fetchall()
    for source, raw, clean, rejected, duplicates in accounting:
        print(
            f"  {source:<20} raw={raw:>7}  clean={clean:>7}  "
            f"rejected={rejected:>5}  duplicates={duplicates:>5}"
        )
    print()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: kpi_summary.py WAREHOUSE.duckdb")
    path = Path(sys.argv[1])
    if not path.exists():
        sys.exit(f"error: {path} does not exist; run `make run` first")
    print_summary(path)
