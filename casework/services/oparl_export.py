"""casework's own data as an OParl 1.1 object graph: a read-only view for council information
clients (issue 7, item 3).

:func:`export_oparl` reads the configuration and every case once and builds System, Body,
LegislativeTerm, Organization (the political bodies and the centres), Person (only the people
named public), Meeting (the meeting plans), AgendaItem (the agendas as ``casework agenda``
assembles them), Paper (one per case that has a route of bodies), Consultation (one per pass of
the route) and File (each assembled agenda's public document). Object ids are URLs under the
given base URL; :class:`OparlExport` keeps every object by id and every list's members in order,
and the adapter (``casework.adapters.oparl.export_files``) pages the lists and writes or serves
them.

Closed items (*lukkede punkter*, KSL § 10) never leave with their content: a closed case's paper
and agenda items keep their ids, numbers and route, and their name is :data:`CLOSED_NAME`;
nothing else of the case (title, texts, type, reason, dates, files) is exported, and the agenda
documents show the closed item by its number and :data:`CLOSED_NAME` only. The test suite
searches the whole export for planted secrets.

Pure: no I/O. The agenda renderer arrives as a function (bytes out), so sizes and checksums of
the documents can be given without this module knowing HTML.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from casework.domain.agenda import NEVER_CLOSED, Agenda, PublishedAgenda, Visibility
from casework.domain.bilag import bilag_of, public_bilag
from casework.domain.case import Case
from casework.domain.configuration import Configuration
from casework.domain.danish import long_date_da, meeting_when_da, type_suffix
from casework.domain.errors import InvalidBaseUrl
from casework.domain.event_types import CaseAdvanced
from casework.domain.events import CaseEvent
from casework.domain.meetings import Meeting, MeetingKind
from casework.domain.messages import register
from casework.domain.organisation import Body, BodyKind, Municipality
from casework.domain.protocol import PublishedProtocol, protocol_of
from casework.domain.workflow import CaseGraph, CaseStatus, RouteRole, StepKind
from casework.services.meetings import agenda_of, meetings_of
from casework.services.ports import CaseQuery, UnitOfWork
from casework.services.ports.oparl import OPARL, OparlExport, OparlList
from casework.services.resolve import case_graph

if TYPE_CHECKING:
    from casework.domain.planning import CalendarConfiguration

register(
    {
        "error.oparl_export.base_url": (
            "Ugyldig --base-url '{url}': den skal være en http(s)-adresse uden ? og #, "
            "fx http://127.0.0.1:8000/oparl/v1.",
            "Invalid --base-url '{url}': it must be an http(s) address without ? and #, "
            "e.g. http://127.0.0.1:8000/oparl/v1.",
        ),
        "error.oparl_export.not_empty": (
            "Mappen {path} findes og er ikke en tidligere OParl-eksport (ingen index.json); "
            "vælg en tom eller ny mappe.",
            "The folder {path} exists and is not an earlier OParl export (no index.json); "
            "choose an empty or new folder.",
        ),
    }
)

DEFAULT_BASE_URL = "http://127.0.0.1:8000/oparl/v1"
#: The name of a closed paper and a closed agenda item, and their heading in agenda documents.
CLOSED_NAME = "Lukket punkt"

#: casework's route roles as OParl consultation roles, in the German words OParl systems use
#: (Karlsruhe: "Vorberatung", "Entscheidung"), so that importers map them back.
ROLE_TEXT = {
    RouteRole.RECOMMENDS: "Vorberatung",
    RouteRole.DECIDES: "Entscheidung",
    RouteRole.INFORMED: "Kenntnisnahme",
    # Not "Beratung": German servers use that word for preparatory consideration.
    RouteRole.DISCUSSES: "Erörterung",
}
_KIND_TEXT = {
    BodyKind.COUNCIL: "Kommunalbestyrelse",
    BodyKind.FINANCE: "Økonomiudvalg",
    BodyKind.STANDING: "Stående udvalg",
    BodyKind.TASK: "Opgaveudvalg (§ 17, stk. 4)",
}
#: Danish councils sit for four years from 1 January after the election (valg 2021, 2025, …).
_TERM_START = 2022
_TERM_YEARS = 4
#: Cases read per round trip.
_PAGE = 500


def check_base_url(url: str) -> str:
    """``url`` without a trailing slash. Raises InvalidBaseUrl unless absolute http(s)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise InvalidBaseUrl(url=url)
    return url.strip().rstrip("/")


def is_closed(case: Case) -> bool:
    """Whether the case is a closed item: proposed closed, and of a kind that may be closed.

    The same rule as the agenda's (plans and the budget are always taken in open session), so
    a paper and its agenda items agree.
    """
    attrs = case.attributes
    return attrs.get("lukket") is True and attrs.get("sagstype") not in NEVER_CLOSED


def export_oparl(
    reader: Callable[[], UnitOfWork],
    config: Configuration,
    *,
    base_url: str = DEFAULT_BASE_URL,
    today: dt.date,
    public_people: Collection[str] = (),
    render: Callable[[PublishedAgenda], bytes] | None = None,
    render_protocol: Callable[[PublishedProtocol], bytes] | None = None,
    bilag_content: Callable[[str], bytes | None] | None = None,
) -> OparlExport:
    """The OParl 1.1 graph of the municipality, its meetings and every case with a route.

    Args:
        reader: read-only units of work.
        config: the configuration (the meeting plan is optional: without it, no meetings).
        base_url: where the objects will be served; ids are URLs under it.
        today: the day agendas are assembled for (a late planned case is flagged as such).
        public_people: ids of people to publish as Persons (none by default: officials are
            not public; see docs/oparl-export.md).
        render: the public agenda as a document (HTML); without it, no Files.
        render_protocol: the public protocol as a document (HTML); without it, no
            ``resultsProtocol`` (``result`` and ``resolutionText`` are given either way).
        bilag_content: a bilag file's bytes by its SHA-256; with it, each open bilag of an
            open case is a File of its Paper (``auxiliaryFile``). Closed bilag, and every
            bilag of a closed case, are never exported.

    Raises:
        InvalidBaseUrl: ``base_url`` is not an absolute http(s) URL.
        UnknownPerson: a public person is not in municipality.yaml.
    """
    graph = _Builder(check_base_url(base_url), config, today, render)
    graph.render_protocol = render_protocol
    graph.bilag_content = bilag_content
    graph.organisation(public_people)
    bodies = config.municipality.bodies
    with reader() as uow:
        # A case on a route of bodies this municipality does not have (one imported from another
        # council's OParl data) belongs to that council's system, not to this export.
        cases = [
            c
            for c in sorted(_all_cases(uow), key=lambda c: c.id)
            if c.route and all(e.body in bodies for e in c.route)
        ]
        graphs = {c.id: case_graph(config, c, uow) for c in cases}
        events = {c.id: uow.cases.events(c.id) for c in cases}
        # A meeting with a record has the agenda its record holds (frozen once sent), whether
        # or not a case still waits for it.
        records = meetings_of(uow).list()
        recorded = {(m.body, m.date) for m in records}
        names = {b.id: b.name for b in config.municipality.bodies.values()}
        # Only published minutes, and only their public version, leave with the export.
        graph.protocols = {
            (m.body, m.date): protocol_of(m, body_names=names).publish(Visibility.PUBLIC)
            for m in records
            if m.published_on is not None
        }
    graph.exported = {c.id for c in cases}
    for case in cases:
        graph.passes_of(case, graphs[case.id], events[case.id])
    graph.meetings(reader, cases, graphs, recorded)
    for case in cases:
        graph.paper(case, graphs[case.id], events[case.id])
    return graph.result()


def _all_cases(uow: UnitOfWork) -> Iterator[Case]:
    offset = 0
    while True:
        page = uow.cases.list(CaseQuery(status=None, limit=_PAGE, offset=offset))
        yield from page
        if len(page) < _PAGE:
            return
        offset += _PAGE


class _Builder:
    """Collects the objects and lists; one per export."""

    def __init__(
        self,
        base: str,
        config: Configuration,
        today: dt.date,
        render: Callable[[PublishedAgenda], bytes] | None,
    ) -> None:
        self.base = base
        self.config = config
        self.municipality: Municipality = config.municipality
        self.today = today
        self.render = render
        self.render_protocol: Callable[[PublishedProtocol], bytes] | None = None
        self.bilag_content: Callable[[str], bytes | None] | None = None
        #: (body, date) → the public protocol of each meeting whose minutes are published.
        self.protocols: dict[tuple[str, dt.date], PublishedProtocol] = {}
        self.objects: dict[str, dict[str, Any]] = {}
        self.members: dict[str, list[str]] = defaultdict(list)
        self.documents: dict[str, bytes] = {}
        self.body_url = self.url("bodies", self.municipality.id)
        #: (body, date) → meeting URL, for every meeting of the plan.
        self.meeting_urls: dict[tuple[str, dt.date], str] = {}
        #: (case id, body) → (meeting URL, agenda item URL) from the assembled agendas.
        #: (case, body, pass) → (meeting, agenda item) of the agenda that holds that pass.
        self.on_agenda: dict[tuple[str, str, int], tuple[str, str]] = {}
        #: case → per route position: the body, its pass (1, 2 … for a body met again) and the
        #: day of the meeting that held or is planned to hold it.
        self.passes: dict[str, list[tuple[str, int, dt.date | None]]] = {}
        #: case → (body, pass) of the meeting step it waits at, if any.
        self.waiting: dict[str, tuple[str, int]] = {}
        #: The ids of the cases exported as papers (agenda items link only to those).
        self.exported: set[str] = set()
        #: body → the days of its ordinary meetings (the ones that take cases), in order.
        self.ordinary: dict[str, list[dt.date]] = defaultdict(list)
        calendar = config.calendar
        for meeting in sorted(calendar.meetings.meetings if calendar else (), key=lambda m: m.date):
            if meeting.kind is not MeetingKind.EXTRA:
                self.ordinary[meeting.body].append(meeting.date)

    # ------------------------------------------------------------------ ids and lists
    def url(self, *segments: str) -> str:
        return "/".join([self.base, *(quote(s, safe="") for s in segments)])

    def list_url(self, name: str) -> str:
        return f"{self.body_url}/{name}"

    def add(self, kind: str, obj: dict[str, Any], *lists: str) -> dict[str, Any]:
        obj = {"type": OPARL + kind, **obj}
        self.objects[obj["id"]] = obj
        for name in lists:
            self.members[name].append(obj["id"])
        return obj

    def result(self) -> OparlExport:
        system = self.url("system")
        bodies = self.url("bodies")
        self.add(
            "System",
            {
                "id": system,
                "oparlVersion": OPARL,
                "name": f"casework – {self.municipality.name}",
                "body": bodies,
            },
        )
        names = (
            "organizations", "people", "meetings", "papers", "agendaitems",
            "consultations", "files", "legislativeterms",
        )  # fmt: skip
        lists = [OparlList(bodies, (self.body_url,))]
        lists += [OparlList(self.list_url(n), tuple(self.members[n])) for n in names]
        return OparlExport(
            base_url=self.base,
            system=system,
            objects=dict(sorted(self.objects.items())),
            lists=tuple(lists),
            documents=dict(sorted(self.documents.items())),
        )

    # ------------------------------------------------------------------ organisation
    def organisation(self, public_people: Collection[str]) -> None:
        municipality = self.municipality
        terms = [self.term(start) for start in self.term_starts()]
        self.add(
            "Body",
            {
                "id": self.body_url,
                "system": self.url("system"),
                "name": municipality.name,
                "shortName": municipality.id,
                "classification": "Kommune",
                "organization": self.list_url("organizations"),
                "person": self.list_url("people"),
                "meeting": self.list_url("meetings"),
                "paper": self.list_url("papers"),
                "agendaItem": self.list_url("agendaitems"),
                "consultation": self.list_url("consultations"),
                "file": self.list_url("files"),
                "legislativeTermList": self.list_url("legislativeterms"),
                "legislativeTerm": terms,
            },
        )
        for body in municipality.bodies.values():
            self.add("Organization", self.political(body), "organizations")
        for centre in municipality.centres.values():
            organisation = {
                "id": self.url("organizations", "center", centre.id),
                "body": self.body_url,
                "name": centre.name,
                "organizationType": "Verwaltungsbereich",
                "classification": "Center",
            }
            self.add("Organization", organisation, "organizations")
        for person_id in sorted(set(public_people)):
            person = municipality.person(person_id)
            roles = [municipality.roles[r].label() for r in sorted(person.roles)]
            self.add(
                "Person",
                {
                    "id": self.url("people", person.id),
                    "body": self.body_url,
                    "name": person.name,
                    "status": roles,
                },
                "people",
            )

    def political(self, body: Body) -> dict[str, Any]:
        organisation: dict[str, Any] = {
            "id": self.org_url(body.id),
            "body": self.body_url,
            "name": body.name,
            "shortName": body.short,
            "organizationType": "Gremium",
            "classification": _KIND_TEXT[body.kind],
        }
        if body.members is not None:
            organisation["memberCount"] = body.members
        return organisation

    def org_url(self, body: str) -> str:
        return self.url("organizations", "udvalg", body)

    def term_starts(self) -> list[int]:
        calendar = self.config.calendar
        years = {m.date.year for m in calendar.meetings.meetings} if calendar else set()
        return sorted({y - (y - _TERM_START) % _TERM_YEARS for y in years})

    def term(self, start: int) -> dict[str, Any]:
        end = start + _TERM_YEARS - 1
        term = {
            "id": self.url("legislativeterms", f"{start}-{end}"),
            "body": self.body_url,
            "name": f"Valgperioden {start}–{end}",
            "startDate": dt.date(start, 1, 1).isoformat(),
            "endDate": dt.date(end, 12, 31).isoformat(),
        }
        return self.add("LegislativeTerm", term, "legislativeterms")

    # ------------------------------------------------------------------ meetings
    def meetings(
        self,
        reader: Callable[[], UnitOfWork],
        cases: list[Case],
        graphs: Mapping[str, CaseGraph],
        recorded: set[tuple[str, dt.date]],
    ) -> None:
        calendar = self.config.calendar
        if calendar is None:
            return
        zone = calendar.calendar.zone or dt.UTC
        with_agenda = _agenda_meetings(cases, graphs, calendar, self.ordinary) | recorded
        for meeting in sorted(calendar.meetings.meetings, key=lambda m: (m.start, m.body)):
            if meeting.body not in self.municipality.bodies:
                continue
            url = self.url("meetings", f"{meeting.body}-{meeting.date.isoformat()}")
            self.meeting_urls[meeting.key] = url
            body = self.municipality.bodies[meeting.body]
            obj: dict[str, Any] = {
                "id": url,
                "name": f"{body.name} – {meeting_when_da(meeting.date, meeting.time)}",
                "start": meeting.starts_at(zone).isoformat(),
                "organization": [self.org_url(meeting.body)],
            }
            if meeting.kind is MeetingKind.EXTRA:
                obj["keyword"] = ["ekstraordinært møde"]
            if meeting.key in with_agenda:
                agenda = agenda_of(reader, self.config, meeting.body, meeting.date, self.today)
                protocol = self.protocols.get(meeting.key)
                obj["agendaItem"] = self.agenda_items(url, agenda, protocol)
                document = self.agenda_file(url, meeting, agenda)
                if document is not None:
                    obj["invitation"] = document
                if protocol is not None:
                    results = self.protocol_file(url, meeting, protocol)
                    if results is not None:
                        obj["resultsProtocol"] = results
            self.add("Meeting", obj, "meetings")

    def agenda_items(
        self, meeting_url: str, agenda: Agenda, protocol: PublishedProtocol | None = None
    ) -> list[dict[str, Any]]:
        items = []
        stem = f"{agenda.body}-{agenda.date.isoformat()}"
        decided = {i.number: i for i in protocol.items} if protocol is not None else {}
        for item in agenda.items:
            url = self.url("agendaitems", f"{stem}-{item.number}")
            obj: dict[str, Any] = {
                "id": url,
                "meeting": meeting_url,
                "number": str(item.number),
                "order": item.number,
                "name": CLOSED_NAME if item.closed else item.title,
                "public": not item.closed,
            }
            minutes = decided.get(item.number)
            if minutes is not None and not item.closed and not minutes.closed:
                if minutes.outcome_text:
                    obj["result"] = minutes.outcome_text
                if minutes.decision_text:
                    obj["resolutionText"] = minutes.decision_text
            if item.content is not None and item.content.case_id in self.exported:
                case_id = item.content.case_id
                visit = self.pass_on(case_id, agenda.body, agenda.date)
                obj["consultation"] = self.consultation_url(case_id, agenda.body, visit)
                self.on_agenda[(case_id, agenda.body, visit)] = (meeting_url, url)
            items.append(self.add("AgendaItem", obj, "agendaitems"))
        return items

    def agenda_file(
        self, meeting_url: str, meeting: Meeting, agenda: Agenda
    ) -> dict[str, Any] | None:
        if self.render is None:
            return None
        data = self.render(_neutral(agenda.publish(Visibility.PUBLIC)))
        stem = f"{meeting.body}-{meeting.date.isoformat()}-dagsorden"
        access = self.url("files", f"{stem}.html")
        self.documents[access] = data
        document = {
            "id": self.url("files", stem),
            "name": f"Dagsorden – {agenda.body_name} – {long_date_da(meeting.date)}",
            "fileName": f"{stem}.html",
            "mimeType": "text/html",
            "date": meeting.date.isoformat(),
            "size": len(data),
            "sha1Checksum": hashlib.sha1(data, usedforsecurity=False).hexdigest(),
            "accessUrl": access,
            "meeting": [meeting_url],
        }
        return self.add("File", document, "files")

    def protocol_file(
        self, meeting_url: str, meeting: Meeting, protocol: PublishedProtocol
    ) -> dict[str, Any] | None:
        if self.render_protocol is None:
            return None
        data = self.render_protocol(_neutral_protocol(protocol))
        stem = f"{meeting.body}-{meeting.date.isoformat()}-protokol"
        access = self.url("files", f"{stem}.html")
        self.documents[access] = data
        document = {
            "id": self.url("files", stem),
            "name": f"Beslutningsprotokol – {protocol.body_name} – {long_date_da(meeting.date)}",
            "fileName": f"{stem}.html",
            "mimeType": "text/html",
            "date": (protocol.published_on or meeting.date).isoformat(),
            "size": len(data),
            "sha1Checksum": hashlib.sha1(data, usedforsecurity=False).hexdigest(),
            "accessUrl": access,
            "meeting": [meeting_url],
        }
        return self.add("File", document, "files")

    # ------------------------------------------------------------------ papers
    def consultation_url(self, case_id: str, body: str, visit: int = 1) -> str:
        # A body the route meets again has a consultation per pass; the first keeps its URL.
        return self.url("consultations", f"{case_id}-{body}" + (f"-{visit}" if visit > 1 else ""))

    def passes_of(self, case: Case, graph: CaseGraph, events: list[CaseEvent]) -> None:
        """Note each pass of ``case``'s route with its meeting day, and where the case waits."""
        held = _meetings_held(graph, events, self.config.calendar, self.ordinary)
        seen: Counter[str] = Counter()
        passes: list[tuple[str, int, dt.date | None]] = []
        for position, entry in enumerate(case.route):
            seen[entry.body] += 1
            day = held.get(position) or _planned_day(case, graph, position)
            passes.append((entry.body, seen[entry.body], day))
        self.passes[case.id] = passes
        node = graph.steps.get(case.step)
        if node is not None and node.position is not None and node.position < len(passes):
            body, visit, _ = passes[node.position]
            self.waiting[case.id] = (body, visit)

    def pass_on(self, case_id: str, body: str, day: dt.date) -> int:
        """Which pass of ``body`` the agenda of ``day`` holds: the one held or planned that
        day, else the one the case waits at, else the first."""
        for other, visit, on in self.passes.get(case_id, ()):
            if other == body and on == day:
                return visit
        waiting = self.waiting.get(case_id)
        return waiting[1] if waiting is not None and waiting[0] == body else 1

    def paper(self, case: Case, graph: CaseGraph, events: list[CaseEvent]) -> None:
        url = self.url("papers", case.id)
        closed = is_closed(case)
        passes = self.passes[case.id]
        consultations = []
        for entry, (_, visit, day) in zip(case.route, passes, strict=True):
            obj: dict[str, Any] = {
                "id": self.consultation_url(case.id, entry.body, visit),
                "paper": url,
                "organization": [self.org_url(entry.body)],
                "role": ROLE_TEXT[entry.role],
                "authoritative": entry.role is RouteRole.DECIDES,
                "keyword": [entry.role.value],
            }
            found = self.on_agenda.get((case.id, entry.body, visit))
            if found is not None:
                obj["meeting"], obj["agendaItem"] = found
            else:
                meeting = self.meeting_urls.get((entry.body, day)) if day else None
                if meeting is not None:
                    obj["meeting"] = meeting
            consultations.append(self.add("Consultation", obj, "consultations"))
        paper: dict[str, Any] = {"id": url, "body": self.body_url}
        if closed:
            paper["name"] = CLOSED_NAME
        else:
            opened = _instant(case.opened_at)
            paper |= {
                "name": case.title,
                "reference": case.id,
                "date": opened.date().isoformat(),
                "paperType": _paper_type(case),
                "underDirectionOf": [self.url("organizations", "center", case.centre)],
                "created": opened.isoformat(timespec="seconds"),
                "modified": _instant(case.updated_at).isoformat(timespec="seconds"),
            }
        paper["consultation"] = consultations
        files = [] if closed else self.bilag_files(url, events)
        if files:
            paper["auxiliaryFile"] = files
        self.add("Paper", paper, "papers")

    def bilag_files(self, paper_url: str, events: list[CaseEvent]) -> list[dict[str, Any]]:
        """The open bilag of an open case as Files (their bytes among the documents)."""
        if self.bilag_content is None:
            return []
        files = []
        for bilag in public_bilag(bilag_of(events)):
            data = self.bilag_content(bilag.sha256)
            if data is None:
                continue  # a missing file is the audit's finding, not the export's
            stem = f"{bilag.case_id}-bilag-{bilag.number}"
            suffix = bilag.filename.rsplit(".", 1)[-1].lower()
            access = self.url("files", f"{stem}.{suffix}")
            self.documents[access] = data
            document = {
                "id": self.url("files", stem),
                "name": f"Bilag {bilag.number}: {bilag.title}",
                "fileName": bilag.filename,
                "mimeType": bilag.media_type,
                "date": bilag.attached_at[:10],
                "size": len(data),
                "sha1Checksum": hashlib.sha1(data, usedforsecurity=False).hexdigest(),
                "accessUrl": access,
                "paper": [paper_url],
            }
            files.append(self.add("File", document, "files"))
        return files


def _paper_type(case: Case) -> str:
    """The delegation plan's ``sagstype`` where the case has one, else the item type."""
    sagstype = case.attributes.get("sagstype")
    if isinstance(sagstype, str) and sagstype:
        return sagstype
    return type_suffix(case.case_type) or case.case_type


def _neutral(agenda: PublishedAgenda) -> PublishedAgenda:
    """The public agenda with closed items headed :data:`CLOSED_NAME` only, no category.

    The category ("Lukket punkt: Ejendomssag") follows from the reason for closing; the OParl
    export leaves it out, so nothing derived from the reason leaves with the data.
    """
    items = tuple(
        dataclasses.replace(item, heading=CLOSED_NAME, category=None) if item.closed else item
        for item in agenda.items
    )
    return dataclasses.replace(agenda, items=items)


def _neutral_protocol(protocol: PublishedProtocol) -> PublishedProtocol:
    """The public protocol with closed items headed :data:`CLOSED_NAME` only, as
    :func:`_neutral` does for the agenda."""
    items = tuple(
        dataclasses.replace(item, heading=CLOSED_NAME, category=None) if item.closed else item
        for item in protocol.items
    )
    return dataclasses.replace(protocol, items=items)


def _agenda_meetings(
    cases: list[Case],
    graphs: Mapping[str, CaseGraph],
    calendar: CalendarConfiguration,
    ordinary: Mapping[str, list[dt.date]],
) -> set[tuple[str, dt.date]]:
    """The meetings whose agendas may hold a case: the first ordinary meeting of the body a
    case waits at, on or after it arrived, and every meeting a recorded plan names.

    An over-approximation is harmless (the agenda assembled for such a meeting simply holds no
    case); only these agendas are assembled, since each assembly reads every open case.
    """
    found: set[tuple[str, dt.date]] = set()
    for case in cases:
        if case.status is not CaseStatus.OPEN:
            continue
        graph = graphs[case.id]
        node = graph.steps.get(case.step)
        if node is not None and node.body is not None and node.step.kind is StepKind.MEETING:
            entered = _local_day(calendar, case.step_entered_at)
            later = [d for d in ordinary.get(node.body, ()) if d >= entered]
            if later:
                found.add((node.body, later[0]))
        for step_id, due in case.planned.items():
            planned = graph.steps.get(step_id)
            if planned is not None and planned.body is not None:
                found.add((planned.body, dt.date.fromisoformat(due[:10])))
    return found


def _meetings_held(
    graph: CaseGraph,
    events: list[CaseEvent],
    calendar: CalendarConfiguration | None,
    ordinary: Mapping[str, list[dt.date]],
) -> dict[int, dt.date]:
    """Per pass (route position), the day of the last meeting that dealt with the case there.

    The meeting the minutes name (``casework case decide --meeting``); else the meeting whose
    agenda the case was on by the agenda rule (the body's first ordinary meeting on or after
    the day the case reached the body), when that meeting was held by the day of the decision.
    """
    held: dict[int, dt.date] = {}
    entered: dict[str, dt.date] = {}  # concrete step → the day the case last entered it
    for event in events:
        advanced = event.payload
        if not isinstance(advanced, CaseAdvanced):
            continue
        day = _local_day(calendar, event.at)
        source = advanced.from_step
        node = graph.steps.get(source)
        if (
            node is not None
            and node.body is not None
            and node.position is not None
            and node.step.kind is StepKind.MEETING
        ):
            minutes = advanced.minutes
            reached = entered.get(source)
            first = next((d for d in ordinary.get(node.body, ()) if reached and d >= reached), None)
            if minutes is not None and minutes.meeting:
                held[node.position] = dt.date.fromisoformat(minutes.meeting)
            elif first is not None and first <= day:
                held[node.position] = first
        entered[advanced.to_step] = day
    return held


def _instant(text: str) -> dt.datetime:
    """A stored instant (``format_instant``'s fixed-width UTC text) as an aware datetime.

    ``fromisoformat`` reads that text too and is some ten times faster than ``strptime``; an
    export reads every event of every case.
    """
    return dt.datetime.fromisoformat(text)


def _local_day(calendar: CalendarConfiguration | None, instant: str) -> dt.date:
    at = _instant(instant)
    if calendar is not None and calendar.calendar.zone is not None:
        return calendar.calendar.local_date(at)
    return at.date()


def _planned_day(case: Case, graph: CaseGraph, position: int) -> dt.date | None:
    """The meeting day the case's recorded plan gives the pass at route ``position``, if any."""
    for step_id, due in case.planned.items():
        node = graph.steps.get(step_id)
        if node is not None and node.position == position and node.step.kind is StepKind.MEETING:
            return dt.date.fromisoformat(due[:10])
    return None


__all__ = [
    "CLOSED_NAME",
    "DEFAULT_BASE_URL",
    "ROLE_TEXT",
    "check_base_url",
    "export_oparl",
    "is_closed",
]
