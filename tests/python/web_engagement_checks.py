"""Shared assertions of the web engagement tests (issue 3): every mart row against the
independent reference of reference_web_engagement.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from dbt_runner import Query
from helpers import mart_by_key
from reference import GRAINS, KpiRows

REL = 1e-9


def matches(actual: Any, expected: Any) -> bool:
    """None, integers, booleans and text equal; floats equal to rel=1e-9."""
    if expected is None or actual is None:
        return actual is None and expected is None
    if isinstance(expected, float) or isinstance(actual, float):
        return isinstance(actual, float) and actual == pytest.approx(expected, rel=REL)
    return type(actual) is type(expected) and actual == expected


def assert_mart_matches(query: Query, mart: str, expected: KpiRows) -> None:
    """Same keys and, in every row, the same columns and values."""
    actual = mart_by_key(query(f"select * from marts.{mart}"))
    missing = sorted(set(expected) - set(actual), key=repr)
    extra = sorted(set(actual) - set(expected), key=repr)
    assert not missing and not extra, (
        f"{mart}: {len(missing)} rows missing (first: {missing[:5]}), "
        f"{len(extra)} unexpected (first: {extra[:5]})"
    )
    wrong = [
        (key, column, actual[key].get(column), value)
        for key, row in sorted(expected.items(), key=lambda item: repr(item[0]))
        for column, value in row.items()
        if not matches(actual[key].get(column), value)
    ]
    assert not wrong, f"{mart}: {len(wrong)} wrong values, first: {wrong[:10]}"
    for key, row in actual.items():
        assert set(row) == set(expected[key]), f"{mart} {key}: columns differ"


def assert_covers_every_shape(expected: KpiRows, breakdowns: tuple[str, ...]) -> None:
    """The demo data exercises every grain and breakdown of the mart."""
    shapes = {(key[0], key[2]) for key in expected}
    assert shapes == {
        (grain, breakdown) for grain in GRAINS for breakdown in ("overall", *breakdowns)
    }


def overall_rows(rows: KpiRows, grain: str) -> Mapping[Any, dict[str, Any]]:
    """The overall rows of one grain by period start."""
    return {
        key[1]: row
        for key, row in rows.items()
        if key[0] == grain and key[2] == "overall"
    }
