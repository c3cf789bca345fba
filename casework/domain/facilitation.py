"""Facilitation kits: the booklet's formats for a themed discussion, as data.

A discussion need not be an open round at the table. The booklet describes formats — the
dilemma workshop, vision work with its process plan and rating questions, "6 skarpe til
strategien", the negative brainstorm — and each comes with a programme, questions and
materials. ``config/facilitation.yaml`` holds them as *kits*; a discussion case picks one with
its attribute (``droeftelsesformat``), and the kit is attached to the step where the body
discusses (a meeting step for the ``droefter`` role) and shown on that agenda item.

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from casework.domain.messages import register

register(
    {
        "facilitation.heading": ("Drøftelsens forløb", "Course of the discussion"),
        "facilitation.programme": ("Program", "Programme"),
        "facilitation.questions": ("Spørgsmål", "Questions"),
        "facilitation.materials": ("Materialer", "Materials"),
        "facilitation.process_plan": ("Procesplan", "Process plan"),
        "facilitation.scale": ("vurdér {low}–{high}", "rate {low}–{high}"),
        "facilitation.minutes": ("{minutes} min.", "{minutes} min."),
        "facilitation.kit": ("Drøftelsesformat: {title}", "Discussion format: {title}"),
        "config.value.scale": (
            "en skala går fra lav til høj, fx [1, 5]",
            "a scale goes from low to high, e.g. [1, 5]",
        ),
        # Checks of config/facilitation.yaml (adapters/config/facilitation_loader.py)
        "facilitation.unknown_attribute": (
            "attributten '{attribute}' findes ikke i municipality.yaml (eller er ikke en choice)",
            "the attribute '{attribute}' is not in municipality.yaml (or is not a choice)",
        ),
        "facilitation.kit_not_a_choice": (
            "formatet '{kit}' er ikke et valg for attributten '{attribute}' i municipality.yaml",
            "the format '{kit}' is not a choice of the attribute '{attribute}' in "
            "municipality.yaml",
        ),
        "facilitation.choice_without_kit": (
            "valget '{choice}' for '{attribute}' i municipality.yaml har intet format her",
            "the choice '{choice}' of '{attribute}' in municipality.yaml has no format here",
        ),
        "facilitation.duration": (
            "programmet varer {total} min., men formatet siger {duration} min.",
            "the programme takes {total} min., but the format says {duration} min.",
        ),
    }
)


def _pick(lang: str, da: str, en: str | None) -> str:
    return (en or da) if lang == "en" else da


@dataclass(frozen=True, slots=True)
class ProgrammeItem:
    """One block of the programme: how long, what, and how."""

    minutes: int
    title: str
    title_en: str | None = None
    text: str | None = None
    text_en: str | None = None

    def as_json(self, lang: str) -> dict[str, Any]:
        """Stable keys."""
        return {
            "minutes": self.minutes,
            "title": _pick(lang, self.title, self.title_en),
            "text": _pick(lang, self.text, self.text_en) if self.text else None,
        }


@dataclass(frozen=True, slots=True)
class Question:
    """A question for the discussion; a rating question has a scale (1–5)."""

    text: str
    text_en: str | None = None
    scale: tuple[int, int] | None = None

    def as_json(self, lang: str) -> dict[str, Any]:
        """Stable keys."""
        return {
            "text": _pick(lang, self.text, self.text_en),
            "scale": list(self.scale) if self.scale else None,
        }


@dataclass(frozen=True, slots=True)
class Phase:
    """One phase of a process plan (vision work runs over several meetings)."""

    title: str
    when: str
    title_en: str | None = None
    text: str | None = None

    def as_json(self, lang: str) -> dict[str, Any]:
        """Stable keys."""
        return {"title": _pick(lang, self.title, self.title_en), "when": self.when,
                "text": self.text}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Kit:
    """A facilitation kit: one of the booklet's formats for a themed discussion."""

    id: str
    title: str
    purpose: str
    duration: int  # minutes at the meeting
    title_en: str | None = None
    purpose_en: str | None = None
    programme: tuple[ProgrammeItem, ...] = ()
    questions: tuple[Question, ...] = ()
    materials: tuple[str, ...] = ()
    process_plan: tuple[Phase, ...] = ()

    def label(self, lang: str = "da") -> str:
        """The format's name in ``lang``."""
        return _pick(lang, self.title, self.title_en)

    def as_json(self, lang: str = "da") -> dict[str, Any]:
        """Stable keys for ``--json``, the API and the agenda's JSON."""
        return {
            "id": self.id,
            "title": self.label(lang),
            "purpose": _pick(lang, self.purpose, self.purpose_en),
            "duration_minutes": self.duration,
            "programme": [p.as_json(lang) for p in self.programme],
            "questions": [q.as_json(lang) for q in self.questions],
            "materials": list(self.materials),
            "process_plan": [p.as_json(lang) for p in self.process_plan],
        }

    def lines(self, lang: str = "da") -> list[str]:
        """The kit as plain lines (the CLI, the agenda's text)."""
        from casework.domain.messages import render

        lines = [render("facilitation.kit", lang, title=self.label(lang)),
                 _pick(lang, self.purpose, self.purpose_en)]  # fmt: skip
        if self.programme:
            lines.append(render("facilitation.programme", lang) + ":")
            for item in self.programme:
                minutes = render("facilitation.minutes", lang, minutes=item.minutes)
                lines.append(f"  {minutes} {_pick(lang, item.title, item.title_en)}")
        if self.questions:
            lines.append(render("facilitation.questions", lang) + ":")
            for number, question in enumerate(self.questions, 1):
                scale = question.scale
                rated = (
                    f" ({render('facilitation.scale', lang, low=scale[0], high=scale[1])})"
                    if scale
                    else ""
                )
                lines.append(f"  {number}. {_pick(lang, question.text, question.text_en)}{rated}")
        if self.materials:
            lines.append(render("facilitation.materials", lang) + ": " + ", ".join(self.materials))
        if self.process_plan:
            lines.append(render("facilitation.process_plan", lang) + ":")
            lines.extend(
                f"  {phase.when}: {_pick(lang, phase.title, phase.title_en)}"
                for phase in self.process_plan
            )
        return lines


@dataclass(frozen=True, slots=True)
class FacilitationConfig:
    """``config/facilitation.yaml``: the kits, and the case attribute that picks one."""

    attribute: str = "droeftelsesformat"
    kits: Mapping[str, Kit] = field(default_factory=dict)

    def kit_for(self, attributes: Mapping[str, Any]) -> Kit | None:
        """The kit a case's attributes pick, if any."""
        chosen = attributes.get(self.attribute)
        return self.kits.get(str(chosen)) if chosen is not None else None


#: No file: no kits.
EMPTY = FacilitationConfig()

__all__ = [
    "EMPTY",
    "FacilitationConfig",
    "Kit",
    "Phase",
    "ProgrammeItem",
    "Question",
]
