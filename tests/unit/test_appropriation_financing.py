"""KSL § 40, stk. 3: every supplementary appropriation says how the expense is covered.

"Enhver tillægsbevilling skal angive, hvorledes den bevilgede udgift skal dækkes." casework
checks it when the deciding body's approval of an appropriation of an amount is recorded: the
attribute ``finansiering`` must say how (CW226), and nothing is written when it does not.
"""

from __future__ import annotations

import pytest

from casework.app import App
from casework.domain.case import Case
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.errors import FinancingMissing

ROUTE = [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]


def _open(services: App, **attributes: object) -> Case:
    values: dict[str, object] = {
        "workflow": "beslutningssag",
        "title": "Tillægsbevilling til vejvedligeholdelse",
        "actor": "mette",
        "route": ROUTE,
        "attributes": {"politikomraade": "veje", **attributes},
    }
    return services.open_case(OpenCase.model_validate(values))


def _do(services: App, case_id: str, action: str, actor: str) -> Case:
    return services.advance(AdvanceCase(case_id=case_id, action=action, actor=actor)).case


def _at_the_council(services: App, **attributes: object) -> Case:
    case = _open(services, **attributes)
    for action, actor in [
        ("indsend", "mette"),
        ("godkend", "henrik"),
        ("godkend", "annelise"),
        ("godkend", "sofie"),
        ("anbefal", "sofie"),
        ("anbefal", "sofie"),
    ]:
        case = _do(services, case.id, action, actor)
    assert case.step == "politisk_behandling@kb"
    return case


@pytest.mark.parametrize("kind", ["tillaegsbevilling", "anlaegsbevilling", "omplacering"])
def test_an_appropriation_without_financing_is_not_decided(memory_services: App, kind: str) -> None:
    case = _at_the_council(memory_services, sagstype=kind, beloeb="2500000")
    before = memory_services.history(case.id)
    with pytest.raises(FinancingMissing) as refused:
        _do(memory_services, case.id, "godkend", "sofie")
    assert refused.value.code == "CW226"
    text = refused.value.message("da")
    assert "KSL § 40, stk. 3" in text and "finansiering" in text
    assert memory_services.history(case.id) == before  # nothing written


def test_an_appropriation_that_says_how_it_is_covered_is_decided(memory_services: App) -> None:
    case = _at_the_council(
        memory_services,
        sagstype="tillaegsbevilling",
        beloeb="2500000",
        finansiering="Puljen til uforudsete udgifter under Økonomiudvalget",
    )
    assert _do(memory_services, case.id, "godkend", "sofie").step == "ekspedition"


def test_recommending_and_other_matters_need_no_financing(memory_services: App) -> None:
    # ØU's and the committee's recommendations grant nothing; a matter that appropriates
    # nothing (a service level) is decided as before.
    case = _at_the_council(memory_services, sagstype="serviceniveau", beloeb="2500000")
    assert _do(memory_services, case.id, "godkend", "sofie").step == "ekspedition"
