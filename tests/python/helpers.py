"""Shared assertions of the pytest suite."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pytest
from reference import KpiKey

KEY_COLUMNS = ("period_grain", "period_start", "breakdown", "breakdown_value")


def mart_by_key(rows: Iterable[dict[str, Any]]) -> dict[KpiKey, dict[str, Any]]:
    """KPI mart rows by (period_grain, period_start, breakdown, breakdown_value)."""
    by_key: dict[KpiKey, dict[str, Any]] = {}
    for row in rows:
        key = tuple(row[column] for column in KEY_COLUMNS)
        assert key not in by_key, f"duplicate mart key {key}"
        by_key[key] = {k: v for k, v in row.items() if k not in KEY_COLUMNS}  # type: ignore[index]
    return by_key


def value_matches(actual: Any, expected: Any) -> bool:
    """Integers, booleans, text and None equal; floats equal to rel=1e-12."""
    if expected is None or actual is None:
        return actual is None and expected is None
    if isinstance(expected, float) or isinstance(actual, float):
        return actual == pytest.approx(expected, rel=1e-12)
    return type(actual) is type(expected) and actual == expected


def assert_rows_equal(
    actual: Mapping[Any, Mapping[str, Any]],
    expected: Mapping[Any, Mapping[str, Any]],
    what: str,
) -> None:
    """Same keys and, row by row, the same value in every expected column."""
    missing = sorted(set(expected) - set(actual), key=repr)
    extra = sorted(set(actual) - set(expected), key=repr)
    assert not missing and not extra, (
        f"{what}: {len(missing)} rows missing from the mart (first: {missing[:5]}), "
        f"{len(extra)} unexpected rows (first: {extra[:5]})"
    )
    wrong = [
        (key, column, actual[key].get(column), value)
        for key, row in sorted(expected.items(), key=lambda item: repr(item[0]))
        for column, value in row.items()
        if column not in actual[key] or not value_matches(actual[key][column], value)
    ]
    assert not wrong, (
        f"{what}: {len(wrong)} wrong values (key, column, mart, expected), first: "
        f"{wrong[:10]}"
    )
    for key, row in actual.items():
        assert set(row) == set(expected[key]), f"{what} {key}: columns differ"
