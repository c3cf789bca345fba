"""What casework writes that may hold closed content is owner only, whatever the umask (issue 16,
item 6): the data directory, the database with its -wal and -shm, the full agendas and the outbox.

Every test runs under umask 0000, the most permissive an operator's shell or a container can
have; before the fix each of these came out world-readable.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import Cli


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_init_creates_the_data_directory_and_database_owner_only(run: Cli, env: Path) -> None:
    data = env / "data"
    result = run.bare("init")
    assert result.code == 0, result.output
    assert mode(data) == 0o700
    assert mode(data / "casework.db") == 0o600
    assert mode(data / "cache") == 0o700  # the configuration snapshots
    assert all(mode(p) == 0o600 for p in (data / "cache").iterdir())
    assert "Adgangen er begrænset" not in result.output  # nothing was loose


def test_the_wal_and_shm_files_of_a_writing_process_are_owner_only(run: Cli, env: Path) -> None:
    data = env / "data"
    attrs = ("--attr", "sagstype=lokalplan", "--attr", "politikomraade=lokalplaner")
    opened = run("case", "new", "--title", "Køb af ejendom", "--as", "aase", *attrs)
    assert opened.code == 0, opened.output
    # The App's connection is still open, so SQLite keeps its companions beside the database.
    companions = [data / "casework.db-wal", data / "casework.db-shm"]
    assert all(p.exists() for p in companions)
    assert [mode(p) for p in (data, data / "casework.db", *companions)] == [0o700] + [0o600] * 3


def test_init_tightens_what_others_could_read(run: Cli, env: Path) -> None:
    data = env / "data"
    assert run.bare("init").code == 0
    full = data / "dagsordener" / "kb-2026-03-26" / "kb-2026-03-26-fuld.html"
    public = full.with_name("kb-2026-03-26-offentlig.html")
    full.parent.mkdir(parents=True)
    for path in (full, public):
        path.write_text("<html></html>")
    for path, loose in ((data, 0o755), (data / "casework.db", 0o644), (full, 0o644)):
        os.chmod(path, loose)  # as an older casework, or umask 0022, left them
    result = run.bare("init")
    assert result.code == 0, result.output
    assert mode(data) == 0o700
    assert mode(data / "casework.db") == 0o600
    assert mode(full) == 0o600
    assert mode(public) == 0o666  # the public agenda is public
    for path in (data, data / "casework.db", full):
        assert f"Adgangen er begrænset til ejeren (andre kunne læse den): {path}" in result.out


def test_published_full_agendas_are_owner_only(run: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("agenda", "publish", "kb", "2026-03-26", "--out", str(out))
    assert result.code == 0, result.output
    written = sorted(out.iterdir())
    assert {p.name for p in written} == {
        f"kb-2026-03-26-{v}.{k}" for v in ("offentlig", "fuld") for k in ("html", "pdf", "json")
    }
    for path in written:
        assert mode(path) == (0o600 if "-fuld." in path.name else 0o666), path.name


def test_the_file_channel_writes_its_messages_owner_only(tmp_path: Path) -> None:
    from casework.adapters.notify.file import FileChannel
    from tests.unit.test_notify_channels import MESSAGE, METTE

    with FileChannel(tmp_path / "data" / "outbox") as channel:
        channel.send(MESSAGE, METTE)
    assert mode(tmp_path / "data") == 0o700
    assert mode(tmp_path / "data" / "outbox") == 0o700
    assert [mode(p) for p in (tmp_path / "data" / "outbox").iterdir()] == [0o600]


def test_a_written_full_protocol_is_owner_only(run: Cli, tmp_path: Path) -> None:
    from casework.app import App
    from tests.protocol_cycle import run_cycle

    app = run.app()
    assert isinstance(app, App)
    run_cycle(app, run.clock)
    full, public = tmp_path / "fuld.html", tmp_path / "offentlig.html"
    for path, flags in ((full, ("--full",)), (public, ())):
        done = run("minutes", "show", "bpu", "2026-03-10", *flags, "--format", "html",
                   "-o", str(path))  # fmt: skip
        assert done.code == 0, done.output
    assert mode(full) == 0o600
    assert mode(public) == 0o666
