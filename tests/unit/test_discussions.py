"""Issue 20 items 2 and 5: a discussion linked to the decision cases it produced, facilitation
kits from config on the discussion step and its agenda item, citizen involvement as a step kind
with its answers recorded — on the in-memory store."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from casework.adapters.config.full import load_full_configuration
from casework.app import App
from casework.diagrams import to_dot, to_mermaid, workflow_diagram
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.domain.discussions import (
    AlreadyLinked,
    CaseLinked,
    DiscussionProduced,
    LinkToSelf,
    NotADiscussion,
)
from casework.domain.errors import CaseworkError, DefinitionError
from casework.domain.event_types import payload_from_data
from casework.domain.events import EventKind
from casework.domain.involvement import (
    AlreadyAnswered,
    AnswerInFuture,
    InvolvementAnswered,
    InvolvementNotStarted,
    UnknownParty,
)
from casework.domain.routes import build_route, parse_route
from casework.testing import FixedClock
from tests.conftest import CONFIG_DIR

SECRET = "HEMMELIG-MARKOER-20"


def _discussion(app: App, fmt: str | None = "visionsarbejde", title: str = "") -> str:
    attributes = {"politikomraade": "veje"}
    if fmt is not None:
        attributes["droeftelsesformat"] = fmt
    return app.open_case(
        OpenCase(workflow="droeftelsessag", title=title or "Temadrøftelse: fremtidens bymidte",
                 actor="mette", attributes=attributes)
    ).id  # fmt: skip


def _decision(app: App, title: str = "Vision for bymidten", **attrs: object) -> str:
    return app.open_case(
        OpenCase(workflow="beslutningssag", title=title, actor="mette", route=[("tmu", "")],
                 attributes={"politikomraade": "veje", **attrs})
    ).id  # fmt: skip


# --------------------------------------------------------------------------- links
def test_a_discussion_is_the_origin_of_the_decision_case_it_produced(memory_services: App) -> None:
    app = memory_services
    discussion, decision = _discussion(app), _decision(app)
    result = app.discussions.link(decision, discussion, "mette")
    assert result.case_event.kind is EventKind.LINKED
    assert result.case_event.data == {"case": discussion, "relation": "origin"}
    assert result.origin_event.data == {"case": decision, "relation": "produced"}

    shown = app.case_view(decision, "da").as_json()
    assert shown["origin"] == {
        "id": discussion, "title": "Temadrøftelse: fremtidens bymidte",
        "workflow": "Drøftelsessag", "step_title": "Oplæg til drøftelse udarbejdes",
        "status": "open",
    }  # fmt: skip
    assert shown["produced"] == []
    assert "Oprindelse: drøftelsessag " + discussion in [
        h.text for h in app.case_view(decision, "da").history
    ]
    produced = app.case_view(discussion, "en").as_json()["produced"]
    assert [(c["id"], c["workflow"]) for c in produced] == [(decision, "Decision case")]
    # A second decision case from the same discussion.
    other = _decision(app, "Parkering i bymidten")
    app.discussions.link(other, discussion, "mette")
    assert [c["id"] for c in app.case_view(discussion, "da").as_json()["produced"]] == [
        decision,
        other,
    ]
    assert not app.verify_audit().findings


@pytest.mark.parametrize(
    ("which", "error", "code"),
    [
        ("self", LinkToSelf, "CW923"),
        ("not_discussion", NotADiscussion, "CW920"),
        ("discussion_target", DiscussionProduced, "CW921"),
        ("twice", AlreadyLinked, "CW922"),
    ],
)
def test_a_link_the_record_cannot_carry_is_refused_and_nothing_written(
    memory_services: App, which: str, error: type[CaseworkError], code: str
) -> None:
    app = memory_services
    discussion, decision = _discussion(app), _decision(app)
    if which == "twice":
        app.discussions.link(decision, discussion, "mette")
        case, origin = decision, _discussion(app, title="En anden drøftelse")
    else:
        case, origin = {
            "self": (discussion, discussion),
            "not_discussion": (decision, _decision(app, "Ikke en drøftelse")),
            "discussion_target": (_discussion(app, title="Drøftelse to"), discussion),
        }[which]
    before = {c: len(app.history(c)) for c in (case, origin)}
    with pytest.raises(error) as info:
        app.discussions.link(case, origin, "mette")
    assert info.value.message().startswith(f"[{code}] ")
    assert "\n" not in info.value.message("en")
    assert {c: len(app.history(c)) for c in (case, origin)} == before


def test_a_finished_discussion_can_still_be_linked(memory_services: App) -> None:
    app = memory_services
    discussion = _discussion(app)
    app.advance(AdvanceCase(case_id=discussion, action="traek_tilbage", actor="mette"))
    decision = _decision(app)
    app.discussions.link(decision, discussion, "mette")
    assert app.case_view(decision, "da").as_json()["origin"]["status"] == "closed"


def test_a_closed_item_is_named_by_its_heading_to_whoever_may_not_see_it(
    memory_services: App,
) -> None:
    """Secret marker: a closed decision case linked to a discussion stays closed on the
    discussion's page for a person who may not see it."""
    app = memory_services
    discussion = _discussion(app)
    closed = _decision(app, f"Køb af grund {SECRET}", lukket=True, lukket_grund="ejendomshandel")
    app.discussions.link(closed, discussion, "mette")
    from casework.domain import access

    case, _ = app.case(closed)
    # jonas works in the same centre but may not read another officer's closed item; the CLI
    # (no actor: the operator holding the data directory) and the owner read the title.
    assert not access.can_view_case(app.config.municipality, "jonas", case)
    shown = str(app.case_view(discussion, "da", actor="jonas").as_json())
    assert SECRET not in shown
    assert "Lukket punkt: Ejendomssag" in shown
    assert SECRET in str(app.case_view(discussion, "da", actor="mette").as_json())


def test_payloads_read_back_unchanged() -> None:
    for payload in (
        CaseLinked(relation="origin", case="2026-0001"),
        InvolvementAnswered(
            step="inddragelse",
            party="aeldreraad",
            received="2026-03-02",
            summary="Støtter",
            by="formand",
        ),
        InvolvementAnswered(step="inddragelse", party="css", received="2026-03-02", summary="x"),
    ):
        assert payload_from_data(payload.KIND, payload.to_data()) == payload
    with pytest.raises(ValueError, match="relation"):
        payload_from_data(EventKind.LINKED, {"case": "2026-0001", "relation": "cousin"})


# --------------------------------------------------------------------------- facilitation
def test_the_kit_is_attached_to_the_discussing_step_and_its_agenda_item(
    memory_services: App,
) -> None:
    app = memory_services
    case_id = _discussion(app, "negativ_brainstorm")
    panel = app.case_view(case_id, "da").as_json()
    kit = panel["facilitation"]
    assert kit["title"] == "Negativ brainstorm"
    assert kit["duration_minutes"] == sum(p["minutes"] for p in kit["programme"]) == 45
    assert panel["facilitation_step"] == "droeftelse@tmu"
    assert "post-its" in kit["materials"]
    # The agenda item of the discussion carries the kit (in Danish, as the agenda is).
    from casework.services.agendas import case_candidate

    case, _ = app.case(case_id)
    with app.uow_factory() as uow:
        content = case_candidate(uow, app.config, case, dt.date(2026, 3, 2)).content
    assert content.facilitation[0] == "Drøftelsesformat: Negativ brainstorm"
    assert any("Brainstorm på post-its" in line for line in content.facilitation)


def test_vision_work_has_its_process_plan_and_rating_questions(config: Configuration) -> None:
    kit = config.facilitation.kits["visionsarbejde"]
    assert len(kit.process_plan) >= 3
    assert all(q.scale == (1, 5) for q in kit.questions)
    assert {"dilemmavaerksted", "visionsarbejde", "seks_skarpe", "negativ_brainstorm"} == set(
        config.facilitation.kits
    )
    assert len(config.facilitation.kits["seks_skarpe"].questions) == 6


def test_no_kit_without_a_format_and_none_on_a_decision_case(memory_services: App) -> None:
    app = memory_services
    assert app.case_view(_discussion(app, None), "da").as_json()["facilitation"] is None
    decision = _decision(app, droeftelsesformat="dilemmavaerksted")
    assert app.case_view(decision, "da").as_json()["facilitation"] is None


def _broken_config(tmp_path: Path, old: str, new: str, file: str = "facilitation.yaml") -> Path:
    target = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, target)
    path = target / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("old", "new", "code", "line_of"),
    [
        ("  - id: seks_skarpe", "  - id: seks_skarp", "CW926", "  - id: seks_skarp"),
        ("duration_minutes: 45\n    programme:\n      - {minutes: 5, title: De",
         "duration_minutes: 50\n    programme:\n      - {minutes: 5, title: De",
         "CW928", "duration_minutes: 50"),
        ("attribute: droeftelsesformat", "attribute: droeftelsesformatt", "CW925",
         "attribute: droeftelsesformatt"),
    ],
)  # fmt: skip
def test_config_check_names_file_and_line_of_a_broken_kit(
    tmp_path: Path, old: str, new: str, code: str, line_of: str
) -> None:
    directory = _broken_config(tmp_path, old, new)
    with pytest.raises(DefinitionError) as info:
        load_full_configuration(directory)
    lines = (directory / "facilitation.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if line_of in text)
    found = [f for f in info.value.findings if f.code == code]
    assert found, info.value.message()
    assert found[0].location is not None
    assert (found[0].location.file, found[0].location.line) == ("config/facilitation.yaml", line)


def test_a_choice_without_a_kit_is_a_finding(tmp_path: Path) -> None:
    directory = _broken_config(
        tmp_path, "seks_skarpe, negativ_brainstorm]", "seks_skarpe, negativ_brainstorm, fiskebowl]",
        file="municipality.yaml",
    )  # fmt: skip
    with pytest.raises(DefinitionError) as info:
        load_full_configuration(directory)
    assert [f.code for f in info.value.findings] == ["CW927"]
    assert "fiskebowl" in info.value.message()


# --------------------------------------------------------------------------- involvement
def test_answers_are_recorded_with_who_when_and_what(
    memory_services: App, clock: FixedClock
) -> None:
    app = memory_services
    case_id = _discussion(app)
    with pytest.raises(InvolvementNotStarted):
        app.discussions.answer(case_id, "aeldreraad", "Støtter", "mette")
    app.advance(AdvanceCase(case_id=case_id, action="send_i_hoering", actor="mette"))
    app.discussions.answer(case_id, "aeldreraad", "Ældrerådet støtter flere bænke.", "mette",
                           received=dt.date(2026, 2, 27), by="formand Grethe Holm")  # fmt: skip
    clock.advance(days=3)
    app.discussions.answer(case_id, "css", "Ingen bemærkninger.", "henrik")
    view = app.case_view(case_id, "da")
    involvement = view.as_json()["involvement"]
    assert len(involvement) == 1
    step = involvement[0]
    assert (step["step"], step["form"], step["current"], step["reached"]) == (
        "inddragelse", "Høring", True, True,
    )  # fmt: skip
    assert step["due"] == view.case.step_due
    rows = {p["party"]: p for p in step["parties"]}
    assert rows["aeldreraad"] == {
        "party": "aeldreraad", "name": "Ældrerådet", "answered": True, "received": "2026-02-27",
        "by": "formand Grethe Holm", "summary": "Ældrerådet støtter flere bænke.",
        "recorded_by": "Mette Sørensen",
    }  # fmt: skip
    assert rows["css"]["name"] == "Center for Social og Sundhed"  # a centre by its own name
    assert rows["css"]["received"] == "2026-03-05"
    assert not rows["handicapraad"]["answered"]
    assert "Høringssvar fra Ældrerådet (2026-02-27)" in [h.text for h in view.history]
    assert not app.verify_audit().findings


@pytest.mark.parametrize(
    ("party", "received", "error", "code"),
    [
        ("aeldrerad", None, UnknownParty, "CW930"),
        ("aeldreraad", dt.date(2026, 3, 3), AnswerInFuture, "CW933"),
        ("handicapraad", None, AlreadyAnswered, "CW932"),
    ],
)
def test_an_answer_that_cannot_be_recorded_is_refused(
    memory_services: App,
    party: str,
    received: dt.date | None,
    error: type[CaseworkError],
    code: str,
) -> None:
    app = memory_services
    case_id = _discussion(app)
    app.advance(AdvanceCase(case_id=case_id, action="send_i_hoering", actor="mette"))
    app.discussions.answer(case_id, "handicapraad", "Trinfri adgang", "mette")
    before = len(app.history(case_id))
    with pytest.raises(error) as info:
        app.discussions.answer(case_id, party, "Svar", "mette", received=received)
    assert info.value.message().startswith(f"[{code}] ")
    if code == "CW930":
        assert "aeldreraad" in info.value.message()  # did you mean
    assert len(app.history(case_id)) == before


def test_an_internal_hearing_of_an_unknown_centre_is_a_finding(tmp_path: Path) -> None:
    directory = _broken_config(tmp_path, "{id: css, centre: css}", "{id: css, centre: csx}",
                               file="workflows/droeftelsessag.yaml")  # fmt: skip
    with pytest.raises(DefinitionError) as info:
        load_full_configuration(directory)
    found = [f for f in info.value.findings if f.code == "CW934"]
    assert found and found[0].suggestion == "css"
    assert found[0].location is not None
    assert found[0].location.file == "config/workflows/droeftelsessag.yaml"
    lines = (directory / "workflows/droeftelsessag.yaml").read_text(encoding="utf-8")
    assert found[0].location.line == next(
        i for i, text in enumerate(lines.splitlines(), 1) if "centre: csx" in text
    )


def test_an_involvement_step_needs_its_involvement(tmp_path: Path) -> None:
    directory = _broken_config(tmp_path, "    kind: involvement\n    involvement:\n",
                               "    kind: task\n    involvement:\n",
                               file="workflows/droeftelsessag.yaml")  # fmt: skip
    with pytest.raises(DefinitionError) as info:
        load_full_configuration(directory)
    assert "'involvement' hører til kind: involvement" in info.value.message()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_diagram_draws_the_involvement_step(config: Configuration, lang: str) -> None:
    definition = config.workflow("droeftelsessag")
    route = build_route(parse_route("tmu"), definition, config.municipality)
    diagram = workflow_diagram(definition, config.municipality, route, lang=lang)
    dot, mermaid = to_dot(diagram), to_mermaid(diagram)
    legend = "Borgerinddragelse" if lang == "da" else "Citizen involvement"
    assert legend in dot and legend in mermaid
    assert "shape=house" in dot.replace('"', "")
    assert "[\\" in mermaid  # the trapezoid of an involvement step
