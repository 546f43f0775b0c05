"""The MetricFlow semantic layer: `mf validate-configs` passes against the session's
warehouse, and `mf query` answers equal the KPI marts at the marts' grains (every row,
relative tolerance 1e-9), at least one query per semantic model.

The marts are independently checked against Python (tests/python/test_kpi_*.py), so a
metric that equals its mart is right; the semantic layer is a second, separate
implementation of every formula (YAML measures and ratio metrics, not the mart SQL)."""

from __future__ import annotations

import csv
import math
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from dbt_runner import PROFILES_DIR, Query
from reference import ROOT

MF = Path(ROOT, ".venv", "bin", "mf")
REL = 1e-9

Key = tuple[Any, ...]


@dataclass(frozen=True)
class MfProject:
    """A dbt project folder for `mf`: the project's dbt_project.yml and the semantic
    manifest of the session's build (mf reads
    `<project>/target/semantic_manifest.json`), pointed at the session's DuckDB file."""

    path: Path
    duckdb_path: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Runs `mf <args>` in the project folder."""
        environment = {
            **os.environ,
            "DBT_PROFILES_DIR": str(PROFILES_DIR),
            "DBT_DUCKDB_PATH": str(self.duckdb_path),
            "DBT_PROJECT_DIR": str(self.path),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
        return subprocess.run(
            [str(MF), *args],
            cwd=self.path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    def query(self, metrics: Sequence[str], group_by: Sequence[str]) -> list[dict]:
        """`mf query --metrics ... --group-by ... --csv`, as dict rows of text."""
        output = self.path / "query.csv"
        output.unlink(missing_ok=True)
        args = ["query", "--metrics", ",".join(metrics), "--csv", str(output)]
        if group_by:
            args += ["--group-by", ",".join(group_by)]
        result = self.run(*args)
        assert result.returncode == 0 and output.exists(), (
            f"mf {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr}"
        )
        with output.open(newline="") as handle:
            return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def mf_project(
    warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> MfProject:
    """The session's build as an `mf` project."""
    build_target = warehouse_path.parent / "target"
    project = tmp_path_factory.mktemp("mf_project")
    (project / "target").mkdir()
    shutil.copy(build_target / "semantic_manifest.json", project / "target")
    (project / "dbt_project.yml").symlink_to(ROOT / "dbt_project.yml")
    return MfProject(project, warehouse_path)


def test_mf_validate_configs_passes(mf_project: MfProject) -> None:
    result = mf_project.run("validate-configs")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-5000:]
    assert "ERRORS: 0" in output and "Successfully validated metrics against" in output
    assert "ERROR:" not in output, output[-5000:]


def test_mf_lists_every_kpi_metric(mf_project: MfProject) -> None:
    result = mf_project.run("list", "metrics")
    assert result.returncode == 0, result.stdout + result.stderr
    for metric in ["nps", "conversion_rate", "csat", "ces", "customer_lifetime_value"]:
        assert f"• {metric}:" in result.stdout, result.stdout[-3000:]


# ------------------------------------------------------------------------------------
# mf query against the marts


def as_number(value: Any) -> float | None:
    """A mart or CSV value as a float; '' and None are None."""
    if value is None or value == "":
        return None
    return float(value)


def as_key_part(value: Any) -> Any:
    """A period or a breakdown value in a comparable form ('2024-01-01 00:00:00' and
    date(2024, 1, 1) are the same period)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and len(value) == 19 and value.endswith(" 00:00:00"):
        return value[:10]
    return value


@dataclass(frozen=True)
class Case:
    """One `mf query` and the mart rows it must equal.

    columns: mart column -> metric name. mart_where selects the mart rows of the
    query's grain and breakdown; key_columns: the mart columns matching the group-by
    (in order). null_dimension: the mart's name for a NULL dimension value."""

    name: str
    mart: str
    mart_where: str
    metrics_by_column: dict[str, str]
    group_by: tuple[str, ...]
    key_columns: tuple[str, ...]
    null_dimension: str = "unknown"
    mart_only_keys: bool = False  # MF rows outside the mart's keys are ignored


MONTH = "period_grain = 'month'"
WEEK = "period_grain = 'week'"
DAY = "period_grain = 'day'"
OVERALL = "breakdown = 'overall'"


def by(dimension: str) -> str:
    """The mart rows of one breakdown."""
    return f"breakdown = '{dimension}'"


CASES = [
    Case(
        "nps_by_month",
        "kpi_net_promoter_score",
        f"{MONTH} and {OVERALL}",
        {
            "responses": "nps_responses",
            "promoters": "nps_promoters",
            "passives": "nps_passives",
            "detractors": "nps_detractors",
            "nps": "nps",
        },
        ("metric_time__month",),
        ("period_start",),
    ),
    Case(
        "nps_by_segment_and_week",
        "kpi_net_promoter_score",
        f"{WEEK} and {by('customer_segment')}",
        {"responses": "nps_responses", "nps": "nps"},
        ("metric_time__week", "survey_response__customer_segment"),
        ("period_start", "breakdown_value"),
    ),
    Case(
        "conversion_rate_by_traffic_channel_and_month",
        "kpi_conversion_rate",
        f"{MONTH} and {by('traffic_channel')}",
        {
            "sessions": "sessions",
            "converted_sessions": "converted_sessions",
            "conversion_rate": "conversion_rate",
            "visitors": "visitors",
            "converted_visitors": "converted_visitors",
            "visitor_conversion_rate": "visitor_conversion_rate",
        },
        ("metric_time__month", "session__traffic_channel"),
        ("period_start", "breakdown_value"),
    ),
    Case(
        "conversion_rate_by_month",
        "kpi_conversion_rate",
        f"{MONTH} and {OVERALL}",
        {"conversion_rate": "conversion_rate", "visitors": "visitors"},
        ("metric_time__month",),
        ("period_start",),
    ),
    Case(
        "pages_per_session_by_device_and_week",
        "kpi_pages_per_session",
        f"{WEEK} and {by('device_type')}",
        {
            "sessions": "sessions",
            "page_views": "page_views",
            "pages_per_session": "pages_per_session",
        },
        ("metric_time__week", "session__device_type"),
        ("period_start", "breakdown_value"),
    ),
    Case(
        "session_duration_by_content_type_and_month",
        "kpi_average_session_duration",
        f"{MONTH} and {by('content_type')}",
        {
            "total_duration_seconds": "total_session_duration_seconds",
            "avg_session_duration_seconds": "avg_session_duration_seconds",
        },
        ("metric_time__month", "session__content_type"),
        ("period_start", "breakdown_value"),
    ),
    Case(
        "bounce_rate_by_landing_page_and_month",
        "kpi_bounce_rate",
        f"{MONTH} and {by('landing_page')}",
        {
            "bounced_sessions": "bounced_sessions",
            "bounce_rate": "bounce_rate",
            "engaged_sessions": "engaged_sessions",
            "engagement_rate": "engagement_rate",
        },
        ("metric_time__month", "session__landing_page"),
        ("period_start", "breakdown_value"),
    ),
    Case(
        "daily_active_users_wau_mau_by_day",
        "kpi_daily_active_users",
        f"{DAY} and {OVERALL}",
        {
            "active_users": "active_users",
            "new_users": "new_users",
            "returning_users": "returning_users",
            "wau": "weekly_active_users",
            "mau": "monthly_active_users",
            "stickiness": "stickiness",
        },
        ("metric_time__day",),
        ("period_start",),
        mart_only_keys=True,  # the cumulative metrics run on to the spine's end
    ),
    Case(
        "active_and_new_users_by_segment_and_month",
        "kpi_daily_active_users",
        f"{MONTH} and {by('customer_segment')}",
        {"active_users": "active_users", "new_users": "new_users"},
        ("metric_time__month", "user_day__customer_segment"),
        ("period_start", "breakdown_value"),
    ),
    Case(
        "total_customers_by_month",
        "kpi_daily_active_users",
        f"{MONTH} and {OVERALL}",
        {"total_customers": "total_customers"},
        ("metric_time__month",),
        ("period_start",),
        mart_only_keys=True,  # sign-ups start before the first event
    ),
    Case(
        "organic_clicks_by_device_and_month",
        "kpi_organic_clicks",
        f"{MONTH} and {by('device')}",
        {
            "clicks": "organic_clicks",
            "impressions": "organic_impressions",
            "ctr": "organic_ctr",
            "weighted_position_sum": "organic_weighted_position_sum",
            "avg_position": "organic_avg_position",
        },
        ("metric_time__month", "search_console_row__device"),
        ("period_start", "breakdown_value"),
    ),
    Case(
        "campaign_ctr_by_channel_and_week",
        "kpi_click_through_rate",
        f"{WEEK} and {by('channel')}",
        {
            "impressions": "campaign_impressions",
            "clicks": "campaign_clicks",
            "ctr": "campaign_ctr",
        },
        ("metric_time__week", "campaign_row__channel"),
        ("period_start", "breakdown_value"),
    ),
    Case(
        "csat_by_channel_and_month",
        "kpi_csat_by_channel",
        f"{MONTH} and {by('channel')}",
        {
            "responses": "csat_responses",
            "satisfied_responses": "csat_satisfied_responses",
            "csat": "csat",
            "avg_score": "csat_avg_score",
        },
        ("metric_time__month", "survey_response__channel"),
        ("period_start", "breakdown_value"),
    ),
    Case(
        "ces_by_touchpoint_and_month",
        "kpi_customer_effort_score",
        f"{MONTH} and {by('touchpoint')}",
        {
            "responses": "ces_responses",
            "total_score": "ces_total_score",
            "ces": "ces",
            "agree_responses": "ces_agree_responses",
            "ces_agree_rate": "ces_agree_rate",
        },
        ("metric_time__month", "survey_response__touchpoint"),
        ("period_start", "breakdown_value"),
    ),
    Case(
        "ticket_volume_by_channel_and_month",
        "kpi_ticket_volume_by_channel",
        f"{MONTH} and {by('channel')}",
        {
            "tickets": "tickets",
            "replied_tickets": "replied_tickets",
            "avg_first_reply_minutes": "avg_first_reply_minutes",
            "median_first_reply_minutes": "median_first_reply_minutes",
            "resolved_tickets": "resolved_tickets",
            "resolution_rate": "resolution_rate",
        },
        ("metric_time__month", "ticket__channel"),
        ("period_start", "breakdown_value"),
    ),
    Case(
        "resolution_time_by_channel_and_week",
        "kpi_average_resolution_time",
        f"{WEEK} and {by('channel')}",
        {
            "solved_tickets": "solved_tickets",
            "avg_resolution_hours": "avg_resolution_hours",
            "median_resolution_hours": "median_resolution_hours",
        },
        ("metric_time__week", "ticket__channel"),
        ("period_start", "breakdown_value"),
    ),
    Case(
        "social_engagement_by_network_and_month",
        "kpi_social_engagement",
        f"{MONTH} and {by('network')}",
        {
            "posts": "posts",
            "reach": "social_reach",
            "engagements": "social_engagements",
            "engagement_rate": "social_engagement_rate",
            "pooled_engagement_rate": "pooled_engagement_rate",
        },
        ("metric_time__month", "post__network"),
        ("period_start", "breakdown_value"),
    ),
    Case(
        "repeat_purchase_components_by_segment_and_month",
        "kpi_repeat_purchase_rate",
        f"{MONTH} and {by('customer_segment')}",
        {
            "customers_with_orders": "customers_with_orders",
            "completed_orders": "completed_orders",
        },
        ("metric_time__month", "customer__customer_segment"),
        ("period_start", "breakdown_value"),
    ),
    Case(
        "customer_lifetime_value_by_cohort_month",
        "kpi_customer_lifetime_value",
        f"{MONTH} and {OVERALL}",
        {
            "customers": "clv_customers",
            "orders": "clv_orders",
            "revenue": "clv_revenue",
            "avg_order_value": "average_order_value",
            "purchase_frequency_per_year": "purchase_frequency_per_year",
            "clv": "customer_lifetime_value",
            "historical_clv_12m": "historical_clv_12m",
        },
        ("metric_time__month",),
        ("period_start",),
    ),
    Case(
        "customer_lifetime_value_all_time_by_acquisition_channel",
        "kpi_customer_lifetime_value",
        f"period_grain = 'all_time' and {by('acquisition_channel')}",
        {
            "customers": "clv_customers",
            "avg_order_value": "average_order_value",
            "clv": "customer_lifetime_value",
            "historical_clv_12m": "historical_clv_12m",
        },
        ("cohort_customer__acquisition_channel",),
        ("breakdown_value",),
    ),
    Case(
        "churn_and_retention_by_complete_month",
        "kpi_customer_retention_rate",
        f"{MONTH} and {OVERALL} and is_complete_period",
        {
            "customers_at_start": "monthly_customers_at_start",
            "customers_at_end": "monthly_customers_at_end",
            "new_customers": "monthly_new_customers",
            "retained_customers": "monthly_retained_customers",
            "churned_customers": "monthly_churned_customers",
            "reactivated_customers": "monthly_reactivated_customers",
            "retention_rate": "monthly_retention_rate",
        },
        ("metric_time__month",),
        ("period_start",),
        mart_only_keys=True,  # the running month's rates are NULL in the mart
    ),
    Case(
        "churn_by_segment_and_complete_month",
        "kpi_churn_rate",
        f"{MONTH} and {by('customer_segment')} and is_complete_period",
        {
            "customers_at_start": "monthly_customers_at_start",
            "churned_customers": "monthly_churned_customers",
            "churn_rate": "monthly_churn_rate",
        },
        ("metric_time__month", "customer_month__customer_segment"),
        ("period_start", "breakdown_value"),
        mart_only_keys=True,
    ),
]


def close(mart_value: float | None, metric_value: float | None) -> bool:
    """Equal within REL; a metric's missing value equals a mart's 0 (no facts)."""
    if mart_value is None or metric_value is None:
        return mart_value == metric_value or (metric_value is None and mart_value == 0)
    return math.isclose(mart_value, metric_value, rel_tol=REL, abs_tol=1e-12)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_metric_equals_mart(
    case: Case, mf_project: MfProject, warehouse: Query
) -> None:
    metrics = sorted(set(case.metrics_by_column.values()))
    metric_rows = mf_project.query(metrics, case.group_by)
    from_metrics: dict[Key, dict] = {}
    for row in metric_rows:
        key = tuple(
            as_key_part(row[column] if row[column] != "" else case.null_dimension)
            for column in case.group_by
        )
        assert key not in from_metrics, f"duplicate metric row {key}"
        from_metrics[key] = row
    select = ", ".join(f'{column} as "{column}"' for column in case.metrics_by_column)
    keys = ", ".join(case.key_columns)
    mart_rows = warehouse(
        f"select {keys}, {select} from marts.{case.mart} where {case.mart_where}"
    )
    assert mart_rows, f"no mart rows: {case.mart} where {case.mart_where}"
    from_mart = {
        tuple(as_key_part(row[column]) for column in case.key_columns): row
        for row in mart_rows
    }
    differences = []
    compared = 0
    for key, mart_row in from_mart.items():
        metric_row = from_metrics.get(key, {})
        for column, metric in case.metrics_by_column.items():
            mart_value = as_number(mart_row[column])
            metric_value = as_number(metric_row.get(metric))
            compared += metric_value is not None
            if not close(mart_value, metric_value):
                differences.append((key, column, mart_value, metric, metric_value))
    if not case.mart_only_keys:
        for key in from_metrics.keys() - from_mart.keys():
            differences.append((key, "no mart row", None, "", from_metrics[key]))
    assert not differences, (
        f"{len(differences)} differences, first ones: {differences[:10]}"
    )
    assert compared >= len(from_mart), "too few values compared"


def test_nps_of_a_quarter_is_recomputed_from_its_components(
    mf_project: MfProject, warehouse: Query
) -> None:
    """A grain no mart has: NPS per quarter = 100 * (promoters - detractors) / responses
    of the quarter's monthly mart components, never the mean of the monthly NPS."""
    rows = mf_project.query(["nps"], ["metric_time__quarter"])
    expected = warehouse(
        """
        select
            cast(date_trunc('quarter', period_start) as date) as quarter,
            100.0 * (sum(promoters) - sum(detractors)) / sum(responses) as nps
        from marts.kpi_net_promoter_score
        where period_grain = 'month' and breakdown = 'overall'
        group by 1
        having sum(responses) > 0
        """
    )
    by_quarter = {as_key_part(row["metric_time__quarter"]): row for row in rows}
    assert len(by_quarter) == len(expected) >= 4
    for row in expected:
        metric = as_number(by_quarter[as_key_part(row["quarter"])]["nps"])
        assert math.isclose(metric, row["nps"], rel_tol=REL), row
