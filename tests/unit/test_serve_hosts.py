"""Issue 16, item 1: ``casework serve`` binds Prefect to the loopback address whatever address
the web app is given; only ``--prefect-host`` opens it (its UI has no sign-in of its own)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casework.entrypoints.serve import ServeOptions, Supervisor


def _supervisor(tmp_path: Path, **options: object) -> Supervisor:
    return Supervisor(ServeOptions(data_dir=tmp_path, **options), lambda _line: None)  # type: ignore[arg-type]


@pytest.mark.parametrize("web_host", ["0.0.0.0", "192.0.2.10", "127.0.0.1"])
def test_prefect_listens_on_loopback_whatever_the_web_host(tmp_path: Path, web_host: str) -> None:
    supervisor = _supervisor(tmp_path, host=web_host)
    env = supervisor.env()
    assert env["PREFECT_SERVER_API_HOST"] == "127.0.0.1"
    assert supervisor.api_url == "http://127.0.0.1:4200/api"
    argv = supervisor.server_argv()
    assert argv[argv.index("--host") + 1] == "127.0.0.1"


def test_an_explicit_prefect_host_opens_it_and_says_so(tmp_path: Path) -> None:
    lines: list[str] = []
    supervisor = Supervisor(
        ServeOptions(data_dir=tmp_path, host="0.0.0.0", prefect_host="0.0.0.0"), lines.append
    )
    argv = supervisor.server_argv()
    assert argv[argv.index("--host") + 1] == "0.0.0.0"
    assert supervisor.env()["PREFECT_SERVER_API_HOST"] == "0.0.0.0"
    # Clients on this machine still reach it on the loopback address.
    assert supervisor.api_url == "http://127.0.0.1:4200/api"
    supervisor.warn_if_open()
    assert any("uden login" in line for line in lines), lines


def test_the_cli_has_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    from casework.entrypoints.cli import main

    assert main(["serve", "--help"]) == 0
    assert "--prefect-host" in capsys.readouterr().out
