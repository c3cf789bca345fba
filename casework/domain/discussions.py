"""Themed discussions that feed decisions: the link from a discussion case to what it produced.

A discussion case (drøftelsessag, temadrøftelse) ends without a decision: the body discusses,
the administration follows up — often with decision cases. ``case.linked`` records that on both
histories, in one unit of work: on the decision case ``relation: origin`` (it came from the
discussion), on the discussion case ``relation: produced`` (it led to the decision case). Only
case numbers are stored, so a linked case's title is looked up, and redacted for a closed item,
when shown. Neither case's row changes.

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from casework.domain import payload_json as pj
from casework.domain.errors import CaseworkError
from casework.domain.events import CaseEvent, EventKind
from casework.domain.messages import register
from casework.domain.workflow import RouteRole, StepKind, WorkflowDefinition

ORIGIN = "origin"
PRODUCED = "produced"
_RELATIONS = frozenset({ORIGIN, PRODUCED})

register(
    {
        "link.not_a_discussion": (
            "Sag {case_id} er ikke en drøftelsessag ({workflow}); kun en drøftelse kan være "
            "oprindelse til en beslutningssag",
            "Case {case_id} is not a discussion case ({workflow}); only a discussion can be the "
            "origin of a decision case",
        ),
        "link.discussion_produced": (
            "Sag {case_id} er selv en drøftelsessag; en drøftelse fører til beslutningssager, "
            "ikke til en ny drøftelse",
            "Case {case_id} is a discussion case itself; a discussion leads to decision cases, "
            "not to another discussion",
        ),
        "link.already": (
            "Sag {case_id} har allerede sag {origin} som oprindelse",
            "Case {case_id} already has case {origin} as its origin",
        ),
        "link.self": (
            "En sag kan ikke være sin egen oprindelse ({case_id})",
            "A case cannot be its own origin ({case_id})",
        ),
        "event.linked.origin": (
            "Oprindelse: drøftelsessag {case}",
            "Origin: discussion case {case}",
        ),
        "event.linked.produced": (
            "Drøftelsen førte til sag {case}",
            "The discussion led to case {case}",
        ),
    }
)


class NotADiscussion(CaseworkError):
    """The origin named is not a discussion case."""

    code = "CW920"
    key = "link.not_a_discussion"


class DiscussionProduced(CaseworkError):
    """A discussion case named as produced by a discussion."""

    code = "CW921"
    key = "link.discussion_produced"


class AlreadyLinked(CaseworkError):
    """The decision case has an origin already."""

    code = "CW922"
    key = "link.already"


class LinkToSelf(CaseworkError):
    """A case named as its own origin."""

    code = "CW923"
    key = "link.self"


@dataclass(frozen=True, slots=True)
class CaseLinked:
    """``case.linked``: this case and ``case`` are linked as ``relation`` (origin | produced)."""

    KIND: ClassVar[EventKind] = EventKind.LINKED

    relation: str
    case: str

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {"case": self.case, "relation": self.relation}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> CaseLinked:
        """Read the stored form back."""
        pj.only(data, frozenset({"case", "relation"}), frozenset(), "case.linked")
        relation = pj.text(data, "relation")
        if relation not in _RELATIONS:
            raise pj.EventPayloadError(f"relation: unknown {relation!r}")
        return cls(relation=relation, case=pj.text(data, "case"))


@dataclass(frozen=True, slots=True)
class Links:
    """A case's links as its history has them: the discussion it came from, the cases it led to."""

    origin: str | None = None
    produced: tuple[str, ...] = ()


def links_of(events: Iterable[CaseEvent]) -> Links:
    """The links recorded in one case's history, in the order they were made."""
    origin: str | None = None
    produced: list[str] = []
    for event in events:
        payload = event.payload
        if isinstance(payload, CaseLinked):
            if payload.relation == ORIGIN:
                origin = payload.case
            elif payload.case not in produced:
                produced.append(payload.case)
    return Links(origin, tuple(produced))


def is_discussion(definition: WorkflowDefinition) -> bool:
    """Whether the workflow is a discussion: a meeting step where the bodies discuss."""
    return any(
        step.kind is StepKind.MEETING and RouteRole.DISCUSSES in step.route_roles
        for step in definition.steps.values()
    )


def check_link(
    *,
    origin_id: str,
    origin_definition: WorkflowDefinition,
    case_id: str,
    definition: WorkflowDefinition,
    links: Links,
) -> None:
    """Refuse a link the record cannot carry: to itself, from a non-discussion, to a
    discussion, or onto a case that has an origin already."""
    if origin_id == case_id:
        raise LinkToSelf(case_id=case_id)
    if not is_discussion(origin_definition):
        raise NotADiscussion(case_id=origin_id, workflow=origin_definition.title)
    if is_discussion(definition):
        raise DiscussionProduced(case_id=case_id)
    if links.origin is not None:
        raise AlreadyLinked(case_id=case_id, origin=links.origin)


def history_text(payload: CaseLinked, lang: str) -> str:
    """The link as the history reads it."""
    from casework.domain.messages import render

    return render(f"event.linked.{payload.relation}", lang, case=payload.case)


__all__ = [
    "ORIGIN",
    "PRODUCED",
    "AlreadyLinked",
    "CaseLinked",
    "DiscussionProduced",
    "LinkToSelf",
    "Links",
    "NotADiscussion",
    "check_link",
    "history_text",
    "is_discussion",
    "links_of",
]
