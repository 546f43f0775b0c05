"""Write the KPI dashboard: one self-contained HTML file built from the exported marts.

    python scripts/build_report.py [MARTS_DIR] [OUT_FILE]

MARTS_DIR is the Parquet export of `scripts/export_marts.py` (default `exports/marts`),
OUT_FILE the page (default `exports/kpi_dashboard.html`). The page opens offline: its
styles, script and data are inline, nothing is fetched (no CDN, no web fonts).

Per KPI mart a section with the KPI's definition (the README's KPI table, else the
model's YAML description: parsed, never copied here), its latest complete value, a
trend chart (overall rows by month) and a breakdown chart (the first breakdown the
README lists, for the latest complete month or all time); the cohort grid gets a
heatmap. The data-quality marts get a section each. The charts are SVG drawn by the
inline script from the embedded JSON; each chart element carries `data-chart`
(`<mart>-trend`, `<mart>-breakdown`), and `data-drawn="true"` plus `data-marks` (points,
bars or cells drawn) once drawn.
"""

from __future__ import annotations

import html
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import yaml
from kpi_summary import SHAPE_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MARTS_DIR = ROOT / "exports" / "marts"
DEFAULT_OUT_FILE = ROOT / "exports" / "kpi_dashboard.html"
README = ROOT / "README.md"
MODELS_DIR = ROOT / "models" / "marts"
MANIFEST_NAME = "_manifest.json"
ASSETS = Path(__file__).resolve().parent / "dashboard"

NUMERIC_TYPES = {"BIGINT", "INTEGER", "HUGEINT", "DOUBLE", "FLOAT", "SMALLINT"}
# Measures shown as percentages: the rates and shares, fractions in [0, 1] (README).
PERCENT_COLUMN = re.compile(r"(rate|ctr|csat|share|stickiness)(_\w+)?$")
ACRONYMS = {"csat": "CSAT", "nps": "NPS", "ces": "CES", "clv": "CLV", "ctr": "CTR"}
BREAKDOWN_LIMIT = 12
GRAINS = ("month", "week", "day")


class ReportError(Exception):
    """A problem that stops the report, with a message for the user."""


@dataclass
class Definition:
    """What the docs say about a mart."""

    text: str  # markdown-ish: `code` spans
    source: str  # where the text comes from
    breakdowns: list[str] = field(default_factory=list)
    domain: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # YAML column descriptions


def words(column: str) -> str:
    """`avg_session_duration_seconds` -> `avg session duration seconds`."""
    return " ".join(ACRONYMS.get(word, word) for word in column.split("_"))


def title_of(name: str) -> str:
    """`kpi_csat_by_channel` -> `CSAT by channel`."""
    words = re.sub(r"^(kpi|dq)_", "", name).split("_")
    words = [ACRONYMS.get(word, word) for word in words]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def readme_kpi_table(readme: Path) -> dict[str, tuple[str, list[str]]]:
    """The README's KPI table: mart -> (definition, breakdowns)."""
    text = readme.read_text(encoding="utf-8")
    match = re.search(
        r"<!-- kpi-table:start -->(.*?)<!-- kpi-table:end -->", text, re.S
    )
    if not match:
        return {}
    table: dict[str, tuple[str, list[str]]] = {}
    for line in match.group(1).splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`kpi_"):
            continue
        mart = cells[0].strip("`")
        breakdowns = [
            item.strip()
            for item in cells[2].split(",")
            if re.fullmatch(r"[a-z_]+", item.strip())
        ]
        table[mart] = (cells[1], breakdowns)
    return table


def yaml_descriptions(
    models_dir: Path,
) -> dict[str, tuple[str, str, dict[str, str]]]:
    """The marts' YAML descriptions: model -> (description, domain folder, column
    descriptions)."""
    found: dict[str, tuple[str, str, dict[str, str]]] = {}
    for path in sorted(models_dir.glob("**/_*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for model in document.get("models", []) or []:
            description = " ".join(str(model.get("description", "")).split())
            columns = {
                column["name"]: " ".join(str(column.get("description", "")).split())
                for column in model.get("columns", []) or []
            }
            found[model["name"]] = (description, path.parent.name, columns)
    return found


def definitions(readme: Path, models_dir: Path) -> dict[str, Definition]:
    """Every documented mart's definition: the README row of a KPI, else its YAML
    description."""
    table = readme_kpi_table(readme)
    described = yaml_descriptions(models_dir)
    result: dict[str, Definition] = {}
    for mart, (description, domain, columns) in described.items():
        if mart in table:
            text, breakdowns = table[mart]
            result[mart] = Definition(
                text, "README.md KPI table", breakdowns, domain, columns
            )
        else:
            result[mart] = Definition(
                description, f"models/marts/{domain}", [], domain, columns
            )
    for mart, (text, breakdowns) in table.items():
        result.setdefault(mart, Definition(text, "README.md KPI table", breakdowns))
    return result


def definition_html(text: str) -> str:
    """The definition with HTML escaped and `code` spans kept."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


def json_value(value: Any) -> Any:
    """A value JSON can hold (dates as ISO text, non-finite floats as null)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN
        return None
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return None
    return value


class Mart:
    """One exported mart, read into an in-memory DuckDB view."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: Path) -> None:
        self.name = path.stem
        self.connection = connection
        self.relation = f'"{self.name}"'
        literal = "'" + str(path).replace("'", "''") + "'"
        connection.execute(
            f"create or replace view {self.relation} as "
            f"select * from read_parquet({literal})"
        )
        described = connection.execute(f"describe {self.relation}").fetchall()
        self.types = {row[0]: str(row[1]).upper() for row in described}

    def rows(self, sql: str, parameters: list[Any] | None = None) -> list[dict]:
        """Rows of a query on the mart (`{mart}` stands for it) as dicts."""
        cursor = self.connection.execute(
            sql.replace("{mart}", self.relation), parameters or []
        )
        names = [d[0] for d in cursor.description]
        return [
            {k: json_value(v) for k, v in zip(names, row, strict=True)}
            for row in cursor.fetchall()
        ]

    def numeric_columns(self) -> list[str]:
        """Measure columns in table order."""
        return [
            name
            for name, kind in self.types.items()
            if name not in SHAPE_COLUMNS and kind in NUMERIC_TYPES
        ]

    def has(self, *columns: str) -> bool:
        return all(column in self.types for column in columns)


def value_format(column: str) -> str:
    return "percent" if PERCENT_COLUMN.search(column) else "number"


def headline_measure(mart: Mart, definition: Definition | None) -> str:
    """The KPI column: the first `code` span of the definition naming a measure
    column; else the column named like the mart; else the last measure column."""
    measures = mart.numeric_columns()
    if not measures:
        raise ReportError(f"{mart.name} has no numeric column to chart")
    if definition is not None:
        for token in re.findall(r"`([a-z0-9_]+)`", definition.text):
            if token in measures:
                return token
    own_name = re.sub(r"^(kpi|dq)_", "", mart.name)
    return own_name if own_name in measures else measures[-1]


def volume_measure(mart: Mart, headline: str) -> str:
    """The count that sizes a breakdown value: the first integer measure."""
    for name in mart.numeric_columns():
        if mart.types[name] in {"BIGINT", "INTEGER", "HUGEINT", "SMALLINT"}:
            return name
    return headline


def chart(chart_id: str, kind: str, title: str, subtitle: str, **data: Any) -> dict:
    return {"id": chart_id, "kind": kind, "title": title, "subtitle": subtitle, **data}


def trend_chart(
    mart: Mart, headline: str, definition: Definition | None
) -> tuple[dict, str]:
    """Overall rows of the coarsest of month, week and day the mart has; and the
    grain. Months are called cohort months where the YAML says period_start is one."""
    overall = "and breakdown = 'overall'" if mart.has("breakdown") else ""
    grains = {
        row["period_grain"]
        for row in mart.rows("select distinct period_grain from {mart}")
    }
    grain = next((g for g in GRAINS if g in grains), None)
    if grain is None:
        raise ReportError(f"{mart.name} has no month, week or day rows")
    points = mart.rows(
        f"select period_start as x, {headline} as y, "
        f"not is_complete_period as incomplete from {{mart}} "
        f"where period_grain = ? {overall} order by period_start",
        [grain],
    )
    period = grain
    described = definition.columns.get("period_start", "") if definition else ""
    if grain == "month" and "cohort month" in described.lower():
        period = "cohort month"
    subtitle = f"overall, by {period}; hollow points: period not complete yet"
    return (
        chart(
            f"{mart.name}-trend",
            "line",
            f"{words(headline)} per {period}",
            subtitle,
            format=value_format(headline),
            points=points,
        ),
        grain,
    )


def breakdown_chart(mart: Mart, headline: str, definition: Definition | None) -> dict:
    """The headline by the main breakdown (first the README lists that has rows), for
    all time where the mart has it, else the latest complete month with rows."""
    present = [
        row["breakdown"]
        for row in mart.rows(
            "select breakdown, count(*) as n from {mart} where breakdown <> 'overall' "
            "group by breakdown order by n desc, breakdown"
        )
    ]
    listed = definition.breakdowns if definition else []
    main = next((b for b in listed if b in present), present[0] if present else None)
    if main is None:
        raise ReportError(f"{mart.name} has no breakdown rows")
    candidates = mart.rows(
        "select period_grain, period_start, bool_and(is_complete_period) as complete "
        "from {mart} where breakdown = ? and period_grain in ('all_time', 'month') "
        "group by period_grain, period_start "
        "order by period_grain = 'all_time' desc, complete desc, "
        "period_start desc limit 1",
        [main],
    )
    if not candidates:
        raise ReportError(f"{mart.name} has no month or all-time rows for {main}")
    pick = candidates[0]
    if pick["period_grain"] == "all_time":
        when, condition, parameters = "all time", "period_grain = 'all_time'", []
    else:
        month = pick["period_start"][:7]
        state = "latest complete month" if pick["complete"] else "running month"
        when = f"{state} {month}"
        condition = "period_grain = 'month' and period_start = ?"
        parameters = [pick["period_start"]]
    volume = volume_measure(mart, headline)
    bars = mart.rows(
        f"select breakdown_value as label, {headline} as y, {volume} as volume "
        f"from {{mart}} where breakdown = ? and {condition} and {headline} is not null "
        f"order by {volume} desc nulls last, breakdown_value",
        [main, *parameters],
    )
    shown = bars[:BREAKDOWN_LIMIT]
    subtitle = when
    if len(bars) > len(shown):
        subtitle += f"; top {len(shown)} of {len(bars)} by {volume}"
    return chart(
        f"{mart.name}-breakdown",
        "bar",
        f"{words(headline)} by {words(main)}",
        subtitle,
        format=value_format(headline),
        bars=shown,
    )


def cohort_charts(mart: Mart, headline: str) -> list[dict]:
    """The cohort grid: month-1 retention per cohort and the heatmap of every cell."""
    trend = mart.rows(
        f"select cohort_month as x, {headline} as y, "
        "not is_complete_period as incomplete from {mart} "
        "where months_since_first = 1 order by cohort_month"
    )
    cells = mart.rows(
        f"select cohort_month as row, months_since_first as col, {headline} as y "
        "from {mart} order by cohort_month, months_since_first"
    )
    return [
        chart(
            f"{mart.name}-trend",
            "line",
            f"{words(headline)} one month after the first order, per cohort",
            "hollow points: cell not complete yet",
            format=value_format(headline),
            points=trend,
        ),
        chart(
            f"{mart.name}-breakdown",
            "heatmap",
            f"{words(headline)} by cohort month and months since the first order",
            "empty cells: not complete yet",
            format=value_format(headline),
            cells=cells,
        ),
    ]


def all_time_value(mart: Mart, headline: str) -> dict | None:
    """The overall all-time value, where the mart has one."""
    overall = "and breakdown = 'overall'" if mart.has("breakdown") else ""
    rows = mart.rows(
        f"select {headline} as y from {{mart}} "
        f"where period_grain = 'all_time' {overall} and {headline} is not null"
    )
    return {"x": "all time", "y": rows[0]["y"], "previous": None} if rows else None


def latest_value(points: list[dict]) -> dict | None:
    """The latest complete point of a trend and the change from the one before."""
    complete = [p for p in points if not p.get("incomplete") and p["y"] is not None]
    if not complete:
        return None
    latest = complete[-1]
    previous = complete[-2]["y"] if len(complete) > 1 else None
    return {"x": latest["x"], "y": latest["y"], "previous": previous}


# The data-quality marts: (chart kind, x or label SQL, measure, order, title).
DQ_CHARTS = {
    "dq_daily_event_volume": (
        "line",
        "event_date",
        "event_count",
        "event_date",
        "non-bot events per day; red points: volume anomalies",
    ),
    "dq_source_row_accounting": (
        "bar",
        "source_name",
        "rejected_share",
        "rejected_share desc",
        "share of raw rows rejected, per source",
    ),
    "dq_rejected_rows": (
        "bar",
        "source_name || ': ' || rejection_reason",
        "rejected_rows",
        "rejected_rows desc",
        "rejected rows per source and reason",
    ),
}


def data_quality_charts(mart: Mart) -> list[dict]:
    """One chart of a data-quality mart (DQ_CHARTS, else its first text or date
    column against its first measure)."""
    if mart.name in DQ_CHARTS:
        kind, x, measure, order, title = DQ_CHARTS[mart.name]
    else:
        measure = mart.numeric_columns()[0]
        dates = [n for n, t in mart.types.items() if t == "DATE"]
        texts = [n for n, t in mart.types.items() if t == "VARCHAR"]
        kind, x = ("line", dates[0]) if dates else ("bar", texts[0])
        order, title = f"{x}", f"{measure} by {x}"
    if kind == "line":
        anomaly = "is_volume_anomaly" if mart.has("is_volume_anomaly") else "false"
        points = mart.rows(
            f"select {x} as x, {measure} as y, {anomaly} as flagged "
            f"from {{mart}} order by {order}"
        )
        data = {"points": points}
        subtitle = f"{len(points)} days"
    else:
        bars = mart.rows(
            f"select {x} as label, {measure} as y from {{mart}} "
            f"where {measure} is not null order by {order}, label"
        )
        shown = bars[: BREAKDOWN_LIMIT + 3]
        data = {"bars": shown}
        subtitle = (
            f"top {len(shown)} of {len(bars)}" if len(bars) > len(shown) else "all"
        )
    return [
        chart(
            f"{mart.name}-{'trend' if kind == 'line' else 'breakdown'}",
            kind,
            title,
            subtitle,
            format=value_format(measure),
            measure=measure,
            **data,
        )
    ]


def mart_section(mart: Mart, definition: Definition | None) -> dict:
    """The section of one mart: definition, headline value and charts."""
    if mart.name.startswith("dq_"):
        charts = data_quality_charts(mart)
        headline = charts[0]["measure"]
        latest = None
    elif mart.has("months_since_first", "cohort_month"):
        headline = headline_measure(mart, definition)
        charts = cohort_charts(mart, headline)
        latest = latest_value(charts[0]["points"])
    else:
        headline = headline_measure(mart, definition)
        trend, grain = trend_chart(mart, headline, definition)
        charts = [trend, breakdown_chart(mart, headline, definition)]
        latest = all_time_value(mart, headline) or (
            latest_value(trend["points"]) if grain == "month" else None
        )
    return {
        "mart": mart.name,
        "title": title_of(mart.name),
        "headline": headline,
        "format": value_format(headline),
        "definition": definition.text if definition else "",
        "definition_source": definition.source if definition else "",
        "domain": (definition.domain if definition else "") or "other",
        "latest": latest,
        "charts": charts,
    }


def collect(marts_dir: Path, readme: Path, models_dir: Path) -> dict:
    """Every section of the dashboard, from the Parquet files in `marts_dir`."""
    if not marts_dir.is_dir():
        raise ReportError(
            f"{marts_dir} does not exist; export the marts first (`make export`)"
        )
    files = sorted(marts_dir.glob("kpi_*.parquet")) + sorted(
        marts_dir.glob("dq_*.parquet")
    )
    if not any(path.name.startswith("kpi_") for path in files):
        raise ReportError(f"{marts_dir} holds no kpi_*.parquet; run `make export`")
    manifest_path = marts_dir / MANIFEST_NAME
    manifest = (
        json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest_path.is_file()
        else {}
    )
    documented = definitions(readme, models_dir)
    order = list(documented)
    connection = duckdb.connect()
    sections = []
    for path in files:
        mart = Mart(connection, path)
        sections.append(mart_section(mart, documented.get(mart.name)))
    sections.sort(
        key=lambda s: (
            s["mart"].startswith("dq_"),
            s["domain"],
            order.index(s["mart"]) if s["mart"] in order else len(order),
            s["mart"],
        )
    )
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "as_of_date": manifest.get("as_of_date"),
        "export_id": manifest.get("export_id"),
        "sections": sections,
    }


def asset(name: str) -> str:
    """A style or script file of scripts/dashboard, to inline."""
    text = (ASSETS / name).read_text(encoding="utf-8")
    if "</" + ("style" if name.endswith(".css") else "script") in text.lower():
        raise ReportError(f"{name} must not close its own element")
    return text


def embedded_json(payload: dict) -> str:
    """JSON safe inside a <script> element."""
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(payload: dict) -> str:
    """The HTML page."""
    esc = html.escape
    domains: dict[str, list[dict]] = {}
    for section in payload["sections"]:
        group = "Data quality" if section["mart"].startswith("dq_") else None
        domains.setdefault(group or title_of(section["domain"]), []).append(section)
    nav = " ".join(
        f'<a href="#{esc(s["mart"])}">{esc(s["title"])}</a>'
        for s in payload["sections"]
    )
    body = []
    for domain, sections in domains.items():
        body.append(f"<h2>{esc(domain)}</h2>")
        for s in sections:
            figures = "".join(
                f'<figure data-chart="{esc(c["id"])}" data-kind="{esc(c["kind"])}" '
                f'data-title="{esc(c["title"])}"><figcaption>{esc(c["title"])}'
                f"<span>{esc(c['subtitle'])}</span></figcaption></figure>"
                for c in s["charts"]
            )
            latest = (
                f'<p class="latest" data-latest="{esc(s["mart"])}"></p>'
                if s["latest"]
                else ""
            )
            body.append(
                f'<section class="mart" id="{esc(s["mart"])}" '
                f'data-mart="{esc(s["mart"])}">'
                f"<h3>{esc(s['title'])} <code>{esc(s['mart'])}</code></h3>"
                f'<p class="definition">{definition_html(s["definition"])}</p>'
                f'<p class="source">Definition: {esc(s["definition_source"])}. '
                f"Data: <code>exports/marts/{esc(s['mart'])}.parquet</code></p>"
                f'{latest}<div class="charts">{figures}</div></section>'
            )
    as_of = payload["as_of_date"] or "unknown"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Customer-engagement KPIs (as of {esc(as_of)})</title>
<style>{asset("dashboard.css")}</style>
</head>
<body>
<header><h1>Customer-engagement KPIs</h1>
<p>Data as of {esc(as_of)} · export {esc(payload["export_id"] or "unknown")} ·
page generated {esc(payload["generated_at"])} · rates are shares of the period's total;
hover a point or bar for its value</p></header>
<nav>{nav}</nav>
<main>
{"".join(body)}
</main>
<footer>Built by <code>make report</code> from the Parquet export of the marts
(<code>exports/marts</code>). Self-contained: opens offline.</footer>
<script type="application/json" id="dashboard-data">{embedded_json(payload)}</script>
<script>{asset("dashboard.js")}</script>
</body>
</html>
"""


def build_report(
    marts_dir: Path = DEFAULT_MARTS_DIR,
    out_file: Path = DEFAULT_OUT_FILE,
    readme: Path = README,
    models_dir: Path = MODELS_DIR,
) -> dict:
    """Write the dashboard; returns the data it shows."""
    payload = collect(marts_dir, readme, models_dir)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    temporary = out_file.with_name(f".{out_file.name}.tmp")
    temporary.write_text(render(payload), encoding="utf-8")
    temporary.replace(out_file)
    return payload


def main(argv: list[str]) -> int:
    if len(argv) > 2 or any(a.startswith("-") for a in argv):
        print("usage: build_report.py [MARTS_DIR] [OUT_FILE]", file=sys.stderr)
        return 2
    marts_dir = Path(argv[0]) if argv else DEFAULT_MARTS_DIR
    out_file = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT_FILE
    try:
        payload = build_report(marts_dir, out_file)
    except ReportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    charts = sum(len(s["charts"]) for s in payload["sections"])
    print(
        f"wrote {out_file}: {len(payload['sections'])} marts, {charts} charts "
        f"(data as of {payload['as_of_date']}); open it in a browser"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
