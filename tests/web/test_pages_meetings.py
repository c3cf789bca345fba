"""Meetings, agendas (public and full) and minutes entry through the web app."""

from __future__ import annotations

import datetime as dt
from typing import Any

from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from casework.services.agendas import body_meetings

_CHAIN = (("indsend", "aase"), ("godkend", "birgitte"), ("godkend", "annelise"),
          ("godkend", "sofie"))  # fmt: skip


def _on_agenda(services: App, title: str, **attributes: str) -> str:
    """A case of cby through the administration, waiting at BPU's meeting step."""
    case = services.open_case(
        OpenCase(
            workflow="beslutningssag",
            title=title,
            actor="aase",
            route=[("bpu", "indstiller"), ("kb", "beslutter")],
            attributes={"politikomraade": "lokalplaner", **attributes},
        )
    )
    for action, actor in _CHAIN:
        services.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
    return case.id


def _meeting_id(services: App) -> str:
    today = services.clock.today()
    meeting = next(m for m in body_meetings(services.config, "bpu") if m.date >= today)
    return f"bpu-{meeting.date.isoformat()}"


def test_meetings_list(browser: Any, web_services: App) -> None:
    browser.sign_in("sofie")
    page = browser.get("/moeder?body=bpu")
    assert page.status_code == 200
    meeting = _meeting_id(web_services)
    assert f"/moeder/{meeting}/dagsorden?udgave=offentlig" in page.text
    assert f"/moeder/{meeting}/referat" in page.text
    officer = browser.client
    officer.cookies.clear()
    browser.sign_in("aase")
    page = browser.get("/moeder?body=bpu")
    assert "/referat" not in page.text and "udgave=fuld" not in page.text


def test_public_agenda_hides_closed_items(browser: Any, web_services: App) -> None:
    open_id = _on_agenda(web_services, "Lokalplan 212 for Virum Bytorv", resume="Et kort resumé")
    closed_id = _on_agenda(
        web_services,
        "Køb af grunden Skovvej 3",
        lukket="ja",
        lukket_grund="ejendomshandel",
        sagsfremstilling="Prisen er 4,2 mio. kr.",
    )
    meeting = _meeting_id(web_services)
    public = browser.get(f"/moeder/{meeting}/dagsorden?udgave=offentlig")  # no sign-in needed
    assert public.status_code == 200
    assert "Lokalplan 212 for Virum Bytorv" in public.text and "Et kort resumé" in public.text
    assert "Lukket punkt: Ejendomssag" in public.text
    assert "Skovvej" not in public.text and "4,2 mio" not in public.text
    assert closed_id not in public.text
    # The full version: not for the public, not for a case officer, yes for the secretariat.
    assert browser.get(f"/moeder/{meeting}/dagsorden?udgave=fuld",
                       follow_redirects=False).status_code == 303  # fmt: skip
    browser.sign_in("aase")
    assert browser.get(f"/moeder/{meeting}/dagsorden?udgave=fuld").status_code == 403
    browser.client.cookies.clear()
    browser.sign_in("sofie")
    full = browser.get(f"/moeder/{meeting}/dagsorden?udgave=fuld")
    assert full.status_code == 200
    assert "Skovvej" in full.text and "4,2 mio" in full.text
    assert open_id in full.text


def test_bad_meeting_and_version(browser: Any, web_services: App) -> None:
    assert browser.get("/moeder/bpu-2026-01-01/dagsorden").status_code == 400
    assert browser.get("/moeder/nix/dagsorden").status_code == 404
    meeting = _meeting_id(web_services)
    assert browser.get(f"/moeder/{meeting}/dagsorden?udgave=hemmelig").status_code == 400


def _meeting_held(services: App, meeting: str) -> None:
    """Move the tests' clock to the evening of ``meeting`` (body-YYYY-MM-DD): it was held."""
    day = dt.date.fromisoformat(meeting.split("-", 1)[1])
    services.clock.instant = dt.datetime.combine(day, dt.time(18, 0), tzinfo=dt.UTC)  # type: ignore[attr-defined]


def test_minutes_move_the_case(browser: Any, web_services: App) -> None:
    case_id = _on_agenda(web_services, "Lokalplan 212 for Virum Bytorv")
    meeting = _meeting_id(web_services)
    _meeting_held(web_services, meeting)
    browser.sign_in("aase")
    assert browser.get(f"/moeder/{meeting}/referat").status_code == 403
    browser.client.cookies.clear()
    browser.sign_in("sofie")
    page = browser.get(f"/moeder/{meeting}/referat")
    assert page.status_code == 200 and case_id in page.text
    assert 'value="recommended"' in page.text
    answer = browser.post(
        f"/moeder/{meeting}/referat", f"/moeder/{meeting}/referat",
        case_id=case_id, outcome="recommended", text="Anbefales over for KB.", votes="For: 7",
    )  # fmt: skip
    assert answer.status_code == 200
    assert f"Beslutningen er registreret for sag {case_id}" in answer.text
    case, events = web_services.case(case_id)
    assert case.step == "politisk_behandling@kb"
    assert events[-1].data["comment"] == "Anbefales over for KB."


def test_minutes_before_the_meeting_is_held_are_refused(browser: Any, web_services: App) -> None:
    case_id = _on_agenda(web_services, "Lokalplan 212 for Virum Bytorv")
    meeting = _meeting_id(web_services)  # the next BPU meeting, after today
    browser.sign_in("sofie")
    version = str(web_services.case(case_id)[0].version)
    answer = browser.post(
        f"/moeder/{meeting}/referat", f"/moeder/{meeting}/referat",
        case_id=case_id, outcome="recommended", version=version,
    )  # fmt: skip
    assert "flash-error" in answer.text and "[CW219]" in answer.text
    assert "er ikke holdt endnu" in answer.text
    case, _ = web_services.case(case_id)
    assert case.step == "politisk_behandling@bpu" and str(case.version) == version


def test_a_referral_from_the_minutes_page(browser: Any, web_services: App) -> None:
    case_id = _on_agenda(web_services, "Lokalplan 212 for Virum Bytorv")
    meeting = _meeting_id(web_services)
    _meeting_held(web_services, meeting)
    browser.sign_in("sofie")
    version = str(web_services.case(case_id)[0].version)
    answer = browser.post(
        f"/moeder/{meeting}/referat", f"/moeder/{meeting}/referat",
        case_id=case_id, outcome="oversendt", to_body="tmu", version=version,
    )  # fmt: skip
    assert f"Beslutningen er registreret for sag {case_id}" in answer.text, answer.text
    case, events = web_services.case(case_id)
    assert case.step == "politisk_behandling@tmu"
    assert events[-1].data["minutes"] == {
        "outcome": "referred", "meeting": meeting.split("-", 1)[1], "to_body": "tmu",
    }  # fmt: skip
    page = browser.get(f"/sager/{case_id}")
    assert "Oversendt til Teknik- og Miljøudvalget" in page.text


def test_minutes_refuse_an_impossible_outcome(browser: Any, web_services: App) -> None:
    case_id = _on_agenda(web_services, "Lokalplan 212 for Virum Bytorv")
    meeting = _meeting_id(web_services)
    browser.sign_in("sofie")
    answer = browser.post(
        f"/moeder/{meeting}/referat", f"/moeder/{meeting}/referat",
        case_id=case_id, outcome="decided",
    )  # fmt: skip
    assert answer.status_code == 200
    assert "flash-error" in answer.text
    case, _ = web_services.case(case_id)
    assert case.step == "politisk_behandling@bpu"


def test_approving_the_agenda_rules_on_closed_items(browser: Any, web_services: App) -> None:
    kept = _on_agenda(
        web_services, "Køb af grunden Skovvej 3", lukket="ja", lukket_grund="ejendomshandel"
    )
    opened = _on_agenda(
        web_services, "Salg af Byvej 12", lukket="ja", lukket_grund="ejendomshandel"
    )
    meeting = _meeting_id(web_services)
    browser.sign_in("sofie")
    full = f"/moeder/{meeting}/dagsorden?udgave=fuld"
    assert 'name="aaben"' in browser.get(full).text
    answer = browser.post(full, f"/moeder/{meeting}/dagsorden/godkend", aaben=opened)
    assert answer.status_code == 200
    assert "2 lukkede punkter er afgjort" in answer.text
    assert web_services.case(kept)[0].attributes.get("lukket_bekraeftet") is True
    assert web_services.case(opened)[0].attributes.get("lukket") is None
    # The item taken in open session is now on the public agenda; the other stays closed.
    browser.client.cookies.clear()
    public = browser.get(f"/moeder/{meeting}/dagsorden?udgave=offentlig").text
    assert "Salg af Byvej 12" in public and "Skovvej" not in public


def test_only_the_secretariat_approves_agendas(browser: Any, web_services: App) -> None:
    meeting = _meeting_id(web_services)
    browser.sign_in("annelise")
    answer = browser.post("/", f"/moeder/{meeting}/dagsorden/godkend")
    assert answer.status_code == 403
