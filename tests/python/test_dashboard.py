"""The KPI dashboard (issue 11): scripts/build_report.py writes one self-contained HTML
file from the exported marts; headless Chromium (Debian's package, installed by
scripts/ensure_chromium.sh when missing) loads it offline and must draw every chart
with no console error, no exception and no request but the file itself."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from headless_chromium import Chromium, chromium_binary
from project_scripts import load_script
from reference import ROOT

export_marts = load_script("export_marts")
build_report = load_script("build_report")

# Every chart element as the page's script left it.
CHARTS_JS = """
Array.from(document.querySelectorAll("figure[data-chart]")).map(function (f) {
  return { chart: f.dataset.chart, drawn: f.dataset.drawn || null,
    marks: Number(f.dataset.marks || 0),
    counted: f.querySelectorAll("svg [data-mark]").length,
    svgs: f.querySelectorAll("svg").length };
})
"""


@pytest.fixture(scope="module")
def dashboard(
    warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, Any], Path]:
    """The demo warehouse exported and rendered: (page, its data, export folder)."""
    folder = tmp_path_factory.mktemp("dashboard")
    export_marts.export_marts(warehouse_path, folder / "marts")
    page = folder / "kpi_dashboard.html"
    payload = build_report.build_report(folder / "marts", page)
    return page, payload, folder / "marts"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    """One headless Chromium for the module."""
    chromium = Chromium(chromium_binary(), tmp_path_factory.mktemp("chromium"))
    yield chromium
    chromium.close()


class ResourceFinder(HTMLParser):
    """Every attribute or CSS reference that would make the browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_style = tag == "style"
        for name, value in attrs:
            if name in {"src", "srcset", "href", "poster", "data", "action"} and not (
                value or ""
            ).startswith("#"):
                self.references.append(f"<{tag} {name}={value}>")
        if tag in {"link", "iframe", "object", "embed", "img", "base"}:
            self.references.append(f"<{tag}>")

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.references += re.findall(r"@import[^;]*|url\([^)]*\)", data)

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False


def drawable(chart: dict[str, Any]) -> int:
    """How many marks a chart's data asks for: points and cells with a value, bars."""
    items = chart.get("points") or chart.get("cells") or chart.get("bars") or []
    return sum(item["y"] is not None for item in items)


def test_the_page_is_self_contained(dashboard: tuple[Path, dict, Path]) -> None:
    """No external script, style, font, image or link: everything is inline."""
    page, _, _ = dashboard
    finder = ResourceFinder()
    finder.feed(page.read_text(encoding="utf-8"))
    assert finder.references == []
    text = page.read_text(encoding="utf-8")
    assert "<script>" in text and "<style>" in text


def test_every_mart_has_its_section_charts_and_definition(
    dashboard: tuple[Path, dict, Path],
) -> None:
    """One section per exported mart; a trend and a breakdown chart per KPI mart, a
    chart per data-quality mart, each with data; definitions taken from the docs."""
    _, payload, marts_dir = dashboard
    sections = {section["mart"]: section for section in payload["sections"]}
    exported = {path.stem for path in marts_dir.glob("*.parquet")}
    assert set(sections) == exported
    kpis = {mart for mart in exported if mart.startswith("kpi_")}
    assert len(kpis) >= 18 and len(exported - kpis) >= 3

    documentation = " ".join(
        [(ROOT / "README.md").read_text(encoding="utf-8")]
        + [p.read_text(encoding="utf-8") for p in (ROOT / "models").rglob("_*.yml")]
    )
    documentation = " ".join(documentation.split())
    for mart, section in sections.items():
        ids = [chart["id"] for chart in section["charts"]]
        if mart in kpis:
            assert ids == [f"{mart}-trend", f"{mart}-breakdown"], mart
        else:
            assert ids and all(i.startswith(f"{mart}-") for i in ids), mart
        for chart in section["charts"]:
            assert drawable(chart) > 0, chart["id"]
        definition = section["definition"]
        assert len(definition) > 20, mart
        # Parsed from README.md's KPI table or the model's YAML, never rewritten.
        head = " ".join(definition.split())[:120]
        assert head in documentation, (mart, head)


def test_trend_charts_show_the_marts_monthly_overall_values(
    dashboard: tuple[Path, dict, Path],
) -> None:
    """Each KPI's trend is the mart's overall month rows of its KPI column, read here
    with pyarrow straight from the exported file."""
    _, payload, marts_dir = dashboard
    checked = 0
    for section in payload["sections"]:
        mart, headline = section["mart"], section["headline"]
        if not mart.startswith("kpi_") or mart == "kpi_cohort_retention":
            continue
        rows = pq.read_table(marts_dir / f"{mart}.parquet").to_pylist()
        expected = sorted(
            (row["period_start"].isoformat(), row[headline])
            for row in rows
            if row["period_grain"] == "month" and row["breakdown"] == "overall"
        )
        trend = section["charts"][0]
        assert [(p["x"], p["y"]) for p in trend["points"]] == expected, mart
        checked += 1
    assert checked >= 17


def test_chromium_draws_every_chart_offline_without_errors(
    dashboard: tuple[Path, dict, Path], browser: Chromium
) -> None:
    """Loaded from file:// in headless Chromium: every chart is drawn with as many
    marks as its data has points, bars or cells, the console has no error or warning,
    no exception is thrown and the only request is the page itself."""
    page, payload, _ = dashboard
    url = page.as_uri()
    report = browser.open(url)
    assert report.exceptions == []
    assert report.console_errors == []
    assert report.requests == [url]
    assert report.failed_requests == []

    drawn = {chart["chart"]: chart for chart in browser.evaluate(CHARTS_JS)}
    expected = {
        chart["id"]: drawable(chart)
        for section in payload["sections"]
        for chart in section["charts"]
    }
    assert set(drawn) == set(expected)
    for chart_id, marks in expected.items():
        chart = drawn[chart_id]
        assert chart["drawn"] == "true", chart
        assert chart["svgs"] == 1, chart
        assert chart["marks"] == chart["counted"] == marks > 0, chart
    latest = browser.evaluate(
        "Array.from(document.querySelectorAll('[data-latest]'))"
        ".map(function (e) { return e.textContent; })"
    )
    assert latest and all(re.search(r"\d", text) for text in latest), latest
    print(f"\n{len(drawn)} charts, {sum(expected.values())} marks drawn")


def test_the_browser_check_catches_a_broken_page(
    browser: Chromium, tmp_path: Path
) -> None:
    """The same check on a page with an external image, a console error and a script
    error reports all three (so the test above can fail)."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html><body>"
        '<img src="http://127.0.0.1:9/logo.png" alt="">'
        "<script>console.error('drawing failed');</script>"
        "<script>null.draw();</script>"
        "</body></html>",
        encoding="utf-8",
    )
    report = browser.open(page.as_uri())
    assert any("drawing failed" in message for message in report.console_errors)
    assert any("null" in exception for exception in report.exceptions)
    assert "http://127.0.0.1:9/logo.png" in report.requests


def test_report_without_export_fails_clearly(tmp_path: Path) -> None:
    """No export folder: a message saying to run `make export`."""
    with pytest.raises(build_report.ReportError, match="make export"):
        build_report.build_report(tmp_path / "missing", tmp_path / "page.html")
    assert not (tmp_path / "page.html").exists()


def test_embedded_data_cannot_close_the_script_element() -> None:
    """Mart text such as `</script>` stays inside the JSON data element."""
    text = build_report.embedded_json({"label": "</script><script>alert(1)</script>"})
    assert "</" not in text and json.loads(text)["label"].startswith("</script>")
