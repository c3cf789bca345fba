"""A JSON-API world for H-API's tests: a SQLite database, the app, and a token per person.

Imported by ``tests/web/test_api*.py``, ``test_access_matrix.py`` and ``test_schemathesis.py``
(not a conftest, so the page tests' fixtures stay their own).
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI

with warnings.catch_warnings():
    # Starlette asks for httpx2 over httpx; the locked dependencies have httpx, which works.
    warnings.filterwarnings("ignore", message=".*install `httpx2` instead")
    from fastapi.testclient import TestClient

from casework.adapters.auth.passwords import fast_passwords
from casework.adapters.sql.accounts import AccountStore
from casework.adapters.sql.engine import make_engine
from casework.adapters.sql.schema import upgrade
from casework.app import App, open_app
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.settings import Settings
from casework.testing import FixedClock

ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = ROOT / "config"
ROUTE = [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]
#: From the draft to TMU's meeting step: officer, centre head, director, secretariat.
TO_MEETING = [("indsend", "mette"), ("godkend", "henrik"), ("godkend", "annelise"),
              ("godkend", "sofie")]  # fmt: skip
#: The day the world starts: TMU meets on 9 March 2026, its agenda deadline is 3 March.
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@dataclass
class World:
    """The app over a fresh SQLite database, with an API token for every configured person."""

    app: FastAPI
    client: TestClient
    services: App
    accounts: AccountStore
    clock: FixedClock
    tokens: dict[str, str] = field(default_factory=dict)

    def headers(self, person: str | None) -> dict[str, str]:
        """The Authorization header of ``person`` (none for None)."""
        return {"Authorization": f"Bearer {self.tokens[person]}"} if person else {}

    def get(self, person: str | None, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, headers=self.headers(person), **kwargs)

    def post(self, person: str | None, url: str, body: Any) -> Any:
        return self.client.post(url, headers=self.headers(person), json=body)

    def call(self, method: str, person: str | None, url: str, body: Any = None) -> Any:
        return self.client.request(method, url, headers=self.headers(person), json=body)

    def open_case(self, title: str = "Trafikplan for Østervej", **attrs: Any) -> str:
        """A draft case of mette's (Center for Miljø og Teknik), opened through the services."""
        case = self.services.open_case(
            OpenCase(
                workflow="beslutningssag",
                title=title,
                actor="mette",
                route=ROUTE,
                attributes={"politikomraade": "veje", **attrs},
            )
        )
        return case.id

    def at_meeting(self, title: str = "Trafikplan for Østervej", **attrs: Any) -> str:
        """A case of mette's waiting at TMU's meeting step (for the 9 March meeting)."""
        case_id = self.open_case(title, **attrs)
        for action, actor in TO_MEETING:
            self.services.advance(AdvanceCase(case_id=case_id, action=action, actor=actor))
        return case_id


def make_world(tmp_path: Path, config: Configuration) -> World:
    """A fresh world in ``tmp_path``."""
    from casework.entrypoints.web.app import create_app

    data_dir = tmp_path / "data"
    engine = make_engine(f"sqlite:///{data_dir / 'casework.db'}")
    upgrade(engine)
    clock = FixedClock(START)
    settings = Settings(data_dir=data_dir, config_dir=CONFIG_DIR)
    services = open_app(settings, config=config, clock=clock)
    accounts = AccountStore(engine, clock=clock, passwords=fast_passwords())
    app = create_app(settings, services=services, secret_key="test-secret", accounts=accounts)
    world = World(app=app, client=TestClient(app), services=services, accounts=accounts,
                  clock=clock)  # fmt: skip
    for person in config.municipality.people:
        world.tokens[person] = accounts.create_token(person, "test")
    return world
