"""Den virtuelle byrådssal served by the web app and opened from a folder (issue 20, item 4).

The web app serves the site at ``/byraadssal/`` without sign-in (it is made of the configuration
only). In headless Chromium (Debian's, through Playwright) every page of the served site and of
the folder ``casework training site`` writes loads, every link and image resolves, and no
request leaves the site: no CDN, no web font, nothing outside its own origin or folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest

from casework.app import App, training
from tests.web.conftest import Browser, csrf_of
from tests.web.test_browser import IMAGES, chromium, live_url  # noqa: F401 - fixtures

PAGES = ("index.html", "organer.html", "sagsgang.html", "moedeplan.html", "rollespil.html",
         "quiz.html", "droeftelser.html", "ordliste.html")  # fmt: skip


def test_served_without_sign_in(browser: Browser) -> None:
    entry = browser.get("/byraadssal/", follow_redirects=False)
    assert entry.status_code == 307
    assert entry.headers["location"] == "/byraadssal/index.html"
    page = browser.get("/byraadssal/index.html")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "style-src 'self'" in page.headers["content-security-policy"]
    assert "Den virtuelle byrådssal" in page.text
    css = browser.get("/byraadssal/training.css")
    assert css.headers["content-type"].startswith("text/css")
    pdf = browser.get("/byraadssal/rollespil.pdf")
    assert pdf.content.startswith(b"%PDF")
    assert browser.get("/byraadssal/../app.py").status_code == 404
    assert browser.get("/byraadssal/findes-ikke.html").status_code == 404


def test_the_menu_leads_there(browser: Browser) -> None:
    """Every signed-in person finds the chamber in the main menu, in the session's language."""
    browser.sign_in("mette")
    page = browser.get("/")
    nav = page.text.split('<nav aria-label="', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/byraadssal/"' in nav and ">Byrådssalen</a>" in nav
    browser.client.post(
        "/sprog", data={"lang": "en", "next": "/", "csrf_token": csrf_of(page.text)}
    )
    nav = browser.get("/").text.split('<nav aria-label="', 1)[1].split("</nav>", 1)[0]
    assert ">Council chamber</a>" in nav
    assert browser.get("/byraadssal/", follow_redirects=True).status_code == 200


def test_every_link_of_the_served_site_resolves(browser: Browser) -> None:
    for name in PAGES:
        page = browser.get(f"/byraadssal/{name}")
        assert page.status_code == 200, name
        for link in re.findall(r'(?:href|src)="([^"#][^"]*)"', page.text):
            target = urljoin(f"/byraadssal/{name}", link)
            assert target.startswith("/byraadssal/"), (name, link)
            assert browser.get(target).status_code == 200, (name, link)


def test_english_follows_the_session(browser: Browser) -> None:
    login = browser.get("/login")
    browser.client.post(
        "/sprog", data={"lang": "en", "next": "/byraadssal/", "csrf_token": csrf_of(login.text)}
    )
    page = browser.get("/byraadssal/index.html")
    assert '<html lang="en">' in page.text
    assert "The virtual council chamber" in page.text


def _crawl(page: Any, start: str, inside: str) -> tuple[set[str], list[str]]:
    """Visit every page linked from ``start``; the pages seen and every request made."""
    requests: list[str] = []
    failed: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    seen: set[str] = set()
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        page.goto(url)
        # Every image drawn: loaded with a size (a broken one has naturalWidth 0).
        broken = page.evaluate(
            "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
            ".map(i => i.src)"
        )
        assert not broken, (url, broken)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            target = href.split("#")[0]
            assert target.startswith(inside), (url, href)
            if target.endswith(".html"):
                queue.append(target)
    assert not failed, failed
    return seen, requests


@pytest.mark.slow
def test_served_site_in_chromium(chromium: Any, live_url: str) -> None:  # noqa: F811
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)  # the first request draws the site
    page = context.new_page()
    base = f"{live_url}/byraadssal/"
    seen, requests = _crawl(page, f"{base}index.html", base)
    assert {urlparse(u).path.rsplit("/", 1)[-1] for u in seen} == set(PAGES)
    assert requests
    outside = [u for u in requests if not u.startswith(base)]
    assert not outside, outside  # no CDN, font or image from anywhere else
    # The first screen of the pack and of the routes page, for docs/training.md.
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name in ("rollespil", "sagsgang"):
        page.goto(f"{base}{name}.html")
        page.screenshot(path=str(IMAGES / f"web-training-{name}.png"))
    context.close()


@pytest.mark.slow
def test_folder_site_works_offline_in_chromium(
    chromium: Any,  # noqa: F811
    tmp_path: Path,
    web_services: App,
) -> None:
    config, today = web_services.config, web_services.clock.today()
    folder = training.write_site(training.site(config, today, 1, "da"), tmp_path / "site")
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    page = context.new_page()
    base = folder.resolve().as_uri() + "/"
    seen, requests = _crawl(page, f"{base}index.html", base)
    assert len(seen) == len(PAGES)
    assert all(u.startswith(base) for u in requests), requests
    # The quiz's answers fold open; the pack's closed item shows its heading only.
    page.goto(f"{base}quiz.html")
    page.locator("details summary").first.click()
    assert page.locator("details p").first.is_visible()
    context.close()


SECRET = "HEMMELIG-OEVELSE-GRUNDKOEB-4711"


def test_a_real_closed_case_reaches_no_file_of_the_site(
    browser: Browser, web_services: App
) -> None:
    from casework.domain.commands import OpenCase
    from casework.services import handlers

    handlers.open_case(
        web_services.uow_factory(),
        web_services.config,
        web_services.clock,
        OpenCase(
            workflow="beslutningssag",
            title=SECRET,
            actor="mette",
            route=[("oeu", "indstiller"), ("kb", "beslutter")],
            attributes={"politikomraade": "ejendomme", "lukket": True,
                        "lukket_grund": "ejendomshandel", "resume": SECRET},
        ),
    )  # fmt: skip
    files = training.site(web_services.config, web_services.clock.today(), 1, "da")
    for name in files:
        answer = browser.get(f"/byraadssal/{name}")
        assert answer.status_code == 200, name
        assert SECRET.encode() not in answer.content, name


def test_the_site_follows_the_day_and_keeps_only_today(browser: Browser, web_services: App) -> None:
    clock = web_services.clock
    first = browser.get("/byraadssal/rollespil.html").text
    clock.advance(days=40)  # type: ignore[attr-defined] - the tests' FixedClock
    later = browser.get("/byraadssal/rollespil.html").text
    assert first != later  # the council's next meeting from the new day
    cached = browser.client.app.state.training_site  # type: ignore[attr-defined]
    assert {day for _, day in cached} == {clock.today()}
