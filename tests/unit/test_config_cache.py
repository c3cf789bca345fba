"""The configuration snapshot saves time but never changes an answer."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from casework.adapters.config.cache import load_configuration_cached
from casework.domain.errors import DefinitionError

CONFIG = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    target = tmp_path / "config"
    shutil.copytree(CONFIG, target)
    return target


def test_snapshot_is_written_and_read_back_equal(config_dir: Path, tmp_path: Path) -> None:
    first = load_configuration_cached(config_dir, tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("config-*.pickle"))) == 1
    second = load_configuration_cached(config_dir, tmp_path / "cache")
    assert second is not first
    assert sorted(second.workflows) == sorted(first.workflows)
    assert second.municipality.people == first.municipality.people
    definition = second.workflow("beslutningssag")
    assert definition.expand(()).start == "kladde"
    assert "graph" not in definition.__dict__  # the networkx graph is not pickled


def test_a_changed_file_is_read_again(config_dir: Path, tmp_path: Path) -> None:
    load_configuration_cached(config_dir, tmp_path / "cache")
    path = config_dir / "municipality.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: Eksempel Kommune", "name: Ny Kommune"),
        encoding="utf-8",
    )
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_configuration_cached(config_dir, tmp_path / "cache").municipality.name == (
        "Ny Kommune"
    )


def test_a_broken_change_is_reported_not_hidden_by_the_snapshot(
    config_dir: Path, tmp_path: Path
) -> None:
    load_configuration_cached(config_dir, tmp_path / "cache")
    path = config_dir / "workflows" / "beslutningssag.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("role: direktoer", "role: direktor"),
        encoding="utf-8",
    )
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    with pytest.raises(DefinitionError):
        load_configuration_cached(config_dir, tmp_path / "cache")


def test_a_corrupt_snapshot_falls_back_to_loading(config_dir: Path, tmp_path: Path) -> None:
    load_configuration_cached(config_dir, tmp_path / "cache")
    (snapshot,) = (tmp_path / "cache").glob("config-*.pickle")
    snapshot.write_bytes(b"not a pickle")
    assert "beslutningssag" in load_configuration_cached(config_dir, tmp_path / "cache").workflows
