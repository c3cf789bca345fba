"""The OParl ports and the records that cross them: the import's store and report, and the
export's object graph.

:class:`OParlStore` is implemented by ``casework.adapters.oparl.store``; the use cases are
``casework.services.oparl_import`` (which fills an :class:`ImportChanges` and an
:class:`ImportReport`) and ``casework.services.oparl_export`` (which builds an
:class:`OparlExport` that ``casework.adapters.oparl.export_files`` pages and writes).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from casework.domain.case import Case
    from casework.domain.events import CaseEvent
    from casework.domain.oparl import Skip
    from casework.domain.workflow import WorkflowDefinition

# --------------------------------------------------------------------------- import
#: The kinds of the report, in the order it lists them.
REPORT_KINDS = ("organization", "meeting", "agenda_item", "paper", "consultation", "document")
#: How many skipped records the report names one by one (the counts cover all of them).
EXAMPLES = 25


@dataclass
class ImportReport:
    """What an import did, per object kind, with every skipped record counted by reason."""

    source: str
    counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    skipped: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    examples: list[Skip] = field(default_factory=list)
    cases_created: int = 0
    cases_updated: int = 0
    events: int = 0
    #: Objects of other OParl types (Person, File, …) the import does not use.
    other: Counter[str] = field(default_factory=Counter)
    #: Second copies of objects in the SOURCE (counted once above).
    duplicates: Counter[str] = field(default_factory=Counter)

    def count(self, kind: str, what: str, n: int = 1) -> None:
        """Count ``n`` objects of ``kind`` as imported, updated or unchanged."""
        self.counts[kind][what] += n

    def skip(self, skip: Skip) -> None:
        """Count one skipped object with its reason."""
        self.counts[skip.kind]["skipped"] += 1
        self.skipped[skip.kind][skip.reason] += 1
        if len(self.examples) < EXAMPLES and skip.reason != "deleted":
            self.examples.append(skip)

    @property
    def changed(self) -> bool:
        """Whether anything was written."""
        return any(c["imported"] or c["updated"] for c in self.counts.values())

    def as_json(self) -> dict[str, Any]:
        """The report with stable keys, for ``--json``."""
        kinds = [k for k in REPORT_KINDS if k in self.counts] + sorted(
            k for k in self.counts if k not in REPORT_KINDS
        )
        return {
            "source": self.source,
            "changed": self.changed,
            "counts": {
                k: {
                    what: self.counts[k][what]
                    for what in ("imported", "updated", "unchanged", "skipped")
                }
                for k in kinds
            },
            "skipped": {k: dict(sorted(self.skipped[k].items())) for k in kinds if self.skipped[k]},
            "examples": [
                {"kind": s.kind, "reason": s.reason, "id": s.id, "detail": s.detail}
                for s in self.examples
            ],
            "cases": {"created": self.cases_created, "updated": self.cases_updated},
            "events": self.events,
            "other_types": dict(sorted(self.other.items())),
            "duplicates": dict(sorted(self.duplicates.items())),
        }


@dataclass
class ImportChanges:
    """Every row an import writes, collected in memory and written by the store in batches."""

    organizations: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    agenda_items: list[dict[str, Any]] = field(default_factory=list)
    papers: list[dict[str, Any]] = field(default_factory=list)
    #: New cases, their events pending.
    new_cases: list[Case] = field(default_factory=list)
    #: Changed cases with the version they were read at; the new events are pending.
    updated_cases: list[tuple[Case, int]] = field(default_factory=list)
    #: The last case number handed out per year, after the import.
    counters: dict[int, int] = field(default_factory=dict)


class OParlStore(Protocol):
    """What the import reads and writes, inside one transaction of the adapter."""

    def organizations(self) -> dict[str, tuple[str, str]]:
        """Stored organisations: OParl id -> (body key, digest)."""
        ...

    def digests(self, kind: str) -> dict[str, str]:
        """Stored digests of ``meeting`` or ``agenda_item`` records by OParl id."""
        ...

    def papers(self) -> dict[str, tuple[str, str]]:
        """Stored papers: OParl id -> (case id, digest)."""
        ...

    def history(self, case_id: str) -> tuple[Case, list[CaseEvent]]:
        """An imported case and its events."""
        ...

    def counters(self) -> dict[int, int]:
        """The last case number handed out per year."""
        ...

    def register_workflow(self, definition: WorkflowDefinition, at: str) -> None:
        """Keep the import workflow's snapshot, so the cases' graphs can be rebuilt."""
        ...

    def write(self, changes: ImportChanges, written: Callable[[int], None] | None = None) -> None:
        """Write every change (the adapter commits when the import has succeeded);
        ``written(n)`` as it goes: ``n`` more of the new and updated cases are written."""
        ...


# --------------------------------------------------------------------------- export
#: The OParl 1.1 schema namespace every exported object's ``type`` starts with.
OPARL = "https://schema.oparl.org/1.1/"


@dataclass(frozen=True, slots=True)
class OparlList:
    """An external list (``Body.paper``, ``System.body``, …): its URL and members' ids in order."""

    url: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class OparlExport:
    """The whole graph: every object by id, every list, and the documents' bytes by URL."""

    base_url: str
    system: str
    #: Every object with an id (embedded ones too), by id.
    objects: Mapping[str, dict[str, Any]]
    lists: tuple[OparlList, ...]
    #: ``accessUrl`` → bytes of the documents (the public agendas).
    documents: Mapping[str, bytes] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """How many objects of each OParl type (``Paper``, ``Meeting``, …), sorted by type."""
        found: dict[str, int] = defaultdict(int)
        for obj in self.objects.values():
            found[str(obj["type"]).rsplit("/", 1)[-1]] += 1
        return dict(sorted(found.items()))

    def path(self, url: str) -> str:
        """``url`` relative to the base URL (``papers/2026-0001``)."""
        return url[len(self.base_url) + 1 :]


__all__ = [
    "EXAMPLES",
    "OPARL",
    "REPORT_KINDS",
    "ImportChanges",
    "ImportReport",
    "OParlStore",
    "OparlExport",
    "OparlList",
]
