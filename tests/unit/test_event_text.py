"""The texts an event's hash is computed over stay exactly what they were (issue 17).

``format_instant`` and ``canonical_json`` were made cheaper (isoformat instead of strftime, one
JSON encoder instead of one per call); every stored hash depends on their output, so it must be
the text the former code wrote, for any instant and any JSON value.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.domain.events import canonical_json, format_instant, parse_instant, parse_json

zones = st.sampled_from(
    [dt.UTC, ZoneInfo("UTC"), ZoneInfo("Europe/Copenhagen"), dt.timezone(dt.timedelta(hours=-7))]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(st.datetimes(min_value=dt.datetime(1000, 1, 2), max_value=dt.datetime(9999, 12, 30)), zones)
def test_format_instant_writes_what_strftime_wrote(naive: dt.datetime, zone: dt.tzinfo) -> None:
    at = naive.replace(tzinfo=zone)
    text = format_instant(at)
    assert text == at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert len(text) == 27 and parse_instant(text) == at


def test_format_instant_before_the_year_1000_is_strftime_s_text() -> None:
    at = dt.datetime(999, 5, 6, 7, 8, 9, 10, tzinfo=dt.UTC)
    assert format_instant(at) == at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@given(json_values)
def test_canonical_json_is_json_dumps_with_sorted_keys(value: Any) -> None:
    expected = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical_json(value) == expected


def test_canonical_json_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
        canonical_json({"a": {1}})


@given(json_values, st.sampled_from(["", " ", "\n", "\t "]), st.sampled_from(["", " ", "\n"]))
def test_parse_json_reads_what_json_loads_reads(value: Any, before: str, after: str) -> None:
    for text in (
        canonical_json(value),
        json.dumps(value, indent=1),
        before + json.dumps(value) + after,
    ):
        # Compared as text: a NaN is not equal to itself.
        assert canonical_json(parse_json(text)) == canonical_json(json.loads(text))


@pytest.mark.parametrize(
    "text", ["", "  ", "{", '{"a":1} x', '{"a":1}{}', "nul", "[1,]", '{"a":1,}']
)
def test_parse_json_refuses_what_json_loads_refuses(text: str) -> None:
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    with pytest.raises(json.JSONDecodeError):
        parse_json(text)
