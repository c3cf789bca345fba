"""The role-play pack and the virtual council chamber (issue 20, items 3 and 4).

They run on a fixed copy of Eksempel Kommune's configuration (``tests/fixtures/training_config``)
at a fixed day, so the golden files stay put while other work adds workflows to ``config/``; one
test adds a workflow to a copy and finds it in the site. Golden files are compared byte for
byte; regenerate on purpose and review the diff::

    CASEWORK_REGENERATE_GOLDEN=1 .venv/bin/pytest tests/unit/test_training.py
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest

from casework.adapters.config.full import load_full_configuration
from casework.adapters.publish.pdf import extract_text
from casework.adapters.publish.training_pdf import render_roleplay_pdf
from casework.app import training
from casework.domain.configuration import Configuration
from casework.domain.delegation import decide_with, plan_in_force
from casework.domain.training import NoCouncil, RolePlay, build_roleplay

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "training_config"
GOLDEN = ROOT / "tests" / "golden"
REGENERATE = os.environ.get("CASEWORK_REGENERATE_GOLDEN") == "1"
DAY = dt.date(2026, 3, 2)
#: The site's pages compared with golden files (the SVGs are Graphviz's, not compared).
GOLDEN_PAGES = (
    "index.html",
    "organer.html",
    "moedeplan.html",
    "quiz.html",
    "ordliste.html",
    "rollespil.html",
    "sagsgang.html",
    "droeftelser.html",
)


@pytest.fixture(scope="module")
def fixed_config() -> Configuration:
    return load_full_configuration(FIXTURE)


def _golden(name: str, content: bytes) -> None:
    path = GOLDEN / name
    if REGENERATE:
        path.write_bytes(content)
    assert path.is_file(), f"{path} is missing: regenerate with CASEWORK_REGENERATE_GOLDEN=1"
    assert content == path.read_bytes(), f"{name} differs from its golden file"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_roleplay_seed_1_is_golden(fixed_config: Configuration, lang: str) -> None:
    pack = training.roleplay(fixed_config, DAY, 1, lang)
    _golden(f"training_roleplay_seed1_{lang}.html", training.render_roleplay(pack, "html"))


def test_site_pages_are_golden(fixed_config: Configuration) -> None:
    files = training.site(fixed_config, DAY, 1, "da")
    for page in GOLDEN_PAGES:
        _golden(f"training_site_{page}", files[page])


def test_same_seed_same_pack_other_seed_other_pack(fixed_config: Configuration) -> None:
    first = training.render_roleplay(training.roleplay(fixed_config, DAY, 7, "da"), "pdf")
    again = training.render_roleplay(training.roleplay(fixed_config, DAY, 7, "da"), "pdf")
    assert first == again  # the PDF too: its creation date is the fictive meeting's
    headings = {
        tuple(i.heading for i in build_roleplay(fixed_config, DAY, seed, "da").items)
        for seed in range(5)
    }
    assert len(headings) > 1


def test_every_case_is_routed_by_the_delegation_plan(fixed_config: Configuration) -> None:
    pack = build_roleplay(fixed_config, DAY, 3, "da")
    plan = plan_in_force(fixed_config.delegation, pack.date)
    cases = [i.case for i in pack.items if i.case is not None]
    assert cases
    for case in cases:
        decision = decide_with(plan, case.attributes, fixed_config.municipality)
        assert decision.rule == case.rule
        assert case.decider == decision.decider
        assert case.route == tuple((e.body, e.role.value) for e in decision.route)
        assert any(body == "kb" for body, _ in case.route)  # every case reaches the council
        if case.workflow is not None:
            assert case.workflow in fixed_config.workflows
    # The meeting is the council's first from the day on, by the meeting plan.
    calendar = fixed_config.calendar
    assert calendar is not None
    first = next(m for m in calendar.meetings.for_body("kb") if m.date >= DAY)
    assert (pack.date, pack.time) == (first.date, first.time)


def test_agenda_order_and_indstilling(fixed_config: Configuration) -> None:
    pack = build_roleplay(fixed_config, DAY, 1, "da")
    headings = [i.heading for i in pack.items]
    assert headings[:2] == ["Godkendelse af dagsorden", "Spørgetid for borgere"]
    closing = headings.index("Meddelelser")
    assert headings[closing + 1] == "Eventuelt"
    # Closed items come after the closing fixed items, as on a real agenda.
    assert all(i.closed for i in pack.items[closing + 2 :])
    for item in pack.items:
        if item.case is not None and not item.closed:
            assert item.indstilling and all(c.startswith("at ") for c in item.indstilling)
    roles = {line.role for line in pack.manuscript}
    assert {"chair", "citizens", "director"} <= roles
    assert {r.id for r in pack.roles} >= {"chair", "quarrelsome", "rules", "citizens"}


def test_quiz_answers_come_from_the_configuration(fixed_config: Configuration) -> None:
    pack = build_roleplay(fixed_config, DAY, 1, "da")
    assert len(pack.quiz) >= 8
    for question in pack.quiz:
        assert 0 <= question.answer < len(question.options)
        assert len(set(question.options)) == len(question.options)
    agenda = next(q for q in pack.quiz if "dagsordenen" in q.question)
    assert agenda.options[agenda.answer] == "4 hverdage før"  # calendar.yaml, kb's agenda
    hearing = next(q for q in pack.quiz if "Planloven § 24, stk. 5" in q.question)
    assert hearing.options[hearing.answer] == "4 uger"
    decides = [q for q in pack.quiz if q.question.startswith("Hvem træffer beslutning")]
    assert decides and all("Delegationsplanens regel" in q.why for q in decides)


def test_a_changed_deadline_changes_the_quiz(tmp_path: Path) -> None:
    config_dir = tmp_path / "config"
    shutil.copytree(FIXTURE, config_dir)
    calendar = config_dir / "calendar.yaml"
    text = calendar.read_text(encoding="utf-8")
    calendar.write_text(
        text.replace(
            '      agenda: {amount: 4, unit: hverdage,\n               basis: "Forretningsorden',
            '      agenda: {amount: 6, unit: hverdage,\n               basis: "Forretningsorden',
        ),
        encoding="utf-8",
    )
    pack = build_roleplay(load_full_configuration(config_dir), DAY, 1, "da")
    agenda = next(q for q in pack.quiz if "dagsordenen" in q.question)
    assert agenda.options[agenda.answer] == "6 hverdage før"


def _closed(pack: RolePlay) -> list[str]:
    secrets = list(pack.closed_subjects)
    for item in pack.items:
        if item.closed and item.case is not None:
            secrets.append(item.case.subject)
    return secrets


def test_closed_item_content_reaches_no_output(fixed_config: Configuration) -> None:
    packs = [
        build_roleplay(fixed_config, DAY, seed, lang) for seed in range(4) for lang in ("da", "en")
    ]
    closed = [p for p in packs if any(i.closed for i in p.items)]
    assert closed, "no draw had a closed item"
    for pack in closed:
        secrets = _closed(pack)
        assert secrets
        html = training.render_roleplay(pack, "html").decode("utf-8")
        text = extract_text(render_roleplay_pdf(pack, compress=False))
        for secret in secrets:
            assert secret not in html
            assert secret not in text
        heading = next(i.heading for i in pack.items if i.closed)
        assert heading in html and heading in text  # the public heading is there
    pack = closed[0]
    files = training.site(fixed_config, DAY, pack.seed, pack.lang)
    for name, content in files.items():
        if name.endswith((".html", ".svg", ".css")):
            for secret in _closed(pack):
                assert secret not in content.decode("utf-8"), name


def test_site_links_stay_inside_the_site(fixed_config: Configuration) -> None:
    files = training.site(fixed_config, DAY, 1, "en")
    pages = [n for n in files if n.endswith(".html")]
    assert len(pages) == 8
    for name in pages:
        html = files[name].decode("utf-8")
        assert '<html lang="en">' in html
        assert "<script" not in html and "<style" not in html and "style=" not in html
        for link in re.findall(r'(?:href|src)="([^"]+)"', html):
            if link.startswith("#"):
                continue
            assert "://" not in link and not link.startswith("/"), (name, link)
            assert link.split("#")[0] in files, (name, link)


def test_a_new_workflow_appears_in_the_site(tmp_path: Path) -> None:
    config_dir = tmp_path / "config"
    shutil.copytree(FIXTURE, config_dir)
    source = (config_dir / "workflows" / "orienteringssag.yaml").read_text(encoding="utf-8")
    extra = re.sub(r"(?m)^id: .*$", "id: temamoede", source, count=1)
    extra = re.sub(r"(?m)^title: .*$", "title: Temamøde om strategien", extra, count=1)
    extra = re.sub(r"(?m)^case_type: .*$", "case_type: temamoede", extra, count=1)
    (config_dir / "workflows" / "temamoede.yaml").write_text(extra, encoding="utf-8")
    config = load_full_configuration(config_dir)
    files = training.site(config, DAY, 1, "da")
    page = files["sagsgang.html"].decode("utf-8")
    assert "Temamøde om strategien" in page
    assert any(n.startswith("diagrammer/temamoede--") for n in files)
    # The pack lists it too, among the workflows its cases may follow (and in the PDF).
    pack = training.roleplay(config, DAY, 1, "da")
    assert "Temamøde om strategien" in training.render_roleplay(pack, "html").decode("utf-8")
    assert "Temamøde om strategien" in extract_text(render_roleplay_pdf(pack, compress=False))


def test_no_council_is_one_clear_error(fixed_config: Configuration) -> None:
    import dataclasses

    municipality = fixed_config.municipality
    bodies = {k: v for k, v in municipality.bodies.items() if k != "kb"}
    changed = dataclasses.replace(
        fixed_config, municipality=dataclasses.replace(municipality, bodies=bodies)
    )
    with pytest.raises(NoCouncil) as raised:
        build_roleplay(changed, DAY, 1, "da")
    assert raised.value.code == "CW940"
    assert "kommunalbestyrelse" in raised.value.message("da")


def test_unknown_format_is_refused(fixed_config: Configuration) -> None:
    pack = build_roleplay(fixed_config, DAY, 1, "da")
    with pytest.raises(training.UnknownTrainingFormat) as raised:
        training.render_roleplay(pack, "docx")
    assert raised.value.code == "CW942"


def test_no_case_reaching_the_council_is_one_clear_error(fixed_config: Configuration) -> None:
    import dataclasses

    from casework.domain.training import NoTrainingCases

    plan = plan_in_force(fixed_config.delegation, DAY)
    municipality = fixed_config.municipality
    kept = []
    for rule in plan.rules:  # only the rules whose cases stay below the council
        outcome = rule.outcome
        if "kb" not in (outcome.decides, *outcome.recommends, *outcome.informed):
            kept.append(rule)
    assert kept
    reduced = dataclasses.replace(plan, rules=tuple(kept), default=None)
    changed = dataclasses.replace(fixed_config, delegation_source=lambda: (reduced,))
    with pytest.raises(NoTrainingCases) as raised:
        build_roleplay(changed, DAY, 1, "da")
    assert raised.value.code == "CW941"
    assert "Kommunalbestyrelsen" in raised.value.message("da")
    assert municipality.bodies["kb"].name in raised.value.message("da")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_draw_names_the_closed_subject_anywhere(fixed_config: Configuration, lang: str) -> None:
    # Not even through an open case about the same subject (the subjects per area are few).
    for seed in range(60):
        pack = build_roleplay(fixed_config, DAY, seed, lang)
        texts = [line.text for line in pack.manuscript]
        for question in pack.quiz:
            texts += [question.question, question.why, *question.options]
        for item in pack.items:
            texts += [item.heading, *item.presentation, *item.indstilling, *item.facts]
        subjects = [i.case.subject.lower() for i in pack.items if i.case is not None and i.closed]
        assert subjects, seed
        for subject in subjects:
            assert not [t for t in texts if subject in t.lower()], (seed, subject)


def test_a_task_committee_shows_its_kommissorium(tmp_path: Path) -> None:
    config_dir = tmp_path / "config"
    shutil.copytree(FIXTURE, config_dir)
    shutil.copytree(ROOT / "config" / "opgaveudvalg", config_dir / "opgaveudvalg")
    config = load_full_configuration(config_dir)
    page = training.site(config, DAY, 1, "da")["organer.html"].decode("utf-8")
    section = page[page.index('<section id="obu">') :]
    section = section[: section.index("</section>")]
    assert "Kommissorium: Opgaveudvalget for bæredygtighed" in section
    assert "KSL § 17, stk. 4" in section
    assert "afgiver skriftlige indstillinger til Teknik- og Miljøudvalget" in section
    assert "Eksterne medlemmer" in section and "(Erhvervsliv)" in section
    assert "Sprintmøde" in section  # the visual programme
    without = training.site(load_full_configuration(FIXTURE), DAY, 1, "da")["organer.html"]
    assert b"Kommissorium" not in without


def test_the_discussion_formats_come_from_facilitation_yaml(tmp_path: Path) -> None:
    config_dir = tmp_path / "config"
    shutil.copytree(ROOT / "config", config_dir)
    files = training.site(load_full_configuration(config_dir), DAY, 1, "en")
    page = files["droeftelser.html"].decode("utf-8")
    assert "Dilemma workshop" in page and "Vision work" in page
    assert "Which concern should weigh most, and why?" in page  # a kit's question
    (config_dir / "facilitation.yaml").write_text(
        (config_dir / "facilitation.yaml")
        .read_text(encoding="utf-8")
        .replace("title_en: Dilemma workshop", "title_en: Dilemma lab"),
        encoding="utf-8",
    )
    changed = training.site(load_full_configuration(config_dir), DAY, 1, "en")
    assert b"Dilemma lab" in changed["droeftelser.html"]
