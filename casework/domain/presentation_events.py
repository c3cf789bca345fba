"""The presentation's event payloads (issue 14), read and written like every case event's.

``case.text_saved`` names one section's new text by its SHA-256 (the text is stored once,
content-addressed); ``case.reapproval_required`` records that the text or a decision-relevant
fact changed after the approval; ``case.reapproved`` gives the approval again;
``case.clause_ticked`` marks one at-clause of the indstilling as executed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from casework.domain import payload_json as pj
from casework.domain.events import EventKind


@dataclass(frozen=True, slots=True)
class TextSaved:
    """``case.text_saved``: a version of one section, named by its text's SHA-256."""

    KIND: ClassVar[EventKind] = EventKind.TEXT_SAVED

    section: str
    sha256: str
    chars: int

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {"section": self.section, "sha256": self.sha256, "chars": self.chars}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> TextSaved:
        """Read the stored form back."""
        pj.only(data, frozenset({"section", "sha256", "chars"}), frozenset(), "case.text_saved")
        return cls(
            section=pj.text(data, "section"),
            sha256=pj.text(data, "sha256"),
            chars=pj.integer(data, "chars"),
        )


@dataclass(frozen=True, slots=True)
class ReapprovalRequired:
    """``case.reapproval_required``: ``changed`` (sections, attributes) changed after the
    approval; the case moves on only once the approval is given again."""

    KIND: ClassVar[EventKind] = EventKind.REAPPROVAL_REQUIRED

    changed: tuple[str, ...]

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {"changed": list(self.changed)}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ReapprovalRequired:
        """Read the stored form back."""
        pj.only(data, frozenset({"changed"}), frozenset(), "case.reapproval_required")
        return cls(changed=pj.texts(data, "changed"))


@dataclass(frozen=True, slots=True)
class Reapproved:
    """``case.reapproved``: the approval step's role approved the changed presentation."""

    KIND: ClassVar[EventKind] = EventKind.REAPPROVED

    comment: str | None

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {"comment": self.comment}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Reapproved:
        """Read the stored form back."""
        pj.only(data, frozenset({"comment"}), frozenset(), "case.reapproved")
        return cls(comment=pj.text_or_none(data, "comment"))


@dataclass(frozen=True, slots=True)
class ClauseTicked:
    """``case.clause_ticked``: clause ``clause`` (1, 2, …) of the indstilling is executed."""

    KIND: ClassVar[EventKind] = EventKind.CLAUSE_TICKED

    clause: int
    note: str | None

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {"clause": self.clause, "note": self.note}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ClauseTicked:
        """Read the stored form back."""
        pj.only(data, frozenset({"clause", "note"}), frozenset(), "case.clause_ticked")
        return cls(clause=pj.integer(data, "clause"), note=pj.text_or_none(data, "note"))


PresentationPayload = TextSaved | ReapprovalRequired | Reapproved | ClauseTicked
PRESENTATION_PAYLOADS = (TextSaved, ReapprovalRequired, Reapproved, ClauseTicked)
