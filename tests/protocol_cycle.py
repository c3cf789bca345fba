"""One committee meeting's whole cycle, scripted: the golden protocol's source.

Byplanudvalget (BPU) meets on Tuesday 10 March 2026 at 08.00. Three cases of Center for By og
Miljø reach it through the administration; the secretariat books them, closes and sends the
agenda, opens the meeting, records an absence with a substitute, a decision with a vote, a
minority statement and a protocol entry, a referral (oversendt) to Teknik- og Miljøudvalget
and a closed item's decision, and approves and publishes the minutes.

:func:`run_cycle` does it through ``App`` (the golden test); the browser story
(``tests/web/test_protocol_story.py``) takes the same steps through the web app's buttons and
forms at the same instants. Both must give the public protocol in
``tests/golden/protocol_bpu_2026-03-10_public_da.html`` (and ``.json``), byte for byte.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from casework.app import App
from casework.domain.commands import AdvanceCase, Minutes, OpenCase, RecordDecision
from casework.testing import FixedClock

BODY = "bpu"
MEETING = dt.date(2026, 3, 10)
MEETING_ID = f"{BODY}-{MEETING.isoformat()}"
#: The instants of the cycle (UTC): cases and agenda on Monday 2 March, the meeting (08.00
#: local) held at 09.00 local, minutes approved the day after and published the day after that.
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
HELD = dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)
APPROVED = dt.datetime(2026, 3, 11, 9, 0, tzinfo=dt.UTC)
PUBLISHED = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
#: The member absent from the meeting, and the substitute who met instead.
ABSENT = ("Mads Holm", "Lise Dahl")
#: Planted in everything of the closed item; no public output may hold it.
SECRET = "HEMMELIG-SKOVVEJ-4711"
#: The administration's chain to BPU's meeting step.
CHAIN = (("indsend", "aase"), ("godkend", "birgitte"), ("godkend", "annelise"),
         ("godkend", "sofie"))  # fmt: skip
CASES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("Lokalplan 212 for Virum Bytorv", {
        "resume": "Lokalplanen giver mulighed for 120 boliger ved Virum Bytorv.",
        "indstilling": "lokalplanforslaget vedtages; forslaget sendes i høring i 8 uger",
    }),
    ("Cykelparkering ved Virum Station", {
        "resume": "Forslag om 300 nye cykelparkeringspladser.",
        "indstilling": "projektet godkendes; der gives en anlægsbevilling på 1,2 mio. kr.",
    }),
    (f"Køb af grunden Skovvej 3 ({SECRET})", {
        "resume": f"Købesummen er {SECRET}.",
        "indstilling": f"grunden købes for {SECRET}",
        "lukket": "ja", "lukket_grund": "ejendomshandel",
    }),
)  # fmt: skip
#: The minutes, per case in the order of CASES: the form fields of the web app's minutes page.
DECISIONS: tuple[dict[str, str], ...] = (
    {
        "outcome": "recommended",
        "text": "Udvalget anbefaler indstillingen med den ændring, at høringen varer 10 uger.",
        "in_favour": "5", "against": "2", "abstaining": "0",
        "votes": "For: A, B, F; imod: O, V",
        "minority": "O og V kan ikke anbefale byggehøjden på 5 etager.",
        "entries": "F ønsker tilført protokollen, at trafikken skal belyses før vedtagelsen.",
    },
    {
        "outcome": "oversendt", "to_body": "tmu",
        "text": "Sagen oversendes til Teknik- og Miljøudvalget, der har anlægsbudgettet.",
    },
    {
        "outcome": "recommended",
        "text": f"Udvalget anbefaler købet for {SECRET}.",
        "in_favour": "4", "against": "3", "abstaining": "0",
        "votes": f"For: {SECRET}",
        "minority": f"{SECRET} er for dyrt.",
        "entries": f"{SECRET} noteret.",
    },
)  # fmt: skip


def open_cases(app: App) -> list[str]:
    """The three cases, each taken through the administration to BPU's meeting step."""
    ids = []
    for title, attributes in CASES:
        case = app.open_case(
            OpenCase(workflow="beslutningssag", title=title, actor="aase",
                     route=[("bpu", "indstiller"), ("kb", "beslutter")],
                     attributes={"politikomraade": "lokalplaner", **attributes})
        )  # fmt: skip
        for action, actor in CHAIN:
            app.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
        ids.append(case.id)
    return ids


def minutes_of(fields: dict[str, str]) -> Minutes:
    """The decision the web form's fields give (empty fields left out)."""
    lines = {k: [fields[k]] for k in ("minority", "entries") if k in fields}
    counts = {k: int(fields[k]) for k in ("in_favour", "against", "abstaining") if k in fields}
    return Minutes(
        outcome=fields["outcome"], text=fields.get("text"), votes=fields.get("votes"),
        to_body=fields.get("to_body"), meeting=MEETING, **counts, **lines,
    )  # fmt: skip


def run_cycle(app: App, clock: FixedClock) -> list[str]:
    """The whole cycle through ``App``, the clock moved as the story moves it."""
    clock.instant = START
    ids = open_cases(app)
    agendas = app.agendas
    agendas.book(BODY, MEETING, actor="sofie", planned=True)
    agendas.close(BODY, MEETING, actor="sofie")
    agendas.send(BODY, MEETING, actor="sofie")
    clock.instant = HELD
    agendas.hold(BODY, MEETING, actor="sofie")
    agendas.record_attendance(BODY, MEETING, ABSENT[0], substitute=ABSENT[1], actor="sofie")
    for case_id, fields in zip(ids, DECISIONS, strict=True):
        app.decide(RecordDecision(case_id=case_id, actor="sofie", minutes=minutes_of(fields)))
    clock.instant = APPROVED
    agendas.approve_minutes(BODY, MEETING, actor="sofie")
    clock.instant = PUBLISHED
    agendas.publish_minutes(BODY, MEETING, actor="sofie")
    return ids
