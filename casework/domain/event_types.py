"""Typed payloads of case events, and the one serializer between them and the stored JSON.

A :class:`~casework.domain.events.CaseEvent` is stored as its kind and the canonical JSON of its
payload, and its hash covers that text, so the classes here add types, not a new format:
``to_data()`` returns exactly the dict the domain always stored (the same keys, the same
omissions of absent optional keys, dates as ISO text) and :func:`payload_from_data` reads every
stored payload back, refusing one it could not write back unchanged. Dates stay ISO text because
the case's state keeps them as text and the hash covers that text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from casework.domain import payload_json as pj
from casework.domain.bilag import BilagAttached, BilagRemoved
from casework.domain.discussions import CaseLinked
from casework.domain.events import EventKind
from casework.domain.involvement import InvolvementAnswered
from casework.domain.presentation_events import (
    PRESENTATION_PAYLOADS,
    ClauseTicked,
    ReapprovalRequired,
    Reapproved,
    TextSaved,
)
from casework.domain.recorded_decision import RecordedDecision, route_of
from casework.domain.workflow import Route, TransitionKind

__all__ = [
    "AttributesChanged",
    "CaseAdvanced",
    "CaseOpened",
    "CasePlanned",
    "DecisionTaken",
    "EventPayload",
    "PlannedMeeting",
    "RouteChanged",
    "payload_from_data",
]


def _route_data(route: Route) -> list[dict[str, str]]:
    return [e.as_json() for e in route]


@dataclass(frozen=True, slots=True)
class DecisionTaken:
    """A body's decision at its meeting, as the minutes record it with the ``case.advanced``.

    From ``case decide``: ``outcome`` (an :class:`~casework.domain.workflow.Outcome` value),
    ``text``, ``votes``, ``meeting`` (ISO date) and, for a referral, ``to_body``. From an OParl
    import also the importer's ``decision``, ``source`` and the OParl ids and names. Every key
    but ``outcome`` is left out when it has no value.
    """

    outcome: str
    text: str | None = None
    votes: str | None = None
    meeting: str | None = None
    to_body: str | None = None
    decision: str | None = None
    source: str | None = None
    consultation: str | None = None
    oparl_meeting: str | None = None
    meeting_name: str | None = None
    agenda_item: str | None = None
    role: str | None = None

    def to_data(self) -> dict[str, Any]:
        """The stored form (keys without a value left out)."""
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not None}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> DecisionTaken:
        """Read the stored form back."""
        names = frozenset(f.name for f in fields(cls))
        pj.only(data, frozenset({"outcome"}), names - {"outcome"}, "minutes")
        values = {name: pj.omitted_text(data, name) for name in names - {"outcome"}}
        return cls(outcome=pj.text(data, "outcome"), **values)


@dataclass(frozen=True, slots=True)
class PlannedMeeting:
    """A meeting a recorded plan takes the case to (``Meeting.as_json``'s keys)."""

    body: str
    date: str
    time: str
    kind: str
    source: str
    planned_for: str | None
    capacity: int | None
    note: str | None

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> PlannedMeeting:
        """Read the stored form back."""
        pj.only(data, frozenset(f.name for f in fields(cls)), frozenset(), "meetings")
        return cls(
            body=pj.text(data, "body"), date=pj.text(data, "date"), time=pj.text(data, "time"),
            kind=pj.text(data, "kind"), source=pj.text(data, "source"),
            planned_for=pj.text_or_none(data, "planned_for"),
            capacity=pj.integer_or_none(data, "capacity"), note=pj.text_or_none(data, "note"),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class CaseOpened:
    """``case.opened``: everything the case starts with; ``decision`` when the plan routed it."""

    KIND: ClassVar[EventKind] = EventKind.OPENED

    title: str
    workflow: str
    workflow_version: int
    case_type: str
    owner: str
    centre: str
    route: Route
    attributes: dict[str, Any]
    step: str
    step_due: str | None
    deadline: str | None
    reference: str | None
    closes: bool
    decision: RecordedDecision | None = None

    @property
    def route_source(self) -> str:
        """ "plan" when the delegation plan gave the route, else "given"."""
        return "plan" if self.decision is not None else "given"

    def to_data(self) -> dict[str, Any]:
        """The stored form; ``route_source`` and ``decision`` only for a plan-routed case."""
        data: dict[str, Any] = {
            "title": self.title, "workflow": self.workflow,
            "workflow_version": self.workflow_version, "case_type": self.case_type,
            "owner": self.owner, "centre": self.centre, "route": _route_data(self.route),
            "attributes": dict(self.attributes), "step": self.step, "step_due": self.step_due,
            "deadline": self.deadline, "reference": self.reference, "closes": self.closes,
        }  # fmt: skip
        if self.decision is not None:
            data["route_source"] = "plan"
            data["decision"] = self.decision.to_data()
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> CaseOpened:
        """Read the stored form back."""
        pj.only(data, _OPENED, frozenset({"route_source", "decision"}), "case.opened")
        decision = None
        if "decision" in data or "route_source" in data:
            if data.get("route_source") != "plan" or not isinstance(data.get("decision"), dict):
                raise pj.EventPayloadError("case.opened: route_source 'plan' goes with a decision")
            decision = RecordedDecision.from_data(data["decision"])
        return cls(
            title=pj.text(data, "title"), workflow=pj.text(data, "workflow"),
            workflow_version=pj.integer(data, "workflow_version"),
            case_type=pj.text(data, "case_type"), owner=pj.text(data, "owner"),
            centre=pj.text(data, "centre"), route=route_of(data, "route"),
            attributes=pj.mapping(data, "attributes"), step=pj.text(data, "step"),
            step_due=pj.text_or_none(data, "step_due"),
            deadline=pj.text_or_none(data, "deadline"),
            reference=pj.text_or_none(data, "reference"), closes=pj.flag(data, "closes"),
            decision=decision,
        )  # fmt: skip


_OPENED = frozenset(
    {
        "title", "workflow", "workflow_version", "case_type", "owner", "centre", "route",
        "attributes", "step", "step_due", "deadline", "reference", "closes",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CaseAdvanced:
    """``case.advanced``: an action moved the case (or kept it in place, when postponed).

    ``minutes`` is the body's decision when the action came from the minutes of a meeting.
    """

    KIND: ClassVar[EventKind] = EventKind.ADVANCED

    action: str
    role: str
    from_step: str
    to_step: str
    kind: TransitionKind
    comment: str | None
    step_due: str | None
    closes: bool
    minutes: DecisionTaken | None = None
    #: Why the step was left before its minimum period had passed (the secretariat's override,
    #: :mod:`casework.domain.periods`); None when the period had passed or there is none.
    override: str | None = None

    def to_data(self) -> dict[str, Any]:
        """The stored form; ``minutes`` and ``override`` only when there are any."""
        data: dict[str, Any] = {
            "action": self.action, "role": self.role, "from": self.from_step,
            "to": self.to_step, "kind": str(self.kind), "comment": self.comment,
            "step_due": self.step_due, "closes": self.closes,
        }  # fmt: skip
        if self.minutes is not None:
            data["minutes"] = self.minutes.to_data()
        if self.override is not None:
            data["override"] = self.override
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> CaseAdvanced:
        """Read the stored form back."""
        required = frozenset({"action", "role", "from", "to", "kind", "comment", "step_due",
                              "closes"})  # fmt: skip
        pj.only(data, required, frozenset({"minutes", "override"}), "case.advanced")
        try:
            kind = TransitionKind(data["kind"])
        except ValueError as exc:
            raise pj.EventPayloadError(f"case.advanced: {exc}") from None
        minutes = data.get("minutes")
        if "minutes" in data and not isinstance(minutes, dict):
            raise pj.EventPayloadError(f"minutes: expected an object, got {minutes!r}")
        return cls(
            action=pj.text(data, "action"), role=pj.text(data, "role"),
            from_step=pj.text(data, "from"), to_step=pj.text(data, "to"), kind=kind,
            comment=pj.text_or_none(data, "comment"), step_due=pj.text_or_none(data, "step_due"),
            closes=pj.flag(data, "closes"),
            minutes=DecisionTaken.from_data(minutes) if minutes is not None else None,
            override=pj.omitted_text(data, "override"),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class AttributesChanged:
    """``case.attributes_changed``: attributes set (a value) or cleared (None).

    When the change re-evaluated the delegation plan, ``decision`` is the evaluation and
    ``route`` the new route it gave (None when the route stayed).
    """

    KIND: ClassVar[EventKind] = EventKind.ATTRIBUTES_CHANGED

    changes: dict[str, Any]
    comment: str | None = None
    route: Route | None = None
    decision: RecordedDecision | None = None

    def to_data(self) -> dict[str, Any]:
        """The stored form (every key written, None where empty)."""
        return {
            "changes": dict(self.changes),
            "comment": self.comment,
            "route": _route_data(self.route) if self.route is not None else None,
            "decision": self.decision.to_data() if self.decision is not None else None,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> AttributesChanged:
        """Read the stored form back."""
        keys = frozenset({"changes", "comment", "route", "decision"})
        pj.only(data, keys, frozenset(), "case.attributes_changed")
        decision = data["decision"]
        if decision is not None and not isinstance(decision, dict):
            raise pj.EventPayloadError(f"decision: expected an object, got {decision!r}")
        return cls(
            changes=pj.mapping(data, "changes"),
            comment=pj.text_or_none(data, "comment"),
            route=route_of(data, "route") if data["route"] is not None else None,
            decision=RecordedDecision.from_data(decision) if decision is not None else None,
        )


@dataclass(frozen=True, slots=True)
class RouteChanged:
    """``case.route_changed``: the secretariat's override (or a referral), with the reason."""

    KIND: ClassVar[EventKind] = EventKind.ROUTE_CHANGED

    route: Route
    previous: Route
    reason: str

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "route": _route_data(self.route),
            "previous": _route_data(self.previous),
            "reason": self.reason,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> RouteChanged:
        """Read the stored form back."""
        keys = frozenset({"route", "previous", "reason"})
        pj.only(data, keys, frozenset(), "case.route_changed")
        return cls(
            route=route_of(data, "route"),
            previous=route_of(data, "previous"),
            reason=pj.text(data, "reason"),
        )


@dataclass(frozen=True, slots=True)
class CasePlanned:
    """``case.planned``: the meetings chosen for the rest of the route, each step's due date.

    ``step_due`` is the current step's due date under the plan; ``reason`` says why the case was
    planned again (an action such as a postponement, "route", "oversendt"), None when asked for.
    """

    KIND: ClassVar[EventKind] = EventKind.PLANNED

    meetings: tuple[PlannedMeeting, ...]
    steps: dict[str, str]
    ready: str
    reason: str | None
    step_due: str | None

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "meetings": [m.to_data() for m in self.meetings],
            "steps": dict(self.steps),
            "ready": self.ready,
            "reason": self.reason,
            "step_due": self.step_due,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> CasePlanned:
        """Read the stored form back."""
        keys = frozenset({"meetings", "steps", "ready", "reason", "step_due"})
        pj.only(data, keys, frozenset(), "case.planned")
        steps = pj.mapping(data, "steps")
        if not all(isinstance(v, str) for v in steps.values()):
            raise pj.EventPayloadError("case.planned: steps map steps to ISO dates")
        return cls(
            meetings=tuple(PlannedMeeting.from_data(m) for m in pj.objects(data, "meetings")),
            steps=steps,
            ready=pj.text(data, "ready"),
            reason=pj.text_or_none(data, "reason"),
            step_due=pj.text_or_none(data, "step_due"),
        )


EventPayload = (
    CaseOpened | CaseAdvanced | AttributesChanged | RouteChanged | CasePlanned
    | BilagAttached | BilagRemoved
    | TextSaved | ReapprovalRequired | Reapproved | ClauseTicked
    | CaseLinked | InvolvementAnswered
)  # fmt: skip

_CLASSES: dict[EventKind, Any] = {
    cls.KIND: cls
    for cls in (
        CaseOpened,
        CaseAdvanced,
        AttributesChanged,
        RouteChanged,
        CasePlanned,
        BilagAttached,
        BilagRemoved,
        CaseLinked,  # issue 20: a discussion and the cases it produced
        InvolvementAnswered,  # issue 20: citizen involvement's answers
    )
}

# Issue 14: the presentation's events (casework.domain.presentation_events).
_CLASSES.update({cls.KIND: cls for cls in PRESENTATION_PAYLOADS})


def payload_from_data(kind: EventKind, data: Mapping[str, Any]) -> EventPayload:
    """The typed payload of a stored event of ``kind``.

    Raises:
        EventPayloadError: the payload is not one this kind's class writes (a ``ValueError``).
    """
    payload: EventPayload = _CLASSES[kind].from_data(data)
    return payload
