"""Privacy (issue 12): no column marked `meta: {pii: true}` reaches the marts, and no
text value of a mart (or of an exported file) holds an e-mail address."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from dbt_runner import Query, run_dbt
from reference import ROOT

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Folders that hold exported marts, when a project has any.
EXPORT_FOLDERS = ("exports", "export")


def emails_in(rows: Iterable[tuple[str, str, Any]]) -> list[tuple[str, str, str]]:
    """(where, column, value) of every text value holding an e-mail address."""
    return [
        (where, column, value)
        for where, column, value in rows
        if isinstance(value, str) and EMAIL.search(value)
    ]


def test_the_scan_finds_an_email_in_a_bad_row() -> None:
    """The scanner itself: it must flag a mart row holding `x@y.com`."""
    bad = [
        ("marts.kpi_x", "breakdown_value", "x@y.com"),
        ("marts.kpi_x", "breakdown_value", "contact: First.Last+tag@mail.example.org"),
    ]
    good = [
        ("marts.kpi_x", "breakdown_value", "organic_search"),
        ("marts.kpi_x", "breakdown_value", "@handle"),
        ("marts.kpi_x", "breakdown_value", "a@b"),
        ("marts.kpi_x", "breakdown_value", None),
        ("marts.kpi_x", "visitors", 42),
    ]
    assert [value for _, _, value in emails_in(bad + good)] == [v for _, _, v in bad]


def pii_columns(manifest: dict[str, Any]) -> dict[str, set[str]]:
    """Column names marked `meta: {pii: true}`, by node."""
    marked: dict[str, set[str]] = {}
    for unique_id, node in manifest["nodes"].items():
        for name, column in node.get("columns", {}).items():
            meta = {
                **column.get("config", {}).get("meta", {}),
                **column.get("meta", {}),
            }
            if meta.get("pii") is True:
                marked.setdefault(unique_id, set()).add(name.lower())
    return marked


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The manifest of `dbt parse`."""
    work = tmp_path_factory.mktemp("privacy_parse")
    run = run_dbt(["parse"], work / "parse.duckdb", work)
    assert run.success, run.errors
    return json.loads((work / "target" / "manifest.json").read_text(encoding="utf-8"))


def test_pii_columns_are_marked(manifest: dict[str, Any]) -> None:
    """The raw e-mail is marked PII in the seed and in the customer staging models."""
    marked = pii_columns(manifest)
    assert "email" in marked.get("seed.customer_engagement.raw_customers", set())
    for model in ("stg_crm__customers_validated", "stg_crm__customers_rejected"):
        assert "raw_email" in marked.get(f"model.customer_engagement.{model}", set())


def test_no_mart_has_a_pii_column(manifest: dict[str, Any], warehouse: Query) -> None:
    """No model of the marts schema has (or documents) a column marked PII."""
    names = set().union(*pii_columns(manifest).values())
    assert names, "no column is marked pii"
    marts = {
        node["name"]: {column.lower() for column in node.get("columns", {})}
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == "marts"
    }
    assert len(marts) >= 20, sorted(marts)
    rows = warehouse(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'marts'"
    )
    for row in rows:
        marts.setdefault(row["table_name"], set()).add(row["column_name"].lower())
    leaks = {table: columns & names for table, columns in marts.items()}
    assert not any(leaks.values()), {t: c for t, c in leaks.items() if c}


def mart_text_values(query: Query) -> Iterator[tuple[str, str, Any]]:
    """(table, column, value) of every varchar value of every marts table."""
    columns = query(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'marts' and data_type = 'VARCHAR' "
        "order by table_name, column_name"
    )
    for row in columns:
        table, column = row["table_name"], row["column_name"]
        for value in query(f'select distinct "{column}" as v from marts."{table}"'):
            yield f"marts.{table}", column, value["v"]


def exported_values(folder: Path) -> Iterator[tuple[str, str, Any]]:
    """(file, '', text) of every exported text file under `folder`."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in {".csv", ".json", ".txt", ".tsv"}:
            yield str(path), "", path.read_text(encoding="utf-8", errors="replace")


def test_no_email_address_in_any_mart_or_export(warehouse: Query) -> None:
    """Every text value of every marts table (and exported file) is free of e-mails."""
    values = list(mart_text_values(warehouse))
    assert values, "no text values scanned"
    for name in EXPORT_FOLDERS:
        if (ROOT / name).is_dir():
            values += exported_values(ROOT / name)
    found = emails_in(values)
    assert not found, f"e-mail addresses in the marts: {found[:10]}"
