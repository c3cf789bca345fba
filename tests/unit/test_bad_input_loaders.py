"""Bad input to the loaders is one error with its place, never a traceback (issue 16, items 10, 11).

The YAML loader: a date that does not exist, a "billion laughs" alias bomb, values Python cannot
hold. The configuration: a symbolic link that loops. The OParl reader: a FIFO, an empty or
truncated archive, an empty source, JSON nested 100,000 levels deep. The schema: a database
newer than the code.
"""

from __future__ import annotations

import io
import json
import os
import tarfile
import threading
from pathlib import Path

import pytest

from casework.adapters.config.loader import load_configuration
from casework.adapters.config.yaml_loader import MAX_NODES, load_yaml
from casework.adapters.oparl.reader import read_source
from casework.domain.errors import ConfigFileError, DefinitionError, OParlSourceError

CONFIG = Path(__file__).resolve().parents[2] / "config"
T = "https://schema.oparl.org/1.1/"


# --------------------------------------------------------------------------- YAML
def test_a_date_that_does_not_exist_is_an_error_at_its_line() -> None:
    with pytest.raises(ConfigFileError) as caught:
        load_yaml("holidays:\n  - 2026-01-01\n  - 2026-02-30\n", "calendar.yaml")
    assert caught.value.params["line"] == 3
    assert "2026-02-30" in caught.value.message("en")


@pytest.mark.parametrize(
    "text",
    [
        "a: 2026-01-01 10:00:00 +99:00",  # a time zone past 24 hours
        "a: 0000-01-01",  # year 0
        "a: " + "9" * 5000,  # more digits than int() takes
        "a: !!timestamp x",  # an explicit tag on a value it does not fit
        "a: !!int x",
        "a: !!float x",
    ],
)
def test_values_python_cannot_hold_are_errors_with_a_line(text: str) -> None:
    with pytest.raises(ConfigFileError) as caught:
        load_yaml(text, "x.yaml")
    assert caught.value.params["line"] == 1
    assert len(caught.value.message("da")) < 300


def _bomb(levels: int = 9) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_is_refused_at_once() -> None:
    # Refused by the node limit while composing, never expanded: 9**9 nodes would not finish.
    # The thread is a hang guard that fails with a message, not a measurement (bench/ times).
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            load_yaml(_bomb(), "workflows/bomb.yaml")
        except BaseException as exc:  # the test reports what the loader raised
            outcome.append(exc)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "the loader is expanding the aliases instead of refusing them"
    assert len(outcome) == 1 and isinstance(outcome[0], ConfigFileError), outcome
    caught = outcome[0]
    assert str(MAX_NODES) in caught.message("en").replace(".", "")
    assert caught.params["line"] is not None


def test_aliases_within_the_limit_and_merge_keys_still_work() -> None:
    loaded = load_yaml("base: &b {x: 1}\nmore: {<<: *b, y: 2}\nagain: *b\n", "x.yaml")
    assert loaded.data["more"] == {"x": 1, "y": 2}
    assert loaded.data["again"] == {"x": 1}


# --------------------------------------------------------------------------- configuration
def _config(tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "config"
    shutil.copytree(CONFIG, target)
    return target


def test_a_workflow_link_that_loops_is_a_finding(tmp_path: Path) -> None:
    config = _config(tmp_path)
    os.symlink("loop.yaml", config / "workflows" / "loop.yaml")
    with pytest.raises(DefinitionError) as caught:
        load_configuration(config)
    [finding] = caught.value.findings
    assert finding.code == "CW101"
    assert "workflows/loop.yaml" in finding.message("en")


def test_a_municipality_link_that_loops_is_named_not_missing(tmp_path: Path) -> None:
    config = _config(tmp_path)
    (config / "municipality.yaml").unlink()
    os.symlink("municipality.yaml", config / "municipality.yaml")
    with pytest.raises(DefinitionError) as caught:
        load_configuration(config)
    assert any(
        f.code == "CW101" and "municipality.yaml" in f.message("en") for f in caught.value.findings
    )


# --------------------------------------------------------------------------- OParl sources
def _archive(path: Path, objects: int = 6) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for n in range(objects):
            raw = json.dumps({"id": f"o:{n}", "type": T + "Organization", "name": f"Rat {n}"})
            info = tarfile.TarInfo(f"organization/{n}.json")
            info.size = len(raw.encode())
            tar.addfile(info, io.BytesIO(raw.encode()))
    data = buffer.getvalue()
    path.write_bytes(data)
    return data


def test_an_archive_cut_at_a_member_boundary_is_truncated(tmp_path: Path) -> None:
    whole = tmp_path / "whole.tar"
    data = _archive(whole)
    assert len(read_source(whole).organizations) == 6
    with tarfile.open(whole) as tar:
        offsets = [member.offset for member in tar]
    cut = tmp_path / "cut.tar"
    cut.write_bytes(data[: offsets[3]])  # three whole members, no end-of-archive blocks
    with pytest.raises(OParlSourceError, match="truncated"):
        read_source(cut)


def test_a_compressed_archive_cut_in_half_is_truncated(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "oparl" / "huertgenwald.tar.xz"
    half = tmp_path / "half.tar.xz"
    raw = fixture.read_bytes()
    half.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(OParlSourceError, match="truncated"):
        read_source(half)


@pytest.mark.parametrize("name", ["empty.tar.xz", "empty.json"])
def test_an_empty_file_is_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    with pytest.raises(OParlSourceError):
        read_source(tmp_path / name)


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "dump").mkdir()
    with pytest.raises(OParlSourceError, match="no OParl objects"):
        read_source(tmp_path / "dump")


def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "dump.json"
    os.mkfifo(fifo)
    with pytest.raises(OParlSourceError, match="not a regular file"):
        read_source(fifo)


def test_json_nested_100000_levels_is_a_skip_not_a_recursion_error(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(OParlSourceError, match="nested too deeply"):
        read_source(deep)
    # beside a good document the deep one is skipped with its reason
    (tmp_path / "dump").mkdir()
    deep.rename(tmp_path / "dump" / "deep.json")
    (tmp_path / "dump" / "o.json").write_text(
        json.dumps({"id": "o:1", "type": T + "Organization", "name": "Rat"})
    )
    data = read_source(tmp_path / "dump")
    assert [s.detail for s in data.skipped] == ["nested too deeply"]
    assert list(data.organizations) == ["o:1"]


# --------------------------------------------------------------------------- schema
def test_upgrading_a_database_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    from sqlalchemy import text

    from casework.adapters.sql.engine import make_engine
    from casework.adapters.sql.schema import upgrade
    from casework.domain.errors import StorageError

    engine = make_engine(f"sqlite:///{tmp_path / 'casework.db'}")
    try:
        upgrade(engine)
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '0999'"))
        with pytest.raises(StorageError, match="0999"):
            upgrade(engine)
    finally:
        engine.dispose()


def test_a_choice_listed_twice_is_a_finding_not_an_index_error(tmp_path: Path) -> None:
    """Found by the fuzz (tests/faults/test_config_fuzz.py): a doubled line of choices broke the
    delegation plan's checks, which number the choices, with an IndexError."""
    config = _config(tmp_path)
    path = config / "municipality.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "byggeri, skole" in line)
    lines.insert(at, lines[at])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from casework.adapters.config.full import load_full_configuration

    with pytest.raises(DefinitionError) as caught:
        load_full_configuration(config)
    [finding] = caught.value.findings
    assert "politikomraade" in finding.message("en") and "more than once" in finding.message("en")
