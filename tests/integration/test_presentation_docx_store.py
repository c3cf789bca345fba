"""The Word round trip on both backends (issue 14, item 5): an imported document's changed
sections are saved in one transaction (their texts stored by hash with their events), a refused
import writes nothing, and the audit stays clean."""

from __future__ import annotations

import io

import docx
import pytest
from sqlalchemy import Engine, func, select

from casework.adapters.sql.tables import case_events, presentation_texts
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration
from casework.domain.errors import CaseworkError
from casework.domain.presentation_commands import SaveText
from casework.testing import FixedClock


def _counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        events = connection.execute(select(func.count()).select_from(case_events)).scalar()
        texts = connection.execute(select(func.count()).select_from(presentation_texts)).scalar()
    return int(events or 0), int(texts or 0)


def test_an_imported_document_is_saved_in_one_transaction(
    engine: Engine, config: Configuration, clock: FixedClock
) -> None:
    app = App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=clock)
    case = app.open_case(
        OpenCase(workflow="beslutningssag", title="Trafikplan", actor="mette",
                 route=[("tmu", "indstiller"), ("kb", "beslutter")],
                 attributes={"politikomraade": "veje"})
    )  # fmt: skip
    app.presentations.save(SaveText(case_id=case.id, actor="mette", section="resume",
                                    text="Kort."))  # fmt: skip
    exported = docx.Document(io.BytesIO(app.presentations.export_docx(case.id).content))
    next(p for p in exported.paragraphs if p.text == "Kort.").text = "Kort og godt."
    clauses = next(p for p in exported.paragraphs if p.text == "Indstilling")
    clauses.insert_paragraph_before("Økonomi", "Heading 1")  # a second Økonomi heading
    out = io.BytesIO()
    exported.save(out)
    before = _counts(engine)
    with pytest.raises(CaseworkError) as refused:
        app.presentations.import_docx(case.id, "mette", out.getvalue(), "p.docx")
    assert refused.value.code == "CW884"
    assert _counts(engine) == before  # nothing of the refused import written

    edited = docx.Document(io.BytesIO(app.presentations.export_docx(case.id).content))
    next(p for p in edited.paragraphs if p.text == "Kort.").text = "Kort og godt."
    edited.add_paragraph("at planen godkendes", "List Number")  # at the end: the last section
    out = io.BytesIO()
    edited.save(out)
    result = app.presentations.import_docx(case.id, "jonas", out.getvalue(), "p.docx")
    assert result.changed == ("resume", "beslutning")
    texts = {s.id: s.text for s in app.presentation(case.id).sections}
    assert texts["resume"] == "Kort og godt." and texts["beslutning"] == "at planen godkendes"
    events, stored = _counts(engine)
    assert (events, stored) == (before[0] + 2, before[1] + 2)
    again = app.presentations.import_docx(case.id, "jonas", out.getvalue(), "p.docx")
    assert again.changed == () and _counts(engine) == (events, stored)
    assert app.verify_audit().ok
