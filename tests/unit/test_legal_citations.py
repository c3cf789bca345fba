"""Every legal citation in the code and the configuration is listed in docs/legal.md.

The scan finds a section sign with its law and subsection ("KSL § 40, stk. 2, 4. pkt.",
"Planloven § 24, stk. 5", "§ 17(4)", "forældelsesloven § 27, stk. 2") and amending acts ("lov
nr. 579 af 18/06/2012") in ``config/``, ``casework/``, ``flows/`` and ``diagrams/``; references
to a document's sections ("domain.md §4") are not citations. A citation missing from
docs/legal.md fails with its file and line, so a new one is verified and documented before it
ships. The citations issue 15 found wrong are kept from coming back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LEGAL = ROOT / "docs" / "legal.md"

_LAW = r"(?:KSL|[A-Za-zÆØÅæøå-]*loven|[Ff]orretningsorden(?:en)?|[Ss]tyrelsesvedtægt(?:en)?)"
_NUM = r"\d+(?: ?[a-z](?![a-zæøå]))?"
_SECTION = rf"§§? ?{_NUM}(?:\(\d+\))?(?: ?(?:[-–]|,|og|and) ?{_NUM}(?!\d)(?![.,]? ?stk))*"
_STK = r"(?:,? stk\. ?\d+(?: ?[-–] ?\d+)?(?:, ?\d+\. pkt\.)?)?"
CITATION = re.compile(rf"(?:{_LAW} )?{_SECTION}{_STK}")
AMENDING_ACT = re.compile(r"lov nr\. \d+ af \d\d/\d\d/\d{4}")
#: "domain.md §4", "anchors.md §5": a document's section, not a statute.
DOCUMENT_SECTION = re.compile(r"(?:\.md|section|afsnit) ?$")


def _files() -> list[Path]:
    patterns = ("config/**/*.yaml", "casework/**/*.py", "casework/**/*.html")
    found = [p for pattern in patterns for p in ROOT.glob(pattern)]
    found += [*ROOT.glob("flows/**/*.py"), *ROOT.glob("diagrams/**/*.py")]
    return sorted(found)


def citations(line: str) -> Iterator[str]:
    """The citations on one line, whitespace normalised."""
    for match in CITATION.finditer(line):
        if DOCUMENT_SECTION.search(line[max(0, match.start() - 12) : match.start()]):
            continue
        yield " ".join(match.group(0).split())
    for match in AMENDING_ACT.finditer(line):
        yield match.group(0)


def _all_citations() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in _files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for citation in citations(line):
                found.setdefault(citation, []).append(f"{path.relative_to(ROOT)}:{number}")
    return found


def test_the_scan_reads_the_forms_the_code_uses() -> None:
    line = "legal_basis: KSL § 40, stk. 2, 4. pkt. (and § 17(4); domain.md §4; KSL §§ 37-38)"
    assert list(citations(line)) == ["KSL § 40, stk. 2, 4. pkt.", "§ 17(4)", "KSL §§ 37-38"]
    assert list(citations("planloven § 23 a, stk. 3; lov nr. 579 af 18/06/2012")) == [
        "planloven § 23 a, stk. 3",
        "lov nr. 579 af 18/06/2012",
    ]
    assert list(citations("forældelsesloven § 27, stk. 2")) == ["forældelsesloven § 27, stk. 2"]


def test_the_scan_finds_citations_in_code_and_configuration() -> None:
    found = _all_citations()
    assert "KSL § 10" in found
    assert any(where.startswith("config/") for where in found["KSL § 40, stk. 3"])
    assert any(where.startswith("casework/") for where in found["KSL § 40, stk. 3"])


def test_every_citation_is_listed_in_docs_legal_md() -> None:
    listed = LEGAL.read_text(encoding="utf-8").lower()
    missing = {
        citation: where
        for citation, where in _all_citations().items()
        if citation.lower() not in listed
    }
    assert not missing, "Not in docs/legal.md:\n" + "\n".join(
        f"  {citation!r} at {', '.join(where)}" for citation, where in sorted(missing.items())
    )


def test_every_rule_says_whether_it_is_law_or_local_practice() -> None:
    rows = [
        line
        for line in LEGAL.read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and line.count("|") == 6 and not line.startswith("| Rule")
    ]
    assert len(rows) >= 20
    for row in rows:
        kind = row.rstrip(" |").rsplit("|", 1)[-1].strip()
        assert kind.startswith(("law", "local", "—")), row


def _lines() -> Iterator[tuple[str, str]]:
    for path in _files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            yield f"{path.relative_to(ROOT)}:{number}", line


@pytest.mark.parametrize(
    ("wrong", "why"),
    [
        (re.compile(r"KSL § 11\b.*8 dage|8 dage.*KSL § 11\b"), "the 8 days are forretningsorden"),
        (re.compile(r"4 hverdage.*KSL § (?:8|20)\b|KSL § (?:8|20)\b.*4 hverdage"), "no days"),
        (re.compile(r"[Pp]lanloven § 24, stk\. [34]\b"), "local plans: stk. 5 and 6"),
        (re.compile(r"legal_basis: KSL § 40, stk\. (?:2-)?3"), "ØU's authority: stk. 2, 4. pkt."),
        (re.compile(r"omplacering.*KSL § 40, stk\. 3"), "a transfer: stk. 2, 4. pkt."),
        (re.compile(r"KSL § 18, stk\. 2: (?:ØU's|its) statement (?:comes )?first"), "no cycle"),
    ],
)
def test_the_citations_found_wrong_stay_fixed(wrong: re.Pattern[str], why: str) -> None:
    hits = [f"{where}: {line.strip()}" for where, line in _lines() if wrong.search(line)]
    assert not hits, f"{why}:\n" + "\n".join(hits)
