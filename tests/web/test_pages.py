"""The HTML app end to end through TestClient: sign-in, my cases, the case page and actions."""

from __future__ import annotations

import re
from typing import Any

import pytest

from casework.app import App
from casework.domain.commands import OpenCase


def _open(services: App, **values: Any) -> str:
    base: dict[str, Any] = {
        "workflow": "beslutningssag",
        "title": "Ny cykelsti langs Strandvejen",
        "actor": "aase",
        "route": [("bpu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
        "attributes": {"politikomraade": "lokalplaner"},
    }
    base.update(values)
    return services.open_case(OpenCase(**base)).id


def test_pages_need_sign_in(browser: Any) -> None:
    answer = browser.get("/", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/"


def test_sign_in_and_out(browser: Any) -> None:
    answer = browser.sign_in("aase")
    assert answer.status_code == 303
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    page = browser.get("/")
    assert "Logget ind som Aase Brøndum" in page.text
    browser.post("/", "/logout")
    assert browser.get("/", follow_redirects=False).status_code == 303


def test_wrong_password_is_refused(browser: Any) -> None:
    answer = browser.sign_in("aase", "forkert")
    assert answer.status_code == 401
    assert "Forkert bruger-id eller adgangskode" in answer.text
    assert browser.get("/", follow_redirects=False).status_code == 303


def test_the_story_through_the_case_page(browser: Any, new_browser: Any, web_services: App) -> None:
    case_id = _open(web_services)
    browser.sign_in("aase")
    mine = browser.get("/")
    assert case_id in mine.text
    page = browser.get(f"/sager/{case_id}")
    assert page.status_code == 200
    assert "Send til centerchef" in page.text
    assert "<svg" in page.text
    done = browser.post(
        f"/sager/{case_id}",
        f"/sager/{case_id}/handling",
        action="indsend",
        comment="Klar til centerchefen",
    )
    assert done.status_code == 200
    assert "Faglig godkendelse hos centerchef" in done.text
    assert "Klar til centerchefen" in done.text
    assert (
        "Send til centerchef: Sagsfremstilling udarbejdes → Faglig godkendelse hos centerchef"
        in done.text
    )

    for person in ("birgitte", "annelise"):
        other = new_browser()
        other.sign_in(person)
        assert case_id in other.get("/").text
        answer = other.post(f"/sager/{case_id}", f"/sager/{case_id}/handling", action="godkend")
        assert answer.status_code == 200
    case, _ = web_services.case(case_id)
    assert case.step == "kvalitetssikring"


def test_post_without_csrf_token_is_refused(browser: Any, web_services: App) -> None:
    case_id = _open(web_services)
    browser.sign_in("aase")
    answer = browser.client.post(f"/sager/{case_id}/handling", data={"action": "indsend"})
    assert answer.status_code == 403
    assert "Formularen var udløbet" in answer.text
    answer = browser.client.post(
        f"/sager/{case_id}/handling", data={"action": "indsend", "csrf_token": "x" * 43}
    )
    assert answer.status_code == 403
    case, _ = web_services.case(case_id)
    assert case.step == "kladde"


def test_sign_in_form_itself_needs_the_token(browser: Any) -> None:
    answer = browser.client.post("/login", data={"person": "aase", "password": "demo"})
    assert answer.status_code == 403
    assert browser.get("/", follow_redirects=False).status_code == 303


def test_only_permitted_actions_are_buttons(
    browser: Any, new_browser: Any, web_services: App
) -> None:
    case_id = _open(web_services)
    browser.sign_in("birgitte")  # centre head of cby: the case is in kladde, not hers yet
    page = browser.get(f"/sager/{case_id}")
    assert 'value="indsend"' not in page.text
    assert 'value="traek_tilbage"' in page.text  # centre heads may withdraw a draft
    # A button she was not shown is refused by the engine all the same.
    answer = browser.post(f"/sager/{case_id}", f"/sager/{case_id}/handling", action="indsend")
    assert answer.status_code == 200
    assert "CW203" in answer.text
    case, _ = web_services.case(case_id)
    assert case.step == "kladde"


def test_other_centres_case_is_refused(browser: Any, web_services: App) -> None:
    case_id = _open(web_services)
    browser.sign_in("mette")  # case officer of cmt; the case belongs to cby
    answer = browser.get(f"/sager/{case_id}")
    assert answer.status_code == 403
    assert "Ny cykelsti" not in answer.text


def test_closed_item_is_hidden_as_if_missing(browser: Any, web_services: App) -> None:
    case_id = _open(
        web_services,
        title="Salg af ejendommen Skovvej 3",
        attributes={
            "politikomraade": "ejendomme",
            "lukket": "ja",
            "lukket_grund": "ejendomshandel",
        },
    )
    browser.sign_in("jonas")
    answer = browser.get(f"/sager/{case_id}")
    assert answer.status_code == 404
    assert "Skovvej" not in answer.text
    owner = browser.client
    owner.cookies.clear()
    browser.sign_in("aase")  # the owner sees it, marked as closed
    page = browser.get(f"/sager/{case_id}")
    assert page.status_code == 200
    assert "Lukket punkt" in page.text


def test_unknown_case_is_a_danish_404(browser: Any) -> None:
    browser.sign_in("aase")
    answer = browser.get("/sager/2026-9999")
    assert answer.status_code == 404
    assert "[CW201]" in answer.text
    assert "Traceback" not in answer.text
    assert browser.get("/findes-ikke").status_code == 404


def test_unexpected_error_renders_a_page_not_a_traceback(
    browser: Any, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser.sign_in("aase")

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(app.state.services, "cases", broken)
    answer = browser.get("/")
    assert answer.status_code == 500
    assert "Der opstod en uventet fejl" in answer.text
    assert "secret internals" not in answer.text and "Traceback" not in answer.text


def test_board_counts_and_filters(browser: Any, web_services: App) -> None:
    first = _open(web_services)
    _open(
        web_services,
        title="Skolestruktur 2027",
        actor="soeren",
        route=[("buu", "beslutter")],
        attributes={"politikomraade": "skole"},
    )
    browser.sign_in("sofie")
    page = browser.get("/tavle")
    assert page.status_code == 200
    assert "Sager (2 af 2)" in page.text
    assert "Sagsfremstilling udarbejdes" in page.text
    filtered = browser.get("/tavle?centre=cby")
    assert "Sager (1 af 1)" in filtered.text and first in filtered.text
    assert "Skolestruktur" not in filtered.text


def test_board_shows_a_case_officer_only_their_centre(browser: Any, web_services: App) -> None:
    _open(web_services)
    _open(
        web_services,
        title="Skolestruktur 2027",
        actor="soeren",
        route=[("buu", "beslutter")],
        attributes={"politikomraade": "skole"},
    )
    browser.sign_in("aase")
    page = browser.get("/tavle")
    assert "Sager (1 af 1)" in page.text and "Skolestruktur" not in page.text


def test_new_case_form_shows_errors_inline(browser: Any) -> None:
    browser.sign_in("aase")
    answer = browser.post(
        "/sager/ny",
        "/sager/ny",
        title="ab",
        deadline="31-12-2026",
        route="tmu,xyz",
        attr_beloeb="mange",
    )
    assert answer.status_code == 400
    text = answer.text
    assert "Sagen blev ikke oprettet" in text
    assert 'id="err-title">skal være mindst 3 tegn' in text
    assert 'id="err-deadline">skal være en dato som 2026-03-02' in text
    assert 'id="err-route"' in text and 'id="err-attr_beloeb"' in text
    assert 'aria-invalid="true" aria-describedby="err-title"' in text
    assert 'value="ab"' in text  # what was typed stays


def test_new_case_form_opens_the_case(browser: Any, web_services: App) -> None:
    browser.sign_in("aase")
    answer = browser.post(
        "/sager/ny",
        "/sager/ny",
        title="Lokalplan 212 for Virum Bytorv",
        attr_sagstype="lokalplan",
        attr_politikomraade="lokalplaner",
        attr_beloeb="1500000",
    )
    assert answer.status_code == 200
    found = re.search(r"Sag (\d{4}-\d{4}) er oprettet", answer.text)
    assert found is not None
    case, _ = web_services.case(found.group(1))
    assert case.owner == "aase" and case.title == "Lokalplan 212 for Virum Bytorv"
    assert "Beslutningskompetence" in answer.text  # the delegation plan's decision, explained


def test_director_may_not_open_cases(browser: Any) -> None:
    browser.sign_in("annelise")
    assert browser.get("/sager/ny").status_code == 403


def test_english_switch(browser: Any, web_services: App) -> None:
    case_id = _open(web_services)
    browser.sign_in("aase")
    answer = browser.post("/", "/sprog", lang="en", next=f"/sager/{case_id}")
    assert answer.status_code == 200
    assert '<html lang="en">' in answer.text
    assert "Submit to centre head" in answer.text and "History" in answer.text
    back = browser.post("/", "/sprog", lang="da", next="/")
    assert "Mine sager" in back.text


def test_sign_in_redirect_stays_on_the_site(browser: Any) -> None:
    page = browser.get("/login?next=//evil.example/x")
    answer = browser.client.post(
        "/login",
        data={
            "person": "aase",
            "password": "demo",
            "next": "//evil.example/x",
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1),
        },  # type: ignore[union-attr]
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/"


def test_login_is_rate_limited_per_address(browser: Any) -> None:
    for _ in range(10):
        assert browser.sign_in("aase", "forkert").status_code == 401
    answer = browser.sign_in("aase")  # even the right password waits now
    assert answer.status_code == 429
    assert "For mange forsøg" in answer.text


def test_titles_are_escaped(browser: Any, web_services: App) -> None:
    case_id = _open(web_services, title="<script>alert(1)</script> Vejnavne")
    browser.sign_in("aase")
    page = browser.get(f"/sager/{case_id}")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_secure_cookies_when_configured(web_services: App, accounts: Any, browser_for: Any) -> None:
    from casework.entrypoints.web.app import create_app

    app = create_app(services=web_services, accounts=accounts, secure_cookies=True)
    answer = browser_for(app, base_url="https://testserver").sign_in("aase")
    assert "secure" in answer.headers["set-cookie"].lower()


def test_journey_diagram_as_svg(browser: Any, web_services: App) -> None:
    from casework.diagrams.render import dot_available

    if not dot_available():
        pytest.fail("Graphviz's dot is missing: scripts/setup.sh installs it")
    case_id = _open(web_services)
    browser.sign_in("aase")
    answer = browser.get(f"/sager/{case_id}/forloeb.svg")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in answer.text and "Sagsfremstilling" in answer.text
    browser.client.cookies.clear()
    browser.sign_in("mette")  # another centre: no diagram either
    assert browser.get(f"/sager/{case_id}/forloeb.svg").status_code == 403


def test_single_sign_on_through_a_trusted_header(
    web_services: App, accounts: Any, browser_for: Any
) -> None:
    from casework.entrypoints.web.app import create_app
    from casework.entrypoints.web.session import TrustedHeaderSignIn

    app = create_app(
        services=web_services,
        accounts=accounts,
        sign_in_hook=TrustedHeaderSignIn(header="X-Forwarded-Email"),
    )
    client = browser_for(app).client
    # Without the header, the hook knows nobody; an unknown address is refused too.
    assert client.get("/login/sso").status_code == 403
    refused = client.get("/login/sso", headers={"X-Forwarded-Email": "ukendt@eksempel.dk"})
    assert refused.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 303
    answer = client.get(
        "/login/sso?next=/tavle",
        headers={"X-Forwarded-Email": "Sofie@Eksempel.dk"},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/tavle"
    assert "Sofie Lindberg" in client.get("/").text


def test_no_single_sign_on_unless_installed(browser: Any) -> None:
    answer = browser.get("/login/sso", headers={"X-Forwarded-Email": "sofie@eksempel.dk"})
    assert answer.status_code == 404
    assert browser.get("/", follow_redirects=False).status_code == 303


def test_server_reads_its_deployment_settings(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import casework.entrypoints.web.app as web_app
    from casework.entrypoints.web.server import app_from_env
    from casework.settings import Settings

    built: dict[str, Any] = {}

    def fake(settings: Any, **kwargs: Any) -> Any:
        built.update(kwargs, settings=settings)
        return "app"

    monkeypatch.setattr(web_app, "create_app", fake)
    settings = Settings(data_dir=tmp_path, config_dir=tmp_path)
    env = {
        "CASEWORK_WEB_SECRET": "s" * 40,
        "CASEWORK_WEB_SECURE_COOKIES": "1",
        "CASEWORK_WEB_TRUSTED_HEADER": "X-Remote-User",
    }
    assert app_from_env(settings, env) == "app"
    assert built["secret_key"] == "s" * 40 and built["secure_cookies"] is True
    assert built["sign_in_hook"].header == "X-Remote-User"
    assert app_from_env(settings, {}) == "app"
    assert built["secret_key"] is None and built["secure_cookies"] is False
    assert built["sign_in_hook"] is None
    # As uvicorn's factory: the settings come from the environment too.
    assert app_from_env(env={"CASEWORK_DATA_DIR": str(tmp_path / "d")}) == "app"
    assert built["settings"].data_dir == tmp_path / "d"


def test_listings_follow_writes_at_once_and_others_within_the_ttl(
    browser: Any, app: Any, web_services: App
) -> None:
    now = [1000.0]
    app.state.snapshot.clock = lambda: now[0]
    first = _open(web_services)
    browser.sign_in("aase")
    assert first in browser.get("/").text
    # A case opened elsewhere (the CLI, say) shows once the snapshot is older than its ttl.
    second = _open(web_services, title="Byggesag fra kommandolinjen")
    assert second not in browser.get("/").text
    now[0] += app.state.snapshot.ttl
    assert second in browser.get("/").text
    # A write through the web app shows at once.
    browser.post(f"/sager/{first}", f"/sager/{first}/handling", action="indsend")
    other = browser.client
    other.cookies.clear()
    browser.sign_in("birgitte")
    assert first in browser.get("/").text


def test_every_web_text_has_both_languages() -> None:
    from casework.domain.messages import known_keys, render
    from casework.entrypoints.web import i18n  # noqa: F401 - registers the texts

    keys = sorted(k for k in known_keys() if k.startswith("web."))
    assert len(keys) > 50
    for key in keys:
        assert render(key, "da") != key and render(key, "en") != key, key


@pytest.mark.parametrize("lang", ["da", "en"])
def test_pages_show_no_raw_text_keys(browser: Any, web_services: App, lang: str) -> None:
    case_id = _open(web_services)
    browser.sign_in("sofie")
    browser.post("/", "/sprog", lang=lang, next="/")
    for url in ("/", "/tavle", "/sager/ny", f"/sager/{case_id}", "/moeder", "/login"):
        text = browser.get(url).text
        assert f'<html lang="{lang}">' in text, url
        assert not re.search(r">\s*(web|col|status|cli)\.[a-z_.]+\s*<", text), url


def test_details_are_changed_from_the_case_page(browser: Any, web_services: App) -> None:
    case_id = _open(web_services)
    browser.sign_in("aase")
    page = browser.get(f"/sager/{case_id}")
    assert f'href="/sager/{case_id}/oplysninger"' in page.text
    form = browser.get(f"/sager/{case_id}/oplysninger")
    assert '<option value="lokalplaner" selected>' in form.text
    answer = browser.post(
        f"/sager/{case_id}/oplysninger",
        f"/sager/{case_id}/oplysninger",
        attr_politikomraade="lokalplaner",  # unchanged
        attr_beloeb="250000",
        attr_resume="Et nyt resumé",
        comment="Beløbet er rettet",
    )
    assert answer.status_code == 200 and "2 oplysning(er) er ændret" in answer.text
    case, events = web_services.case(case_id)
    assert case.attributes["beloeb"] == "250000" and case.attributes["resume"] == "Et nyt resumé"
    assert events[-1].data["comment"] == "Beløbet er rettet"
    bad = browser.post(
        f"/sager/{case_id}/oplysninger", f"/sager/{case_id}/oplysninger", attr_beloeb="mange"
    )
    assert "flash-error" in bad.text
    assert web_services.case(case_id)[0].attributes["beloeb"] == "250000"
    browser.client.cookies.clear()
    browser.sign_in("annelise")  # directors do not change details
    assert browser.get(f"/sager/{case_id}/oplysninger").status_code == 403


def test_only_the_secretariat_changes_the_route(
    browser: Any, new_browser: Any, web_services: App
) -> None:
    case_id = _open(web_services)
    browser.sign_in("aase")
    assert "/sagsgang" not in browser.get(f"/sager/{case_id}").text
    refused = browser.post(
        f"/sager/{case_id}", f"/sager/{case_id}/sagsgang", route="bpu,kb", reason="Fordi"
    )
    assert refused.status_code == 403
    sofie = new_browser()
    sofie.sign_in("sofie")
    short = sofie.post(
        f"/sager/{case_id}", f"/sager/{case_id}/sagsgang", route="bpu,kb", reason="x"
    )
    assert "flash-error" in short.text  # a reason of at least five characters
    answer = sofie.post(
        f"/sager/{case_id}",
        f"/sager/{case_id}/sagsgang",
        route="bpu,oeu,kb,obu:orienteres",
        reason="Sagen har væsentlig økonomisk betydning",
    )
    assert "Sagsgangen er ændret" in answer.text
    case, _ = web_services.case(case_id)
    assert [e.body for e in case.route] == ["bpu", "oeu", "kb", "obu"]
    assert "ændret af sekretariatet: Sagen har væsentlig økonomisk betydning" in answer.text


def test_the_case_page_shows_a_minimum_and_only_the_secretariat_overrides_it(
    browser: Any, new_browser: Any, web_services: App
) -> None:
    # Issue 15, item 2: the same AdvanceCase as `case advance --override-minimum` and the API.
    from casework.domain.commands import AdvanceCase

    case_id = _open(
        web_services,
        workflow="lokalplan",
        title="Lokalplan 214 for Kongevejen",
        route=[("bpu", "beslutter")],
    )
    for action, person in [
        ("indsend", "aase"),
        ("godkend", "birgitte"),
        ("godkend", "annelise"),
        ("godkend", "sofie"),
        ("godkend", "sofie"),
        ("offentliggoer", "aase"),
    ]:
        web_services.advance(AdvanceCase(case_id=case_id, action=action, actor=person))
    browser.sign_in("aase")
    page = browser.get(f"/sager/{case_id}")
    assert "Minimumsfrist: trinnet kan tidligst forlades" in page.text
    assert 'name="override_minimum"' not in page.text  # the case officer cannot override
    refused = browser.post(
        f"/sager/{case_id}", f"/sager/{case_id}/handling", action="afslut_hoering"
    )
    assert "CW226" in refused.text or "kan tidligst forlade" in refused.text
    assert web_services.case(case_id)[0].step == "offentlig_hoering"
    sofie = new_browser()
    sofie.sign_in("sofie")
    assert 'name="override_minimum"' in sofie.get(f"/sager/{case_id}").text
    done = sofie.post(
        f"/sager/{case_id}",
        f"/sager/{case_id}/handling",
        action="afslut_hoering",
        override_minimum="Høringen er holdt på borgermødet",
    )
    assert done.status_code == 200
    assert "minimumsfristen fraveget: Høringen er holdt på borgermødet" in done.text
    assert web_services.case(case_id)[0].step == "hoeringsnotat"
