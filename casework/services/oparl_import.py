"""The OParl import use case: read records in, cases with routes and histories out (issue 7).

:func:`import_records` takes what the reader found (:class:`~casework.domain.oparl.SourceData`)
and a store (:class:`~casework.services.ports.oparl.OParlStore`, one transaction) and decides,
per object, whether it is new, changed, unchanged or skipped. Organisations become bodies
(keyed by name), meetings and agenda items are kept as they are, and each paper becomes a case
on the built-in ``oparl`` workflow whose events come from the domain verbs (hash-chained,
replayable, ``audit verify`` passes). Keys are the OParl ids (URLs): a second import of the
same dump finds every digest equal and writes nothing; a changed paper gets new events
appended, never a rewritten history.

:func:`casework.app.import_oparl` is the whole import for callers that hold a path: it has
the adapters read the SOURCE and open the store, so this module stays free of I/O. The report
is :class:`~casework.services.ports.oparl.ImportReport`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from casework.domain.events import canonical_json, format_instant
from casework.domain.oparl import (
    AgendaItem,
    Classification,
    Consultation,
    Diverged,
    Lookups,
    Meeting,
    Organization,
    PlannedCase,
    Skip,
    SourceData,
    build_case,
    extend_case,
    plan_case,
    unique_body_key,
)
from casework.domain.workflow import WorkflowDefinition
from casework.services.ports import Clock
from casework.services.ports.oparl import ImportChanges, ImportReport, OParlStore
from casework.services.ports.progress import OnProgress, Ticker


def _digest(value: Any) -> str:
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()[:32]


def _iso(value: dt.datetime | None) -> str | None:
    return format_instant(value) if value is not None else None


def import_records(
    store: OParlStore,
    data: SourceData,
    *,
    classification: Classification,
    definition: WorkflowDefinition,
    clock: Clock,
    source: str,
    on_progress: OnProgress | None = None,
) -> ImportReport:
    """Import what was read into ``store``; the caller commits. Never raises for bad records.

    ``on_progress(done, total)`` counts papers: one is done when it is found unchanged or
    skipped, or when its new or updated case is written; ``total`` is the papers read.
    """
    now = clock.now()
    stamp = format_instant(now)
    report = ImportReport(
        source=source, other=Counter(data.other), duplicates=Counter(data.duplicates)
    )
    changes = ImportChanges()
    for skip in data.skipped:
        report.skip(skip)
    bodies = _organizations(store, data.organizations.values(), changes, report)
    _meetings(store, data, classification, changes, report)

    lookups = _lookups(data, bodies)
    extra = _standalone_consultations(data, report)
    stored = store.papers()
    counters = dict(store.counters())
    ticker = Ticker(on_progress, len(data.papers))
    ticker.start()
    plans = [
        plan_case(paper, lookups, classification, now, extra.get(paper.id, ()))
        for paper in data.papers.values()
    ]
    plans.sort(key=lambda p: (p.opened, p.paper))
    store.register_workflow(definition, stamp)
    for plan in plans:
        for skip in plan.skipped:
            report.skip(skip)
        consultations = len(data.papers[plan.paper].consultations) + len(extra.get(plan.paper, ()))
        row = {
            "oparl_id": plan.paper,
            "reference": plan.reference,
            "modified": data.papers[plan.paper].modified,
            "digest": plan.digest,
            "updated_at": stamp,
        }
        what = _paper(
            store, plan, row=row, known=stored.get(plan.paper), counters=counters,
            definition=definition, changes=changes,
        )  # fmt: skip
        if what not in {"imported", "updated"}:  # the others count as they are written
            ticker.add()
        if what in {"imported", "updated", "unchanged"}:
            report.count("paper", what)
            report.count("consultation", what, consultations - len(plan.skipped))
        else:
            report.skip(Skip("paper", what, plan.paper, (stored.get(plan.paper) or ("",))[0]))
    report.cases_created = len(changes.new_cases)
    report.cases_updated = len(changes.updated_cases)
    report.events = sum(len(c.pending) for c in changes.new_cases) + sum(
        len(c.pending) for c, _ in changes.updated_cases
    )
    before = store.counters()
    changes.counters = {y: n for y, n in counters.items() if n != before.get(y)}
    store.write(changes, ticker.add if on_progress is not None else None)
    ticker.finish()
    return report


def _paper(
    store: OParlStore,
    plan: PlannedCase,
    *,
    row: dict[str, Any],
    known: tuple[str, str] | None,
    counters: dict[int, int],
    definition: WorkflowDefinition,
    changes: ImportChanges,
) -> str:
    """Import one planned paper; returns imported, updated, unchanged or why it was skipped."""
    if known is None:
        year = plan.opened.year
        counters[year] = counters.get(year, 0) + 1
        case = build_case(f"{year}-{counters[year]:04d}", plan, definition)
        changes.new_cases.append(case)
        changes.papers.append({**row, "case_id": case.id, "imported_at": row["updated_at"]})
        return "imported"
    case_id, old_digest = known
    if old_digest == row["digest"]:
        return "unchanged"
    case, events = store.history(case_id)
    version = case.version
    try:
        new_events = extend_case(case, events, plan, definition)
    except Diverged as exc:
        return exc.reason
    changes.papers.append({**row, "case_id": case_id, "imported_at": None})
    if not new_events:  # what changed (a title, a file) is not part of the case's history
        return "unchanged"
    changes.updated_cases.append((case, version))
    return "updated"


def _standalone_consultations(
    data: SourceData, report: ImportReport
) -> dict[str, list[Consultation]]:
    """Standalone consultations by the paper they name, when the paper does not embed them."""
    extra: defaultdict[str, list[Consultation]] = defaultdict(list)
    embedded = {
        c.id for p in data.papers.values() for c in p.consultations if isinstance(c, Consultation)
    }
    for consultation in data.consultations.values():
        if consultation.id in embedded:
            continue
        if consultation.paper in data.papers:
            extra[consultation.paper].append(consultation)
        elif consultation.paper is None:
            report.skip(Skip("consultation", "missing_field", consultation.id, "paper"))
        else:
            report.skip(
                Skip("consultation", "unknown_reference", consultation.id, consultation.paper)
            )
    return extra


def _organizations(
    store: OParlStore,
    organizations: Iterable[Organization],
    changes: ImportChanges,
    report: ImportReport,
) -> dict[str, str]:
    known = store.organizations()
    bodies = {oparl_id: body for oparl_id, (body, _) in known.items()}
    taken = set(bodies.values())
    for org in sorted(organizations, key=lambda o: o.id):
        digest = _digest([org.name, org.short_name, org.classification, org.modified])
        row = {
            "oparl_id": org.id,
            "name": org.name,
            "short_name": org.short_name,
            "classification": org.classification,
            "modified": org.modified,
            "digest": digest,
        }
        if org.id not in known:
            body = unique_body_key(org.name, taken)
            taken.add(body)
            bodies[org.id] = body
            changes.organizations.append({**row, "body": body})
            report.count("organization", "imported")
        elif known[org.id][1] == digest:
            report.count("organization", "unchanged")
        else:  # the body key stays: routes already name it
            changes.organizations.append({**row, "body": known[org.id][0]})
            report.count("organization", "updated")
    return bodies


def _meetings(
    store: OParlStore,
    data: SourceData,
    classification: Classification,
    changes: ImportChanges,
    report: ImportReport,
) -> None:
    known = store.digests("meeting")
    known_items = store.digests("agenda_item")
    embedded = {i.id for m in data.meetings.values() for i in m.agenda_items}
    for item in data.agenda_items.values():
        if item.id not in embedded:  # served on its own: the meeting names it by URL only
            _agenda_item(item, known_items, classification, changes, report)
    meetings: Iterable[Meeting] = data.meetings.values()
    for meeting in meetings:
        digest = _digest(
            [meeting.name, _iso(meeting.start), list(meeting.organizations), meeting.modified]
        )
        what = _what(known.get(meeting.id), digest)
        report.count("meeting", what)
        if what != "unchanged":
            changes.meetings.append({
                "oparl_id": meeting.id, "name": meeting.name, "start": _iso(meeting.start),
                "organization": meeting.organizations[0] if meeting.organizations else None,
                "modified": meeting.modified, "digest": digest,
            })  # fmt: skip
        for item in meeting.agenda_items:
            _agenda_item(item, known_items, classification, changes, report)


def _agenda_item(
    item: AgendaItem,
    known: Mapping[str, str],
    classification: Classification,
    changes: ImportChanges,
    report: ImportReport,
) -> None:
    decision = classification.decision(item.result).value
    digest = _digest(
        [item.meeting, item.consultation, item.number, item.name, item.result, decision]
    )
    what = _what(known.get(item.id), digest)
    report.count("agenda_item", what)
    if what != "unchanged":
        changes.agenda_items.append({
            "oparl_id": item.id, "meeting": item.meeting, "consultation": item.consultation,
            "number": item.number, "name": item.name, "result": item.result,
            "decision": decision, "digest": digest,
        })  # fmt: skip


def _what(stored: str | None, digest: str) -> str:
    if stored is None:
        return "imported"
    return "unchanged" if stored == digest else "updated"


def _lookups(data: SourceData, bodies: Mapping[str, str]) -> Lookups:
    items: dict[str, AgendaItem] = dict(data.agenda_items)
    for meeting in data.meetings.values():
        items.update((item.id, item) for item in meeting.agenda_items)
    by_consultation = {i.consultation: i for i in items.values() if i.consultation}
    return Lookups(
        bodies=bodies,
        meetings=data.meetings,
        agenda_items=items,
        items_by_consultation=by_consultation,
        consultations=data.consultations,
    )
