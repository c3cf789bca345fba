"""What the diagrams say: lanes, shapes, deadlines, journeys, quoting and route kinds."""

from __future__ import annotations

import re

import pytest

from casework.diagrams import examples
from casework.diagrams.dot import html, layout_columns, quote, to_dot
from casework.diagrams.extract import workflow_diagram
from casework.diagrams.journey import journey_diagram
from casework.diagrams.mermaid import label, node_ids, to_mermaid
from casework.diagrams.model import Diagram, EdgeKind, EdgeState, NodeKind, NodeState
from casework.diagrams.paper import PAPERS
from casework.diagrams.route_kinds import route_kinds, typical_route
from casework.diagrams.texts import format_date, local_date
from casework.domain.configuration import Configuration
from casework.domain.routes import build_route, parse_route


def _decision(config: Configuration, route: str = "tmu,oeu,kb", lang: str = "da") -> Diagram:
    definition = config.workflow("beslutningssag")
    chosen = build_route(parse_route(route), definition, config.municipality)
    return workflow_diagram(definition, config.municipality, chosen, lang=lang)


def _journey(config: Configuration, example: str = "lokalplan", lang: str = "da") -> Diagram:
    ex = getattr(examples, example)(config)
    return journey_diagram(ex.case, ex.events, ex.graph, config.municipality, ex.today, lang=lang)


def test_lanes_run_from_the_case_officer_to_the_council(config: Configuration) -> None:
    lanes = [lane.title for lane in _decision(config).lanes]
    assert lanes == [
        "Sagsbehandler",
        "Centerchef",
        "Direktør",
        "Borgmester- og Direktionssekretariatet",
        "Teknik- og Miljøudvalget",
        "Økonomiudvalget",
        "Kommunalbestyrelsen",
    ]


def test_meeting_steps_sit_in_their_bodys_lane_with_its_part(config: Configuration) -> None:
    diagram = _decision(config)
    node = diagram.node("politisk_behandling@oeu")
    assert node.kind is NodeKind.MEETING and node.lane == "body:oeu"
    assert node.details == ("ØU – indstiller", "senest 12 hverdage før mødet")
    assert diagram.node("politisk_behandling@kb").details[0] == "KB – beslutter"


def test_steps_carry_their_deadline_rule_and_guards_show_on_edges(config: Configuration) -> None:
    diagram = _decision(config)
    assert diagram.node("centerchef_godkendelse").details == ("senest 3 hverdage efter modtagelse",)
    placed = next(
        e for e in diagram.edges if e.source == "kvalitetssikring" and "godkend" in e.actions
    )
    assert placed.labels == ("Sæt på dagsorden [Politikområde er udfyldt]",)


def test_returns_point_at_a_marker_and_postponements_loop(config: Configuration) -> None:
    diagram = _decision(config)
    back = next(
        e
        for e in diagram.edges
        if e.source == "politisk_behandling@oeu" and e.kind is EdgeKind.RETURN
    )
    marker = diagram.node(back.target)
    assert marker.kind is NodeKind.LINK and marker.target == "kladde"
    assert marker.lane == "body:oeu"
    loop = next(
        e for e in diagram.edges if e.kind is EdgeKind.POSTPONE and e.source.endswith("@kb")
    )
    assert loop.source == loop.target and loop.labels == ("Udsat",)
    text = to_dot(diagram)
    assert 'style="dashed"' in text and 'style="dotted"' in text


def test_parallel_actions_share_one_arrow(config: Configuration) -> None:
    diagram = _decision(config)
    decided = [
        e
        for e in diagram.edges
        if e.source == "politisk_behandling@kb" and e.target == "ekspedition"
    ]
    assert len(decided) == 1
    assert decided[0].actions == ("godkend", "afvis")
    assert decided[0].labels == ("Godkendt", "Ikke godkendt")


def test_english_diagram_uses_english_titles(config: Configuration) -> None:
    diagram = _decision(config, lang="en")
    assert diagram.title == "Decision case"
    assert diagram.node("kladde").title == "Case officer drafts the item"
    assert "Finance Committee" in [lane.title for lane in diagram.lanes]
    meeting = diagram.node("politisk_behandling@oeu")
    assert meeting.details == ("ØU – recommends", "within 12 working days before the meeting")
    # Guards too: the attribute's English title (issue 19, item 6).
    labels = " ".join(label for edge in diagram.edges for label in edge.labels)
    assert "[Policy area is set]" in labels and "Politikområde" not in labels


def test_typical_route_shows_every_step_of_the_example_workflows(config: Configuration) -> None:
    for definition in config.workflows.values():
        diagram = workflow_diagram(definition, config.municipality)
        steps = {n.step for n in diagram.nodes if n.step is not None}
        actions = {
            (n.step, a) for e in diagram.edges for n in [diagram.node(e.source)] for a in e.actions
        }
        assert steps == set(definition.steps), definition.id
        assert {(t.source, t.action) for t in definition.transitions} <= actions, definition.id


def test_route_kinds_follow_the_route_policy(config: Configuration) -> None:
    kinds = {
        wid: [k.id for k in route_kinds(d, config.municipality)]
        for wid, d in config.workflows.items()
    }
    assert kinds == {
        "administrativ_beslutning": ["informed", "none"],
        "beslutningssag": ["chain", "chain_informed", "alone"],
        "droeftelsessag": ["discussed"],
        "lokalplan": ["chain", "chain_informed", "alone"],
        "medlemsforslag": ["chain", "chain_informed", "alone"],
        "orienteringssag": ["informed"],
    }
    chain = route_kinds(config.workflow("beslutningssag"), config.municipality)[0]
    assert chain.title == "Fagudvalg → ØU → KB"
    assert [
        e.body for e in typical_route(config.workflow("beslutningssag"), config.municipality)
    ] == ["tmu", "oeu", "kb", "obu"]


def test_journey_marks_done_current_and_future_steps(config: Configuration) -> None:
    diagram = _journey(config)
    states = {n.id: n.state for n in diagram.nodes if n.step}
    assert states["kladde"] is NodeState.DONE
    assert states["forslag@bpu"] is NodeState.DONE
    assert states["forslag@oeu"] is NodeState.CURRENT
    assert states["forslag@kb"] is NodeState.FUTURE
    # A local plan: the hearing and the second pass lie ahead (issue 15).
    assert states["offentlig_hoering"] is NodeState.FUTURE
    assert states["endelig_vedtagelse@kb"] is NodeState.FUTURE
    assert states["klagefrist"] is NodeState.FUTURE
    assert states["afsluttet"] is NodeState.FUTURE
    assert "tilbagetrukket" not in states  # a branch the case did not take is left out
    director = diagram.node("direktoer_godkendelse")
    assert "✔ Godkend · Anne-Lise Bruun · 18. mar. 2026" in director.details
    assert "⚠ efter fristen 13. mar. 2026" in director.details
    current = diagram.node("forslag@oeu")
    assert "▶ Nu hos: Rasmus Højgaard, Sofie Lindberg" in current.details


def test_journey_draws_the_way_taken_with_dates(config: Configuration) -> None:
    diagram = _journey(config)
    taken = {(e.source, e.kind): e for e in diagram.edges if e.state is EdgeState.TAKEN}
    assert taken[("kladde", EdgeKind.FORWARD)].labels == (
        "Send til centerchef · 2 gange, sidst 9. mar. 2026",
    )
    assert taken[("centerchef_godkendelse", EdgeKind.RETURN)].labels == (
        "Send tilbage til sagsbehandler · 5. mar. 2026",
    )
    assert taken[("forslag@bpu", EdgeKind.POSTPONE)].labels == ("Udsat · 24. mar. 2026",)
    planned = [e for e in diagram.edges if e.state is EdgeState.PLANNED]
    assert [(e.source, e.target) for e in planned] == [
        ("forslag@oeu", "forslag@kb"),
        ("forslag@kb", "offentliggoerelse_forslag"),
        ("offentliggoerelse_forslag", "offentlig_hoering"),
        ("offentlig_hoering", "hoeringsnotat"),
        ("hoeringsnotat", "endelig_vedtagelse@bpu"),
        ("endelig_vedtagelse@bpu", "endelig_vedtagelse@oeu"),
        ("endelig_vedtagelse@oeu", "endelig_vedtagelse@kb"),
        ("endelig_vedtagelse@kb", "bekendtgoerelse"),
        ("bekendtgoerelse", "klagefrist"),
        ("klagefrist", "afsluttet"),
    ]


def test_an_overdue_step_is_marked_in_words_and_border(config: Configuration) -> None:
    diagram = _journey(config, "trafikplan", "en")
    node = diagram.node("centerchef_godkendelse")
    assert node.state is NodeState.OVERDUE
    assert "⚠ OVERDUE since 6 Mar 2026" in node.details
    assert "peripheries=2" in to_dot(diagram)
    assert "classDef overdue" in to_mermaid(diagram)


def test_a_closed_case_ends_on_its_terminal_step(config: Configuration) -> None:
    diagram = _journey(config, "skole")
    end = diagram.node("afsluttet")
    assert end.state is NodeState.CURRENT and end.details == ("Lukket 2. mar. 2026",)
    assert not [e for e in diagram.edges if e.state is EdgeState.PLANNED]
    assert "Sagen er lukket: Afsluttet" in diagram.subtitle[1]


def test_dot_quoting_keeps_danish_letters_and_escapes_quotes() -> None:
    assert quote('Økonomiudvalget "ØU"\\x') == '"Økonomiudvalget \\"ØU\\"\\\\x"'
    assert quote("a\nb") == '"a\\nb"'
    assert html('<b> & "x"') == "&lt;b&gt; &amp; &quot;x&quot;"


def test_mermaid_labels_survive_quotes_hashes_and_parentheses() -> None:
    assert (
        label('Økonomiudvalget (ØU) "#1" <x>')
        == '"Økonomiudvalget (ØU) #quot;#35;1#quot; #lt;x#gt;"'
    )
    assert label("a\nb") == '"a<br/>b"'


def test_mermaid_ids_are_safe_and_unique(config: Configuration) -> None:
    diagram = _decision(config)
    ids = node_ids(diagram)
    assert len(set(ids.values())) == len(ids)
    assert all(re.fullmatch(r"n_[A-Za-z0-9_]+", i) for i in ids.values())
    text = to_mermaid(diagram)
    assert text.startswith("flowchart LR\n")
    assert 'subgraph lane_05["Økonomiudvalget · ØU · indstiller"]' in text
    assert "n_politisk_behandling_oeu{{" in text  # a meeting is a hexagon
    assert "-.->" in text and "linkStyle" in text


def test_every_step_has_a_column_and_lanes_never_share_one(config: Configuration) -> None:
    for diagram in (_decision(config), _journey(config), _journey(config, "skole")):
        columns = layout_columns(diagram)
        cells = [(n.lane, columns[n.id]) for n in diagram.nodes]
        assert len(cells) == len(set(cells))
        forward = [e for e in diagram.edges if e.kind is EdgeKind.FORWARD and e.source != e.target]
        backwards = [e for e in forward if columns[e.target] <= columns[e.source]]
        assert not backwards


def test_dates_are_written_the_danish_or_english_way() -> None:
    assert format_date("2026-03-05", "da") == "5. mar. 2026"
    assert format_date("2026-05-05", "en") == "5 May 2026"
    # 23:30 UTC on 31 March is already 1 April in Copenhagen (summer time).
    assert str(local_date("2026-03-31T23:30:00.000000Z")) == "2026-04-01"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_diagram_text_has_both_languages(lang: str) -> None:
    from casework.domain.messages import known_keys, render

    for key in sorted(k for k in known_keys() if k.startswith("diagram.")):
        assert render(key, lang) != key


def test_meeting_steps_show_the_rule_the_planner_uses(config: Configuration) -> None:
    """Issue 19: not the workflow's generic "12 hverdage før mødet" where calendar.yaml gives
    the body its own rule (the first meeting: the body's intake; later ones: after the
    previous body's meeting)."""
    assert config.calendar is not None
    definition = config.workflow("beslutningssag")
    rules = config.calendar.rules
    first_oeu = build_route(parse_route("oeu,kb"), definition, config.municipality)
    diagram = workflow_diagram(definition, config.municipality, first_oeu, rules=rules)
    # ØU takes cases 15 hverdage before its meeting (calendar.yaml, bodies.oeu.intake).
    assert diagram.node("politisk_behandling@oeu").details == (
        "ØU – indstiller",
        "hos sekretariatet senest 15 hverdage før mødet (ØUs frist)",
    )
    assert (
        diagram.node("politisk_behandling@kb").details[1] == "ØUs møde senest 4 hverdage før mødet"
    )
    # A body without its own intake keeps the workflow's rule; without rules nothing changes.
    chain = build_route(parse_route("tmu,oeu,kb"), definition, config.municipality)
    drawn = workflow_diagram(definition, config.municipality, chain, rules=rules, lang="en")
    assert drawn.node("politisk_behandling@tmu").details[1] == (
        "within 12 working days before the meeting"
    )
    assert drawn.node("politisk_behandling@oeu").details[1] == (
        "TMU meets at least 5 working days before the meeting"
    )
    plain = workflow_diagram(definition, config.municipality, first_oeu)
    assert plain.node("politisk_behandling@oeu").details[1] == "senest 12 hverdage før mødet"


def _nbsp(lines: tuple[str, ...]) -> tuple[str, ...]:
    # A reference ("§ 24, stk. 5") is held together by no-break spaces in the diagram.
    return tuple(line.replace("\u00a0", " ") for line in lines)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_steps_with_a_minimum_period_show_it_and_its_legal_source(
    config: Configuration, lang: str
) -> None:
    """Issue 19: the public hearing and the klagefrist say what planloven requires ("mindst
    4 uger (planloven § 24, stk. 5)"), not only the planner's "senest 5 uger" deadline; the
    minor plan's 2 weeks is the hearing's exception, with its own section."""
    assert config.calendar is not None
    definition = config.workflow("lokalplan")
    diagram = workflow_diagram(
        definition, config.municipality, lang=lang, periods=config.calendar.periods
    )
    hearing = _nbsp(diagram.node("offentlig_hoering").details)
    complaints = _nbsp(diagram.node("klagefrist").details)
    if lang == "da":
        assert hearing == (
            "mindst 4 uger (planloven § 24, stk. 5)",
            "mindst 2 uger, hvis lokalplan af mindre betydning (planloven § 24, stk. 6)",
            "planlagt senest 5 uger efter modtagelse",
        )
        assert complaints == (
            "mindst 4 uger (planloven § 60, stk. 1)",
            "planlagt senest 5 uger efter modtagelse",
        )
    else:
        assert hearing[0] == "at least 4 weeks (planloven § 24, stk. 5)"
        assert (
            hearing[1]
            == "at least 2 weeks if local plan of minor importance (planloven § 24, stk. 6)"
        )
        assert complaints[-1] == "planned within 5 weeks after arrival"
    # The reference is not split when the label wraps, on screen or in print.
    for paper in (None, PAPERS["a3"]):
        dot = to_dot(diagram, paper)
        assert "§\u00a024,\u00a0stk.\u00a05" in dot
        assert "§\u00a060,\u00a0stk.\u00a01" in dot
    # Without the period table nothing changes: the workflow's deadline rule alone.
    plain = workflow_diagram(definition, config.municipality, lang=lang)
    assert len(plain.node("klagefrist").details) == 1


def test_a_notice_before_the_meeting_replaces_the_deadline_that_repeats_it(
    config: Configuration,
) -> None:
    """A member's proposal: "modtaget mindst 8 dage før mødet" is the rules of procedure's
    notice; the workflow's "senest 8 dage før mødet" says the same and is left out."""
    assert config.calendar is not None
    definition = config.workflow("medlemsforslag")
    kb = build_route(parse_route("kb"), definition, config.municipality)
    diagram = workflow_diagram(definition, config.municipality, kb, periods=config.calendar.periods)
    assert _nbsp(diagram.node("behandling@kb").details) == (
        "KB – beslutter",
        "modtaget mindst 8 dage før mødet (forretningsorden § 3, stk. 1)",
    )


def test_the_journey_shows_the_minimum_that_applies_to_the_case(config: Configuration) -> None:
    """Lokalplan 212 is not of minor importance: its hearing ahead says 4 weeks, not 2."""
    assert config.calendar is not None
    ex = examples.lokalplan(config)
    diagram = journey_diagram(
        ex.case,
        ex.events,
        ex.graph,
        config.municipality,
        ex.today,
        periods=config.calendar.periods,
    )
    hearing = _nbsp(diagram.node("offentlig_hoering").details)
    assert hearing[0] == "mindst 4 uger (planloven § 24, stk. 5)"
    assert not any("2 uger" in line for line in hearing)
    assert _nbsp(diagram.node("klagefrist").details)[0] == "mindst 4 uger (planloven § 60, stk. 1)"
