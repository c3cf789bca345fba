"""``casework reminders`` end to end on SQLite: sweep, list, upcoming, overdue, fire; bad input.

The default channel writes one ``.eml`` file per message to ``<data dir>/outbox``.
"""

from __future__ import annotations

import email
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def case_id(env: Path, run: Cli) -> str:
    assert run("init")[0] == 0
    code, out, err = run(
        "case",
        "new",
        "--workflow",
        "beslutningssag",
        "--title",
        "Ny cykelsti langs Fuglevadvej",
        "--as",
        "mette",
        "--route",
        "tmu,oeu,kb",
        "--json",
    )
    assert code == 0, err
    created: str = json.loads(out)["id"]
    return created


def test_sweep_sends_to_the_file_outbox_once(case_id: str, env: Path, run: Cli) -> None:
    code, out, err = run("case", "show", case_id, "--json")
    due = json.loads(out)["due"]
    code, out, err = run("reminders", "sweep", "--now", f"{due}T07:30:00+01:00", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["reminders_due"], report["sent"]) == (1, 2)
    assert report["per_channel"] == {"file": {"sent": 2}}
    files = sorted((env / "data" / "outbox").glob("*.eml"))
    assert [f.name.split("__")[-2] for f in files] == ["henrik", "mette"]
    mail = email.message_from_bytes(files[1].read_bytes())
    body = mail.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    assert f"Sagen {case_id} «Ny cykelsti langs Fuglevadvej»" in body
    assert f"http://127.0.0.1:8000/sager/{case_id}" in body
    assert mail["Message-ID"].endswith("@eksempel.dk>")
    # Again: nothing new is sent, nothing is written twice.
    code, out, err = run("reminders", "sweep", "--now", f"{due}T07:30:00+01:00")
    assert code == 0, err
    assert "0 sendt" in out
    assert "2 allerede i udbakken" in out
    assert len(list((env / "data" / "outbox").glob("*.eml"))) == 2


def test_list_upcoming_overdue_and_fire(case_id: str, run: Cli) -> None:
    # The case was opened today (the real clock): its whole chain lies ahead.
    code, out, err = run("reminders", "upcoming", case_id, "--json")
    assert code == 0, err
    upcoming = json.loads(out)
    assert [r["kind"] for r in upcoming] == ["before", "due", "overdue"]
    assert upcoming[1]["recipients"] == ["mette", "henrik"]
    code, out, err = run("reminders", "upcoming", case_id)
    assert code == 0, err
    assert "på fristen" in out
    before_key, fire_at = upcoming[0]["key"], upcoming[0]["fire_at"]
    code, out, err = run("reminders", "fire", before_key, "--now", fire_at)
    assert (code, out.strip()) == (0, f"{before_key}: sent")
    code, out, err = run("reminders", "fire", before_key, "--now", fire_at)
    assert out.strip() == f"{before_key}: already_sent"
    code, out, err = run("reminders", "list", "--json", "--case", case_id)
    assert [(m["recipient"], m["status"]) for m in json.loads(out)] == [("mette", "sent")]
    code, out, err = run("--lang", "en", "reminders", "list")
    assert "sent" in out
    # Once the overdue reminder's day has come, the case is 2 hverdage overdue.
    code, out, err = run("reminders", "overdue", "--json", "--now", upcoming[2]["fire_at"])
    late = json.loads(out)
    assert [(c["case_id"], c["workdays_overdue"]) for c in late] == [(case_id, 2)]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("reminders", "sweep", "--now", "i morgen"), "[CW213]"),
        (("reminders", "sweep", "--now", "2026-03-11T07:30:00"), "[CW213]"),
        (("reminders", "fire", "ikke-en-nøgle"), "[CW522]"),
        (("reminders", "upcoming", "2099-0001"), "[CW201]"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(
    case_id: str, run: Cli, args: tuple[str, ...], expected: str
) -> None:
    code, _out, err = run(*args)
    assert code == 1
    assert err.startswith(expected)
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_broken_reminders_yaml_is_reported_with_file_and_line(
    env: Path, run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    config = env / "config"
    shutil.copytree(ROOT / "config", config)
    monkeypatch.setenv("CASEWORK_CONFIG_DIR", str(config))
    assert run("init")[0] == 0
    text = (config / "reminders.yaml").read_text(encoding="utf-8")
    text = text.replace("before_workdays: 3", "before_workdays: tre")
    text = text.replace("director: direktoer", "director: direktor")
    (config / "reminders.yaml").write_text(text + "sendt_at: '07:00'\n", encoding="utf-8")
    code, _out, err = run("reminders", "sweep")
    assert code == 1
    assert "config/reminders.yaml:" in err
    assert "before_workdays" in err
    assert "sendt_at" in err
    assert "[CW530]" not in err  # roles are checked once the schema holds
    text = text.replace("before_workdays: tre", "before_workdays: 3")
    (config / "reminders.yaml").write_text(text, encoding="utf-8")
    code, _out, err = run("reminders", "sweep")
    assert code == 1
    assert "[CW530]" in err
    assert "direktoer" in err  # did you mean
    assert "Traceback" not in err
    # `casework config check` reports it with the rest of the configuration.
    code, out, err = run("config", "check")
    assert code == 1
    assert "[CW530]" in out + err


def test_an_unknown_channel_in_the_environment_is_one_line(
    case_id: str, run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEWORK_NOTIFY_CHANNELS", "smtp,pigeon")
    code, _out, err = run("reminders", "sweep")
    assert code == 1
    assert err.startswith("[CW524] CASEWORK_NOTIFY_CHANNELS: pigeon")


def test_given_up_reminders_are_requeued_by_the_secretariat_and_sent_once(
    case_id: str, env: Path, run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16, item 8: a mail outage past the retry budget loses nothing for good."""
    import shutil
    import socket

    from aiosmtpd.controller import Controller

    config = env / "config"
    shutil.copytree(ROOT / "config", config)
    text = (config / "reminders.yaml").read_text(encoding="utf-8")
    (config / "reminders.yaml").write_text(
        text.replace("max_attempts: 8", "max_attempts: 1"), encoding="utf-8"
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("CASEWORK_CONFIG_DIR", str(config))
    monkeypatch.setenv("CASEWORK_NOTIFY_CHANNELS", "smtp")
    monkeypatch.setenv("CASEWORK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CASEWORK_SMTP_PORT", str(port))
    code, out, err = run("case", "show", case_id, "--json")
    now = f"{json.loads(out)['due']}T07:30:00+01:00"
    # The server is down: the budget of one attempt is spent, both messages given up.
    code, out, err = run("reminders", "sweep", "--now", now)
    assert code == 0, err
    assert "2 opgivet," in out
    assert "I udbakken: 0 holdes af en anden omgang (lease), 0 prøves igen" in out
    assert "2 opgivet i alt" in out
    assert "casework reminders retry --all" in out
    # Only the secretariat may requeue; bad calls are one line.
    code, _out, err = run("reminders", "retry", "--all", "--as", "mette")
    assert (code, err.split()[0]) == (1, "[CW221]")
    code, _out, err = run("reminders", "retry", "--as", "sofie")
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    code, _out, err = run("reminders", "retry", "ikke-en-nøgle", "--as", "sofie")
    assert (code, err.split()[0]) == (1, "[CW522]")
    # The server is back; the given-up messages go after a retry, once each.
    received: list[bytes] = []

    class Handler:
        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
            received.append(envelope.original_content)  # type: ignore[attr-defined]
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        code, out, err = run("reminders", "sweep", "--now", now)
        assert "0 sendt" in out  # given up waits for a person
        code, out, err = run("reminders", "retry", "--all", "--as", "sofie", "--json")
        assert code == 0, err
        assert json.loads(out)["count"] == 2
        code, out, err = run("reminders", "retry", "--all", "--as", "sofie")
        assert out.startswith("0 opgivne beskeder lagt i kø igen")
        code, out, err = run("reminders", "sweep", "--now", now, "--json")
        assert (json.loads(out)["sent"], json.loads(out)["given_up"]) == (2, 0)
        code, out, err = run("reminders", "sweep", "--now", now)
        assert "0 sendt" in out
    finally:
        controller.stop()
    assert len(received) == 2
    assert all(b"\r\n" in mail and b"Message-ID: <" in mail for mail in received)
