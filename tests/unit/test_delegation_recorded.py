"""A recorded decision explains itself: the same lines as the decision, without deciding again."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from casework.domain.configuration import Configuration
from casework.domain.delegation import DelegationPlan, bound_plan, decide_with, plan_in_force
from casework.domain.delegation_explain import explain
from casework.domain.delegation_recorded import explain_recorded, recorded_plan
from casework.domain.errors import CaseworkError
from casework.domain.events import canonical_json
from casework.domain.recorded_decision import RecordedDecision

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "config" / "delegation" / "eksempel-sager.csv"


def _cases() -> list[dict[str, Any]]:
    with SAMPLES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [{k: v for k, v in row.items() if k not in {"sagsnr", "dato"} and v} for row in rows]


CASES = _cases()


def _plan(config: Configuration) -> DelegationPlan:
    import datetime as dt

    return plan_in_force(config.delegation, dt.date(2026, 6, 1))


def _stored(record: RecordedDecision) -> RecordedDecision:
    """The record as it comes back from the database."""
    return RecordedDecision.from_data(json.loads(canonical_json(record.to_data())))


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("every_rule", [False, True])
def test_a_new_record_explains_exactly_as_the_decision_it_records(
    config: Configuration, lang: str, every_rule: bool
) -> None:
    plan, municipality = _plan(config), config.municipality
    bound = bound_plan(plan, municipality)
    explained = 0
    for attributes in CASES:
        try:
            decision = decide_with(plan, attributes, municipality)
        except CaseworkError:
            continue  # a sample the plan refuses has no record to explain
        record = _stored(RecordedDecision.from_decision(decision))
        expected = explain(decision, bound, lang, every_rule=every_rule)
        assert explain_recorded(record, plan, municipality, lang, every_rule=every_rule) == expected
        explained += 1
    assert explained > 100


def test_an_old_record_explains_with_what_it_has(config: Configuration) -> None:
    # Records from before typed events lack the failed positions and the English note; where
    # no rule has two conditions on one input, the explanation is still the same.
    plan, municipality = _plan(config), config.municipality
    bound = bound_plan(plan, municipality)
    attributes = {"sagstype": "lokalplan", "politikomraade": "lokalplaner"}
    decision = decide_with(plan, attributes, municipality)
    new = RecordedDecision.from_decision(decision)
    old = dataclasses.replace(
        new,
        note_en=None,
        trace=tuple(dataclasses.replace(t, failed_at=None) for t in new.trace),
    )
    assert "failed_at" not in json.dumps(old.to_data())
    for lang in ("da", "en"):
        assert explain_recorded(old, plan, municipality, lang) == explain(decision, bound, lang)


def test_a_record_whose_plan_is_gone_is_explained_in_its_own_terms(
    config: Configuration,
) -> None:
    plan, municipality = _plan(config), config.municipality
    attributes = {"sagstype": "lokalplan", "politikomraade": "lokalplaner"}
    record = RecordedDecision.from_decision(decide_with(plan, attributes, municipality))
    gone = dataclasses.replace(record, plan_version=99)
    assert recorded_plan(gone, config.delegation) is None
    lines = explain_recorded(gone, recorded_plan(gone, config.delegation), municipality)
    assert lines[0].startswith(f"Delegationsplan {plan.id} v99 (findes ikke")
    assert "Byplanudvalget træffer beslutning" in "\n".join(lines)
    assert f"Regel {record.rule}" in lines
    assert f"  ✓ {record.rule} ramte" in lines


def test_a_kept_route_ends_the_explanation_with_its_reason(config: Configuration) -> None:
    plan, municipality = _plan(config), config.municipality
    attributes = {"sagstype": "lokalplan", "politikomraade": "lokalplaner"}
    record = RecordedDecision.from_decision(decide_with(plan, attributes, municipality))
    kept = record.kept_route("sagen har allerede været i tmu")
    lines = explain_recorded(_stored(kept), plan, municipality, "en")
    assert lines[-1] == "The route was not changed: sagen har allerede været i tmu"
    assert lines[:-1] == explain_recorded(record, plan, municipality, "en")
