"""Documentation and contracts: every model, column, macro, seed and source carries a
description, every model states its grain, every mart enforces its contract, every KPI
is in the changelog, exposures declare the BI readers, and `dbt docs generate` works.

The checks read the manifest of the session's build and list every gap at once, so a
failing run names everything still undocumented."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from dbt_runner import run_dbt
from reference import ROOT

PROJECT = "customer_engagement"
GRAIN_PATTERN = re.compile(r"\bgrain:|\bone row per\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def manifest(warehouse_path: Path) -> dict[str, Any]:
    """target/manifest.json of the session's `dbt build` (a full parse)."""
    return json.loads((warehouse_path.parent / "target" / "manifest.json").read_text())


def own_nodes(manifest: dict[str, Any], resource_type: str) -> list[dict[str, Any]]:
    """The project's own nodes of one resource type."""
    return [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == resource_type and node["package_name"] == PROJECT
    ]


def blank(text: str | None) -> bool:
    """True when a description is missing or only white space."""
    return not (text or "").strip()


def undocumented_columns(node: dict[str, Any]) -> list[str]:
    """`node.column` for every column of the node without a description."""
    return [
        f"{node['name']}.{name}"
        for name, column in node["columns"].items()
        if blank(column.get("description"))
    ]


def model_sql_columns(node: dict[str, Any]) -> set[str]:
    """The columns a mart's contract declares (the YAML columns)."""
    return set(node["columns"])


def test_every_model_is_described_and_states_its_grain(
    manifest: dict[str, Any],
) -> None:
    models = own_nodes(manifest, "model")
    assert len(models) > 50, "the parse found too few models"
    missing = sorted(m["name"] for m in models if blank(m["description"]))
    no_grain = sorted(
        m["name"]
        for m in models
        if not blank(m["description"]) and not GRAIN_PATTERN.search(m["description"])
    )
    assert not missing, f"models without a description: {missing}"
    assert not no_grain, (
        f"model descriptions that do not state the grain ('Grain:' or 'One row per'): "
        f"{no_grain}"
    )


def test_every_model_column_is_described(manifest: dict[str, Any]) -> None:
    gaps = [
        column
        for node in own_nodes(manifest, "model")
        for column in undocumented_columns(node)
    ]
    assert not gaps, f"model columns without a description: {gaps}"


def test_every_mart_lists_every_column_it_builds(manifest: dict[str, Any]) -> None:
    """An enforced contract makes dbt compare the YAML columns with the built table,
    so a mart with a contract lists (and documents) every column it builds."""
    marts = [
        node
        for node in own_nodes(manifest, "model")
        if node["original_file_path"].startswith("models/marts/")
    ]
    assert len(marts) == 21, [node["name"] for node in marts]
    not_enforced = sorted(
        node["name"] for node in marts if not node["contract"].get("enforced")
    )
    assert not not_enforced, f"marts without an enforced contract: {not_enforced}"
    untyped = [
        f"{node['name']}.{name}"
        for node in marts
        for name, column in node["columns"].items()
        if blank(column.get("data_type"))
    ]
    assert not untyped, f"mart columns without a data_type: {untyped}"
    assert all(model_sql_columns(node) for node in marts)


def test_every_macro_and_its_arguments_are_described(manifest: dict[str, Any]) -> None:
    macros = [
        macro
        for macro in manifest["macros"].values()
        if macro["package_name"] == PROJECT
        # adapter implementations (default__x, duckdb__x) are documented with `x`
        and "__" not in macro["name"]
        and macro["original_file_path"].startswith("macros/")
    ]
    assert len(macros) > 30, "the parse found too few macros"
    missing = sorted(m["name"] for m in macros if blank(m["description"]))
    arguments = sorted(
        f"{m['name']}({argument['name']})"
        for m in macros
        for argument in m["arguments"]
        if blank(argument.get("description"))
    )
    assert not missing, f"macros without a description: {missing}"
    assert not arguments, f"macro arguments without a description: {arguments}"


def test_every_seed_and_its_columns_are_described(manifest: dict[str, Any]) -> None:
    seeds = own_nodes(manifest, "seed")
    assert len(seeds) >= 19, [seed["name"] for seed in seeds]
    missing = sorted(seed["name"] for seed in seeds if blank(seed["description"]))
    columns = [column for seed in seeds for column in undocumented_columns(seed)]
    no_columns = sorted(seed["name"] for seed in seeds if not seed["columns"])
    assert not missing, f"seeds without a description: {missing}"
    assert not no_columns, f"seeds whose columns are not listed: {no_columns}"
    assert not columns, f"seed columns without a description: {columns}"


def test_every_source_table_and_column_is_described(manifest: dict[str, Any]) -> None:
    sources = [
        source
        for source in manifest["sources"].values()
        if source["package_name"] == PROJECT
    ]
    assert len(sources) == 8, [source["name"] for source in sources]
    missing = sorted(
        f"{source['source_name']}.{source['name']}"
        for source in sources
        if blank(source["description"]) or blank(source["source_description"])
    )
    columns = [column for source in sources for column in undocumented_columns(source)]
    no_columns = sorted(source["name"] for source in sources if not source["columns"])
    assert not missing, f"sources or source tables without a description: {missing}"
    assert not no_columns, f"source tables whose columns are not listed: {no_columns}"
    assert not columns, f"source columns without a description: {columns}"


def test_semantic_models_and_metrics_are_described(manifest: dict[str, Any]) -> None:
    semantic_models = list(manifest["semantic_models"].values())
    metrics = list(manifest["metrics"].values())
    assert len(semantic_models) >= 11 and len(metrics) >= 80
    missing = sorted(
        [
            f"semantic model {s['name']}"
            for s in semantic_models
            if blank(s["description"])
        ]
        + [f"metric {m['name']}" for m in metrics if blank(m["description"])]
        + [
            f"measure {s['name']}.{measure['name']}"
            for s in semantic_models
            for measure in s["measures"]
            if blank(measure.get("description"))
        ]
        + [
            f"dimension {s['name']}.{dimension['name']}"
            for s in semantic_models
            for dimension in s["dimensions"]
            if blank(dimension.get("description"))
        ]
    )
    assert not missing, f"semantic-layer nodes without a description: {missing}"
    no_grain = sorted(
        s["name"] for s in semantic_models if not GRAIN_PATTERN.search(s["description"])
    )
    assert not no_grain, f"semantic models that do not state their grain: {no_grain}"


def test_exposures_declare_the_readers_of_every_kpi_mart(
    manifest: dict[str, Any],
) -> None:
    kpi_marts = {
        node["unique_id"]
        for node in own_nodes(manifest, "model")
        if node["name"].startswith("kpi_")
    }
    assert len(kpi_marts) == 18
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    assert {"kpi_dashboard", "bi_tools_parquet_export"} <= set(exposures)
    for exposure in exposures.values():
        assert not blank(exposure["description"]), exposure["name"]
        assert exposure["owner"]["email"].endswith("@example.com"), exposure["name"]
        missing = kpi_marts - set(exposure["depends_on"]["nodes"])
        assert not missing, f"exposure {exposure['name']} misses {sorted(missing)}"


def test_changelog_records_every_kpi_mart_and_metric(manifest: dict[str, Any]) -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert changelog.startswith("# Changelog")
    assert "keepachangelog.com" in changelog
    kpi_marts = sorted(
        node["name"]
        for node in own_nodes(manifest, "model")
        if node["name"].startswith("kpi_")
    )
    unmentioned = [name for name in kpi_marts if f"`{name}`" not in changelog]
    assert not unmentioned, f"KPI marts missing from CHANGELOG.md: {unmentioned}"


def test_docs_generate_writes_the_catalog(warehouse_path: Path, tmp_path: Path) -> None:
    """`dbt docs generate` against the session's built warehouse."""
    run = run_dbt(["docs", "generate"], warehouse_path, tmp_path)
    assert run.success, f"dbt docs generate failed:\n{run.errors}"
    catalog = json.loads((tmp_path / "target" / "catalog.json").read_text())
    assert "model.customer_engagement.kpi_net_promoter_score" in catalog["nodes"]
    assert (tmp_path / "target" / "index.html").stat().st_size > 10_000
