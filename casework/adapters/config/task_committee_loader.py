"""Load ``config/opgaveudvalg/*.yaml``: one kommissorium per § 17, stk. 4 task committee (issue 20).

The folder is optional. Like the other loaders, every problem is reported at once with file,
line and a hint: schema errors as CW101-CW107; a committee that is not a task committee of
``municipality.yaml`` (CW910), a ``reports_to`` that is not a standing committee or the finance
committee (CW911), a facilitator who is not among the people (CW912), a period that ends before
it starts (CW913), a legal basis other than KSL § 17, stk. 4 (CW914), a recommendation attribute
the municipality does not declare or accept (CW915), two files for one committee (CW917), and an
external partner who is also listed as a council member (CW919).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, StrictInt, StrictStr

from casework.adapters.config.loader import FileNames, SourceFile
from casework.adapters.config.schema import Id, SchemaVersion, Text, _FileModel
from casework.domain.errors import CaseworkError, DefinitionError, Finding, did_you_mean
from casework.domain.messages import register
from casework.domain.organisation import BodyKind, Municipality
from casework.domain.task_committee import (
    LEGAL_BASIS,
    Kommissorium,
    Partner,
    PartnerSector,
    ProgrammeBlock,
)

FOLDER = "opgaveudvalg"
CW_NOT_TASK = "CW910"
CW_REPORTS_TO = "CW911"
CW_FACILITATOR = "CW912"
CW_PERIOD = "CW913"
CW_LEGAL_BASIS = "CW914"
CW_ATTRIBUTE = "CW915"
CW_TWICE = "CW917"
CW_PARTNER_IN_COUNCIL = "CW919"

register(
    {
        "task.config.not_task": (
            "'{body}' er ikke et opgaveudvalg (kind: opgaveudvalg) i municipality.yaml",
            "'{body}' is not a task committee (kind: opgaveudvalg) in municipality.yaml",
        ),
        "task.config.reports_to": (
            "'{body}' er ikke et stående udvalg eller økonomiudvalget; et opgaveudvalg afgiver "
            "indstilling til et af dem",
            "'{body}' is not a standing committee or the finance committee; a task committee "
            "reports to one of them",
        ),
        "task.config.facilitator": (
            "facilitatoren '{person}' er ikke blandt people i municipality.yaml",
            "the facilitator '{person}' is not among the people in municipality.yaml",
        ),
        "task.config.period": (
            "perioden slutter ({end}) før den begynder ({start})",
            "the period ends ({end}) before it starts ({start})",
        ),
        "task.config.legal_basis": (
            "hjemlen skal være '{expected}' (kommunestyrelseslovens § 17, stk. 4), ikke '{given}'",
            "the legal basis must be '{expected}' (the Local Government Act § 17(4)), "
            "not '{given}'",
        ),
        "task.config.attribute": (
            "indstillingens egenskab '{attribute}': {detail}",
            "the recommendation's attribute '{attribute}': {detail}",
        ),
        "task.config.partner_in_council": (
            "{name} står både blandt kommunalbestyrelsens medlemmer og de eksterne medlemmer; "
            "en ekstern part er ikke medlem af kommunalbestyrelsen",
            "{name} is both among the council members and the external members; an external "
            "partner is not a member of the council",
        ),
        "task.config.twice": (
            "opgaveudvalget '{body}' har allerede et kommissorium i {other}",
            "the task committee '{body}' already has a kommissorium in {other}",
        ),
    }
)

Sector = Literal["erhverv", "videninstitution", "boligsektor", "civilsamfund", "borger"]
BlockKind = Literal["start", "sprint", "work", "evaluation", "break", "close"]


class PartnerModel(_FileModel):
    """An external member (``partners:``): not a council member."""

    name: Text = Field(description="The person's name.")
    organisation: Text = Field(description="The company, institution or organisation.")
    sector: Sector = Field(description="erhverv, videninstitution, boligsektor, …")


class PeriodModel(_FileModel):
    """The committee's period (``period:``)."""

    start: dt.date = Field(description="First day.")
    end: dt.date = Field(description="Last day.")


class BlockModel(_FileModel):
    """One block of the meetings' visual programme."""

    minutes: StrictInt = Field(ge=1, le=480, description="Length in minutes.")
    kind: BlockKind = Field(description="start, sprint, work, evaluation, break or close.")
    title: Text = Field(description="What happens.")
    note: StrictStr = Field("", description="A line under the title.")


class RecommendationModel(_FileModel):
    """How the written recommendation becomes a case (``recommendation:``)."""

    attributes: dict[Id, Any] = Field(
        default_factory=dict, description="Case attributes; the delegation plan routes by them."
    )


class KommissoriumFile(_FileModel):
    """``config/opgaveudvalg/<body>.yaml``."""

    schema_version: SchemaVersion = Field(description="Version of this file format; always 1.")
    committee: Id = Field(description="The task committee's body id in municipality.yaml.")
    title: Text = Field(description="The committee's name as the material writes it.")
    legal_basis: Text = Field(LEGAL_BASIS, description="Always KSL § 17, stk. 4.")
    mandate: Text = Field(description="The task the council gave the committee.")
    goals: tuple[Text, ...] = Field(min_length=1, description="What its sprints are evaluated by.")
    period: PeriodModel
    reports_to: Id = Field(description="The standing committee its recommendations go to.")
    facilitator: Id = Field(description="The person (people id) who facilitates its work.")
    council_members: tuple[Text, ...] = Field(min_length=1, description="Council members.")
    partners: tuple[PartnerModel, ...] = Field((), description="External members.")
    sprint_hours: StrictInt = Field(40, ge=1, le=1000, description="A sprint's resources.")
    programme: tuple[BlockModel, ...] = Field(min_length=1, description="The visual programme.")
    recommendation: RecommendationModel = Field(default_factory=RecommendationModel)


def load_kommissorier(
    directory: str | Path, municipality: Municipality | None = None
) -> dict[str, Kommissorium]:
    """Every kommissorium of ``directory``/opgaveudvalg, by committee (empty without the folder).

    Raises:
        DefinitionError: with every finding of every file.
    """
    root = Path(directory)
    folder = root / FOLDER
    found: dict[str, Kommissorium] = {}
    where: dict[str, str] = {}
    findings: list[Finding] = []
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.y*ml")):
        source = SourceFile.read(path, FileNames(root))
        model = source.validate(KommissoriumFile)
        if model is not None:
            if municipality is not None:
                _check(source, model, municipality)
            if model.committee in where:
                source.add(CW_TWICE, "task.config.twice", "committee", body=model.committee,
                           other=where[model.committee])  # fmt: skip
            where.setdefault(model.committee, source.name)
        file_findings = source.sorted_findings()
        findings.extend(file_findings)
        if model is not None and not file_findings:
            found[model.committee] = _to_domain(model)
    if findings:
        raise DefinitionError(findings)
    return found


def _check(source: SourceFile, model: KommissoriumFile, municipality: Municipality) -> None:
    bodies = municipality.bodies
    body = bodies.get(model.committee)
    if body is None or body.kind is not BodyKind.TASK:
        tasks = [b.id for b in bodies.values() if b.kind is BodyKind.TASK]
        source.add(CW_NOT_TASK, "task.config.not_task", "committee",
                   did_you_mean(model.committee, tasks), body=model.committee)  # fmt: skip
    target = bodies.get(model.reports_to)
    if target is None or target.kind not in {BodyKind.STANDING, BodyKind.FINANCE}:
        standing = [b.id for b in bodies.values()
                    if b.kind in {BodyKind.STANDING, BodyKind.FINANCE}]  # fmt: skip
        source.add(CW_REPORTS_TO, "task.config.reports_to", "reports_to",
                   did_you_mean(model.reports_to, standing), body=model.reports_to)  # fmt: skip
    council = {_name(member) for member in model.council_members}
    for index, partner in enumerate(model.partners):
        if _name(partner.name) in council:
            source.add(CW_PARTNER_IN_COUNCIL, "task.config.partner_in_council",
                       f"partners.{index}.name", name=partner.name)  # fmt: skip
    if model.facilitator not in municipality.people:
        source.add(CW_FACILITATOR, "task.config.facilitator", "facilitator",
                   did_you_mean(model.facilitator, municipality.people),
                   person=model.facilitator)  # fmt: skip
    if model.period.end < model.period.start:
        period = model.period
        source.add(CW_PERIOD, "task.config.period", "period.end",
                   start=period.start.isoformat(), end=period.end.isoformat())  # fmt: skip
    if " ".join(model.legal_basis.split()) != LEGAL_BASIS:
        source.add(CW_LEGAL_BASIS, "task.config.legal_basis", "legal_basis",
                   expected=LEGAL_BASIS, given=model.legal_basis)  # fmt: skip
    for name, value in model.recommendation.attributes.items():
        try:
            municipality.check_attributes({name: value})
        except CaseworkError as exc:
            detail = exc.message("da").split("] ", 1)[-1]
            where = f"recommendation.attributes.{name}"
            source.add(CW_ATTRIBUTE, "task.config.attribute", where,
                       attribute=name, detail=detail)  # fmt: skip


def _name(text: str) -> str:
    """A member's name without a note in brackets ("Hanne Kofoed (formand)"), for comparing."""
    return " ".join(text.split("(", 1)[0].split()).casefold()


def _to_domain(model: KommissoriumFile) -> Kommissorium:
    return Kommissorium(
        committee=model.committee,
        title=model.title,
        mandate=" ".join(model.mandate.split()),
        goals=tuple(model.goals),
        start=model.period.start,
        end=model.period.end,
        reports_to=model.reports_to,
        facilitator=model.facilitator,
        council_members=tuple(model.council_members),
        partners=tuple(
            Partner(p.name, p.organisation, PartnerSector(p.sector)) for p in model.partners
        ),
        sprint_hours=model.sprint_hours,
        programme=tuple(
            ProgrammeBlock(b.minutes, b.title, b.kind, b.note) for b in model.programme
        ),
        recommendation_attributes=dict(model.recommendation.attributes),
        legal_basis=" ".join(model.legal_basis.split()),
    )


def attributes_of(kommissorium: Kommissorium) -> Mapping[str, Any]:
    """The recommendation case's configured attributes."""
    return kommissorium.recommendation_attributes


CW_NOT_ROUTED = "CW918"

register(
    {
        "task.config.not_routed": (
            "delegationsplanen {plan} sender ikke indstillingen til '{body}' (den går til "
            "'{decider}'); ret recommendation.attributes eller reports_to",
            "the delegation plan {plan} does not take the recommendation to '{body}' (it goes "
            "to '{decider}'); correct recommendation.attributes or reports_to",
        ),
    }
)


def check_routes(
    kommissorier: Mapping[str, Kommissorium], plans: Any, municipality: Municipality
) -> list[Finding]:
    """Findings for each adopted delegation plan that does not route a committee's
    recommendation through the committee it reports to (the plan chooses the case's workflow
    and route, so the kommissorium and the plan must agree)."""
    from casework.domain.delegation import decide_with
    from casework.domain.errors import Location

    findings: list[Finding] = []
    for kommissorium in kommissorier.values():
        for plan in plans:
            if plan.is_draft:
                continue
            where = Location(f"config/{FOLDER}/{kommissorium.committee}.yaml", None,
                             "recommendation.attributes")  # fmt: skip
            try:
                decision = decide_with(plan, kommissorium.recommendation_attributes, municipality)
            except CaseworkError as exc:
                detail = exc.message("da").split("] ", 1)[-1]
                findings.append(Finding(CW_ATTRIBUTE, "task.config.attribute",
                                        {"attribute": "*", "detail": detail}, where))  # fmt: skip
                continue
            bodies = {entry.body for entry in decision.route}
            if kommissorium.reports_to not in bodies:
                findings.append(Finding(
                    CW_NOT_ROUTED, "task.config.not_routed",
                    {"plan": plan.label, "body": kommissorium.reports_to,
                     "decider": decision.decider}, where,
                ))  # fmt: skip
    return findings
