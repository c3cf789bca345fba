"""The configuration adapter: the real config/ loads, YAML traps stay shut, and every mistake an
administrator can make is reported with its file, line and, where one fits, a suggestion.

Broken configurations are built in ``tmp_path`` from the real files by small string edits, so
each test shows the one mistake it is about; ``tests/fixtures/config_broken/multi_file`` is a
small hand-written configuration with mistakes in several files at once.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from casework.adapters.config import load_configuration
from casework.adapters.config.jsonschema import json_schemas
from casework.adapters.config.schema import TransitionModel
from casework.adapters.config.yaml_loader import load_yaml, parent_path
from casework.domain.configuration import Configuration
from casework.domain.errors import ConfigFileError, DefinitionError, Finding
from casework.domain.organisation import BodyKind, RoleScope
from casework.domain.workflow import NEXT_BODY, RouteRole, StepKind, TransitionKind

ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = ROOT / "config"
BROKEN = ROOT / "tests" / "fixtures" / "config_broken"

BESLUTNING = "workflows/beslutningssag.yaml"
MUNICIPALITY = "municipality.yaml"


# --- helpers -------------------------------------------------------------------------------------


def edited_config(tmp_path: Path, edits: dict[str, list[tuple[str, str]]]) -> Path:
    """A copy of the real config/ with each (old, new) replaced once in the named file."""
    target = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, target)
    for name, replacements in edits.items():
        path = target / name
        text = path.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, f"test edit does not apply to {name}: {old!r}"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    return target


def findings_of(directory: Path) -> list[Finding]:
    with pytest.raises(DefinitionError) as info:
        load_configuration(directory)
    return list(info.value.findings)


def only(findings: list[Finding], code: str, key: str | None = None) -> Finding:
    """The one finding with ``code`` (and ``key``); fails if there are none or several."""
    matching = [f for f in findings if f.code == code and (key is None or f.key == key)]
    assert len(matching) == 1, [f.message("en") for f in findings]
    return matching[0]


def line_of(directory: Path, name: str, snippet: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line of ``name`` that contains ``snippet``."""
    lines = (directory / name).read_text(encoding="utf-8").splitlines()
    hits = [number for number, text in enumerate(lines, start=1) if snippet in text]
    return hits[occurrence - 1]


def assert_at(finding: Finding, file: str, line: int, path: str | None = None) -> None:
    assert finding.location is not None
    assert finding.location.file == f"config/{file}"
    assert finding.location.line == line
    if path is not None:
        assert finding.location.path == path
    assert f"config/{file}:{line}" in finding.message("en")


# --- the real configuration ----------------------------------------------------------------------


def test_real_config_loads_into_a_frozen_configuration() -> None:
    config = load_configuration(CONFIG_DIR)

    assert isinstance(config, Configuration)
    assert list(config.workflows) == [
        "administrativ_beslutning",
        "beslutningssag",
        "droeftelsessag",
        "lokalplan",
        "medlemsforslag",
        "orienteringssag",
    ]
    municipality = config.municipality
    assert municipality.id == "eksempel"
    assert len(municipality.bodies) == 9
    assert municipality.bodies["kb"].kind is BodyKind.COUNCIL
    assert municipality.bodies["oeu"].name_en == "Finance Committee"
    assert municipality.bodies["obu"].advisory is True
    assert municipality.bodies["tmu"].policy_areas == ("veje", "miljoe", "klima", "natur")
    assert set(municipality.roles) == {
        "sagsbehandler",
        "centerchef",
        "direktoer",
        "kommunaldirektoer",
        "sekretariat",
        "sekretariatschef",
    }
    assert municipality.roles["sekretariat"].scope is RoleScope.ALL
    assert len(municipality.centres) == 8
    assert len(municipality.people) == 22
    assert municipality.people["peter"].centres == frozenset({"cbu", "ckf", "css", "cje"})
    assert "beloeb" in municipality.attributes
    with pytest.raises(TypeError):
        municipality.bodies["x"] = municipality.bodies["kb"]  # type: ignore[index]


def test_real_workflow_becomes_domain_objects() -> None:
    definition = load_configuration(CONFIG_DIR).workflow("beslutningssag")

    assert definition.start == "kladde"
    assert definition.source == "config/workflows/beslutningssag.yaml"
    assert definition.route_policy.decider == "required"
    assert definition.route_policy.roles == {
        RouteRole.RECOMMENDS,
        RouteRole.DECIDES,
        RouteRole.INFORMED,
    }
    meeting = definition.steps["politisk_behandling"]
    assert meeting.kind is StepKind.MEETING
    assert meeting.continues_to == "orientering"
    assert definition.steps["orientering"].continues_to == "ekspedition"
    assert meeting.deadline is not None
    assert (meeting.deadline.amount, meeting.deadline.relative_to) == (12, "meeting")
    recommend = next(t for t in definition.transitions if t.action == "anbefal")
    assert recommend.target == NEXT_BODY
    assert recommend.roles == frozenset({"sekretariat"})
    assert recommend.body_roles == frozenset({RouteRole.RECOMMENDS})
    submit = definition.transitions[0]
    assert submit.body_roles is None  # absent means "at every body", not "at none"
    assert submit.kind is TransitionKind.FORWARD
    place = next(t for t in definition.transitions if t.source == "kvalitetssikring")
    assert [(c.attribute, c.op) for c in place.guard] == [("politikomraade", "set")]


# --- YAML traps ----------------------------------------------------------------------------------


def test_yaml_1_1_traps_stay_strings() -> None:
    # Regression: YAML 1.1 reads no/off/yes as booleans and 16:30 as the base-60 integer 990.
    text = (
        "vote: [yes, no, abstain]\n"
        "flags: {a: on, b: off, c: y, d: n, e: No}\n"
        "meeting: 16:30\n"
        "early: 08:00\n"
        "octal: 0123\n"
        "equals: =\n"
        "on: key\n"
    )
    data = load_yaml(text, "t.yaml").data

    assert data["vote"] == ["yes", "no", "abstain"]
    assert data["flags"] == {"a": "on", "b": "off", "c": "y", "d": "n", "e": "No"}
    assert data["meeting"] == "16:30"
    assert data["early"] == "08:00"
    assert data["octal"] == "0123"
    assert data["equals"] == "="
    assert data["on"] == "key"


def test_yaml_keeps_real_booleans_numbers_null_and_dates() -> None:
    text = "a: true\nb: FALSE\nc: True\nd: 21\ne: 1_000\nf: 2.5\ng: ~\nh:\ni: 2026-03-02\nj: 0x10\n"
    data = load_yaml(text, "t.yaml").data

    assert data == {
        "a": True,
        "b": False,
        "c": True,
        "d": 21,
        "e": 1000,
        "f": 2.5,
        "g": None,
        "h": None,
        "i": dt.date(2026, 3, 2),
        "j": 16,
    }
    assert isinstance(data["d"], int)
    assert not isinstance(data["d"], bool)


def test_yes_is_not_a_boolean_in_a_workflow(tmp_path: Path) -> None:
    # "start: yes" must not quietly start the workflow there; it is a mistake to report.
    directory = edited_config(tmp_path, {BESLUTNING: [("    start: true", "    start: yes")]})

    finding = only(findings_of(directory), "CW104")
    assert_at(finding, BESLUTNING, line_of(directory, BESLUTNING, "start: yes"), "steps[0].start")
    assert "must be true or false" in finding.message("en")


def test_a_title_no_stays_the_word_no(tmp_path: Path) -> None:
    directory = edited_config(tmp_path, {BESLUTNING: [("title: Afsluttet", "title: no")]})

    config = load_configuration(directory)

    assert config.workflow("beslutningssag").steps["afsluttet"].title == "no"


def test_yaml_lines_are_recorded_for_keys_and_items() -> None:
    text = "steps:\n  - id: a\n    role: x\n  - {id: b,\n     role: y}\ntransitions: []\n"
    loaded = load_yaml(text, "t.yaml")

    assert loaded.lines["steps"] == 1
    assert loaded.lines["steps[0]"] == 2
    assert loaded.lines["steps[0].role"] == 3
    assert loaded.lines["steps[1]"] == 4
    assert loaded.lines["steps[1].role"] == 5
    assert loaded.lines["transitions"] == 6
    # Paths the file lacks resolve to their nearest ancestor.
    assert loaded.line_of("steps[1].deadline.amount") == 4
    assert loaded.line_of("steps[0].kind") == 2
    assert parent_path("transitions[3].guard[0].attribute") == "transitions[3].guard[0]"
    assert parent_path("steps") == ""


def test_yaml_syntax_error_is_one_line_with_line_and_column() -> None:
    with pytest.raises(ConfigFileError) as info:
        load_yaml("a: 1\nb: [1, 2\nc: 3\n", "broken.yaml")

    message = info.value.message("en")
    assert "\n" not in message
    assert message.startswith("[CW101] Cannot read broken.yaml:")
    assert info.value.params["line"] == 3
    assert "(line 3, column 2)" in message
    assert "(linje 3, kolonne 2)" in info.value.message()


# --- workflow mistakes ---------------------------------------------------------------------------


def test_no_start_step(tmp_path: Path) -> None:
    directory = edited_config(tmp_path, {BESLUTNING: [("    start: true\n", "")]})

    finding = only(findings_of(directory), "CW110")
    assert finding.key == "config.no_start"
    assert_at(finding, BESLUTNING, line_of(directory, BESLUTNING, "steps:"), "steps")
    assert "'beslutningssag' has no start step" in finding.message("en")


def test_two_start_steps(tmp_path: Path) -> None:
    second = "    role: centerchef\n    kind: approval\n"
    directory = edited_config(tmp_path, {BESLUTNING: [(second, second + "    start: true\n")]})

    finding = only(findings_of(directory), "CW110")
    assert finding.key == "config.many_starts"
    line = line_of(directory, BESLUTNING, "start: true", occurrence=2)
    assert_at(finding, BESLUTNING, line, "steps[1].start")
    assert "(kladde, centerchef_godkendelse)" in finding.message("en")


ORPHAN_STEP = (
    "  - id: afsluttet\n",
    "  - id: glemt\n    title: Glemt\n    role: sagsbehandler\n    kind: task\n  - id: afsluttet\n",
)


def test_unreachable_step(tmp_path: Path) -> None:
    exit_from_orphan = (
        "transitions:\n",
        "transitions:\n  - {action: afslut, from: glemt, to: afsluttet, roles: [sagsbehandler]}\n",
    )
    directory = edited_config(tmp_path, {BESLUTNING: [ORPHAN_STEP, exit_from_orphan]})

    finding = only(findings_of(directory), "CW119")
    assert_at(finding, BESLUTNING, line_of(directory, BESLUTNING, "- id: glemt"), "steps[6]")
    assert "step 'glemt' cannot be reached from the start step 'kladde'" in finding.message("en")


def test_step_that_cannot_reach_a_terminal(tmp_path: Path) -> None:
    into_orphan = (
        "transitions:\n",
        "transitions:\n  - {action: parker, from: kladde, to: glemt, roles: [sagsbehandler]}\n",
    )
    directory = edited_config(tmp_path, {BESLUTNING: [ORPHAN_STEP, into_orphan]})

    finding = only(findings_of(directory), "CW120")
    assert_at(finding, BESLUTNING, line_of(directory, BESLUTNING, "- id: glemt"), "steps[6]")
    assert "from step 'glemt' the case can never reach a terminal step" in finding.message("en")


def test_duplicate_action_from_one_step(tmp_path: Path) -> None:
    again = "  - {action: indsend, from: kladde, to: tilbagetrukket, roles: [sagsbehandler]}\n"
    directory = edited_config(
        tmp_path, {BESLUTNING: [("transitions:\n", "transitions:\n" + again)]}
    )

    finding = only(findings_of(directory), "CW114")
    # The second of the two is the one reported: the file's first indsend, now transitions[1].
    line = line_of(directory, BESLUTNING, "{action: indsend", occurrence=2)
    assert_at(finding, BESLUTNING, line, "transitions[1].action")
    assert "action 'indsend' is defined more than once from step 'kladde'" in finding.message("en")


def test_unknown_role_suggests_the_right_one(tmp_path: Path) -> None:
    misspelt = (
        "    role: sagsbehandler\n    kind: task\n    start: true",
        "    role: sagsbehandlr\n    kind: task\n    start: true",
    )
    directory = edited_config(tmp_path, {BESLUTNING: [misspelt]})

    finding = only(findings_of(directory), "CW112")
    assert finding.suggestion == "sagsbehandler"
    assert_at(finding, BESLUTNING, line_of(directory, BESLUTNING, "sagsbehandlr"), "steps[0].role")
    assert "unknown role 'sagsbehandlr' Did you mean 'sagsbehandler'?" in finding.message("en")


def test_unknown_role_in_a_transition(tmp_path: Path) -> None:
    directory = edited_config(
        tmp_path,
        {
            BESLUTNING: [
                (
                    "to: centerchef_godkendelse, roles: [sagsbehandler]",
                    "to: centerchef_godkendelse, roles: [sagsbehandlr]",
                )
            ]
        },
    )

    finding = only(findings_of(directory), "CW112")
    assert finding.suggestion == "sagsbehandler"
    assert finding.location is not None
    assert finding.location.path == "transitions[0].roles"


def test_unknown_target_step_suggests_the_right_one(tmp_path: Path) -> None:
    directory = edited_config(
        tmp_path, {BESLUTNING: [("to: centerchef_godkendelse", "to: centerchef_godkendels")]}
    )

    finding = only(findings_of(directory), "CW111")
    assert finding.suggestion == "centerchef_godkendelse"
    line = line_of(directory, BESLUTNING, "to: centerchef_godkendels,")
    assert_at(finding, BESLUTNING, line, "transitions[0].to")
    assert "unknown step 'centerchef_godkendels'" in finding.message("en")


def test_unknown_attribute_in_a_guard(tmp_path: Path) -> None:
    directory = edited_config(
        tmp_path, {BESLUTNING: [("{attribute: politikomraade", "{attribute: politikomrade")]}
    )

    finding = only(findings_of(directory), "CW113")
    assert finding.suggestion == "politikomraade"
    line = line_of(directory, BESLUTNING, "attribute: politikomrade")
    assert_at(finding, BESLUTNING, line, "transitions[6].guard[0].attribute")
    assert "unknown case attribute 'politikomrade'" in finding.message("en")


def test_unknown_yaml_key_lists_the_allowed_ones(tmp_path: Path) -> None:
    directory = edited_config(
        tmp_path, {BESLUTNING: [("    deadline: {amount: 3", "    deadine: {amount: 3")]}
    )

    finding = only(findings_of(directory), "CW102")
    assert finding.suggestion == "deadline"
    assert_at(finding, BESLUTNING, line_of(directory, BESLUTNING, "deadine:"), "steps[1].deadine")
    message = finding.message("en")
    assert "unknown field 'deadine'; allowed fields are: id, title, title_en, role, kind" in message
    assert "Did you mean 'deadline'?" in message


def test_unknown_key_in_a_transition_lists_yaml_names(tmp_path: Path) -> None:
    directory = edited_config(
        tmp_path, {BESLUTNING: [("from: kladde, to: centerchef", "source: kladde, to: centerchef")]}
    )

    findings = findings_of(directory)
    unknown = only(findings, "CW102")
    missing = only(findings, "CW103")
    assert "from, to, roles" in unknown.message("en")
    assert missing.message("en").endswith("the field 'from' is missing")
    # A missing key has no line of its own; it is placed on the item that lacks it.
    assert missing.location is not None
    assert missing.location.path == "transitions[0].from"
    assert missing.location.line == line_of(directory, BESLUTNING, "{action: indsend")


def test_terminal_step_with_an_action(tmp_path: Path) -> None:
    reopen = "  - {action: genaabn, from: afsluttet, to: kladde, roles: [sagsbehandler]}\n"
    directory = edited_config(
        tmp_path, {BESLUTNING: [("transitions:\n", "transitions:\n" + reopen)]}
    )

    finding = only(findings_of(directory), "CW116")
    line = line_of(directory, BESLUTNING, "- id: afsluttet")
    assert_at(finding, BESLUTNING, line, "steps[6]")
    assert "terminal step 'afsluttet' has actions (genaabn)" in finding.message("en")


def test_next_body_from_a_step_that_is_not_a_meeting(tmp_path: Path) -> None:
    skip = (
        "  - {action: spring_over, from: kvalitetssikring, to: $next_body, roles: [sekretariat]}\n"
    )
    directory = edited_config(tmp_path, {BESLUTNING: [("transitions:\n", "transitions:\n" + skip)]})

    finding = only(findings_of(directory), "CW115", "config.special_target_outside_meeting")
    assert_at(
        finding, BESLUTNING, line_of(directory, BESLUTNING, "spring_over"), "transitions[0].to"
    )
    assert "target '$next_body' can only be used from a meeting step" in finding.message("en")


def test_meeting_step_without_continues_to(tmp_path: Path) -> None:
    directory = edited_config(tmp_path, {BESLUTNING: [("    continues_to: orientering\n", "")]})

    finding = only(findings_of(directory), "CW115", "config.meeting_without_exit")
    line = line_of(directory, BESLUTNING, "- id: politisk_behandling")
    assert_at(finding, BESLUTNING, line, "steps[4]")
    assert "meeting step 'politisk_behandling' lacks 'continues_to'" in finding.message("en")


def test_unknown_step_kind_suggests_the_right_one(tmp_path: Path) -> None:
    directory = edited_config(tmp_path, {BESLUTNING: [("kind: meeting", "kind: meting")]})

    finding = only(findings_of(directory), "CW104")
    assert finding.suggestion == "meeting"
    assert_at(finding, BESLUTNING, line_of(directory, BESLUTNING, "kind: meting"), "steps[4].kind")
    assert "must be one of: task, approval, meeting" in finding.message("en")


def test_meeting_step_without_route_roles(tmp_path: Path) -> None:
    # Without route_roles the meeting would match no body and be skipped without a word.
    directory = edited_config(
        tmp_path, {BESLUTNING: [("    route_roles: [indstiller, beslutter]\n", "")]}
    )

    finding = only(findings_of(directory), "CW104")
    assert finding.key == "config.meeting_needs_route_roles"
    line = line_of(directory, BESLUTNING, "- id: politisk_behandling")
    assert_at(finding, BESLUTNING, line, "steps[4]")
    assert "meeting step 'politisk_behandling' lacks 'route_roles'" in finding.message("en")


def test_empty_workflow_file(tmp_path: Path) -> None:
    directory = edited_config(tmp_path, {})
    (directory / "workflows" / "ny.yaml").write_text("# kommer snart\n", encoding="utf-8")

    finding = only(findings_of(directory), "CW104")
    assert finding.message("en") == "[CW104] config/workflows/ny.yaml: the file is empty"


def test_yml_ending_is_not_ignored(tmp_path: Path) -> None:
    directory = edited_config(tmp_path, {})
    workflows = directory / "workflows"
    (workflows / "orienteringssag.yaml").rename(workflows / "orienteringssag.yml")

    assert set(load_configuration(directory).workflows) == {
        "administrativ_beslutning",
        "beslutningssag",
        "droeftelsessag",
        "lokalplan",
        "medlemsforslag",
        "orienteringssag",
    }


def test_guard_operator_in_needs_a_list(tmp_path: Path) -> None:
    directory = edited_config(
        tmp_path,
        {
            BESLUTNING: [
                (
                    "{attribute: politikomraade, op: set}",
                    "{attribute: politikomraade, op: in, value: veje}",
                )
            ]
        },
    )

    finding = only(findings_of(directory), "CW104")
    assert finding.key == "config.guard_needs_list"
    assert finding.location is not None
    assert finding.location.path == "transitions[6].guard[0]"
    assert "condition 'in' needs a list of values" in finding.message("en")
    assert "betingelsen 'in' skal have en liste" in finding.message()


def test_duplicate_step_id(tmp_path: Path) -> None:
    directory = edited_config(tmp_path, {BESLUTNING: [("  - id: ekspedition", "  - id: kladde")]})

    finding = only(findings_of(directory), "CW105")
    assert_at(finding, BESLUTNING, line_of(directory, BESLUTNING, "- id: kladde", 2), "steps[5].id")
    assert finding.message("en").endswith("step 'kladde' is defined more than once")
    assert finding.message().endswith("trinnet 'kladde' er defineret mere end én gang")


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    directory = edited_config(
        tmp_path,
        {BESLUTNING: [("    title: Afsluttet\n", "    title: Afsluttet\n    title: Slut\n")]},
    )

    finding = only(findings_of(directory), "CW107")
    assert_at(finding, BESLUTNING, line_of(directory, BESLUTNING, "title: Slut"), "steps[6].title")


def test_duplicate_workflow_id(tmp_path: Path) -> None:
    directory = edited_config(tmp_path, {})
    copy = (directory / BESLUTNING).read_text(encoding="utf-8")
    (directory / "workflows" / "zz_kopi.yaml").write_text(copy, encoding="utf-8")

    finding = only(findings_of(directory), "CW105")
    assert_at(finding, "workflows/zz_kopi.yaml", line_of(directory, BESLUTNING, "id: beslut"), "id")
    assert "workflow 'beslutningssag' is defined more than once" in finding.message("en")


# --- municipality mistakes -----------------------------------------------------------------------


def test_people_with_unknown_role_and_centre(tmp_path: Path) -> None:
    directory = edited_config(
        tmp_path,
        {
            MUNICIPALITY: [
                ("roles: [centerchef], centres: [cmt]", "roles: [centerchf], centres: [cmx]")
            ]
        },
    )

    findings = findings_of(directory)
    role = only(findings, "CW112")
    centre = only(findings, "CW121")
    line = line_of(directory, MUNICIPALITY, "centerchf")
    assert_at(role, MUNICIPALITY, line, "people[8].roles[0]")
    assert_at(centre, MUNICIPALITY, line, "people[8].centres[0]")
    assert (role.suggestion, centre.suggestion) == ("centerchef", "cmt")
    assert "unknown centre 'cmx'" in centre.message("en")


def test_duplicate_body_id(tmp_path: Path) -> None:
    directory = edited_config(tmp_path, {MUNICIPALITY: [("  - id: bpu", "  - id: tmu")]})

    finding = only(findings_of(directory), "CW105")
    assert_at(
        finding, MUNICIPALITY, line_of(directory, MUNICIPALITY, "- id: tmu", 2), "bodies[3].id"
    )
    assert "body 'tmu' is defined more than once" in finding.message("en")


def test_broken_municipality_still_reports_workflow_problems(tmp_path: Path) -> None:
    directory = edited_config(
        tmp_path,
        {
            MUNICIPALITY: [("    members: 21\n", "    members: 21\n    advisory: no\n")],
            BESLUTNING: [("to: centerchef_godkendelse", "to: centerchef_godkendels")],
        },
    )

    findings = findings_of(directory)
    assert [f.code for f in findings] == ["CW104", "CW111"]
    assert "'advisory': must be true or false" in findings[0].message("en")
    # Roles still validate on their own, so the workflows' role checks do not cry wolf.
    assert not any(f.code == "CW112" for f in findings)


# --- several files at once, languages, file errors ------------------------------------------------


def test_problems_in_several_files_are_reported_together() -> None:
    with pytest.raises(DefinitionError) as info:
        load_configuration(BROKEN / "multi_file")

    found = [
        (f.code, f.location.file if f.location else None, f.location and f.location.line)
        for f in info.value.findings
    ]
    assert found == [
        ("CW121", "multi_file/municipality.yaml", 16),
        ("CW112", "multi_file/workflows/a_role.yaml", 10),
        ("CW101", "multi_file/workflows/b_syntax.yaml", 8),
        ("CW102", "multi_file/workflows/c_key.yaml", 8),
    ]
    summary = info.value.message("en").splitlines()
    assert summary[0] == "[CW100] The configuration has 4 problem(s):"
    assert len(summary) == 5


def test_yaml_syntax_error_is_one_finding_with_file_and_line() -> None:
    with pytest.raises(DefinitionError) as info:
        load_configuration(BROKEN / "multi_file")

    finding = only(list(info.value.findings), "CW101")
    assert finding.key == "config.yaml_syntax"
    message = finding.message("en")
    # Files are named relative to the config directory's parent.
    assert message.startswith("[CW101] multi_file/workflows/b_syntax.yaml:8: YAML syntax error:")
    assert "did not find expected ',' or '}' (line 8, column 5)" in message


def test_messages_are_danish_by_default_and_english_on_request() -> None:
    with pytest.raises(DefinitionError) as info:
        load_configuration(BROKEN / "multi_file")

    error = info.value
    assert error.message().startswith("[CW100] Konfigurationen har 4 fejl:")
    assert error.message("en").startswith("[CW100] The configuration has 4 problem(s):")
    role = only(list(error.findings), "CW112")
    assert role.message().endswith("ukendt rolle 'sagsbehandlr' Mente du 'sagsbehandler'?")
    assert role.message("en").endswith("unknown role 'sagsbehandlr' Did you mean 'sagsbehandler'?")
    key = only(list(error.findings), "CW102")
    assert "ukendt felt 'deadine'; tilladte felter er:" in key.message()
    syntax = only(list(error.findings), "CW101")
    assert "YAML-syntaksfejl" in syntax.message()
    assert "(linje 8, kolonne 5)" in syntax.message()


def test_missing_directory_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigFileError) as info:
        load_configuration(tmp_path / "findes_ikke")

    english = info.value.message("en")
    assert "findes_ikke: the directory does not exist. Write a configuration to start " in english
    # How to get one: the example scaffold or the environment variable (issue 18).
    assert "'casework init --example eksempel'" in english
    assert "CASEWORK_CONFIG_DIR" in english
    assert "\n" not in info.value.message()


def test_missing_municipality_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "workflows").mkdir()

    with pytest.raises(ConfigFileError) as info:
        load_configuration(tmp_path)

    assert info.value.message() == (
        f"[CW101] Kan ikke læse {tmp_path.name}/municipality.yaml: filen findes ikke. Skriv en "
        "konfiguration at starte fra med 'casework init --example eksempel', eller angiv din "
        "egen med CASEWORK_CONFIG_DIR (eller --config-dir)"
    )


def test_no_workflows(tmp_path: Path) -> None:
    directory = edited_config(tmp_path, {})
    shutil.rmtree(directory / "workflows")

    finding = only(findings_of(directory), "CW106")
    assert (
        finding.message("en")
        == "[CW106] config/workflows: there are no workflows in config/workflows"
    )


# --- JSON Schema ---------------------------------------------------------------------------------


def test_json_schema_describes_every_field_by_its_yaml_name() -> None:
    schemas = json_schemas()

    transition = schemas["workflow"]["$defs"]["TransitionModel"]
    assert {"from", "to"} <= set(transition["properties"])
    assert transition["additionalProperties"] is False
    for schema in schemas.values():
        for definition in [schema, *schema.get("$defs", {}).values()]:
            for name, prop in definition.get("properties", {}).items():
                assert prop.get("description"), name
    assert TransitionModel.model_fields["source"].alias == "from"
