"""The delegation plan's decision as a case records it: a typed value, never re-decided.

When the plan routes a case, the evaluation is kept in the case's history (``case.opened``, and
``case.attributes_changed`` when a change re-evaluates it). :class:`RecordedDecision` is that
record, read and written with one serializer whose output is the stored JSON byte for byte.
Records written since typed events also carry what an explanation needs beyond the original
``Decision.as_json`` shape (the positions of the conditions a rule failed on, the English note),
as keys omitted when empty, so older records still read, verify and explain with what they have.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from casework.domain import payload_json as pj
from casework.domain.delegation_plan import Competence
from casework.domain.workflow import Route, RouteEntry, RouteRole

if TYPE_CHECKING:
    from casework.domain.delegation import Decision

_TRACE_KEYS = frozenset({"rule", "hit", "failed"})
_KEYS = frozenset(
    {
        "plan", "decider", "competence", "route", "rule", "matched", "legal_basis",
        "legal_exception", "note", "values", "defaulted", "dropped", "trace",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TracedRule:
    """One rule of the plan as it was evaluated for the case.

    ``failed`` names the input of every condition that did not hold (one entry per condition);
    ``failed_at`` gives their positions in the rule's conditions, recorded since typed events
    (None in older records, and for a rule that matched).
    """

    rule: str
    hit: bool
    failed: tuple[str, ...] = ()
    failed_at: tuple[int, ...] | None = None

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        data: dict[str, Any] = {"rule": self.rule, "hit": self.hit, "failed": list(self.failed)}
        if self.failed_at is not None:
            data["failed_at"] = list(self.failed_at)
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> TracedRule:
        """Read the stored form back."""
        pj.only(data, _TRACE_KEYS, frozenset({"failed_at"}), "decision.trace")
        failed_at = data.get("failed_at")
        if failed_at is not None and (
            not isinstance(failed_at, list) or not all(type(i) is int for i in failed_at)
        ):
            raise pj.EventPayloadError(f"failed_at: expected a list of integers, got {failed_at!r}")
        return cls(
            rule=pj.text(data, "rule"),
            hit=pj.flag(data, "hit"),
            failed=pj.texts(data, "failed"),
            failed_at=tuple(failed_at) if failed_at is not None else None,
        )


@dataclass(frozen=True, slots=True)
class RecordedDecision:
    """Who decides the case under which plan, along which route, and the trace of every rule.

    ``values`` are the plan's inputs as evaluated, in JSON form (amounts as decimal text).
    ``route_kept`` is set when a re-evaluation proposed a route the case could no longer take:
    the reason the route stayed as it was.
    """

    plan_id: str
    plan_version: int
    decider: str
    competence: Competence
    route: Route
    rule: str | None  # None: the plan's default outcome
    matched: tuple[str, ...]
    legal_basis: str | None
    legal_exception: str | None
    note: str | None
    values: Mapping[str, Any]
    defaulted: tuple[str, ...]
    dropped: tuple[str, ...]
    trace: tuple[TracedRule, ...]
    note_en: str | None = None
    route_kept: str | None = None

    @property
    def by_administration(self) -> bool:
        """Whether the matter was delegated to the administration."""
        from casework.domain.delegation_plan import ADMINISTRATION

        return self.decider == ADMINISTRATION

    @classmethod
    def from_decision(cls, decision: Decision) -> RecordedDecision:
        """The record of a decision just taken, with what an explanation needs later."""
        record = cls.from_data(decision.as_json())
        positions = {
            t.rule: tuple(i for i, c in enumerate(t.checks) if not c.holds)
            for t in decision.trace
            if not t.hit
        }
        trace = tuple(
            TracedRule(t.rule, t.hit, t.failed, positions.get(t.rule)) for t in record.trace
        )
        return replace(record, trace=trace, note_en=decision.note_en)

    def to_data(self) -> dict[str, Any]:
        """The stored form: ``Decision.as_json``'s keys, plus the newer ones when set."""
        data: dict[str, Any] = {
            "plan": {"id": self.plan_id, "version": self.plan_version},
            "decider": self.decider,
            "competence": self.competence.value,
            "route": [e.as_json() for e in self.route],
            "rule": self.rule,
            "matched": list(self.matched),
            "legal_basis": self.legal_basis,
            "legal_exception": self.legal_exception,
            "note": self.note,
            "values": dict(self.values),
            "defaulted": list(self.defaulted),
            "dropped": list(self.dropped),
            "trace": [t.to_data() for t in self.trace],
        }
        if self.note_en is not None:
            data["note_en"] = self.note_en
        if self.route_kept is not None:
            data["route_kept"] = self.route_kept
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> RecordedDecision:
        """Read a stored record back.

        Raises:
            EventPayloadError: the record does not have the recorded shape.
        """
        pj.only(data, _KEYS, frozenset({"note_en", "route_kept"}), "decision")
        plan = data["plan"]
        if not isinstance(plan, dict):
            raise pj.EventPayloadError(f"decision.plan: expected an object, got {plan!r}")
        pj.only(plan, frozenset({"id", "version"}), frozenset(), "decision.plan")
        try:
            competence = Competence(data["competence"])
        except ValueError as exc:
            raise pj.EventPayloadError(f"decision.competence: {exc}") from None
        return cls(
            plan_id=pj.text(plan, "id"),
            plan_version=pj.integer(plan, "version"),
            decider=pj.text(data, "decider"),
            competence=competence,
            route=route_of(data, "route"),
            rule=pj.text_or_none(data, "rule"),
            matched=pj.texts(data, "matched"),
            legal_basis=pj.text_or_none(data, "legal_basis"),
            legal_exception=pj.text_or_none(data, "legal_exception"),
            note=pj.text_or_none(data, "note"),
            values=pj.mapping(data, "values"),
            defaulted=pj.texts(data, "defaulted"),
            dropped=pj.texts(data, "dropped"),
            trace=tuple(TracedRule.from_data(t) for t in pj.objects(data, "trace")),
            note_en=pj.omitted_text(data, "note_en"),
            route_kept=pj.omitted_text(data, "route_kept"),
        )

    def kept_route(self, reason: str) -> RecordedDecision:
        """The same record, noting that its route was not taken and why."""
        return replace(self, route_kept=reason)


def route_of(data: Mapping[str, Any], key: str) -> Route:
    """A stored route (``[{"body": …, "role": …}, …]``), checked entry by entry."""
    entries = pj.objects(data, key)
    route = []
    for entry in entries:
        pj.only(entry, frozenset({"body", "role"}), frozenset(), key)
        try:
            role = RouteRole(entry["role"])
        except ValueError as exc:
            raise pj.EventPayloadError(f"{key}: {exc}") from None
        route.append(RouteEntry(body=pj.text(entry, "body"), role=role))
    return tuple(route)
