"""The delegation plan checks, as an administrator meets them: one mistake per test, with the
file, the line and, where one fits, a suggestion. Every legal check has a failing example.

Plans are small YAML files written to ``tmp_path`` beside a copy of Eksempel Kommune's
municipality.yaml, loaded through the real loader, so each finding is placed as the CLI places it.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Protocol

import pytest

from casework.adapters.config import load_configuration
from casework.adapters.config.delegation_loader import (
    DelegationCheck,
    check_delegation,
    find_plan,
    load_delegation_plans,
    read_cases,
)
from casework.domain.configuration import Configuration
from casework.domain.delegation import InvalidCases, UnknownPlan, bound_plan
from casework.domain.delegation_compiled import case_columns
from casework.domain.errors import DefinitionError, Finding

ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = ROOT / "config"

HEAD = """\
schema_version: 1
id: test
version: 1
title: Testplan
valid_from: 2026-01-01
adopted_by: kb
adopted_on: 2025-12-01
{extra}
inputs:
  - id: sagstype
    type: choice
    values:
      - {{id: tillaegsbevilling, legal_category: bevilling}}
      - {{id: budget, legal_category: budget}}
      - {{id: aarsregnskab, legal_category: regnskab}}
      - {{id: planstrategi, legal_category: planstrategi}}
      - {{id: kommuneplan, legal_category: kommuneplan}}
      - lokalplan
      - tilskud
  - {{id: politikomraade, required: true}}
  - {{id: beloeb, min: 0, default: 0}}
rules:
"""


def write_plan(
    root: Path, rules: str, *, extra: str = "", name: str = "plan.yaml", head: str = HEAD
) -> Path:
    """A config directory with municipality.yaml and one plan of ``rules`` (YAML, indented)."""
    config = root / "config"
    if not config.exists():
        (config / "delegation").mkdir(parents=True)
        shutil.copy(CONFIG_DIR / "municipality.yaml", config / "municipality.yaml")
    text = head.format(extra=extra) + textwrap.indent(textwrap.dedent(rules), "  ")
    (config / "delegation" / name).write_text(text, encoding="utf-8")
    return config


class Check(Protocol):
    """Writes a plan of ``rules`` into a fresh config directory and checks it."""

    def __call__(self, rules: str, *, extra: str = "", head: str = HEAD) -> DelegationCheck: ...


@pytest.fixture
def check(config: Configuration, tmp_path: Path) -> Check:
    def run(rules: str, *, extra: str = "", head: str = HEAD) -> DelegationCheck:
        root = write_plan(tmp_path, rules, extra=extra, head=head)
        return check_delegation(root, config.municipality)

    return run


def only(result: DelegationCheck, code: str) -> Finding:
    matching = [f for f in result.findings if f.code == code]
    assert len(matching) == 1, [f.message("en") for f in result.findings]
    return matching[0]


def line_of(root: Path, text: str) -> int:
    """The 1-based line of the first line of the test plan containing ``text``."""
    lines = (root / "config" / "delegation" / "plan.yaml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


RULES_OK = """\
- id: R1
  title: Alt
  decides: kb
"""


# --- the example plans ----------------------------------------------------------------------------


def test_example_plans_pass_every_check(config: Configuration) -> None:
    result = check_delegation(CONFIG_DIR, config.municipality)
    assert [f.message("en") for f in result.findings] == []
    assert {(p.id, p.version, p.is_draft) for p in result.plans} == {
        ("eksempel", 1, False),
        ("eksempel", 2, True),
    }
    assert all(25 <= len(p.rules) <= 45 for p in result.plans)


# --- legal checks: one failing example each -------------------------------------------------------


@pytest.mark.parametrize(
    ("matter", "body", "law"),
    [
        ("tillaegsbevilling", "oeu", "KSL § 40, stk. 2"),
        ("budget", "administration", "KSL §§ 37-38"),
        ("aarsregnskab", "oeu", "KSL § 45"),
        ("planstrategi", "bpu", "planloven § 23 a, stk. 3"),
        ("kommuneplan", "$fagudvalg", "planloven § 23 a, stk. 3"),
    ],
)
def test_matter_the_law_keeps_at_the_council_cannot_be_delegated(
    check: Check, tmp_path: Path, matter: str, body: str, law: str
) -> None:
    result = check(
        f"""\
        - id: R1
          title: Delegeret
          when: {{sagstype: {matter}}}
          decides: {body}
        - id: R2
          title: Resten
          when: {{sagstype: {{not_in: [{matter}]}}}}
          decides: kb
        """
    )
    finding = only(result, "CW620")
    assert finding.params["law"] == law
    assert finding.params["rule"] == "R1"
    assert f"sagstype={matter}" in finding.params["example"]
    assert finding.location is not None
    assert finding.location.line == line_of(tmp_path, f"decides: {body}")
    assert finding.location.file.endswith("delegation/plan.yaml")
    assert law in finding.message("da")


def test_well_known_matter_is_reserved_even_without_a_legal_category(check: Check) -> None:
    head = HEAD.replace("{{id: tillaegsbevilling, legal_category: bevilling}}", "tillaegsbevilling")
    result = check(
        """\
        - id: R1
          title: Tillæg
          when: {sagstype: tillaegsbevilling}
          decides: oeu
        """,
        extra="default: {decides: kb}",
        head=head,
    )
    assert only(result, "CW620").params["category"] == "bevilling"


def test_cited_legal_exception_allows_the_finance_committee_to_move_money(check: Check) -> None:
    result = check(
        """\
        - id: R1
          title: Omplacering
          when: {sagstype: tillaegsbevilling}
          decides: oeu
          legal_exception: KB's bemyndigelse efter KSL § 40, stk. 3
        """,
        extra="default: {decides: kb}",
    )
    assert result.findings == ()


def test_rule_for_small_amounts_of_any_matter_covers_appropriations_too(check: Check) -> None:
    result = check(
        """\
        - id: R1
          title: Små beløb
          when: {beloeb: {lt: 100000}}
          decides: administration
        """,
        extra="default: {decides: kb}",
    )
    finding = only(result, "CW620")
    assert finding.params["rule"] == "R1"


def test_under_first_an_earlier_council_rule_keeps_the_reserved_matters(check: Check) -> None:
    result = check(
        """\
        - id: R0
          title: Lovbundne sager
          when: {sagstype: [tillaegsbevilling, budget, aarsregnskab, planstrategi, kommuneplan]}
          decides: kb
        - id: R1
          title: Små beløb
          when: {beloeb: {lt: 100000}}
          decides: administration
        """,
        extra="hit_policy: first\ndefault: {decides: kb}",
    )
    assert result.findings == ()


def test_default_that_delegates_an_uncovered_reserved_matter_is_an_error(check: Check) -> None:
    result = check(
        """\
        - id: R1
          title: Budget
          when: {sagstype: budget}
          decides: kb
        """,
        extra="default: {decides: administration}",
    )
    assert {f.code for f in result.findings} == {"CW621"}
    # one finding per reserved matter the default would decide below the council
    categories = {f.params["category"] for f in result.findings}
    assert categories == {"bevilling", "regnskab", "planstrategi", "kommuneplan"}


def test_task_committee_cannot_decide_without_a_legal_exception(check: Check) -> None:
    rules = """\
        - id: R1
          title: Klima
          decides: obu
        """
    finding = only(check(rules), "CW622")
    assert "OBU" in finding.message("en")
    allowed = rules + "  legal_exception: Afgrænset kompetence givet ved KB's beslutning\n"
    assert check(allowed).findings == ()


def test_non_delegable_cannot_be_given_to_the_administration(check: Check) -> None:
    result = check(
        """\
        - id: R1
          title: Alt
          decides: administration
          non_delegable: true
        """,
        extra="default: {decides: kb}",
    )
    assert {f.code for f in result.findings} >= {"CW623"}


# --- the table ------------------------------------------------------------------------------------


def test_overlapping_rules_with_different_outcomes_are_named_with_an_example(
    check: Check, tmp_path: Path
) -> None:
    result = check(
        """\
        - id: R1
          title: Lokalplaner
          when: {sagstype: lokalplan}
          decides: bpu
        - id: R2
          title: Store beløb
          when: {beloeb: {ge: 5000000}, sagstype: [lokalplan, tilskud]}
          decides: kb
        """,
        extra="default: {decides: kb}",
    )
    finding = only(result, "CW610")
    assert (finding.params["rule"], finding.params["other"]) == ("R1", "R2")
    assert (
        finding.params["example"] == "sagstype=lokalplan, politikomraade=oekonomi, beloeb=5000000"
    )
    assert finding.location is not None and finding.location.line == line_of(tmp_path, "id: R2")
    assert "R1 and R2 both match" in finding.message("en")


def test_overlap_with_the_same_outcome_is_only_a_warning(
    check: Check, config: Configuration, tmp_path: Path
) -> None:
    rules = """\
        - id: R1
          title: Lokalplaner
          when: {sagstype: lokalplan}
          decides: kb
        - id: R2
          title: Også lokalplaner
          when: {sagstype: [lokalplan, tilskud]}
          decides: kb
        """
    result = check(rules, extra="default: {decides: kb}")
    assert [f.code for f in result.warnings] == ["CW611"]
    assert result.errors == ()
    assert len(load_delegation_plans(tmp_path / "config", config.municipality)) == 1


def test_gap_without_a_default_is_shown_as_a_concrete_case(check: Check) -> None:
    result = check(
        """\
        - id: R1
          title: Lokalplaner under 1 mio.
          when: {sagstype: lokalplan, beloeb: {lt: 1000000}}
          decides: bpu
        - id: R2
          title: Alt andet end lokalplaner
          when: {sagstype: {not_in: [lokalplan]}}
          decides: kb
        """
    )
    gaps = [f for f in result.findings if f.code == "CW612"]
    examples = {f.params["example"] for f in gaps}
    assert "sagstype=lokalplan, politikomraade=oekonomi, beloeb=1000000" in examples
    assert any("sagstype" not in e for e in examples)  # a case without a matter type


def test_rule_behind_earlier_rules_under_first_is_shadowed(check: Check) -> None:
    result = check(
        """\
        - id: R1
          title: Lokalplaner
          when: {sagstype: lokalplan}
          decides: bpu
        - id: R2
          title: Store lokalplaner
          when: {sagstype: lokalplan, beloeb: {ge: 5000000}}
          decides: kb
        """,
        extra="hit_policy: first\ndefault: {decides: kb}",
    )
    finding = only(result, "CW613")
    assert (finding.params["rule"], finding.params["by"]) == ("R2", "R1")


def test_priority_needs_a_ranking_and_equal_ranks_must_agree(check: Check) -> None:
    assert only(check(RULES_OK, extra="hit_policy: priority"), "CW608")
    result = check(
        """\
        - id: R1
          title: Lokalplaner
          when: {sagstype: lokalplan}
          decides: bpu
        - id: R2
          title: Byggeri
          when: {politikomraade: lokalplaner}
          decides: $fagudvalg
          informed: [oeu]
        """,
        extra="hit_policy: priority\npriority: [kb, oeu, $fagudvalg, administration]\n"
        "default: {decides: kb}",
    )
    assert only(result, "CW610").key == "delegation.check.priority_tie"


def test_rule_whose_conditions_exclude_each_other_never_matches(check: Check) -> None:
    result = check(
        """\
        - id: R1
          title: Umulig
          when: {beloeb: {ge: 10, lt: 5}}
          decides: kb
        """,
        extra="default: {decides: kb}",
    )
    assert only(result, "CW609").params["rule"] == "R1"


def test_fagudvalg_for_an_area_no_committee_owns_is_an_error(check: Check) -> None:
    head = HEAD.replace("{{id: politikomraade, required: true}}", "{{id: politikomraade}}")
    result = check(
        """\
        - id: R1
          title: Tilskud
          when: {sagstype: tilskud}
          decides: $fagudvalg
        """,
        extra="default: {decides: kb}",
        head=head,
    )
    finding = only(result, "CW624")
    assert "politikomraade" not in finding.params["example"]  # the case has no policy area


# --- references, types and shapes -----------------------------------------------------------------


def test_unknown_body_gets_a_suggestion(check: Check) -> None:
    finding = only(check(RULES_OK.replace("decides: kb", "decides: tmy")), "CW606")
    assert finding.suggestion == "tmu"


def test_condition_on_an_unknown_input_gets_a_suggestion(check: Check, tmp_path: Path) -> None:
    result = check(RULES_OK + "  when: {belob: {ge: 5}}\n")
    finding = only(result, "CW601")
    assert finding.suggestion == "beloeb"
    assert finding.location is not None and finding.location.line == line_of(tmp_path, "belob")


def test_unknown_value_of_a_choice_gets_a_suggestion(check: Check) -> None:
    finding = only(check(RULES_OK + "  when: {sagstype: lokalpaln}\n"), "CW604")
    assert finding.suggestion == "lokalplan"


@pytest.mark.parametrize(
    "when",
    [
        "{sagstype: {ge: 5}}",  # a range on a choice
        "{beloeb: [1, 2]}",  # a list of amounts
        "{beloeb: {ge: mange}}",  # text for a number
        "{beloeb: {from: 5}}",  # an unknown operator
        "{sagstype: {in: lokalplan}}",  # in without a list
    ],
)
def test_condition_that_does_not_fit_its_input_is_named(check: Check, when: str) -> None:
    finding = only(check(RULES_OK + f"  when: {when}\n"), "CW605")
    assert finding.params["rule"] == "R1"


def test_input_nobody_declares_must_declare_its_type(check: Check) -> None:
    head = HEAD.replace("  - {{id: beloeb, min: 0, default: 0}}", "  - {{id: beloebb}}")
    finding = only(check(RULES_OK, head=head), "CW602")
    assert finding.suggestion == "beloeb"


def test_input_typed_against_its_attribute_is_an_error(check: Check) -> None:
    head = HEAD.replace("{{id: beloeb, min: 0, default: 0}}", "{{id: beloeb, type: boolean}}")
    assert only(check(RULES_OK, head=head), "CW603").key == "delegation.detail.type_mismatch"


def test_fagudvalg_needs_the_policy_area_input(check: Check) -> None:
    head = HEAD.replace("  - {{id: politikomraade, required: true}}\n", "")
    result = check(RULES_OK.replace("decides: kb", "decides: $fagudvalg"), head=head)
    assert only(result, "CW625").params["input"] == "politikomraade"


def test_administration_cannot_have_recommending_bodies(check: Check) -> None:
    rules = RULES_OK.replace("decides: kb", "decides: administration\n  recommends: [tmu]")
    assert only(check(rules, extra="default: {decides: kb}"), "CW626")


def test_duplicate_rule_ids_are_named(check: Check) -> None:
    assert only(check(RULES_OK + RULES_OK), "CW607").params["rule"] == "R1"


def test_plan_ending_before_it_starts(check: Check) -> None:
    assert only(check(RULES_OK, extra="valid_to: 2025-06-30"), "CW630")


def test_typo_in_a_field_name_is_caught_with_a_suggestion(check: Check) -> None:
    finding = only(check(RULES_OK.replace("decides:", "decids:")), "CW102")
    assert finding.suggestion == "decides"


def test_a_year_is_not_a_date(check: Check) -> None:
    assert only(check(RULES_OK, extra="valid_to: 2027"), "CW104")


def test_two_adopted_plans_from_the_same_day_and_a_repeated_version(
    config: Configuration, tmp_path: Path
) -> None:
    write_plan(tmp_path, RULES_OK, name="a.yaml")
    write_plan(tmp_path, RULES_OK.replace("R1", "R9"), name="b.yaml")
    result = check_delegation(tmp_path / "config", config.municipality)
    assert [f.code for f in result.findings] == ["CW633"]
    write_plan(tmp_path, RULES_OK, name="b.yaml", head=HEAD.replace("\nversion: 1", "\nversion: 2"))
    result = check_delegation(tmp_path / "config", config.municipality)
    assert [f.code for f in result.findings] == ["CW631"]


def test_loading_reports_every_error_of_every_plan_at_once(
    config: Configuration, tmp_path: Path
) -> None:
    write_plan(tmp_path, RULES_OK.replace("decides: kb", "decides: tmy"), name="a.yaml")
    later = HEAD.replace("id: test", "id: anden").replace("2026-01-01", "2026-07-01")
    write_plan(tmp_path, RULES_OK + "  when: {belob: 5}\n", name="b.yaml", head=later)
    with pytest.raises(DefinitionError) as info:
        load_delegation_plans(tmp_path / "config", config.municipality)
    assert sorted(f.code for f in info.value.findings) == ["CW601", "CW606"]
    assert "a.yaml" in info.value.message("en") and "b.yaml" in info.value.message("en")


# --- finding plans and reading cases --------------------------------------------------------------


def test_plans_are_found_by_file_name_by_id_and_version_and_by_path(config: Configuration) -> None:
    m = config.municipality
    assert find_plan("eksempel-2027-udkast", CONFIG_DIR, m).version == 2
    assert find_plan("eksempel@1", CONFIG_DIR, m).version == 1
    path = str(CONFIG_DIR / "delegation" / "eksempel-2026.yaml")
    assert find_plan(path, CONFIG_DIR, m).version == 1
    with pytest.raises(UnknownPlan) as info:
        find_plan("eksempel-2062", CONFIG_DIR, m)
    assert info.value.suggestion in {"eksempel-2026", "eksempel-2027-udkast"}


def test_cases_read_from_csv_and_json(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("sagstype,beloeb\nlokalplan,100\ntilskud,\n", encoding="utf-8")
    assert read_cases(tmp_path / "a.csv") == [
        {"sagstype": "lokalplan", "beloeb": "100"},
        {"sagstype": "tilskud", "beloeb": None},
    ]
    (tmp_path / "a.json").write_text('{"cases": [{"sagstype": "budget"}]}', encoding="utf-8")
    assert read_cases(tmp_path / "a.json") == [{"sagstype": "budget"}]
    (tmp_path / "bad.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InvalidCases):
        read_cases(tmp_path / "bad.json")


def test_a_bad_value_in_the_cases_names_its_row(config: Configuration) -> None:
    plan = find_plan("eksempel-2026", CONFIG_DIR, config.municipality)
    rows = [{"sagstype": "lokalplan", "beloeb": "10"}, {"sagstype": "lokalpaln", "beloeb": "x"}]
    with pytest.raises(InvalidCases) as info:
        case_columns(rows, [bound_plan(plan, config.municipality)], source="sager.csv")
    message = info.value.message("en")
    assert "2: sagstype='lokalpaln'" in message and "2: beloeb='x'" in message


def test_configuration_without_a_delegation_directory_has_no_plans(tmp_path: Path) -> None:
    config = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, config, ignore=shutil.ignore_patterns("delegation"))
    assert load_delegation_plans(config, load_configuration(config).municipality) == ()


def test_soroe_style_row_with_numbered_ids_loads_clean(check: Check) -> None:
    head = HEAD.replace(
        "  - {{id: beloeb, min: 0, default: 0}}\n",
        "  - {{id: beloeb, min: 0, default: 0}}\n"
        "  - {{id: stigning_pct, type: amount, min: 0, default: 0}}\n"
        "  - {{id: principiel, default: false}}\n",
    )
    result = check(
        """\
        - id: "1.1.9a"
          title: Huslejestigning over 10 %
          when: {sagstype: lokalplan, stigning_pct: {gt: 10}}
          decides: oeu
          within_basis: true
        - id: "1.1.9b"
          title: Principiel huslejestigning på højst 10 %
          when: {sagstype: lokalplan, stigning_pct: {le: 10}, principiel: true}
          decides: oeu
          within_basis: true
        """,
        extra="default: {decides: kb}",
        head=head,
    )
    assert result.findings == ()
    assert [r.id for r in result.plans[0].rules] == ["1.1.9a", "1.1.9b"]
