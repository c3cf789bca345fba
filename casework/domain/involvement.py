"""Citizen involvement as a step kind: a borgermøde, a høring of councils, an internal høring.

A workflow step of kind ``involvement`` names its form and the parties asked — councils such
as the ældreråd and the handicapråd, citizens at a borgermøde, or other centres of the
administration (an internal høring). The step's deadline rule gives the answer deadline. Each
answer is recorded as ``case.involvement_answered`` (the party, who answered for it, the day it
came, a summary), so the case shows who has answered and who has not. The case's row does not
change; the answers are a fold of the history.

Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from casework.domain import payload_json as pj
from casework.domain.errors import CaseworkError, Finding, did_you_mean
from casework.domain.events import CaseEvent, EventKind
from casework.domain.messages import register

if TYPE_CHECKING:
    from casework.domain.organisation import Municipality
    from casework.domain.workflow import WorkflowDefinition

register(
    {
        "involvement.form.borgermoede": ("Borgermøde", "Citizens' meeting"),
        "involvement.form.hoering": ("Høring", "Consultation"),
        "involvement.form.intern_hoering": ("Intern høring", "Internal consultation"),
        "involvement.unknown_party": (
            "Sag {case_id}: '{party}' er ikke hørt i sagens inddragelse (hørte: {parties})",
            "Case {case_id}: '{party}' is not consulted in the case's involvement "
            "(consulted: {parties})",
        ),
        "involvement.not_started": (
            "Sag {case_id} er ikke nået til inddragelsen '{step}' endnu; svar kan registreres, "
            "når sagen er sendt i høring",
            "Case {case_id} has not reached the involvement '{step}' yet; answers can be "
            "recorded once the case is sent out",
        ),
        "involvement.already_answered": (
            "Sag {case_id}: {party} har allerede svaret ({received})",
            "Case {case_id}: {party} has answered already ({received})",
        ),
        "involvement.future": (
            "Svardatoen {received} ligger efter i dag ({today})",
            "The answer date {received} is after today ({today})",
        ),
        # The workflow file's checks of an involvement step (adapters/config/schema.py)
        "config.involvement_field": (
            "trinnet '{step}': 'involvement' hører til kind: involvement, og den slags trin "
            "skal have det",
            "step '{step}': 'involvement' goes with kind: involvement, and that kind needs it",
        ),
        "config.party_needs_name": (
            "parten '{party}' skal have et 'name' (eller et 'centre', hvis navn den får)",
            "party '{party}' needs a 'name' (or a 'centre' whose name it takes)",
        ),
        "config.party_unknown_centre": (
            "parten '{party}' nævner centret '{centre}', som ikke findes i municipality.yaml",
            "party '{party}' names the centre '{centre}', which municipality.yaml does not have",
        ),
        "event.involvement_answered": (
            "Høringssvar fra {party} ({received})",
            "Answer from {party} ({received})",
        ),
    }
)


class InvolvementForm(StrEnum):
    """How the citizens, councils or centres are involved."""

    BORGERMOEDE = "borgermoede"  # a citizens' meeting
    HOERING = "hoering"  # a høring of councils and organisations (ældreråd, handicapråd …)
    INTERN_HOERING = "intern_hoering"  # an internal høring of other centres

    def label(self, lang: str = "da") -> str:
        """The form as people say it."""
        from casework.domain.messages import render

        return render(f"involvement.form.{self.value}", lang)


@dataclass(frozen=True, slots=True)
class Party:
    """One party asked: a council, the citizens, or a centre (``centre`` set)."""

    id: str
    name: str
    name_en: str | None = None
    centre: str | None = None

    def label(self, lang: str = "da") -> str:
        """The party's name in ``lang``."""
        return (self.name_en or self.name) if lang == "en" else self.name


@dataclass(frozen=True, slots=True)
class Involvement:
    """An involvement step's form and parties."""

    form: InvolvementForm
    parties: tuple[Party, ...]

    def party(self, party_id: str) -> Party | None:
        """The party with ``party_id``, if asked."""
        return next((p for p in self.parties if p.id == party_id), None)


class UnknownParty(CaseworkError):
    """The party named is not asked in any involvement step of the case."""

    code = "CW930"
    key = "involvement.unknown_party"


class InvolvementNotStarted(CaseworkError):
    """The case has not reached the involvement step yet."""

    code = "CW931"
    key = "involvement.not_started"


class AlreadyAnswered(CaseworkError):
    """The party's answer is recorded already."""

    code = "CW932"
    key = "involvement.already_answered"


class AnswerInFuture(CaseworkError):
    """The answer's date lies after today."""

    code = "CW933"
    key = "involvement.future"


@dataclass(frozen=True, slots=True)
class InvolvementAnswered:
    """``case.involvement_answered``: ``party`` answered in the involvement at ``step``."""

    KIND: ClassVar[EventKind] = EventKind.INVOLVEMENT_ANSWERED

    step: str
    party: str
    received: str  # ISO date the answer came
    summary: str
    by: str | None = None  # who answered for the party ("formand Grethe Holm")

    def to_data(self) -> dict[str, Any]:
        """The stored form (``by`` left out when nobody is named)."""
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not None}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> InvolvementAnswered:
        """Read the stored form back."""
        required = frozenset({"step", "party", "received", "summary"})
        pj.only(data, required, frozenset({"by"}), "case.involvement_answered")
        return cls(
            step=pj.text(data, "step"),
            party=pj.text(data, "party"),
            received=pj.text(data, "received"),
            summary=pj.text(data, "summary"),
            by=pj.omitted_text(data, "by"),
        )


@dataclass(frozen=True, slots=True)
class Answer:
    """One recorded answer, with who recorded it and when."""

    step: str
    party: str
    received: str
    summary: str
    by: str | None
    recorded_by: str
    recorded_at: str


def answers_of(events: Iterable[CaseEvent]) -> list[Answer]:
    """The answers recorded in one case's history, oldest first."""
    return [
        Answer(p.step, p.party, p.received, p.summary, p.by, e.actor, e.at)
        for e in events
        if isinstance(p := e.payload, InvolvementAnswered)
    ]


def check_answer(
    *,
    case_id: str,
    step: str,
    step_title: str,
    involvement: Involvement,
    party: str,
    received: dt.date,
    today: dt.date,
    reached: bool,
    answers: Iterable[Answer],
) -> Party:
    """The party answering, or the reason the answer cannot be recorded."""
    found = involvement.party(party)
    if found is None:
        ids = [p.id for p in involvement.parties]
        raise UnknownParty(
            case_id=case_id, party=party, parties=", ".join(ids),
            suggestion=did_you_mean(party, ids),
        )  # fmt: skip
    if not reached:
        raise InvolvementNotStarted(case_id=case_id, step=step_title)
    if received > today:
        raise AnswerInFuture(received=received.isoformat(), today=today.isoformat())
    earlier = next((a for a in answers if a.step == step and a.party == party), None)
    if earlier is not None:
        raise AlreadyAnswered(case_id=case_id, party=found.name, received=earlier.received)
    return found


def involvement_findings(
    definition: WorkflowDefinition, municipality: Municipality, locate: Callable[[str], Any]
) -> Iterator[Finding]:
    """Every party of an involvement step that names a centre the municipality lacks (CW934)."""
    for index, step in enumerate(definition.steps.values()):
        if step.involvement is None:
            continue
        for number, party in enumerate(step.involvement.parties):
            if party.centre is not None and party.centre not in municipality.centres:
                yield Finding(
                    "CW934",
                    "config.party_unknown_centre",
                    {"party": party.id, "centre": party.centre},
                    locate(f"steps[{index}].involvement.parties[{number}].centre"),
                    did_you_mean(party.centre, municipality.centres),
                )


def party_name(party: Party, municipality: Municipality, lang: str = "da") -> str:
    """The party's name; a centre asked without a name of its own by the centre's name."""
    if party.centre is not None and party.name == party.centre:
        centre = municipality.centres.get(party.centre)
        if centre is not None:
            return centre.name
    return party.label(lang)


def history_text(payload: InvolvementAnswered, party_name: str, lang: str) -> str:
    """The answer as the history reads it."""
    from casework.domain.messages import render

    return render("event.involvement_answered", lang, party=party_name, received=payload.received)


__all__ = [
    "AlreadyAnswered",
    "Answer",
    "AnswerInFuture",
    "Involvement",
    "InvolvementAnswered",
    "InvolvementForm",
    "InvolvementNotStarted",
    "Party",
    "UnknownParty",
    "answers_of",
    "check_answer",
    "history_text",
    "involvement_findings",
    "party_name",
]
