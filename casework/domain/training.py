"""The role-play meeting for a new council (issue 20, item 3), generated from the configuration.

:func:`build_roleplay` draws a fictive meeting of the council: plausible fictive cases made from
the rules of the delegation plan in force (each case's attributes satisfy its rule, and the
delegation engine itself decides its route, deciding body and workflow, so the pack shows what the
plan really gives), their presentations with the indstilling as at-clauses, role cards and a
manuscript (the chair, experienced members as the quarrelsome one and the rules-rider, the new
members, the director, the administration as curious citizens in question time) and a quiz on the
rules of procedure made from the configuration (deadlines, minimum periods, who decides, closed
items, advisory committees, fixed items, workflows) with its answer key.

Deterministic: the same configuration, day and seed give the same pack (one
:class:`random.Random` seeded with ``seed``, everything iterated in a fixed order). Pure: no I/O,
no clock (the caller gives the day). A closed item's fictive subject is kept in the model for
the builder's own checks but is never put into a text the renderers print
(:attr:`AgendaItem.public_heading` is all they show of it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from casework.domain.agenda import NEVER_CLOSED, ClosedCategory
from casework.domain.configuration import Configuration
from casework.domain.delegation import DelegationError, decide_with, plan_in_force
from casework.domain.delegation_plan import Condition, DelegationPlan, Rule
from casework.domain.delegation_workflows import choose_workflow
from casework.domain.errors import CaseworkError
from casework.domain.messages import Msg, render
from casework.domain.organisation import Body, BodyKind, Municipality
from casework.domain.training_texts import AREAS_FOR_TYPE, SUBJECTS
from casework.domain.workflow import RouteRole

#: How many case items the fictive agenda has (fewer when the plan gives fewer).
CASE_ITEMS = 6
#: Matter types a council may close, and the KSL § 10 category that closes them.
CLOSABLE: Mapping[str, ClosedCategory] = {
    "ejendomskoeb": ClosedCategory.EJENDOMSHANDEL,
    "ejendomssalg": ClosedCategory.EJENDOMSHANDEL,
}
_ADMINISTRATION = "administration"


class NoCouncil(CaseworkError):
    """The configuration has no body of kind kommunalbestyrelse."""

    code = "CW940"
    key = "training.error.no_council"


class NoTrainingCases(CaseworkError):
    """The delegation plan in force gives no case that reaches the council."""

    code = "CW941"
    key = "training.error.no_cases"


@dataclass(frozen=True, slots=True)
class FictiveCase:
    """One invented case, with what the delegation engine decided for it."""

    number: str
    title: str
    subject: str
    matter: str  # the matter type's title (or the rule's)
    rule: str
    rule_title: str
    legal_basis: str | None
    decider: str  # a body id or "administration"
    route: tuple[tuple[str, str], ...]  # (body id, route role) as the plan gives them
    workflow: str | None
    workflow_title: str | None
    attributes: Mapping[str, Any]
    closed: ClosedCategory | None = None


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """An item of the fictive agenda: a fixed item or a case."""

    number: int
    heading: str  # what every output prints: a closed item's public heading only
    case: FictiveCase | None = None
    fixed: bool = False
    presentation: tuple[str, ...] = ()
    indstilling: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()  # case number, route, workflow, rule, legal basis
    presenter: str | None = None

    @property
    def closed(self) -> bool:
        """Whether the item is dealt with behind closed doors."""
        return self.case is not None and self.case.closed is not None


@dataclass(frozen=True, slots=True)
class RoleCard:
    """A part in the role play: who plays it and how."""

    id: str
    title: str
    player: str
    brief: str


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the manuscript, in a section (the opening, question time, an item)."""

    section: str
    role: str  # a RoleCard id
    text: str


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    """A multiple-choice question with its answer and where the answer comes from."""

    number: int
    question: str
    options: tuple[str, ...]
    answer: int  # index into options
    why: str

    @property
    def letter(self) -> str:
        """The answer's letter: A, B, C …"""
        return "ABCDEFGH"[self.answer]


@dataclass(frozen=True, slots=True)
class WorkflowSummary:
    """One of the municipality's workflows, and which cases the delegation plan sends to it."""

    id: str
    title: str
    steps: int
    matters: str  # the plan's matter types for it, or who else follows it


@dataclass(frozen=True, slots=True)
class RolePlay:
    """The whole pack: the meeting, its agenda, roles, manuscript and quiz."""

    seed: int
    lang: str
    municipality: str
    body: str
    body_name: str
    date: dt.date
    time: dt.time
    plan: str
    items: tuple[AgendaItem, ...]
    roles: tuple[RoleCard, ...]
    manuscript: tuple[Line, ...]
    quiz: tuple[QuizQuestion, ...]
    workflows: tuple[WorkflowSummary, ...] = ()

    def title(self) -> str:
        """The pack's title."""
        return render("training.pack.title", self.lang, body=self.body_name)

    def role(self, role_id: str) -> RoleCard:
        """The role card ``role_id``."""
        return next(r for r in self.roles if r.id == role_id)

    @property
    def closed_subjects(self) -> tuple[str, ...]:
        """The fictive closed cases' titles, which no output may show (for the checks)."""
        return tuple(i.case.title for i in self.items if i.case is not None and i.closed)


def council(municipality: Municipality) -> Body:
    """The municipality's council (the first body of kind kommunalbestyrelse)."""
    for body in municipality.bodies.values():
        if body.kind is BodyKind.COUNCIL:
            return body
    raise NoCouncil()


def build_roleplay(
    config: Configuration,
    day: dt.date,
    seed: int,
    lang: str = "da",
    meeting: tuple[dt.date, dt.time] | None = None,
) -> RolePlay:
    """The role-play pack drawn with ``seed`` for the council's first meeting on or after ``day``.

    ``meeting`` fixes the meeting's date and time; otherwise the council's meeting plan gives
    the first on or after ``day`` (``day`` at 17:00 when the plan has none). The delegation plan
    in force on the meeting day decides every case.

    Raises:
        NoCouncil: the configuration has no council.
        NoTrainingCases: no rule of the plan gives a case that reaches the council.
        DelegationError: no delegation plan is in force on the meeting day.
    """
    lang = "en" if lang == "en" else "da"
    municipality = config.municipality
    kb = council(municipality)
    when = meeting or _next_meeting(config, kb.id, day)
    plan = plan_in_force(config.delegation, when[0])
    rng = random.Random(seed)
    cases = _fictive_cases(config, plan, rng, lang, when[0])
    reaching = [c for c in cases if any(body == kb.id for body, _ in c.route)]
    if not reaching:
        raise NoTrainingCases(plan=_plan_title(plan, lang), body=kb.title(lang))
    chosen = _choose(reaching, rng)
    items = _agenda(config, kb, chosen, lang)
    roles = _roles(lang)
    manuscript = _manuscript(config, kb, items, rng, lang)
    quiz = _quiz(config, kb, plan, cases, rng, lang)
    return RolePlay(
        seed=seed,
        lang=lang,
        municipality=municipality.name,
        body=kb.id,
        body_name=kb.title(lang),
        date=when[0],
        time=when[1],
        plan=_plan_title(plan, lang),
        items=items,
        roles=roles,
        manuscript=manuscript,
        quiz=quiz,
        workflows=_workflows(config, plan, lang),
    )


def _workflows(
    config: Configuration, plan: DelegationPlan, lang: str
) -> tuple[WorkflowSummary, ...]:
    """Every configured workflow (by id), with the matters the plan's workflow table sends to it:
    a workflow the configuration gains appears in the pack without any change here."""
    table = plan.workflows
    found = []
    for workflow_id in sorted(config.workflows):
        definition = config.workflows[workflow_id]
        title = (definition.title_en or definition.title) if lang == "en" else definition.title
        parts = []
        if table is not None:
            values = [v for v, w in sorted(table.by_value.items()) if w == workflow_id]
            names = [_choice_title(plan, table.input, v, lang) or v for v in values]
            if names:
                parts.append(render("training.workflows.matters", lang, matters=", ".join(names)))
            if table.administration == workflow_id:
                parts.append(render("training.workflows.administration", lang))
            if table.default == workflow_id:
                parts.append(render("training.workflows.default", lang))
        matters = "; ".join(parts) or render("training.workflows.given", lang)
        found.append(WorkflowSummary(workflow_id, title, len(definition.steps), matters))
    return tuple(found)


def _plan_title(plan: DelegationPlan, lang: str) -> str:
    return (plan.title_en or plan.title) if lang == "en" else plan.title


def _next_meeting(config: Configuration, body: str, day: dt.date) -> tuple[dt.date, dt.time]:
    calendar = config.calendar
    if calendar is not None:
        for meeting in calendar.meetings.for_body(body):
            if meeting.date >= day:
                return meeting.date, meeting.time
    return day, dt.time(17, 0)


# --- Fictive cases -----------------------------------------------------------------------


def _fictive_cases(
    config: Configuration, plan: DelegationPlan, rng: random.Random, lang: str, day: dt.date
) -> list[FictiveCase]:
    """One fictive case per rule of ``plan`` whose drawn attributes the engine decides by that
    very rule; rules no drawing satisfies (or that raise) are left out."""
    municipality = config.municipality
    areas = _policy_areas(municipality)
    titles = {
        w.id: w.title_en or w.title if lang == "en" else w.title for w in config.workflows.values()
    }
    found: list[FictiveCase] = []
    for rule in plan.rules:
        attributes = _attributes_for(rule, plan, areas, rng)
        try:
            decision = decide_with(plan, attributes, municipality)
        except (DelegationError, CaseworkError):
            continue
        if decision.rule != rule.id:
            continue
        workflow = None
        if plan.workflows is not None:
            choice = choose_workflow(plan.workflows, decision.values, decision.by_administration)
            workflow = choice.workflow if choice is not None else None
        matter_type = str(attributes.get("sagstype", ""))
        matter = _choice_title(plan, "sagstype", matter_type, lang) or _rule_title(rule, lang)
        area = str(decision.values.get(plan.policy_area_input, ""))
        subject = _subject(area, rng, lang, municipality)
        number = f"{day.year}-9{len(found) + 1:03d}"
        found.append(
            FictiveCase(
                number=number,
                title=f"{matter}: {subject[:1].upper()}{subject[1:]}",
                subject=subject,
                matter=matter,
                rule=rule.id,
                rule_title=_rule_title(rule, lang),
                legal_basis=decision.legal_basis,
                decider=decision.decider,
                route=tuple((e.body, e.role.value) for e in decision.route),
                workflow=workflow,
                workflow_title=titles.get(workflow) if workflow is not None else None,
                attributes=dict(decision.values),
                closed=CLOSABLE.get(matter_type),
            )
        )
    return found


def rule_examples(
    config: Configuration, plan: DelegationPlan, day: dt.date, seed: int = 1, lang: str = "da"
) -> list[FictiveCase]:
    """One invented case per rule of ``plan`` that the delegation engine decides by that rule,
    in the plan's order (the role play's cases, drawn with their own ``seed``): what the plan
    really gives each rule, for material that shows the plan's routes (the training diagrams)."""
    return _fictive_cases(config, plan, random.Random(seed), lang, day)


def _rule_title(rule: Rule, lang: str) -> str:
    return (rule.title_en or rule.title) if lang == "en" else rule.title


def _choice_title(plan: DelegationPlan, input_id: str, value: str, lang: str) -> str | None:
    for inp in plan.inputs:
        if inp.id != input_id:
            continue
        for choice in inp.choices:
            if choice.id == value:
                title = (choice.title_en or choice.title) if lang == "en" else choice.title
                return title or value
    return None


def _policy_areas(municipality: Municipality) -> tuple[str, ...]:
    areas: list[str] = []
    for body in municipality.bodies.values():
        areas += [a for a in body.policy_areas if a not in areas]
    return tuple(sorted(areas))


def _attributes_for(
    rule: Rule, plan: DelegationPlan, areas: Sequence[str], rng: random.Random
) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    for condition in rule.when:
        attributes[condition.input] = _satisfying(condition, plan, rng)
    area_input = plan.policy_area_input
    if area_input not in attributes and areas:
        suited = [a for a in AREAS_FOR_TYPE.get(str(attributes.get("sagstype")), ()) if a in areas]
        attributes[area_input] = rng.choice(suited or list(areas))
    return attributes


def _satisfying(condition: Condition, plan: DelegationPlan, rng: random.Random) -> Any:
    """A value for which ``condition`` holds (amounts rounded as a case officer writes them)."""
    op, value = condition.op, condition.value
    if op == "eq":
        return value
    if op == "in":
        return rng.choice(list(value))
    if op == "not_in":
        known = [c.id for i in plan.inputs if i.id == condition.input for c in i.choices]
        others = [c for c in known if c not in value]
        return rng.choice(others) if others else None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    number = int(value)
    step = max(1, 10 ** max(0, len(str(abs(number))) - 2))
    if op in {"lt", "le"}:
        low = max(0, number // 10)
        drawn = rng.randint(low, max(low, number - step)) if number > 0 else 0
        return drawn - drawn % step if drawn >= step else drawn
    drawn = rng.randint(number + step, number * 3 + step)  # ge, gt
    return drawn - drawn % step


def _subject(area: str, rng: random.Random, lang: str, municipality: Municipality) -> str:
    pairs = SUBJECTS.get(area)
    if pairs:
        da, en = rng.choice(pairs)
        return en if lang == "en" else da
    return area


def _choose(cases: Sequence[FictiveCase], rng: random.Random) -> list[FictiveCase]:
    """Up to :data:`CASE_ITEMS` cases with different subjects, at most one closed; the closed
    one last."""
    closed = [c for c in cases if c.closed is not None]
    picked_closed = [rng.choice(closed)] if closed else []
    # One case per subject: an open case about the closed one's subject would give it away.
    taken = {c.subject for c in picked_closed}
    open_cases: list[FictiveCase] = []
    for case in cases:
        if case.closed is None and case.subject not in taken:
            taken.add(case.subject)
            open_cases.append(case)
    room = CASE_ITEMS - len(picked_closed)
    picked_open = rng.sample(open_cases, min(room, len(open_cases)))
    return picked_open + picked_closed


# --- The agenda and its presentations ------------------------------------------------------


def _body_name(municipality: Municipality, body: str, lang: str) -> str:
    if body == _ADMINISTRATION:
        return render("training.admin", lang)
    found = municipality.bodies.get(body)
    return found.title(lang) if found is not None else body


def _short(municipality: Municipality, body: str) -> str:
    found = municipality.bodies.get(body)
    return found.short if found is not None else body


def route_text(case: FictiveCase, municipality: Municipality) -> str:
    """The case's route as "TMU → ØU → KB"."""
    return " → ".join(_short(municipality, body) for body, _ in case.route)


def _lower(text: str) -> str:
    """A subject inside a sentence: "Ny daginstitution" → "ny daginstitution"."""
    return text[:1].lower() + text[1:]


def _kr(amount: Any, lang: str) -> str:
    number = int(Decimal(str(amount)))
    text = f"{number:,}"
    return render("training.kr", lang, amount=text.replace(",", ".") if lang != "en" else text)


def _agenda(
    config: Configuration, kb: Body, cases: Sequence[FictiveCase], lang: str
) -> tuple[AgendaItem, ...]:
    calendar = config.calendar
    fixed = calendar.fixed_items.for_body(kb.id) if calendar is not None else None
    opening = fixed.opening if fixed is not None else ()
    closing = fixed.closing if fixed is not None else ()
    items: list[AgendaItem] = []
    for title in opening:
        items.append(AgendaItem(len(items) + 1, title, fixed=True))
    open_cases = [c for c in cases if c.closed is None]
    closed_cases = [c for c in cases if c.closed is not None]
    for case in open_cases:
        items.append(_case_item(len(items) + 1, case, config.municipality, kb, lang))
    for title in closing:
        items.append(AgendaItem(len(items) + 1, title, fixed=True))
    for case in closed_cases:
        assert case.closed is not None
        heading = render("training.closed_heading", lang, category=_category(case.closed, lang))
        items.append(AgendaItem(len(items) + 1, heading, case=case))
    return tuple(items)


def _category(category: ClosedCategory, lang: str) -> str:
    english = {
        ClosedCategory.PERSONFORHOLD: "Personal matter",
        ClosedCategory.EJENDOMSHANDEL: "Property matter",
        ClosedCategory.UDBUD: "Tenders and bids",
        ClosedCategory.LAAN: "Loan matter",
    }
    return english[category] if lang == "en" else category.heading


def _case_item(
    number: int, case: FictiveCase, municipality: Municipality, kb: Body, lang: str
) -> AgendaItem:
    decider = _body_name(municipality, case.decider, lang)
    route = route_text(case, municipality)
    workflow = case.workflow_title or case.workflow or "–"
    presentation = [
        render(
            "training.text.about",
            lang,
            subject=_lower(case.subject),
            type=case.matter,
            workflow=workflow,
        ),
        render("training.text.route", lang, decider=decider, route=route),
    ]
    amount = case.attributes.get("beloeb")
    if amount:
        frame = render("training.text.amount", lang, amount=_kr(amount, lang))
        presentation.append(frame if frame.endswith(".") else frame + ".")
    thing = _lower(case.subject)
    clauses = []
    if case.decider == kb.id:
        clauses.append(render("training.at.approve", lang, thing=thing))
    else:
        clauses.append(
            render("training.at.recommend", lang, body=kb.title(lang), thing=thing, decider=decider)
        )
    if amount:
        clauses.append(render("training.at.amount", lang, amount=_kr(amount, lang)))
    informed = [b for b, role in case.route if role == RouteRole.INFORMED.value]
    if informed:
        names = ", ".join(_body_name(municipality, b, lang) for b in informed)
        clauses.append(render("training.at.inform", lang, bodies=names))
    facts = [
        render("training.case_number", lang, number=case.number),
        render("training.route", lang, route=route),
        render("training.workflow", lang, workflow=workflow),
        render("training.rule", lang, rule=case.rule, title=case.rule_title, decider=decider),
    ]
    if case.legal_basis:
        facts.append(render("training.legal_basis", lang, basis=case.legal_basis))
    before = [b for b, role in case.route if b != kb.id and role == RouteRole.RECOMMENDS.value]
    presenter = (
        _body_name(municipality, before[0], lang) if before else render("training.admin", lang)
    )
    return AgendaItem(
        number=number,
        heading=case.title,
        case=case,
        presentation=tuple(presentation),
        indstilling=tuple(clauses),
        facts=tuple(facts),
        presenter=presenter,
    )


# --- Roles and manuscript ------------------------------------------------------------------

_ROLE_IDS = ("chair", "quarrelsome", "rules", "newcomer", "director", "citizens")


def _roles(lang: str) -> tuple[RoleCard, ...]:
    return tuple(
        RoleCard(
            id=role,
            title=render(f"training.role.{role}", lang),
            player=render(f"training.role.{role}.player", lang),
            brief=render(f"training.role.{role}.brief", lang),
        )
        for role in _ROLE_IDS
    )


def _manuscript(
    config: Configuration,
    kb: Body,
    items: Sequence[AgendaItem],
    rng: random.Random,
    lang: str,
) -> tuple[Line, ...]:
    municipality = config.municipality
    lines: list[Line] = []
    opening = render("training.opening", lang)
    lines.append(Line(opening, "chair", render("training.line.open", lang, body=kb.title(lang))))
    rules = config.calendar.rules.for_body(kb.id) if config.calendar is not None else None
    if rules is not None and rules.agenda is not None:
        deadline = render(rules.agenda.describe().key, lang, **rules.agenda.describe().params)
        lines.append(
            Line(opening, "rules", render("training.line.agenda_sent", lang, deadline=deadline))
        )
        lines.append(Line(opening, "chair", render("training.line.agenda_ok", lang)))
    open_items = [i for i in items if i.case is not None and not i.closed]
    qt = render("training.question_time", lang)
    lines.append(Line(qt, "chair", render("training.line.questions_open", lang)))
    for item in rng.sample(open_items, min(2, len(open_items))):
        assert item.case is not None
        key = (
            "training.line.citizen_q2"
            if item.case.attributes.get("beloeb")
            else ("training.line.citizen_q")
        )
        lines.append(Line(qt, "citizens", render(key, lang, title=item.heading)))
        decider = _body_name(municipality, item.case.decider, lang)
        route = route_text(item.case, municipality)
        lines.append(
            Line(
                qt,
                "director",
                render("training.line.director_answer", lang, route=route, decider=decider),
            )
        )
    if any(i.closed for i in items):
        lines.append(Line(qt, "citizens", render("training.line.citizen_closed", lang)))
        lines.append(Line(qt, "chair", render("training.line.chair_closed_answer", lang)))
    for item in items:
        section = render("training.item", lang, number=item.number)
        if item.case is None:
            lines.append(
                Line(section, "chair", render("training.line.fixed", lang, title=item.heading))
            )
        elif item.closed:
            lines += _closed_lines(section, item, lang)
        else:
            lines += _case_lines(section, item, kb, municipality, rng, lang)
    lines.append(
        Line(render("training.closing", lang), "chair", render("training.line.close", lang))
    )
    return tuple(lines)


def _closed_lines(section: str, item: AgendaItem, lang: str) -> list[Line]:
    assert item.case is not None
    assert item.case.closed is not None
    category = _category(item.case.closed, lang)
    return [
        Line(section, "chair", render("training.line.closed_doors", lang, number=item.number)),
        Line(section, "rules", render("training.line.rules_closed", lang)),
        Line(section, "chair", render("training.line.chair_closed", lang, category=category)),
        Line(section, "chair", render("training.line.vote", lang)),
    ]


def _case_lines(  # noqa: PLR0917 - the item, where it is and how to draw its lines
    section: str,
    item: AgendaItem,
    kb: Body,
    municipality: Municipality,
    rng: random.Random,
    lang: str,
) -> list[Line]:
    case = item.case
    assert case is not None
    lines = [
        Line(
            section,
            "chair",
            render(
                "training.line.item_open",
                lang,
                number=item.number,
                title=item.heading,
                presenter=item.presenter,
            ),
        ),
    ]
    first = item.indstilling[0] if item.indstilling else ""
    before = [b for b, role in case.route if b != kb.id and role == RouteRole.RECOMMENDS.value]
    if before:
        previous = ", ".join(_body_name(municipality, b, lang) for b in before)
        lines.append(
            Line(
                section,
                "director",
                render("training.line.present", lang, previous=previous, first=first),
            )
        )
    else:
        lines.append(
            Line(section, "director", render("training.line.present_direct", lang, first=first))
        )
    decider = _body_name(municipality, case.decider, lang)
    # Each case gets two of the members' interventions, drawn with the seed.
    moves = ["competence", "amend", "newcomer", "floor", "minority"]
    if case.attributes.get("beloeb"):
        moves.append("amount")
    for move in sorted(rng.sample(moves, 2), key=moves.index):
        if move == "competence":
            lines.append(Line(section, "rules", render("training.line.rules_competence", lang)))
            basis = case.legal_basis or ""
            key = (
                "training.line.competence_answer"
                if case.decider == kb.id
                else ("training.line.competence_recommend")
            )
            lines.append(
                Line(
                    section,
                    "director",
                    render(key, lang, rule=case.rule, decider=decider, basis=basis).strip(),
                )
            )
        elif move == "amend":
            lines.append(Line(section, "quarrelsome", render("training.line.quarrel_amend", lang)))
            lines.append(Line(section, "chair", render("training.line.chair_amend", lang)))
        elif move == "floor":
            lines.append(Line(section, "quarrelsome", render("training.line.quarrel_again", lang)))
            lines.append(Line(section, "chair", render("training.line.chair_floor", lang)))
        elif move == "newcomer":
            lines.append(Line(section, "newcomer", render("training.line.newcomer_q", lang)))
        elif move == "amount":
            lines.append(Line(section, "newcomer", render("training.line.newcomer_amount", lang)))
        else:
            lines.append(
                Line(section, "quarrelsome", render("training.line.quarrel_minority", lang))
            )
    if case.decider == kb.id:
        lines.append(Line(section, "chair", render("training.line.vote", lang)))
    else:
        lines.append(
            Line(section, "chair", render("training.line.vote_recommend", lang, next=decider))
        )
    return lines


# --- The quiz ------------------------------------------------------------------------------


def _quiz(  # noqa: PLR0917 - the configuration's parts the questions come from
    config: Configuration,
    kb: Body,
    plan: DelegationPlan,
    cases: Sequence[FictiveCase],
    rng: random.Random,
    lang: str,
) -> tuple[QuizQuestion, ...]:
    municipality = config.municipality
    drafts: list[tuple[str, str, list[str], str]] = []  # question, answer, wrong, why
    drafts += _decides_questions(municipality, kb, cases, rng, lang)
    drafts += _deadline_questions(config, kb, lang)
    drafts += _period_questions(config, rng, lang)
    drafts += _closed_question(kb, plan, lang)
    drafts += _advisory_questions(municipality, lang)
    drafts += _fixed_questions(config, kb, lang)
    drafts += _workflow_questions(config, plan, rng, lang)
    questions: list[QuizQuestion] = []
    for question, answer, wrong, why in drafts:
        options = [answer, *dict.fromkeys(w for w in wrong if w != answer)][:4]
        rng.shuffle(options)
        questions.append(
            QuizQuestion(len(questions) + 1, question, tuple(options), options.index(answer), why)
        )
    return tuple(questions)


def _decides_questions(
    municipality: Municipality,
    kb: Body,
    cases: Sequence[FictiveCase],
    rng: random.Random,
    lang: str,
) -> list[tuple[str, str, list[str], str]]:
    bodies = [b.id for b in municipality.bodies.values() if not b.advisory]
    pool = [*bodies, _ADMINISTRATION]
    drafts = []
    by_decider: dict[str, FictiveCase] = {}
    for case in cases:
        by_decider.setdefault(case.decider, case)
    for case in rng.sample(list(by_decider.values()), min(3, len(by_decider))):
        answer = _body_name(municipality, case.decider, lang)
        others = [b for b in pool if b != case.decider]
        wrong = [_body_name(municipality, b, lang) for b in rng.sample(others, min(3, len(others)))]
        basis = f" {case.legal_basis}." if case.legal_basis else ""
        drafts.append(
            (
                render("training.q.decides", lang, matter=case.rule_title.lower()),
                answer,
                wrong,
                render("training.q.decides.why", lang, rule=case.rule, decider=answer, basis=basis),
            )
        )
    return drafts


def _deadline_questions(
    config: Configuration, kb: Body, lang: str
) -> list[tuple[str, str, list[str], str]]:
    if config.calendar is None:
        return []
    rules = config.calendar.rules.for_body(kb.id)
    drafts = []
    for kind, spec in (("agenda", rules.agenda), ("intake", rules.intake)):
        if spec is None:
            continue
        answer = _describe(spec, lang)
        amounts = [spec.amount + 3, max(1, spec.amount - 2), spec.amount * 2 + 1]
        wrong = [_describe(dataclasses.replace(spec, amount=a), lang) for a in amounts]
        why = render("training.q.source", lang, basis=spec.basis or "calendar.yaml")
        drafts.append((render(f"training.q.{kind}", lang, body=kb.title(lang)), answer, wrong, why))
    return drafts


def _describe(spec: Any, lang: str) -> str:
    described: Msg = spec.describe()
    return render(described.key, lang, **described.params).strip()


def _period_questions(
    config: Configuration, rng: random.Random, lang: str
) -> list[tuple[str, str, list[str], str]]:
    if config.calendar is None:
        return []
    drafts = []
    for period_id in sorted(config.calendar.periods):
        period = config.calendar.periods[period_id]
        basis = period.basis or period_id
        source = basis.split(":", 1)[0]
        answer = period.length(lang)
        wrong = [
            dataclasses.replace(period, spec=dataclasses.replace(period.spec, amount=a)).length(
                lang
            )
            for a in (
                period.spec.amount + 2,
                max(1, period.spec.amount - 1),
                period.spec.amount * 3,
            )
        ]
        why = render("training.q.source", lang, basis=basis)
        drafts.append((render("training.q.period", lang, source=source), answer, wrong, why))
    # Two of them, drawn: the quiz stays short however many periods a municipality has.
    return rng.sample(drafts, min(2, len(drafts)))


def _closed_question(
    kb: Body, plan: DelegationPlan, lang: str
) -> list[tuple[str, str, list[str], str]]:
    never = [
        t
        for t in (_choice_title(plan, "sagstype", v, lang) for v in sorted(NEVER_CLOSED))
        if t is not None
    ]
    if len(never) < 2:
        return []
    answer = render("training.q.closed.property", lang)
    return [
        (
            render("training.q.closed", lang, body=kb.title(lang)),
            answer,
            never[:3],
            render("training.q.closed.why", lang),
        )
    ]


def _advisory_questions(
    municipality: Municipality, lang: str
) -> list[tuple[str, str, list[str], str]]:
    drafts = []
    for body in municipality.bodies.values():
        if not body.advisory:
            continue
        drafts.append(
            (
                render("training.q.advisory", lang, body=body.title(lang)),
                render("training.q.advisory.no", lang),
                [
                    render("training.q.advisory.yes", lang),
                    render("training.q.advisory.council", lang),
                ],
                render("training.q.advisory.why", lang),
            )
        )
    return drafts[:1]


def _fixed_questions(
    config: Configuration, kb: Body, lang: str
) -> list[tuple[str, str, list[str], str]]:
    if config.calendar is None:
        return []
    fixed = config.calendar.fixed_items
    own = fixed.for_body(kb.id)
    default = fixed.default
    extra = [
        i for i in (*own.opening, *own.closing) if i not in (*default.opening, *default.closing)
    ]
    if not extra:
        return []
    wrong = [*default.opening, *default.closing]
    items = ", ".join((*own.opening, *own.closing))
    why = render("training.q.fixed.why", lang, body=kb.title(lang), items=items)
    return [(render("training.q.fixed", lang, body=kb.title(lang)), extra[0], wrong, why)]


def _workflow_questions(
    config: Configuration, plan: DelegationPlan, rng: random.Random, lang: str
) -> list[tuple[str, str, list[str], str]]:
    table = plan.workflows
    if table is None or not table.by_value:
        return []
    titles = {
        w.id: (w.title_en or w.title) if lang == "en" else w.title
        for w in config.workflows.values()
    }
    drafts = []
    for value in rng.sample(sorted(table.by_value), min(2, len(table.by_value))):
        workflow = table.by_value[value]
        answer = titles.get(workflow, workflow)
        wrong = [titles[w] for w in sorted(titles) if w != workflow]
        rng.shuffle(wrong)
        matter = _choice_title(plan, table.input, value, lang) or value
        why = render("training.q.workflow.why", lang, matter=matter, workflow=answer)
        drafts.append(
            (render("training.q.workflow", lang, matter=matter.lower()), answer, wrong[:3], why)
        )
    return drafts


__all__ = [
    "CASE_ITEMS",
    "AgendaItem",
    "FictiveCase",
    "Line",
    "NoCouncil",
    "NoTrainingCases",
    "QuizQuestion",
    "RoleCard",
    "RolePlay",
    "WorkflowSummary",
    "build_roleplay",
    "council",
    "route_text",
]
