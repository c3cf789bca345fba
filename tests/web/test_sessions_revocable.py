"""Sessions that can be ended, and a sign-in limit per address that holds (issue 16, items 4, 5).

A session cookie copied before sign-out, before a new password or before a lock-out no longer
signs anyone in; ``X-Forwarded-For`` counts only from a configured trusted proxy; and the
per-address limit is one count for every web worker process on the same database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from casework.app import App
from tests.web.conftest import Browser, csrf_of


def _copy(browser: Browser, new_browser: Callable[[], Browser]) -> Browser:
    """Another browser holding a copy of ``browser``'s cookies (a stolen session)."""
    thief = new_browser()
    for name, value in browser.client.cookies.items():
        thief.client.cookies.set(name, value)
    return thief


def _signed_in(browser: Browser) -> bool:
    answer = browser.get("/", follow_redirects=False)
    return answer.status_code == 200


def test_sign_out_ends_a_copied_session(browser: Browser, new_browser: Any) -> None:
    browser.sign_in("aase")
    thief = _copy(browser, new_browser)
    assert _signed_in(thief)
    page = browser.get("/")
    answer = browser.client.post(
        "/logout", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert not _signed_in(browser)
    denied = thief.get("/", follow_redirects=False)  # the old cookie is worth nothing now
    assert denied.status_code == 303 and denied.headers["location"].startswith("/login")
    # …and signing in again works
    browser.sign_in("aase")
    assert _signed_in(browser)


def test_sign_out_ends_every_session_of_that_person_only(
    browser: Browser, new_browser: Any
) -> None:
    laptop, phone, other = browser, new_browser(), new_browser()
    laptop.sign_in("aase")
    phone.sign_in("aase")
    other.sign_in("mette")
    page = laptop.get("/")
    laptop.client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    assert not _signed_in(phone)
    assert _signed_in(other)


def test_a_new_password_ends_every_session(browser: Browser, accounts: Any) -> None:
    browser.sign_in("aase")
    assert _signed_in(browser)
    accounts.set_password("aase", "ny-adgangskode")
    assert not _signed_in(browser)
    assert browser.sign_in("aase", "ny-adgangskode").status_code == 303


def test_a_lock_out_ends_the_sessions_already_signed_in(
    browser: Browser, new_browser: Any, accounts: Any
) -> None:
    browser.sign_in("aase")
    guesser = new_browser()
    for _ in range(5):
        assert guesser.sign_in("aase", "forkert").status_code == 401
    assert accounts.is_locked("aase")
    assert not _signed_in(browser)


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(browser: Browser) -> None:
    for n in range(10):
        answer = _guess(browser, f"203.0.113.{n}")
        assert answer.status_code == 401
    assert _guess(browser, "198.51.100.7").status_code == 429  # one address, whatever it says


def _guess(browser: Browser, forwarded: str, person: str = "ukendt") -> Any:
    page = browser.get("/login")
    return browser.client.post(
        "/login",
        data={"person": person, "password": "forkert", "csrf_token": csrf_of(page.text)},
        headers={"X-Forwarded-For": forwarded},
        follow_redirects=False,
    )


def test_a_trusted_proxy_names_the_client(
    web_services: App, accounts: Any, browser_for: Callable[..., Browser]
) -> None:
    from casework.entrypoints.web.app import create_app

    app = create_app(
        services=web_services, accounts=accounts, secret_key="s", trusted_proxies="10.0.0.0/8"
    )
    via_proxy = browser_for(app, client=("10.1.2.3", 40000))
    for _ in range(10):
        assert _guess(via_proxy, "198.51.100.7").status_code == 401
    assert _guess(via_proxy, "198.51.100.7").status_code == 429
    # another client behind the same proxy is not blocked; a forged hop before it is skipped
    assert _guess(via_proxy, "203.0.113.9").status_code == 401
    assert _guess(via_proxy, "198.51.100.7, 203.0.113.9").status_code == 401
    # a client that is not the proxy cannot speak for others
    direct = browser_for(app, client=("192.0.2.1", 40000))
    for _ in range(10):
        _guess(direct, "198.51.100.200")
    assert _guess(direct, "198.51.100.201").status_code == 429


def test_the_limit_holds_across_two_app_instances_on_one_database(
    web_services: App, accounts: Any, browser_for: Callable[..., Browser]
) -> None:
    """Two worker processes are two app instances sharing the account store's database."""
    from casework.adapters.sql.accounts import AccountStore
    from casework.entrypoints.web.app import create_app

    second_store = AccountStore(accounts.engine, passwords=accounts.passwords)
    one = create_app(services=web_services, accounts=accounts, secret_key="shared")
    two = create_app(services=web_services, accounts=second_store, secret_key="shared")
    first, second = browser_for(one), browser_for(two)
    for n in range(10):
        assert _guess(first if n % 2 else second, "").status_code == 401
    assert _guess(first, "").status_code == 429
    assert _guess(second, "").status_code == 429


def test_signing_out_on_one_instance_ends_the_session_on_the_other(
    web_services: App, accounts: Any, browser_for: Callable[..., Browser]
) -> None:
    from casework.adapters.sql.accounts import AccountStore
    from casework.entrypoints.web.app import create_app

    second_store = AccountStore(accounts.engine, passwords=accounts.passwords)
    one: FastAPI = create_app(services=web_services, accounts=accounts, secret_key="shared")
    two: FastAPI = create_app(services=web_services, accounts=second_store, secret_key="shared")
    browser = browser_for(one)
    browser.sign_in("aase")
    on_two = browser_for(two)
    for name, value in browser.client.cookies.items():
        on_two.client.cookies.set(name, value)
    assert _signed_in(on_two)
    page = browser.get("/")
    browser.client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    assert not _signed_in(on_two)
