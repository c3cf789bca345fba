"""Issue 16, items 1 and 2: closed items and user text in the outputs past casework's access
checks (the Prefect artifacts, the reminder e-mails) and in each output format.

The secret-marker pattern of ``tests/web/test_access_matrix.py``: a closed case carries a marker
in its title and texts that must never appear; it appears by number and public agenda heading
("Lukket punkt: Ejendomssag") only, the heading the public agenda gives it. The same artifacts
run on a real Prefect server in ``tests/flows/test_artifact_safety.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from casework.app import App
from casework.app.coordination import outlook_of
from casework.diagrams.dot import html, quote
from casework.diagrams.mermaid import label, to_mermaid
from casework.domain.access import public_title
from casework.domain.agenda import Candidate, CaseContent, ClosedCategory, assemble, closed_heading
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration
from casework.domain.reminders import ReminderConfig
from casework.flows.artifacts import agendas_markdown, board_table, case_route_markdown, md
from casework.services.reminders import ReminderService
from casework.testing import FixedClock, InMemoryReminderStore, InMemoryUnitOfWork, RecordingChannel

SECRET = "Xyzzy"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
#: 07:30 Copenhagen on the first step's deadline: the "due" reminder goes out.
ON_DUE = dt.datetime(2026, 3, 16, 6, 30, tzinfo=dt.UTC)
HOSTILE = "<img src=x onerror=alert(1)> **fed** [klik](https://ond.example) a|b"


@pytest.fixture
def uow() -> InMemoryUnitOfWork:
    return InMemoryUnitOfWork()


@pytest.fixture
def services(uow: InMemoryUnitOfWork, config: Configuration) -> App:
    return App(config=config, uow_factory=lambda: uow, clock=FixedClock(START))


def _open(services: App, title: str, **attributes: object) -> str:
    return services.open_case(
        OpenCase(
            workflow="beslutningssag",
            title=title,
            actor="mette",
            route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
            attributes={"politikomraade": "ejendomme", **attributes},
        )
    ).id


def _closed(services: App) -> str:
    return _open(
        services,
        f"Køb af {SECRET}gården",
        lukket=True,
        lukket_grund="ejendomshandel",
        sagsfremstilling=f"Prisen på {SECRET} er fortrolig.",
    )


def test_the_public_title_is_the_public_agendas_heading() -> None:
    item = assemble(
        body="kb",
        body_name="Kommunalbestyrelsen",
        date=dt.date(2026, 4, 30),
        time=dt.time(17),
        deadline=None,
        candidates=[
            Candidate(
                CaseContent("2026-0001", "2026-0001", SECRET, "beslutning"),
                dt.date(2026, 4, 1),
                closed=True,
                closed_reason="ejendomshandel",
            )
        ],
    ).items[-1]  # fmt: skip  (closed items come last)
    assert item.public_heading == closed_heading(ClosedCategory.EJENDOMSHANDEL)
    assert public_title("Køb", {"lukket": True, "lukket_grund": "ejendomshandel"}) == (
        item.public_heading
    )
    assert public_title("Køb", {"lukket": "ja"}) == "Lukket punkt: Fortrolig sag"
    assert public_title("Køb", {"lukket": False}) == "Køb"


def test_board_and_route_artifacts_name_a_closed_case_by_number_and_category(
    services: App,
) -> None:
    closed = _closed(services)
    _open(services, "Ny cykelsti")
    view = services.board("da", limit=None)
    table = board_table(view.rows, "http://casework.test")
    assert SECRET not in repr(table)
    titles = {row["Sag"]: row["Titel"] for row in table}
    assert titles[closed] == "Lukket punkt: Ejendomssag"
    assert "Ny cykelsti" in titles.values()
    route = case_route_markdown(services, closed, "http://casework.test")
    assert SECRET not in route
    assert route.startswith(f"# {closed} Lukket punkt&#58; Ejendomssag\n")


def test_the_coming_agendas_name_a_late_closed_item_by_number_and_category() -> None:
    agenda = assemble(
        body="kb", body_name="Kommunalbestyrelsen", date=dt.date(2026, 4, 30),
        time=dt.time(17), deadline=dt.date(2026, 4, 20),
        candidates=[Candidate(CaseContent("2026-0007", "2026-0007", SECRET, "beslutning"),
                              dt.date(2026, 4, 25), closed=True)],
    )  # fmt: skip
    for public in (False, True):
        outlook = outlook_of(agenda, public=public)
        text = agendas_markdown([outlook], dt.date(2026, 4, 21))
        assert SECRET not in text and SECRET not in repr(outlook)
        assert outlook.missing == ("2026-0007 Lukket punkt: Fortrolig sag",)


def test_reminder_emails_name_a_closed_case_by_number_and_category(
    uow: InMemoryUnitOfWork, services: App, config: Configuration
) -> None:
    closed = _closed(services)
    channel = RecordingChannel()
    reminders = ReminderService(
        config=config,
        settings=dataclasses.replace(ReminderConfig(channels=("test",)), base_url="http://x"),
        store=InMemoryReminderStore(uow),
        channels=channel,
        clock=FixedClock(START),
    )
    assert reminders.sweep(now=ON_DUE).sent > 0
    about = [message for message, _ in channel.sent if message.case_id == closed]
    assert about
    for message in about:
        assert SECRET not in message.subject and SECRET not in message.body
        assert "Lukket punkt: Ejendomssag" in message.subject
        assert closed in message.subject


def test_markdown_escapes_html_links_and_emphasis() -> None:
    text = md(HOSTILE + "\n# Vedtaget af KB")
    assert "<" not in text and ">" not in text and "\n" not in text
    assert "https:" not in text  # no autolink
    assert "\\*\\*fed\\*\\*" in text and "\\[klik\\]" in text and "a\\|b" in text


def test_a_route_artifact_of_a_hostile_title_adds_no_markup_step_or_link(services: App) -> None:
    case_id = _open(services, "Vejprojekt\" --> n_x\n%%{init: {'theme': 'dark'}}%%"[:60]
                    .replace("\n", " ") + " " + HOSTILE)  # fmt: skip
    route = case_route_markdown(services, case_id, "http://casework.test")
    mermaid = route.split("```mermaid\n", 1)[1].split("```", 1)[0]
    outside = route.replace(mermaid, "")
    assert "<img" not in outside and "[klik](" not in outside and "**fed**" not in outside
    assert "<img" not in mermaid  # not even in a comment
    assert "%%{" not in mermaid and "click " not in mermaid
    # Every line of the diagram is Mermaid's own: a comment, a node, an edge, a class or style.
    grammar = re.compile(
        r"^(flowchart TB|  %% .*|\s+(subgraph|direction|end|classDef|class|linkStyle)\b.*|"
        r"\s+n_\w+.*|  end)$"
    )
    assert all(grammar.match(line) for line in mermaid.splitlines()), mermaid


def test_a_title_with_line_breaks_stays_one_mermaid_label() -> None:
    # Stored before the command refused it: a line break and a fake step in a title.
    text = label('Vej"]\nn_fake["Vedtaget af KB"]\nclick n_fake "https://ond.example"')
    assert "\n" not in text and text.count('"') == 2
    assert "<img" not in label("<img src=x>") and "%%" not in label("%%{init: {}}%%")


def test_dot_labels_hold_no_control_characters() -> None:
    assert quote('Vej\x00\x1b[31m"x"\n') == '"Vej  [31m\\"x\\"\\n"'
    assert html("<b>\x00&") == "&lt;b&gt; &amp;"


def test_the_journey_of_a_stored_odd_title_draws(
    services: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casework.domain import commands

    with monkeypatch.context() as before:
        before.setattr(commands, "check_one_line", lambda text, _field="": text)
        case_id = _open(services, 'Vej\x00\x1b[31m<b>\n"x"')
    case, events = services.case(case_id)
    diagram = services.views.journey(case, events, "da")
    assert "\x00" not in to_mermaid(diagram)
    from casework.diagrams.dot import to_dot
    from casework.diagrams.render import dot_available, render

    dot = to_dot(diagram)
    assert "\x00" not in dot and "\x1b" not in dot
    if dot_available():
        assert b"<svg" in render(dot, "svg")
