"""The agenda of one meeting: its items in order, numbered, with late and closed items marked.

:func:`assemble` turns the cases planned to a meeting (:class:`Candidate`) into an
:class:`Agenda`. The order follows domain.md §4–5:

1. the fixed opening items, by default "Godkendelse af dagsorden";
2. the open case items, on-time ones first, each group in the order the cases reached the
   meeting step;
3. the fixed closing items, by default "Meddelelser" and "Eventuelt", which are open;
4. the closed items (*lukkede punkter*), last, because KSL § 10 items are "taken last where
   possible": the public can follow every open item, including Eventuelt, before the doors
   close.

The fixed items are configuration (:class:`FixedItemRules`, ``fixed_items`` in
``calendar.yaml``): a default and each body's own, such as the council's citizens' question time
(*spørgetid*, which the council's rules of procedure grant, not the Styrelseslov).

An item is closed when its case proposes it (attribute ``lukket``); the council confirms it when
it approves the agenda (a later increment). Plans, the budget, appointments and elections cannot
be closed: such an item stays open and the agenda carries a warning.

:meth:`Agenda.publish` is the only way an agenda leaves the domain for publication: the public
projection of a closed item holds its number and category and nothing else, so a renderer
handed a public :class:`PublishedAgenda` cannot leak what it never received. Pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from casework.domain.danish import date_da, meeting_when_da, sentence, time_da, type_suffix
from casework.domain.errors import CaseworkError
from casework.domain.messages import register

register(
    {
        "agenda.unknown_body": ("Ukendt organ '{body}'.", "Unknown body '{body}'."),
        "agenda.no_meeting": (
            "{body} har intet møde den {day}; møder i nærheden: {near}.",
            "{body} has no meeting on {day}; meetings nearby: {near}.",
        ),
        "agenda.no_calendar": (
            "Mødeplanen mangler: config/calendar.yaml og config/meetings/.",
            "The meeting plan is missing: config/calendar.yaml and config/meetings/.",
        ),
        "agenda.unknown_person": ("Ukendt person '{person}'.", "Unknown person '{person}'."),
        "agenda.font_missing": (
            "Skrifttypen til PDF mangler: {path}. Installér DejaVu Sans (på Debian: "
            "fonts-dejavu-core); casework finder den gennem fontconfig.",
            "The PDF font is missing: {path}. Install DejaVu Sans (on Debian: "
            "fonts-dejavu-core); casework finds it through fontconfig.",
        ),
        "agenda.bad_format": (
            "Ukendt format '{format}'; brug html, pdf, json eller all.",
            "Unknown format '{format}'; use html, pdf, json or all.",
        ),
    }
)


class UnknownBody(CaseworkError):
    """The body named for an agenda or a meeting calendar is not in municipality.yaml."""

    code = "CW801"
    key = "agenda.unknown_body"


class NoMeetingOnDate(CaseworkError):
    """The body has no meeting on the date asked for."""

    code = "CW802"
    key = "agenda.no_meeting"


class NoMeetingPlan(CaseworkError):
    """Agendas need the meeting plan, and ``config/`` has none."""

    code = "CW803"
    key = "agenda.no_calendar"


class UnknownPerson(CaseworkError):
    """The person whose deadlines are asked for is not in municipality.yaml."""

    code = "CW804"
    key = "agenda.unknown_person"


class FontMissing(CaseworkError):
    """The TrueType font the PDF needs for Danish letters is not installed."""

    code = "CW805"
    key = "agenda.font_missing"


class UnknownFormat(CaseworkError):
    """A publication format other than html, pdf, json or all."""

    code = "CW806"
    key = "agenda.bad_format"


LATE_TEXT = "Sagen er optaget efter fristen"
#: The mark of an item booked after the agenda was sent (a tillægsdagsorden).
SUPPLEMENTARY_TEXT = "Tillægsdagsorden: punktet er optaget efter udsendelsen"
#: The mark of a sent item that was later corrected (a rettelsesblad), and of one withdrawn.
CORRECTED_TEXT = "Rettelsesblad, version {version}"
WITHDRAWN_TEXT = "Punktet er udgået"
OPENING_ITEMS = ("Godkendelse af dagsorden",)
CLOSING_ITEMS = ("Meddelelser", "Eventuelt")


@dataclass(frozen=True, slots=True)
class FixedItems:
    """The standing items (faste punkter) a body's agenda opens and closes with; open items
    with no case behind them, numbered with the others."""

    opening: tuple[str, ...] = OPENING_ITEMS
    closing: tuple[str, ...] = CLOSING_ITEMS


@dataclass(frozen=True, slots=True)
class FixedItemRules:
    """The default fixed items and the bodies' own (each list given replaces the default's)."""

    default: FixedItems = FixedItems()
    bodies: Mapping[str, FixedItems] = field(default_factory=dict)

    def for_body(self, body: str) -> FixedItems:
        """``body``'s fixed items."""
        return self.bodies.get(body, self.default)


#: Sagstyper that may never be closed (domain.md §5): plans and the budget.
NEVER_CLOSED = frozenset(
    {"lokalplan", "kommuneplan", "kommuneplantillaeg", "planstrategi", "budget"}
)


class ClosedCategory(StrEnum):
    """The model rules' default categories of closed items (KSL § 10; domain.md §5)."""

    PERSONFORHOLD = "personforhold"
    EJENDOMSHANDEL = "ejendomshandel"
    UDBUD = "udbud"
    LAAN = "laan"

    @property
    def heading(self) -> str:
        """The public heading's category, as LTK writes "Lukket punkt: Ejendomssag"."""
        return _CATEGORY_TITLES[self]


_CATEGORY_TITLES = {
    ClosedCategory.PERSONFORHOLD: "Personsag",
    ClosedCategory.EJENDOMSHANDEL: "Ejendomssag",
    ClosedCategory.UDBUD: "Udbud og tilbud",
    ClosedCategory.LAAN: "Lånesag",
}
#: The public heading's category when the case gives no (known) reason.
UNSPECIFIED_CATEGORY = "Fortrolig sag"


class Visibility(StrEnum):
    """Which version of an agenda: the public one or the members' full one."""

    PUBLIC = "offentlig"
    FULL = "fuld"


@dataclass(frozen=True, slots=True)
class Decision:
    """An earlier body's decision on the case: "Teknik- og Miljøudvalget den 10. marts 2026: …"."""

    body: str  # the body's full name
    day: dt.date
    outcome: str  # the action's Danish title: "Anbefales", "Godkendt", …
    comment: str | None = None

    def text(self) -> str:
        """The decision as one line for the agenda."""
        line = f"{self.body} den {date_da(self.day)}: {sentence(self.outcome)}"
        return f"{line} {sentence(self.comment)}" if self.comment else line


@dataclass(frozen=True, slots=True)
class BilagLink:
    """An open bilag as an agenda item lists it: "Bilag 2: Kort over området (PDF, 312 kB)".

    Only open bilag become links (:func:`casework.domain.bilag.public_bilag`); ``href`` is the
    web app's download route, which checks access again.
    """

    number: int
    title: str
    kind: str
    size: int
    href: str

    @property
    def text(self) -> str:
        """The line an agenda prints."""
        return f"Bilag {self.number}: {self.title} ({self.kind}, {_size_da(self.size)})"

    def as_json(self) -> dict[str, Any]:
        """Stable keys for JSON publication."""
        return {"number": self.number, "title": self.title, "kind": self.kind,
                "size": self.size, "href": self.href}  # fmt: skip


def _size_da(size: int) -> str:
    if size < 1024:
        return f"{size} byte"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} kB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


@dataclass(frozen=True, slots=True)
class CaseContent:
    """What a case contributes to an agenda item (domain.md §4); texts may be empty."""

    case_id: str
    case_number: str  # ESDH reference or the case id: opaque
    title: str
    case_type: str  # the workflow's: beslutning, orientering, administrativ
    sagstype: str | None = None
    resume: str | None = None
    sagsfremstilling: str | None = None
    oekonomi: str | None = None
    indstilling: tuple[str, ...] = ()
    bilag: tuple[str, ...] = ()
    decisions: tuple[Decision, ...] = ()
    kle: str | None = None
    #: The case's open bilag (attached files); closed bilag never reach an agenda.
    files: tuple[BilagLink, ...] = ()
    #: A discussion's facilitation kit as lines: format, programme, questions, materials
    #: (issue 20, :mod:`casework.domain.facilitation`).
    facilitation: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        """The title with its type suffix: "Lokalplan 212 for Virum Bytorv (Beslutning)"."""
        suffix = type_suffix(self.case_type)
        return f"{self.title} ({suffix})" if suffix else self.title


@dataclass(frozen=True, slots=True)
class Candidate:
    """A case planned to the meeting, as the service found it."""

    content: CaseContent
    entered: dt.date  # the day it entered the meeting step (local date)
    closed: bool = False  # proposed closed (attribute ``lukket``)
    closed_reason: str | None = None  # attribute ``lukket_grund``
    #: A booked item's place in the booking order (0 for a derived agenda, which orders by entry).
    rank: int = 0
    #: Late as the meeting's record says (booked after the close); None: entered after deadline.
    late: bool | None = None


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One numbered item: fixed (no case) or a case's."""

    number: int
    title: str
    content: CaseContent | None = None
    closed: bool = False
    category: ClosedCategory | None = None
    late: bool = False
    entered: dt.date | None = None
    #: Marks of a meeting's record (``casework.domain.meeting_record``): on a tillægsdagsorden,
    #: the version of a corrected item with the correction's reason, the reason it was withdrawn.
    supplementary: bool = False
    version: int = 1
    correction: str | None = None
    withdrawn: str | None = None

    @property
    def fixed(self) -> bool:
        """A standard item with no case behind it."""
        return self.content is None

    @property
    def public_heading(self) -> str:
        """The heading the public may see."""
        if not self.closed:
            return self.title
        return closed_heading(self.category)


@dataclass(frozen=True, slots=True)
class AgendaWarning:
    """Something the secretariat must look at before the agenda goes out (full version only)."""

    kind: str  # cannot_close, no_reason
    case_id: str
    text: str


@dataclass(frozen=True, slots=True)
class Agenda:
    """The agenda of one meeting, assembled; publish it through :meth:`publish`."""

    body: str
    body_name: str
    date: dt.date
    time: dt.time
    deadline: dt.date | None  # the agenda's close (publication) deadline
    items: tuple[AgendaItem, ...]
    warnings: tuple[AgendaWarning, ...] = ()
    municipality: str = ""
    #: The day the agenda was sent: from then on it is the frozen snapshot, not assembled.
    sent_on: dt.date | None = None
    #: What the meeting's record says about the meeting itself ("Mødet er aflyst.").
    notice: str | None = None

    def publish(self, visibility: Visibility) -> PublishedAgenda:
        """The projection for ``visibility``: the public one holds no closed-item content."""
        full = visibility is Visibility.FULL
        return PublishedAgenda(
            visibility=visibility,
            municipality=self.municipality,
            body=self.body,
            body_name=self.body_name,
            date=self.date,
            time=self.time,
            when=meeting_when_da(self.date, self.time),
            deadline=self.deadline,
            items=tuple(_published(item, full) for item in self.items),
            warnings=tuple(w.text for w in self.warnings) if full else (),
            sent_on=self.sent_on,
            notice=self.notice,
        )


@dataclass(frozen=True, slots=True)
class PublishedItem:
    """One item as a version of the agenda shows it; public closed items are heading only."""

    number: int
    heading: str
    fixed: bool = False
    closed: bool = False
    late: bool = False
    category: str | None = None
    case_number: str | None = None
    kle: str | None = None
    resume: str | None = None
    sagsfremstilling: str | None = None
    oekonomi: str | None = None
    indstilling: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    bilag: tuple[str, ...] = ()
    #: The open bilag as links (a public closed item has none).
    files: tuple[BilagLink, ...] = ()
    supplementary: bool = False
    version: int = 1
    withdrawn: bool = False
    #: The item's marks as lines: tillægsdagsorden, rettelsesblad, udgået (renderers print them).
    notes: tuple[str, ...] = ()
    #: A discussion's facilitation kit as lines (issue 20); never on a public closed item.
    facilitation: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """Stable keys for JSON publication."""
        return {
            "number": self.number,
            "heading": self.heading,
            "fixed": self.fixed,
            "closed": self.closed,
            "late": self.late,
            "late_text": LATE_TEXT if self.late else None,
            "category": self.category,
            "case_number": self.case_number,
            "kle": self.kle,
            "resume": self.resume,
            "sagsfremstilling": self.sagsfremstilling,
            "oekonomi": self.oekonomi,
            "indstilling": list(self.indstilling),
            "decisions": list(self.decisions),
            "bilag": list(self.bilag),
            "files": [f.as_json() for f in self.files],
            "supplementary": self.supplementary,
            "version": self.version,
            "withdrawn": self.withdrawn,
            "notes": list(self.notes),
            # Only when there is a kit: the JSON of every other item stays as it was published.
            **({"facilitation": list(self.facilitation)} if self.facilitation else {}),
        }


@dataclass(frozen=True, slots=True)
class PublishedAgenda:
    """A version of the agenda, ready for a renderer (HTML, PDF, JSON)."""

    visibility: Visibility
    municipality: str
    body: str
    body_name: str
    date: dt.date
    time: dt.time
    when: str  # "torsdag den 10. marts 2026 kl. 17.00"
    deadline: dt.date | None
    items: tuple[PublishedItem, ...]
    warnings: tuple[str, ...] = field(default=())
    sent_on: dt.date | None = None
    notice: str | None = None

    @property
    def title(self) -> str:
        """``Dagsorden – Teknik- og Miljøudvalget – mandag den 13. april 2026 kl. 16.00``."""
        return f"Dagsorden – {self.body_name} – {self.when}"

    def as_json(self) -> dict[str, Any]:
        """Stable keys for JSON publication (``format_version`` 1)."""
        return {
            "format_version": 1,
            "visibility": self.visibility.value,
            "municipality": self.municipality,
            "body": self.body,
            "body_name": self.body_name,
            "date": self.date.isoformat(),
            "time": time_da(self.time),
            "when": self.when,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "items": [item.as_json() for item in self.items],
            "warnings": list(self.warnings),
            "sent_on": self.sent_on.isoformat() if self.sent_on else None,
            "notice": self.notice,
        }


def _published(item: AgendaItem, full: bool) -> PublishedItem:
    content = item.content
    category = (
        (item.category.heading if item.category else UNSPECIFIED_CATEGORY) if item.closed else None
    )
    withdrawn = item.withdrawn is not None
    if content is None or (item.closed and not full):
        # A public closed item: its number and category, nothing from the case (KSL § 10); its
        # marks without their reasons, which may tell what the item is about.
        return PublishedItem(
            number=item.number,
            heading=item.public_heading,
            fixed=content is None,
            closed=item.closed,
            category=category,
            supplementary=item.supplementary,
            version=item.version,
            withdrawn=withdrawn,
            notes=_notes(item, reasons=False),
        )
    return PublishedItem(
        number=item.number,
        heading=f"Lukket punkt: {item.title}" if item.closed else item.title,
        closed=item.closed,
        late=item.late,
        category=category,
        case_number=content.case_number,
        kle=content.kle,
        resume=content.resume,
        sagsfremstilling=content.sagsfremstilling,
        oekonomi=content.oekonomi,
        indstilling=content.indstilling,
        decisions=tuple(d.text() for d in content.decisions),
        bilag=content.bilag,
        files=content.files,
        supplementary=item.supplementary,
        version=item.version,
        withdrawn=withdrawn,
        notes=_notes(item, reasons=True),
        facilitation=content.facilitation,
    )


def _notes(item: AgendaItem, *, reasons: bool) -> tuple[str, ...]:
    notes: list[str] = []
    if item.supplementary:
        notes.append(SUPPLEMENTARY_TEXT)
    if item.version > 1:
        text = CORRECTED_TEXT.format(version=item.version)
        notes.append(f"{text}: {item.correction}" if reasons and item.correction else text)
    if item.withdrawn is not None:
        notes.append(f"{WITHDRAWN_TEXT}: {item.withdrawn}" if reasons else WITHDRAWN_TEXT)
    return tuple(notes)


def closed_category(reason: str | None) -> ClosedCategory | None:
    """The category of a closed item's reason (attribute ``lukket_grund``); None if unknown."""
    try:
        return ClosedCategory(reason) if reason else None
    except ValueError:
        return None


_category = closed_category


def closed_heading(category: ClosedCategory | None) -> str:
    """How a closed item is named wherever its content may not go: "Lukket punkt: Ejendomssag".

    The public agenda's heading (:attr:`AgendaItem.public_heading`), and the one name a closed
    case has in the Prefect artifacts and the reminder e-mails
    (:func:`casework.domain.access.public_title`): its category, nothing of the case.
    """
    return f"Lukket punkt: {category.heading if category else UNSPECIFIED_CATEGORY}"


def assemble(
    *,
    body: str,
    body_name: str,
    date: dt.date,
    time: dt.time,
    deadline: dt.date | None,
    candidates: Iterable[Candidate],
    municipality: str = "",
    opening: Sequence[str] = OPENING_ITEMS,
    closing: Sequence[str] = CLOSING_ITEMS,
) -> Agenda:
    """The agenda of ``body``'s meeting on ``date`` from the cases planned to it.

    A case that entered the meeting step after ``deadline`` is still on the agenda, flagged
    late: dropping it silently would hide it from the members and from the secretariat.
    """
    warnings: list[AgendaWarning] = []
    open_: list[tuple[Candidate, bool]] = []
    closed: list[tuple[Candidate, bool]] = []
    for candidate in candidates:
        late = candidate.late
        if late is None:
            late = deadline is not None and candidate.entered > deadline
        content = candidate.content
        if candidate.closed and content.sagstype in NEVER_CLOSED:
            warnings.append(
                AgendaWarning(
                    "cannot_close",
                    content.case_id,
                    f"{content.case_id} {content.title}: en {content.sagstype} kan ikke "
                    "behandles lukket; punktet er sat på som åbent.",
                )
            )
            open_.append((candidate, late))
        elif candidate.closed:
            if _category(candidate.closed_reason) is None:
                warnings.append(
                    AgendaWarning(
                        "no_reason",
                        content.case_id,
                        # By number only: the title of a closed item is its content.
                        f"{content.case_id}: foreslået lukket uden en kendt grund (lukket_grund).",
                    )
                )
            closed.append((candidate, late))
        else:
            open_.append((candidate, late))

    def order(pair: tuple[Candidate, bool]) -> tuple[bool, int, dt.date, str]:
        # On-time items first; then the booking order, or the order the cases reached the step.
        return (pair[1], pair[0].rank, pair[0].entered, pair[0].content.case_id)

    titles: list[AgendaItem] = []
    number = 0

    def add(**values: Any) -> None:
        nonlocal number
        number += 1
        titles.append(AgendaItem(number=number, **values))

    for title in opening:
        add(title=title)
    for candidate, late in sorted(open_, key=order):
        add(
            title=candidate.content.heading,
            content=candidate.content,
            late=late,
            entered=candidate.entered,
        )
    for title in closing:
        add(title=title)
    for candidate, late in sorted(closed, key=order):
        add(
            title=candidate.content.heading,
            content=candidate.content,
            closed=True,
            category=_category(candidate.closed_reason),
            late=late,
            entered=candidate.entered,
        )
    return Agenda(
        body=body,
        body_name=body_name,
        date=date,
        time=time,
        deadline=deadline,
        items=tuple(titles),
        warnings=tuple(warnings),
        municipality=municipality,
    )
