"""The beslutningsprotokol as documents: HTML, PDF and JSON of the domain's projection.

The renderers print what :meth:`Protocol.publish` hands them and nothing else: the public
version of a closed item is its number and public heading in every format, the full version
holds the decision, the vote, the minority statement and the protocol entry. Output is
deterministic (the same protocol gives the same bytes) and Danish unless English is asked for.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from casework.adapters.publish.pdf import extract_text
from casework.adapters.publish.protocol_html import render_protocol_html
from casework.adapters.publish.protocol_pdf import render_protocol_pdf
from casework.app.protocols import render_protocol
from casework.domain.agenda import Candidate, CaseContent, UnknownFormat, Visibility
from casework.domain.meeting_payloads import ItemDecided, Votes
from casework.domain.meeting_record import AgendaHeader, MeetingRecord
from casework.domain.protocol import PublishedProtocol, protocol_of

DAY = dt.date(2026, 4, 13)
AT = dt.datetime(2026, 4, 13, 18, 0, tzinfo=dt.UTC)
HEADER = AgendaHeader("Teknik- og Miljøudvalget", dt.time(16, 0), dt.date(2026, 4, 7), "Eksempel")
#: Planted in the closed item's title, indstilling, decision, vote, statement and entry.
SECRET = "HEMMELIG-KØBESUM-4711"


def _candidate(case_id: str, title: str, *, closed: bool = False) -> Candidate:
    content = CaseContent(
        case_id=case_id,
        case_number=f"REF-{case_id}",
        title=title,
        case_type="beslutning",
        indstilling=(f"at {title.lower()} godkendes",),
    )
    reason = "ejendomshandel" if closed else None
    return Candidate(content=content, entered=DAY, closed=closed, closed_reason=reason)


def protocol() -> MeetingRecord:
    """A held, minuted, approved and published TMU meeting: a vote, a referral, a closed item."""
    cases = [
        _candidate("2026-0001", "Trafikplan for bymidten"),
        _candidate("2026-0002", "Cykelsti langs Ringvejen"),
        _candidate("2026-0003", f"Salg af {SECRET}-grunden", closed=True),
    ]
    record = MeetingRecord("tmu", DAY)
    for c in cases:
        record.book(c, at=AT, actor="sofie")
    record.send({c.content.case_id: c for c in cases}, HEADER, today=DAY, at=AT, actor="sofie")
    record.hold(today=DAY, at=AT, actor="sofie")
    record.record_absence("Anna Berg", substitute="Bo Lund", at=AT, actor="sofie")
    decisions = [
        ItemDecided(case_id="2026-0001", outcome="recommended", case_seq=6, case_hash="h1",
                    text="Udvalget anbefaler indstillingen med den ændring, at 30 km/t indføres.",
                    votes=Votes(5, 2, 0, "For: A, B, F; imod: O, V"),
                    minority=("O og V ønsker 40 km/t.",), entries=("C ønsker sagen genoptaget.",)),
        ItemDecided(case_id="2026-0002", outcome="referred", case_seq=6, case_hash="h2",
                    to_body="bpu", text="Sagen oversendes til By- og Planudvalget."),
        ItemDecided(case_id="2026-0003", outcome="recommended", case_seq=6, case_hash="h3",
                    text=f"Købesummen {SECRET} anbefales.", votes=Votes(4, 3, 0, f"{SECRET}"),
                    minority=(f"{SECRET} er for lav.",), entries=(f"{SECRET} noteret.",)),
    ]  # fmt: skip
    for decision in decisions:
        record.decide(decision, candidate=None, today=DAY, at=AT, actor="sofie")
    record.approve_minutes(today=DAY + dt.timedelta(days=1), by="sofie", at=AT, actor="sofie")
    record.publish_minutes(today=DAY + dt.timedelta(days=2), at=AT, actor="sofie")
    return record


def published(visibility: Visibility) -> PublishedProtocol:
    names = {"bpu": "By- og Planudvalget", "tmu": "Teknik- og Miljøudvalget"}
    return protocol_of(protocol(), body_names=names).publish(visibility)


def pdf_text(version: PublishedProtocol, lang: str = "da") -> str:
    return extract_text(render_protocol_pdf(version, lang=lang, compress=False))


def test_the_public_documents_show_the_closed_item_by_number_and_heading_only() -> None:
    public = published(Visibility.PUBLIC)
    html = render_protocol_html(public)
    data = render_protocol(public, "json").decode("utf-8")
    text = pdf_text(public)
    for rendered, where in ((html, "html"), (data, "json"), (text, "pdf")):
        assert SECRET not in rendered, f"the closed item leaked into the public {where}"
        assert "Lukket punkt: Ejendomssag" in rendered
        # The open items' decisions are there: the vote and the referral.
        assert "For stemte: 5" in rendered
        assert "Oversendt til By- og Planudvalget" in rendered
    closed = next(item for item in json.loads(data)["items"] if item["closed"])
    assert closed["outcome"] is None and closed["votes"] == [] and closed["indstilling"] == []


def test_the_full_documents_hold_every_decision() -> None:
    full = published(Visibility.FULL)
    html = render_protocol_html(full)
    text = pdf_text(full)
    for rendered in (html, text):
        assert f"Salg af {SECRET}-grunden" in rendered
        assert f"Købesummen {SECRET} anbefales." in rendered
        assert f"Mindretalsudtalelse: {SECRET} er for lav." in rendered.replace(":</em>", ":")
    assert "Fuld udgave" in html


def test_the_html_reads_as_a_danish_beslutningsprotokol() -> None:
    html = render_protocol_html(published(Visibility.PUBLIC))
    assert "<h1>Beslutningsprotokol – Teknik- og Miljøudvalget</h1>" in html
    assert "Mødedato: mandag den 13. april 2026 kl. 16.00" in html
    assert "Fraværende: Anna Berg (stedfortræder: Bo Lund)" in html
    assert "Beslutning i Teknik- og Miljøudvalget den 13. april 2026" in html
    for line in ("For stemte: 5", "Imod stemte: 2", "Undlod at stemme: 0"):
        assert f"<li>{line}</li>" in html
    assert "<em>Mindretalsudtalelse:</em> O og V ønsker 40 km/t." in html
    assert "<em>Protokoltilførsel:</em> C ønsker sagen genoptaget." in html
    assert "Protokollen er offentliggjort 15. april 2026." in html


def test_english_headings_on_request() -> None:
    public = published(Visibility.PUBLIC)
    html = render_protocol_html(public, lang="en")
    assert '<html lang="en">' in html
    assert "<h1>Minutes – Teknik- og Miljøudvalget</h1>" in html
    assert "Decision of Teknik- og Miljøudvalget on 13 April 2026" in html
    assert "Minutes – Teknik- og Miljøudvalget" in pdf_text(public, "en")


def test_the_same_protocol_gives_the_same_bytes() -> None:
    public = published(Visibility.PUBLIC)
    for kind in ("html", "pdf", "json"):
        assert render_protocol(public, kind) == render_protocol(published(Visibility.PUBLIC), kind)


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(UnknownFormat):
        render_protocol(published(Visibility.PUBLIC), "docx")
