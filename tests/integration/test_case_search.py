"""Text search over cases on both backends (issue 18, item 4): ``CaseQuery(search=…)``.

Titles and presentation texts are found by their words in any inflection (SQLite: FTS5 with the
query's Danish stems as prefixes; PostgreSQL: full text under the ``danish`` configuration),
every word must occur, and a case number or part of one finds its case. The index is kept by
triggers in the writing transaction, and revision 0016 indexes the cases already stored. The
same query through the embedded sqlite3 reader and through ``casework case list --search``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine

from casework.adapters.sql.schema import upgrade
from casework.adapters.sql.sqlite_reader import SqliteCaseReader
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App, CaseQuery
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration
from casework.domain.presentation_commands import SaveText
from casework.domain.search import parse, stem
from casework.domain.workflow import CaseStatus
from casework.entrypoints.cli import main
from casework.testing import FixedClock

ROOT = Path(__file__).resolve().parents[2]


def _open(app: App, title: str) -> str:
    case = app.open_case(
        OpenCase(
            workflow="beslutningssag", title=title, actor="mette",
            route=[("tmu", "indstiller"), ("kb", "beslutter")],
            attributes={"politikomraade": "veje"},
        )
    )  # fmt: skip
    return case.id


def _cases(engine: Engine, config: Configuration, clock: FixedClock) -> tuple[App, dict[str, str]]:
    app = App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=clock)
    ids = {
        "cykelsti": _open(app, "Ny cykelsti langs Ringvejen"),
        "legeplads": _open(app, "Renovering af legepladsen i Byparken"),
        "budget": _open(app, "Budgetopfølgning 2. kvartal"),
    }
    for key, text in (
        ("legeplads", "Kommunen anlægger nye cykelstier til legepladsen."),
        ("budget", "Merforbruget skyldes vinterberedskabet."),
    ):
        save = SaveText(case_id=ids[key], actor="mette", section="resume", text=text)
        app.presentations.save(save)
    return app, ids


def _found(app: App, text: str, **filters: object) -> set[str]:
    return {c.id for c in app.cases(CaseQuery(status=None, search=text, **filters))}  # type: ignore[arg-type]


def test_words_in_any_inflection_in_titles_and_texts(
    engine: Engine, config: Configuration, clock: FixedClock
) -> None:
    app, ids = _cases(engine, config, clock)
    assert _found(app, "cykelsti") == {ids["cykelsti"], ids["legeplads"]}  # title; text
    assert _found(app, "Cykelstien") == {ids["cykelsti"], ids["legeplads"]}
    assert _found(app, "ringvej") == {ids["cykelsti"]}
    assert _found(app, "legepladser") == {ids["legeplads"]}
    assert _found(app, "vinterberedskab") == {ids["budget"]}  # only in the text
    assert _found(app, "anlæg") == {ids["legeplads"]}


def test_every_word_must_occur(engine: Engine, config: Configuration, clock: FixedClock) -> None:
    app, ids = _cases(engine, config, clock)
    assert _found(app, "cykelstier legeplads") == {ids["legeplads"]}
    assert _found(app, "cykelstier budget") == set()
    assert _found(app, "skoler") == set()


def test_a_case_number_finds_its_case(
    engine: Engine, config: Configuration, clock: FixedClock
) -> None:
    app, ids = _cases(engine, config, clock)
    number = ids["budget"]
    assert _found(app, number) == {number}
    assert number in _found(app, number.split("-")[1])


def test_search_combines_with_the_other_filters(
    engine: Engine, config: Configuration, clock: FixedClock
) -> None:
    app, ids = _cases(engine, config, clock)
    assert _found(app, "cykelsti", owner="mette") == {ids["cykelsti"], ids["legeplads"]}
    assert _found(app, "cykelsti", owner="ingen") == set()
    open_only = app.cases(CaseQuery(status=CaseStatus.OPEN, search="cykelsti", limit=1))
    assert len(open_only) == 1


@pytest.mark.parametrize("text", ['"', "AND", "cykel OR", "NEAR(x y)", "*", "a'b", "  ", "-"])
def test_query_syntax_is_only_words(
    engine: Engine, config: Configuration, clock: FixedClock, text: str
) -> None:
    app, _ = _cases(engine, config, clock)
    assert isinstance(_found(app, text), set)  # no syntax error from FTS5 or to_tsquery


def test_the_migration_indexes_the_cases_already_stored(
    empty_engine: Engine, config: Configuration, clock: FixedClock
) -> None:
    upgrade(empty_engine, "0013")
    app, ids = _cases(empty_engine, config, clock)
    upgrade(empty_engine)
    assert _found(app, "cykelstier") == {ids["cykelsti"], ids["legeplads"]}
    assert _found(app, "vinterberedskabet") == {ids["budget"]}
    assert _found(app, ids["budget"]) == {ids["budget"]}


def test_the_embedded_reader_searches_alike(
    engine: Engine, config: Configuration, clock: FixedClock
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the embedded reader reads SQLite")
    _, ids = _cases(engine, config, clock)
    with sqlite3.connect(str(engine.url.database)) as connection:
        reader = SqliteCaseReader(connection)
        found = {c.id for c in reader.list(CaseQuery(status=None, search="cykelstier"))}
        assert found == {ids["cykelsti"], ids["legeplads"]}
        assert reader.list(CaseQuery(status=None, search='" OR')) == []


def test_case_list_search_through_the_cli(
    engine: Engine, config: Configuration, clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    _, ids = _cases(engine, config, clock)
    url = engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("CASEWORK_CONFIG_DIR", str(ROOT / "config"))
    monkeypatch.delenv("CASEWORK_LANG", raising=False)
    assert main(["--database-url", url, "case", "list", "--search", "legepladser", "--json"]) == 0
    out = capsys.readouterr().out
    assert ids["legeplads"] in out and ids["cykelsti"] not in out
    assert main(["--database-url", url, "case", "list", "--search", "skoler"]) == 0
    assert "Ingen sager." in capsys.readouterr().out


def test_danish_stems() -> None:
    assert stem("cykelstier") == "cykelsti"
    assert stem("cykelstien") == "cykelsti"
    assert stem("anlægger") == "anlæg"
    assert stem("legepladsen") == "legeplads"
    assert parse("  ") is None
    query = parse("2026-0012")
    assert query is not None and query.number == "2026-0012"
