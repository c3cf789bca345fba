"""Kvalitetssikring of a presentation (issue 14): stable codes Q001-Q007, pure.

=====  ========  ==========================================================================
Code   Severity  Finding
=====  ========  ==========================================================================
Q001   error     a section the workflow requires at the case's step (or earlier) is empty
Q002   warning   the resumé is longer than ``resume_max_words``
Q003   error     an indstilling clause is not written as "at …"
Q004   error     the case has an amount (``beloeb``) and the økonomi section is empty
Q005   error     the text refers to a bilag the case does not have ("bilag 3", "plan.pdf")
Q006   warning   a section's LIX is above ``lix_ceiling``
Q007   hint      a word from the plain-language list, with the plainer wording
=====  ========  ==========================================================================

Only errors block, and only the actions the workflow's ``block`` names
(:class:`~casework.domain.presentation.QualityBlocked`). LIX = words / sentences
+ 100 × long words (more than 6 letters) / words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from casework.domain.messages import register, render
from casework.domain.presentation import (
    INDSTILLING,
    PresentationConfig,
    WorkflowPresentation,
    clause_list,
)

register(
    {
        "quality.Q001": (
            "afsnittet '{section}' mangler (kræves fra trinnet '{step}')",
            "the section '{section}' is missing (required from step '{step}')",
        ),
        "quality.Q001.later": (
            "afsnittet '{section}' skal skrives før trinnet '{step}' forlades",
            "the section '{section}' must be written before leaving '{step}'",
        ),
        "quality.Q002": (
            "resuméet har {words} ord; højst {limit}",
            "the summary has {words} words; at most {limit}",
        ),
        "quality.Q003": (
            "at-sætning {number} begynder ikke med 'at': {clause}",
            "at-clause {number} does not begin with 'at': {clause}",
        ),
        "quality.Q004": (
            "sagen har et beløb ({amount}), men afsnittet Økonomi er tomt",
            "the case has an amount ({amount}) but the Økonomi section is empty",
        ),
        "quality.Q005": (
            "{section} henviser til {ref}, som sagen ikke har som bilag",
            "{section} refers to {ref}, which the case does not have as a bilag",
        ),
        "quality.Q006": (
            "{section}: LIX {lix} er over loftet {ceiling}",
            "{section}: LIX {lix} is above the ceiling {ceiling}",
        ),
        "quality.Q007": (
            "{section}: skriv hellere '{plain}' end '{word}'",
            "{section}: prefer '{plain}' to '{word}'",
        ),
    }
)

ERROR, WARNING, HINT = "error", "warning", "hint"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:]+(?:\s|$)|\n\s*\n")
_BILAG_NUMBER = re.compile(r"(?i)\bbilag\s+(?:nr\.\s*)?(\d+)")
_FILE_NAME = re.compile(r"(?i)\b[\w.-]+\.(?:pdf|docx?|xlsx?|png|jpe?g)\b")


@dataclass(frozen=True, slots=True)
class QualityFinding:
    """One finding of the checks, with its stable code."""

    code: str
    severity: str
    section: str | None
    key: str
    params: Mapping[str, Any]

    def message(self, lang: str = "da") -> str:
        """The finding as one line in ``lang``."""
        return render(self.key, lang, **self.params)

    def as_json(self, lang: str = "da") -> dict[str, Any]:
        """The stored-agnostic JSON form (``case check --json``)."""
        return {
            "code": self.code,
            "severity": self.severity,
            "section": self.section,
            "message": self.message(lang),
        }


def lix(text: str) -> int | None:
    """The LIX readability figure of ``text`` (None for a text without words)."""
    words = _WORD.findall(text)
    if not words:
        return None
    sentences = max(1, len(list(_SENTENCE_END.finditer(text.strip() + " "))))
    long_words = sum(1 for w in words if len(w.replace("-", "")) > 6)
    return int(len(words) / sentences + 100 * long_words / len(words) + 0.5)  # half up


def word_count(text: str) -> int:
    """The number of words in ``text``."""
    return len(_WORD.findall(text))


def check_presentation(
    *,
    config: PresentationConfig,
    rules: WorkflowPresentation,
    texts: Mapping[str, str],
    step_order: Sequence[str],
    current_step: str,
    attributes: Mapping[str, Any],
    bilag: Sequence[str],
) -> list[QualityFinding]:
    """Every finding on ``texts`` (section id → text) of a case at ``current_step``.

    ``step_order`` is the workflow's template steps in order (a required section is an error
    once the case is at or past its step, a warning before); ``bilag`` are the titles or file
    names of the case's bilag, in their numbered order.
    """
    quality = config.quality
    titles = {s.id: s.title for s in config.sections}
    found: list[QualityFinding] = []
    here = _position(step_order, current_step)
    for section, step in rules.required.items():
        if (texts.get(section) or "").strip():
            continue
        due = here >= _position(step_order, step)
        found.append(
            QualityFinding(
                "Q001",
                ERROR if due else WARNING,
                section,
                "quality.Q001" if due else "quality.Q001.later",
                {"section": titles.get(section, section), "step": step},
            )
        )
    resume = texts.get("resume") or ""
    if (words := word_count(resume)) > quality.resume_max_words:
        found.append(
            QualityFinding(
                "Q002",
                WARNING,
                "resume",
                "quality.Q002",
                {"words": words, "limit": quality.resume_max_words},
            )
        )
    for number, clause in enumerate(clause_list(texts.get(INDSTILLING)), start=1):
        if not re.match(r"(?i)at\b", clause.strip()):
            found.append(
                QualityFinding(
                    "Q003",
                    ERROR,
                    INDSTILLING,
                    "quality.Q003",
                    {"number": number, "clause": clause[:60]},
                )
            )
    amount = attributes.get("beloeb")
    if amount not in (None, "", 0) and not (texts.get("oekonomi") or "").strip():
        found.append(QualityFinding("Q004", ERROR, "oekonomi", "quality.Q004", {"amount": amount}))
    known_names = {b.strip().lower() for b in bilag}
    for section, text in texts.items():
        label = titles.get(section, section)
        refs = {f"bilag {n}" for n in _BILAG_NUMBER.findall(text) if not 1 <= int(n) <= len(bilag)}
        refs |= {name for name in _FILE_NAME.findall(text) if name.lower() not in known_names}
        found.extend(
            QualityFinding("Q005", ERROR, section, "quality.Q005", {"section": label, "ref": ref})
            for ref in sorted(refs)
        )
        figure = lix(text)
        if figure is not None and figure > quality.lix_ceiling and section != INDSTILLING:
            found.append(
                QualityFinding(
                    "Q006",
                    WARNING,
                    section,
                    "quality.Q006",
                    {"section": label, "lix": figure, "ceiling": quality.lix_ceiling},
                )
            )
        lowered = text.lower()
        found.extend(
            QualityFinding(
                "Q007",
                HINT,
                section,
                "quality.Q007",
                {"section": label, "word": word, "plain": plain},
            )
            for word, plain in quality.plain_words.items()
            if re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)", lowered)
        )
    return found


def _position(order: Sequence[str], step: str) -> int:
    template = step.split("@", 1)[0].split("#", 1)[0]
    return order.index(template) if template in order else len(order)


def blocking(findings: Sequence[QualityFinding]) -> list[QualityFinding]:
    """The findings that block an action the workflow lets the checks block."""
    return [f for f in findings if f.severity == ERROR]
