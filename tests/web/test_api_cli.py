"""``casework user`` and ``casework token`` end to end on SQLite: passwords and API tokens."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from casework import app as bootstrap
from casework.adapters.auth.passwords import fast_passwords
from casework.app import accounts as account_wiring
from casework.domain.configuration import Configuration
from casework.entrypoints.cli import main
from casework.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("CASEWORK_DATA_DIR", str(data))
    monkeypatch.setenv("CASEWORK_CONFIG_DIR", str(ROOT / "config"))
    monkeypatch.delenv("CASEWORK_DATABASE_URL", raising=False)
    monkeypatch.delenv("CASEWORK_LANG", raising=False)
    real = account_wiring.account_store

    def cheap(settings: Settings | None = None, **kwargs: Any) -> Any:
        # argon2's real cost (~0.1 s a hash) would make demo-passwords take seconds here.
        store = real(settings, **kwargs)
        store.passwords = fast_passwords()
        return store

    # App.accounts builds the store through this function, on first use.
    monkeypatch.setattr(account_wiring, "account_store", cheap)
    assert main(["init"]) == 0
    return data


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str = "") -> tuple[int, str, str]:
    capsys.readouterr()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def store(data_dir: Path) -> Any:
    return bootstrap.account_store(Settings(data_dir=data_dir, config_dir=ROOT / "config"))


def test_set_password_from_stdin_then_it_verifies(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "user", "set-password", "aase", "--password-stdin",
                         stdin="korrekt hest batteri\n")  # fmt: skip
    assert code == 0, err
    assert "Adgangskoden for aase er sat." in out
    accounts = store(data_dir)
    assert accounts.verify("aase", "korrekt hest batteri")
    assert not accounts.verify("aase", "korrekt hest batteri\n")


def test_short_passwords_and_unknown_people_are_refused_in_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "user", "set-password", "aase", "--password-stdin", stdin="kort\n")
    assert code == 1
    assert err.strip() == "[CW213] Ugyldigt input: adgangskoden skal have mindst 8 tegn"
    code, _, err = run(capsys, "--lang", "en", "user", "set-password", "aasee",
                       "--password-stdin", stdin="korrekt hest batteri\n")  # fmt: skip
    assert code == 1
    assert err.startswith("[CW210]")
    assert "aase" in err  # did you mean
    assert not store(data_dir).has_password("aase")


def test_demo_passwords_only_on_a_demo_database(
    data_dir: Path, capsys: pytest.CaptureFixture[str], config: Configuration
) -> None:
    code, _, err = run(capsys, "user", "demo-passwords")
    assert code == 1
    assert "--yes-this-is-a-demo" in err
    assert not store(data_dir).has_password("sofie")
    assert main(["demo", "--cases", "3"]) == 0
    code, out, err = run(capsys, "user", "demo-passwords")
    assert code == 0, err
    people = len(config.municipality.people)  # every person of the example municipality
    assert f'{people} personer har fået adgangskoden "demo".' in out
    assert store(data_dir).verify("sofie", "demo")


def test_demo_passwords_on_any_database_when_told_so(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "user", "demo-passwords", "--yes-this-is-a-demo")
    assert code == 0, err
    assert store(data_dir).verify("birgitte", "demo")


def test_unlock_lifts_a_lock(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    accounts = store(data_dir)
    accounts.set_password("aase", "korrekt hest batteri")
    for _ in range(5):
        accounts.verify("aase", "forkert")
    assert accounts.is_locked("aase")
    code, out, err = run(capsys, "user", "unlock", "aase")
    assert code == 0, err
    assert "aase er låst op." in out
    assert not accounts.is_locked("aase")


def test_tokens_are_created_listed_without_secrets_and_revoked(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "token", "create", "sofie", "--name", "ESDH", "--json")
    assert code == 0, err
    created = json.loads(out)
    assert created["person"] == "sofie"
    token = created["token"]
    assert store(data_dir).person_for_token(token) == "sofie"
    code, out, _ = run(capsys, "token", "create", "aase", "--name", "Mit script")
    assert code == 0
    assert "vises ikke igen" in out
    code, out, _ = run(capsys, "token", "list", "--json")
    listed = json.loads(out)
    assert [t["person"] for t in listed] == ["sofie", "aase"]
    assert token not in out
    assert all(t["active"] for t in listed)
    code, out, _ = run(capsys, "token", "list", "--person", "aase")
    assert "Mit script" in out
    assert "ESDH" not in out
    code, out, err = run(capsys, "token", "revoke", created["id"])
    assert code == 0, err
    assert store(data_dir).person_for_token(token) is None
    code, _, err = run(capsys, "token", "revoke", "deadbeef")
    assert code == 1
    assert err.strip() == "[CW223] Adgangstokenet 'deadbeef' findes ikke."


def test_a_token_for_an_unknown_person_or_without_a_name_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "token", "create", "nobody", "--name", "x")
    assert code == 1
    assert err.startswith("[CW210]")
    code, _, err = run(capsys, "token", "create", "sofie", "--name", " ")
    assert code == 1
    assert err.startswith("[CW213]")
    code, out, _ = run(capsys, "token", "list")
    assert "Ingen tokens." in out
