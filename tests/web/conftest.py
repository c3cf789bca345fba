"""Fixtures for the web app: in-memory services, a real account store, a signed-in client.

The app runs on the in-memory store with a fixed clock (Monday 2 March 2026, 09:00 UTC), so
pages and deadlines are the same on every run. Passwords live in a real ``AccountStore`` on a
SQLite file, hashed with a cheap argon2 profile; every configured person's password is "demo".
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

with warnings.catch_warnings():
    # Starlette 1.x asks for httpx2 over httpx; the locked dependencies have httpx, which works.
    warnings.filterwarnings("ignore", message=".*install `httpx2` instead")
    from fastapi.testclient import TestClient

from casework.app import App
from casework.domain.configuration import Configuration
from casework.testing import FixedClock, InMemoryUnitOfWork

DEMO_PASSWORD = "demo"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def web_services(config: Configuration, clock: FixedClock) -> App:
    """App over one in-memory store shared by every request."""
    uow = InMemoryUnitOfWork()
    factory: Callable[[], InMemoryUnitOfWork] = lambda: uow  # noqa: E731 - one store for all
    return App(config=config, uow_factory=factory, clock=clock)


@pytest.fixture
def accounts(tmp_path: Path, config: Configuration) -> Iterator[object]:
    """An account store on a fresh SQLite file; everyone's password is "demo"."""
    from casework.adapters.auth.passwords import fast_passwords
    from casework.adapters.sql.accounts import AccountStore
    from casework.adapters.sql.engine import make_engine
    from casework.adapters.sql.tables import metadata

    engine = make_engine(f"sqlite:///{tmp_path / 'accounts.db'}")
    metadata.create_all(engine)
    store = AccountStore(engine, passwords=fast_passwords())
    for person in config.municipality.people:
        store.set_password(person, DEMO_PASSWORD)
    yield store
    engine.dispose()


@pytest.fixture
def app(web_services: App, accounts: object) -> FastAPI:
    """The web app on the in-memory services."""
    from casework.entrypoints.web.app import create_app

    return create_app(services=web_services, accounts=accounts, secret_key="test-secret")  # type: ignore[arg-type]


class Browser:
    """A browser-like client over TestClient: cookies kept, forms posted with their token."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def get(self, url: str, **kwargs: Any) -> Any:
        """GET ``url`` (redirects followed unless told otherwise)."""
        return self.client.get(url, **kwargs)

    def sign_in(self, person: str, password: str = DEMO_PASSWORD) -> Any:
        """Sign ``person`` in through the form, as a person does."""
        page = self.client.get("/login")
        return self.client.post(
            "/login",
            data={"person": person, "password": password, "csrf_token": csrf_of(page.text)},
            follow_redirects=False,
        )

    def post(self, page_url: str, target: str, /, **data: str) -> Any:
        """Open ``page_url``, then POST ``data`` to ``target`` with that page's CSRF token."""
        page = self.client.get(page_url)
        assert page.status_code == 200, page.text
        return self.client.post(target, data={"csrf_token": csrf_of(page.text), **data})


@pytest.fixture
def browser(app: FastAPI) -> Iterator[Browser]:
    """A browser nobody has signed in to yet."""
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Browser(client)


@pytest.fixture
def browser_for() -> Iterator[Callable[..., Browser]]:
    """Browsers on any app (another configuration of it), closed after the test."""
    opened: list[TestClient] = []

    def make(app: FastAPI, **options: Any) -> Browser:
        client = TestClient(app, raise_server_exceptions=False, **options)
        client.__enter__()
        opened.append(client)
        return Browser(client)

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def new_browser(app: FastAPI, browser_for: Callable[..., Browser]) -> Callable[[], Browser]:
    """More browsers on the same app (several people at once)."""
    return lambda: browser_for(app)


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = _CSRF.search(html)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)
