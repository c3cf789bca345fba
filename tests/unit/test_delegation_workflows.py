"""The delegation plan's workflow table (issue 15, item 1): a case's attributes pick its workflow.

Eksempel Kommune's plan gives a local plan the local-plan workflow, a member's proposal, a
discussion and an information case theirs, what the administration decides the administrative
workflow and everything else the decision case; ``delegation check`` reports a table that names
an unknown workflow, leaves a case type without one, or pairs a type with a workflow whose routes
do not fit the plan's rules for it.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from types import MappingProxyType

import pytest

from casework.adapters.config.delegation_loader import check_delegation
from casework.app import App
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration
from casework.domain.delegation import decide, plan_in_force
from casework.domain.delegation_plan import DelegationPlan, WorkflowTable
from casework.domain.delegation_workflows import check_workflow_table, choose_workflow
from casework.domain.messages import render

ROOT = Path(__file__).resolve().parents[2]
DAY = __import__("datetime").date(2026, 5, 4)


def _plan(config: Configuration) -> DelegationPlan:
    return plan_in_force(config.delegation, DAY)


@pytest.mark.parametrize(
    ("attributes", "workflow", "why"),
    [
        ({"sagstype": "lokalplan", "politikomraade": "lokalplaner"}, "lokalplan",
         "Arbejdsgang: Lokalplan (sagstype = lokalplan)"),
        ({"sagstype": "medlemsforslag", "politikomraade": "veje"}, "medlemsforslag",
         "Arbejdsgang: Medlemsforslag (sagstype = medlemsforslag)"),
        ({"sagstype": "droeftelse", "politikomraade": "skole"}, "droeftelsessag", None),
        ({"sagstype": "orientering", "politikomraade": "skole"}, "orienteringssag", None),
        ({"sagstype": "afgoerelse_borger", "politikomraade": "handicap"},
         "administrativ_beslutning", "Arbejdsgang: Administrativ beslutning (forvaltningen "
         "træffer afgørelsen)"),
        ({"sagstype": "tilskud", "politikomraade": "kultur", "beloeb": 100_000}, "beslutningssag",
         "Arbejdsgang: Beslutningssag (planens standard)"),
        ({"politikomraade": "veje"}, "beslutningssag", None),
    ],
)  # fmt: skip
def test_the_plan_picks_the_workflow_and_says_why(
    config: Configuration, attributes: dict[str, object], workflow: str, why: str | None
) -> None:
    plan = _plan(config)
    assert plan.workflows is not None
    decision = decide(config.delegation, attributes, DAY, config.municipality)
    titles = {w.id: w.title for w in config.workflows.values()}
    choice = choose_workflow(plan.workflows, decision.values, decision.by_administration, titles)
    assert choice is not None and choice.workflow == workflow
    if why is not None:
        assert render(choice.why.key, "da", **choice.why.params) == why


def test_a_case_opened_without_a_workflow_gets_the_plans(memory_services: App) -> None:
    opened = {
        sagstype: memory_services.open_case(OpenCase(
            title=f"Sag om {sagstype}", actor="aase",
            attributes={"sagstype": sagstype, "politikomraade": "lokalplaner"},
        )).workflow_id
        for sagstype in ("lokalplan", "medlemsforslag", "droeftelse", "orientering", "dispensation")
    }  # fmt: skip
    assert opened == {
        "lokalplan": "lokalplan", "medlemsforslag": "medlemsforslag",
        "droeftelse": "droeftelsessag", "orientering": "orienteringssag",
        "dispensation": "administrativ_beslutning",  # R23: the administration decides
    }  # fmt: skip
    given = memory_services.open_case(OpenCase(
        title="Lokalplan som beslutningssag", actor="aase", workflow="beslutningssag",
        attributes={"sagstype": "lokalplan", "politikomraade": "lokalplaner"},
    ))  # fmt: skip
    assert given.workflow_id == "beslutningssag"  # --workflow still wins


def test_the_example_plans_tables_pass(config: Configuration) -> None:
    for plan in config.delegation:
        assert check_workflow_table(plan, config.workflows, lambda _: None) == []


def _with(plan: DelegationPlan, **changes: object) -> DelegationPlan:
    assert plan.workflows is not None
    return dataclasses.replace(plan, workflows=dataclasses.replace(plan.workflows, **changes))


def _codes(config: Configuration, plan: DelegationPlan) -> set[tuple[str, str]]:
    found = check_workflow_table(plan, config.workflows, lambda _: None)
    return {(f.code, str(f.params.get("workflow") or f.params.get("value"))) for f in found}


def test_an_unknown_workflow_is_reported_with_a_suggestion(config: Configuration) -> None:
    plan = _with(_plan(config), default="beslutningsag")
    found = check_workflow_table(plan, config.workflows, lambda _: None)
    assert [(f.code, f.suggestion) for f in found] == [("CW640", "beslutningssag")]


def test_a_case_type_without_a_workflow_is_reported(config: Configuration) -> None:
    plan = _with(_plan(config), default=None)
    found = _codes(config, plan)
    # Budgets, local plans' neighbours …: every sagstype the council or a committee decides.
    assert ("CW641", "budget") in found
    assert ("CW641", "kommuneplan") in found
    # A principled citizen's case goes to the committee (R39): it needs a workflow too.
    assert ("CW641", "afgoerelse_borger") in found
    # Matters only the administration decides still have the administrative workflow.
    assert ("CW641", "laaneomlaegning") not in found
    assert ("CW641", "lokalplan") not in found  # its own row


def test_a_workflow_whose_routes_do_not_fit_the_rules_is_reported(config: Configuration) -> None:
    table = _plan(config).workflows
    assert table is not None
    rows = MappingProxyType(
        {**table.by_value, "dispensation": "lokalplan", "budget": "droeftelsessag"}
    )
    found = _codes(config, _with(_plan(config), by_value=rows))
    # R23 lets the administration decide small exemptions: a local plan needs a deciding body;
    # R01 has the council decide the budget: a discussion case allows none.
    assert ("CW642", "lokalplan") in found
    assert ("CW642", "droeftelsessag") in found


def test_a_row_for_a_value_the_input_lacks_is_reported(config: Configuration) -> None:
    table = _plan(config).workflows
    assert table is not None
    rows = MappingProxyType({**table.by_value, "lokalplaner": "lokalplan"})
    found = check_workflow_table(_with(_plan(config), by_value=rows), config.workflows,
                                 lambda _: None)  # fmt: skip
    assert [(f.code, f.suggestion) for f in found] == [("CW643", "lokalplan")]


def test_delegation_check_reports_the_table_with_file_and_line(
    config: Configuration, tmp_path: Path
) -> None:
    root = tmp_path / "config"
    shutil.copytree(ROOT / "config", root)
    plan = root / "delegation" / "eksempel-2026.yaml"
    plan.write_text(plan.read_text("utf-8").replace(
        "    lokalplan: lokalplan\n", "    lokalplan: lokalplaan\n"), "utf-8")  # fmt: skip
    result = check_delegation(root, config.municipality, workflows=config.workflows)
    [finding] = [f for f in result.findings if f.code == "CW640"]
    assert finding.location is not None and finding.location.line is not None
    line = plan.read_text("utf-8").splitlines()[finding.location.line - 1]
    assert "lokalplaan" in line
    assert finding.suggestion == "lokalplan"
    assert isinstance(WorkflowTable(), WorkflowTable)
