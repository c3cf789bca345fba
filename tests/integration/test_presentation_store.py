"""The presentation on both backends (issue 14): texts stored once by hash in the same
transaction as their event, read back through SQLAlchemy and the sqlite3 reader, and the whole
story through the application service with a clean audit."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, func, select

from casework.adapters.sql.presentation_texts_sqlite import SqliteTextReader
from casework.adapters.sql.tables import presentation_texts
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.domain.presentation import text_hash
from casework.domain.presentation_commands import SaveText
from casework.testing import FixedClock


def test_a_text_is_kept_once_and_read_back(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.texts.put(text_hash("Æblet"), "Æblet")
        uow.texts.put(text_hash("Æblet"), "Æblet")
        uow.commit()
    with SqlUnitOfWork(engine) as uow:
        assert uow.texts.get([text_hash("Æblet"), text_hash("x")]) == {text_hash("Æblet"): "Æblet"}
    with engine.connect() as connection:
        assert (
            connection.execute(select(func.count()).select_from(presentation_texts)).scalar() == 1
        )
    if engine.dialect.name == "sqlite":
        import sqlite3

        path = Path(str(engine.url.database))
        with sqlite3.connect(path) as plain:
            assert SqliteTextReader(plain).get([text_hash("Æblet")]) == {
                text_hash("Æblet"): "Æblet"
            }


def test_a_rolled_back_save_leaves_no_text(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.texts.put(text_hash("kladde"), "kladde")
        uow.rollback()
    with SqlUnitOfWork(engine) as uow:
        assert uow.texts.get([text_hash("kladde")]) == {}


def test_the_presentation_through_the_app_audits_clean(
    engine: Engine, config: Configuration, clock: FixedClock
) -> None:
    app = App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=clock)
    case = app.open_case(
        OpenCase(
            workflow="beslutningssag", title="Trafikplan", actor="mette",
            route=[("tmu", "indstiller"), ("kb", "beslutter")],
            attributes={"politikomraade": "veje"},
        )
    )  # fmt: skip
    for section, text in [("resume", "Kort."), ("indstilling", "at planen godkendes"),
                          ("sagsfremstilling", "Baggrund."), ("resume", "Kortere.")]:  # fmt: skip
        app.presentations.save(SaveText(case_id=case.id, actor="mette", section=section, text=text))
    app.advance(AdvanceCase(case_id=case.id, action="indsend", actor="mette"))
    view = app.presentation(case.id)
    assert (view.version, view.sections[0].text) == (4, "Kortere.")
    assert app.presentation(case.id, version=1).sections[0].text == "Kort."
    assert app.verify_audit().ok


def test_the_audit_finds_a_changed_or_missing_text(
    engine: Engine, config: Configuration, clock: FixedClock
) -> None:
    from sqlalchemy import delete, update

    app = App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=clock)
    case = app.open_case(
        OpenCase(
            workflow="beslutningssag", title="Trafikplan", actor="mette",
            route=[("tmu", "indstiller"), ("kb", "beslutter")],
            attributes={"politikomraade": "veje"},
        )
    )  # fmt: skip
    for section, text in [("resume", "Kort."), ("sagsfremstilling", "Baggrund.")]:
        app.presentations.save(SaveText(case_id=case.id, actor="mette", section=section, text=text))
    assert app.verify_audit().ok
    table = presentation_texts
    with engine.begin() as connection:
        connection.execute(
            update(table).where(table.c.sha256 == text_hash("Kort.")).values(text="Langt.")
        )
        connection.execute(delete(table).where(table.c.sha256 == text_hash("Baggrund.")))
    codes = sorted(f.code for f in app.verify_audit().findings)
    assert codes == ["CW412", "CW413"]
    assert sorted(f.code for f in app.verify_audit([case.id]).findings) == codes
