"""Typed event payloads: one serializer, so payload → stored data → payload is the identity.

The property covers every payload class with every optional part present or absent; the
examples pin what the stored form refuses (a key it does not write, ``null`` where it omits).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.domain.delegation_plan import Competence
from casework.domain.event_types import (
    AttributesChanged,
    CaseAdvanced,
    CaseOpened,
    CasePlanned,
    DecisionTaken,
    EventPayload,
    PlannedMeeting,
    RouteChanged,
    payload_from_data,
)
from casework.domain.events import GENESIS, CaseEvent, EventKind, canonical_json
from casework.domain.payload_json import EventPayloadError
from casework.domain.recorded_decision import RecordedDecision, TracedRule
from casework.domain.workflow import RouteEntry, RouteRole, TransitionKind

AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

words = st.text(max_size=12)
maybe_words = st.none() | words
iso_days = st.dates().map(dt.date.isoformat)
maybe_days = st.none() | iso_days
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | words
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(words, inner, max_size=3),
    max_leaves=8,
)
routes = st.lists(
    st.builds(RouteEntry, body=words, role=st.sampled_from(list(RouteRole))), max_size=4
).map(tuple)
name_tuples = st.lists(words, max_size=3).map(tuple)

traced_rules = st.builds(
    TracedRule,
    rule=words,
    hit=st.booleans(),
    failed=name_tuples,
    failed_at=st.none() | st.lists(st.integers(0, 9), max_size=3).map(tuple),
)
decisions = st.builds(
    RecordedDecision,
    plan_id=words,
    plan_version=st.integers(1, 99),
    decider=words,
    competence=st.sampled_from(list(Competence)),
    route=routes,
    rule=maybe_words,
    matched=name_tuples,
    legal_basis=maybe_words,
    legal_exception=maybe_words,
    note=maybe_words,
    values=st.dictionaries(words, json_values, max_size=4),
    defaulted=name_tuples,
    dropped=name_tuples,
    trace=st.lists(traced_rules, max_size=4).map(tuple),
    note_en=maybe_words,
    route_kept=maybe_words,
)
minutes = st.builds(
    DecisionTaken,
    outcome=words,
    **{name: maybe_words for name in DecisionTaken.__dataclass_fields__ if name != "outcome"},
)
meetings = st.builds(
    PlannedMeeting,
    body=words,
    date=iso_days,
    time=st.just("16:30"),
    kind=st.sampled_from(["ordinary", "extra"]),
    source=words,
    planned_for=maybe_days,
    capacity=st.none() | st.integers(0, 40),
    note=maybe_words,
)
attributes = st.dictionaries(words, json_values, max_size=4)

payloads: st.SearchStrategy[EventPayload] = st.one_of(
    st.builds(
        CaseOpened,
        title=words,
        workflow=words,
        workflow_version=st.integers(1, 9),
        case_type=words,
        owner=words,
        centre=words,
        route=routes,
        attributes=attributes,
        step=words,
        step_due=maybe_days,
        deadline=maybe_days,
        reference=maybe_words,
        closes=st.booleans(),
        decision=st.none() | decisions,
    ),
    st.builds(
        CaseAdvanced,
        action=words,
        role=words,
        from_step=words,
        to_step=words,
        kind=st.sampled_from(list(TransitionKind)),
        comment=maybe_words,
        step_due=maybe_days,
        closes=st.booleans(),
        minutes=st.none() | minutes,
    ),
    st.builds(
        AttributesChanged,
        changes=attributes,
        comment=maybe_words,
        route=st.none() | routes,
        decision=st.none() | decisions,
    ),
    st.builds(RouteChanged, route=routes, previous=routes, reason=words),
    st.builds(
        CasePlanned,
        meetings=st.lists(meetings, max_size=3).map(tuple),
        steps=st.dictionaries(words, iso_days, max_size=3),
        ready=iso_days,
        reason=maybe_words,
        step_due=maybe_days,
    ),
)


@given(payloads)
def test_a_payload_survives_its_stored_form(payload: EventPayload) -> None:
    stored = json.loads(canonical_json(payload.to_data()))
    assert payload_from_data(payload.KIND, stored) == payload


@given(payloads)
def test_an_event_reads_back_the_payload_it_was_created_with(payload: EventPayload) -> None:
    event = CaseEvent.create(
        case_id="2026-0001", seq=1, at=AT, actor="mette", payload=payload, prev_hash=GENESIS
    )
    stored = CaseEvent(
        event.case_id, event.seq, event.kind, event.at, event.actor, event.data_json,
        event.prev_hash, event.hash,
    )  # fmt: skip
    assert stored.kind is payload.KIND
    assert stored.payload == payload
    assert stored.expected_hash() == event.hash


def _advanced(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "action": "udsaet", "role": "sekretariat", "from": "a", "to": "a", "kind": "postpone",
        "comment": None, "step_due": None, "closes": False,
    }  # fmt: skip
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "data",
    [
        _advanced(extra=1),  # a key the class does not write
        {k: v for k, v in _advanced().items() if k != "comment"},  # a key it always writes
        _advanced(minutes={"outcome": "postponed", "votes": None}),  # null where it omits
        _advanced(kind="sideways"),
        _advanced(closes=0),
    ],
)
def test_a_payload_that_would_not_write_back_unchanged_is_refused(data: dict[str, Any]) -> None:
    with pytest.raises(EventPayloadError):
        payload_from_data(EventKind.ADVANCED, data)


def test_an_opened_case_with_a_route_source_but_no_decision_is_refused() -> None:
    opened = CaseOpened(
        title="Lokalplan", workflow="beslutningssag", workflow_version=1, case_type="beslutning",
        owner="aase", centre="cby", route=(), attributes={}, step="kladde", step_due=None,
        deadline=None, reference=None, closes=False,
    )  # fmt: skip
    data = {**opened.to_data(), "route_source": "plan"}
    with pytest.raises(EventPayloadError):
        payload_from_data(EventKind.OPENED, data)
    assert opened.route_source == "given"
