"""Load ``calendar.yaml`` and ``meetings/*.yaml`` into one checked :class:`CalendarConfiguration`.

Like the main loader, this one reports every problem of every file at once, each with file,
line and a hint: schema errors (CW101-CW107, shared with the main loader), then the meeting
plans' own findings (CW710-CW719, see :mod:`casework.domain.meetings` and ``docs/calendar.md``).
Both files are optional: without ``calendar.yaml`` the Danish defaults apply (public holidays,
5 June, 24 and 31 December; Saturday not a hverdag), and without ``meetings/`` there are no
meetings to plan onto.

The working-day calendar covers the years ``calendar.yaml`` names plus one year either side of
every meeting plan (a January deadline is counted back into December), built by
:mod:`casework.adapters.calendar` from the ``holidays`` package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from casework.adapters.calendar import build_calendar
from casework.adapters.config.loader import CW_DUPLICATE_ID, FileNames, SourceFile, present
from casework.adapters.config.meetings_schema import (
    CalendarFile,
    FixedItemRulesModel,
    MeetingPlanFile,
)
from casework.domain.agenda import FixedItems
from casework.domain.errors import ConfigFileError, DefinitionError, Finding, did_you_mean
from casework.domain.meetings import (
    CW_UNKNOWN_BODY,
    Meeting,
    MeetingPlan,
    YearPlanSource,
    check_bodies,
    check_plan,
    generate_year,
)
from casework.domain.messages import Msg, register
from casework.domain.organisation import BodyKind, Municipality
from casework.domain.planning import CalendarConfiguration
from casework.domain.workdays import WorkCalendar

CALENDAR_FILE = "calendar.yaml"
MEETINGS_DIR = "meetings"
CW_DUPLICATE_YEAR = "CW718"

register(
    {
        "meetings.duplicate_year": (
            "der er allerede en mødeplan for {year} ({other})",
            "there is already a meeting plan for {year} ({other})",
        ),
        "meetings.duplicate_fixed_item": (
            "det faste punkt '{title}' står to gange på dagsordenen ({where})",
            "the fixed item '{title}' is on the agenda twice ({where})",
        ),
    }
)


@dataclass(frozen=True, slots=True)
class YearProposal:
    """A year's meetings as ``casework meetings plan`` proposes them, with its findings.

    ``based_on`` names the file whose rules (and, if ``configured``, entries) were used.
    """

    year: int
    meetings: tuple[Meeting, ...]
    findings: tuple[Finding, ...]
    based_on: str | None
    configured: bool


@dataclass(slots=True)
class _PlanFile:
    source: SourceFile
    plan: YearPlanSource


@dataclass(slots=True)
class _Read:
    """The files of one load, before anything is generated."""

    settings: CalendarFile
    calendar_source: SourceFile | None
    plans: dict[int, _PlanFile] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def load_calendar_configuration(
    directory: str | Path,
    municipality: Municipality | None = None,
    *,
    years: Iterable[int] = (),
) -> CalendarConfiguration:
    """The calendar, the planning rules and every year's meetings from ``directory``.

    Args:
        directory: the configuration directory (with ``calendar.yaml`` and ``meetings/``).
        municipality: when given, bodies are checked against it and ØU must meet before KB.
        years: years the calendar must cover besides those of the plans.

    Raises:
        ConfigFileError: the directory does not exist.
        DefinitionError: with every finding of every file.
    """
    read = _read(Path(directory))
    calendar = _calendar(read, years)
    plans: list[Meeting] = []
    findings = list(read.findings)
    if read.calendar_source is not None and municipality is not None:
        findings.extend(_unknown_rule_bodies(read, municipality))
    for year in sorted(read.plans):
        planned = read.plans[year]
        meetings, found = _generate(planned, calendar, municipality, read)
        plans.extend(meetings)
        findings.extend(sorted(found, key=_by_line))
    if findings:
        raise DefinitionError(findings)
    return CalendarConfiguration(
        calendar=calendar,
        meetings=MeetingPlan.of(plans),
        rules=read.settings.deadlines.to_domain(),
        breaks=tuple(b.to_domain() for b in read.settings.breaks),
        periods=MappingProxyType({k: v.to_period(k) for k, v in read.settings.periods.items()}),
        sources=MappingProxyType({y: p.plan for y, p in read.plans.items()}),
        fixed_items=read.settings.fixed_items.to_domain(),
        term=tuple(step.to_domain() for step in read.settings.term),
    )


def propose_year(
    directory: str | Path, year: int, municipality: Municipality | None = None
) -> YearProposal:
    """``year``'s meetings: from its own plan file, or else from the rules of the nearest
    earlier year's file (the nearest later one if none is earlier), with findings.

    Raises:
        ConfigFileError: the directory does not exist.
        DefinitionError: the files themselves do not load (their findings).
    """
    read = _read(Path(directory))
    if read.findings:
        raise DefinitionError(read.findings)
    calendar = _calendar(read, [year])
    if year in read.plans:
        planned = read.plans[year]
        meetings, found = _generate(planned, calendar, municipality, read)
        return YearProposal(year, meetings, tuple(found), planned.source.name, True)
    nearest = _nearest(read.plans, year)
    if nearest is None:
        return YearProposal(year, (), (), None, False)
    rules_only = YearPlanSource(year, rules=nearest.plan.rules, source=nearest.plan.source)
    meetings, found = _generate(_PlanFile(nearest.source, rules_only), calendar, municipality, read)
    return YearProposal(year, meetings, tuple(found), nearest.source.name, False)


def _nearest(plans: dict[int, _PlanFile], year: int) -> _PlanFile | None:
    earlier = [y for y in plans if y < year]
    if earlier:
        return plans[max(earlier)]
    later = [y for y in plans if y > year]
    return plans[min(later)] if later else None


# --------------------------------------------------------------------------- reading
def _read(root: Path) -> _Read:
    if not root.is_dir():
        raise ConfigFileError(file=str(root), detail=Msg("config.no_directory"))
    names = FileNames(root)
    settings = CalendarFile.model_validate({"schema_version": 1})
    calendar_source: SourceFile | None = None
    findings: list[Finding] = []
    path = root / CALENDAR_FILE
    if present(path):
        calendar_source = SourceFile.read(path, names)
        model = calendar_source.validate(CalendarFile)
        settings = model or settings
        if model is not None:
            _duplicate_fixed_items(calendar_source, model.fixed_items)
        findings.extend(calendar_source.sorted_findings())
    read = _Read(settings, calendar_source, findings=findings)
    for plan_path in _plan_files(root / MEETINGS_DIR):
        source = SourceFile.read(plan_path, names)
        model_plan = source.validate(MeetingPlanFile)
        if model_plan is not None:
            if model_plan.year in read.plans:
                source.add(
                    CW_DUPLICATE_YEAR,
                    "meetings.duplicate_year",
                    "year",
                    year=model_plan.year,
                    other=read.plans[model_plan.year].source.name,
                )
            else:
                read.plans[model_plan.year] = _PlanFile(
                    source, model_plan.to_domain(source=source.name)
                )
        read.findings.extend(source.sorted_findings())
    return read


def _plan_files(directory: Path) -> list[Path]:
    # Same rule as for workflows: .yaml and .yml, hidden editor files left out.
    if not directory.is_dir():
        return []
    return sorted(
        p
        for p in directory.iterdir()
        if p.suffix in {".yaml", ".yml"} and not p.name.startswith(".")
    )


def _calendar(read: _Read, years: Iterable[int]) -> WorkCalendar:
    settings = read.settings
    covered: set[int] = set()
    if settings.years is not None:
        covered.update(range(settings.years.first, settings.years.last + 1))
    for year in [*read.plans, *years]:
        covered.update((year - 1, year, year + 1))
    if not covered:
        # Nothing says which years matter: cover the present, so that deadlines still work.
        today = dt.date.today().year
        covered.update(range(today - 1, today + 3))
    holidays = settings.holidays
    return build_calendar(
        min(covered),
        max(covered),
        zone_name=settings.timezone,
        counting=settings.counting.to_domain(),
        country=holidays.country,
        extra=holidays.extra,
        first_of_may=holidays.first_of_may,
        dates=holidays.dates,
    )


# --------------------------------------------------------------------------- checking
def _generate(
    planned: _PlanFile,
    calendar: WorkCalendar,
    municipality: Municipality | None,
    read: _Read,
) -> tuple[tuple[Meeting, ...], list[Finding]]:
    locate = planned.source.locate
    meetings, findings = generate_year(planned.plan, calendar, locate)
    council = finance = None
    names: dict[str, str] = {}
    if municipality is not None:
        findings.extend(check_bodies(planned.plan, municipality.bodies, locate))
        council = _body_of_kind(municipality, BodyKind.COUNCIL)
        finance = _body_of_kind(municipality, BodyKind.FINANCE)
        names = {b.id: b.short for b in municipality.bodies.values()}
    findings.extend(
        check_plan(
            meetings,
            year=planned.plan.year,
            calendar=calendar,
            breaks=tuple(b.to_domain() for b in read.settings.breaks),
            council=council,
            finance=finance,
            names=names,
            locate=locate,
        )
    )
    return meetings, findings


def _body_of_kind(municipality: Municipality, kind: BodyKind) -> str | None:
    return next((b.id for b in municipality.bodies.values() if b.kind is kind), None)


def _unknown_rule_bodies(read: _Read, municipality: Municipality) -> list[Finding]:
    source = read.calendar_source
    assert source is not None  # the caller checks
    known = municipality.bodies
    settings = read.settings
    return [
        Finding(
            CW_UNKNOWN_BODY,
            "meetings.unknown_body",
            {"body": body},
            source.locate(f"{section}.bodies.{body}"),
            did_you_mean(body, known),
        )
        for section, bodies in (
            ("deadlines", settings.deadlines.bodies),
            ("fixed_items", settings.fixed_items.bodies),
        )
        for body in bodies
        if body not in known
    ]


def _duplicate_fixed_items(source: SourceFile, rules: FixedItemRulesModel) -> None:
    """Record every fixed item that would stand twice on one body's agenda (case and spaces
    aside), at the entry the file gives; a body's items count with those it takes over from
    the default."""
    default = rules.default.to_domain(FixedItems())
    entries = [("fixed_items.default", "default", rules.default, FixedItems())]
    entries += [(f"fixed_items.bodies.{b}", b, m, default) for b, m in rules.bodies.items()]
    for path, who, model, base in entries:
        # The first entry of each title: its path and spelling (path None: taken over).
        seen: dict[str, tuple[str | None, str]] = {}
        for part in ("opening", "closing"):
            own = getattr(model, part)
            titles = own if own is not None else getattr(base, part)
            for index, title in enumerate(titles):
                key = " ".join(title.casefold().split())
                here = (f"{path}.{part}[{index}]", title) if own is not None else (None, title)
                if key not in seen:
                    seen[key] = here
                    continue
                where, spelt = here if here[0] is not None else seen[key]
                if where is not None:  # two taken-over ones were reported at the default
                    source.add(
                        CW_DUPLICATE_ID, "meetings.duplicate_fixed_item", where,
                        title=spelt, where=who,
                    )  # fmt: skip


def _by_line(finding: Finding) -> tuple[bool, int]:
    line = finding.location.line if finding.location else None
    return (line is None, line or 0)
