"""The agendas carry the presentation with the indstilling as NUMBERED at-clauses (issue 14,
item 5): the HTML as an ordered list, the PDF as "1. at …", the open bilag linked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bilag_files import pdf

from casework.adapters.publish.html import render_html
from casework.adapters.publish.pdf import extract_text, render_pdf
from casework.app import App
from casework.app.bilag import AttachBilag
from casework.domain.agenda import Visibility
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.presentation_commands import SaveText


def test_agenda_html_and_pdf_number_the_at_clauses(memory_services: App, clock: Any) -> None:
    from casework.services.agendas import assemble_agenda

    app = memory_services
    clock.instant = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    case = app.open_case(
        OpenCase.model_validate({
            "workflow": "beslutningssag", "title": "Trafikplan", "actor": "mette",
            "route": [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
            "attributes": {"politikomraade": "veje"},
        })
    )  # fmt: skip
    for section, text in [
        ("resume", "Planen gør vejene sikre."),
        ("sagsfremstilling", "Byrådet vedtog en plan i 2021."),
        ("indstilling", "at planen godkendes\nat der afsættes midler"),
    ]:
        app.presentations.save(SaveText(case_id=case.id, actor="mette", section=section,
                                        text=text))  # fmt: skip
    app.bilag.attach(AttachBilag(case_id=case.id, actor="mette", filename="kort.pdf",
                                 content=pdf(), title="Kort over vejene"))  # fmt: skip
    for action, actor in [("indsend", "mette"), ("godkend", "henrik"), ("godkend", "annelise"),
                          ("godkend", "sofie")]:  # fmt: skip
        app.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
    agenda = assemble_agenda(app.uow_factory, app.config, "tmu", dt.date(2026, 3, 9))
    public = agenda.publish(Visibility.PUBLIC)
    html = render_html(public)
    assert (
        '<ol class="clauses"><li>at planen godkendes</li><li>at der afsættes midler</li></ol>'
        in html
    )
    assert "Planen gør vejene sikre." in html and "Byrådet vedtog en plan i 2021." in html
    assert f'href="/sager/{case.id}/bilag/1"' in html and "Kort over vejene" in html
    text = extract_text(render_pdf(public, compress=False))
    assert "1. at planen godkendes" in text and "2. at der afsættes midler" in text
    assert "Planen gør vejene sikre." in text
