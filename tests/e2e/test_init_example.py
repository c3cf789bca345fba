"""``casework init --example eksempel [DIR]`` (issue 18): the example configuration to start
from, written where the user says, never over anything, and then the database; every refusal one
line in the user's language (CW960–CW963, CW320), with nothing written.

Run in-process as a fresh process would (no App given), from an empty working directory.
"""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from tests.e2e.conftest import CONFIG_DIR, Cli


@pytest.fixture
def empty(env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory, and no CASEWORK_CONFIG_DIR."""
    work = env / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("CASEWORK_CONFIG_DIR")
    return work


def _same_tree(left: Path, right: Path) -> bool:
    compared = filecmp.dircmp(left, right, ignore=["__pycache__"])
    if compared.left_only or compared.right_only or compared.diff_files:
        return False
    return all(_same_tree(left / d, right / d) for d in compared.common_dirs)


def test_writes_the_example_into_config_and_creates_the_database(empty: Path, run: Cli) -> None:
    done = run.bare("init", "--example", "eksempel")
    assert done.code == 0, done.err
    assert f"Eksempelkonfigurationen 'eksempel' er skrevet til {empty / 'config'}" in done.out
    assert "Konfigurationen er i orden: " in done.out
    assert "Databasen er klar: sqlite:///" in done.out.replace("\n", "")
    assert "CASEWORK_CONFIG_DIR" not in done.out  # ./config is where commands look anyway
    assert _same_tree(empty / "config", CONFIG_DIR)
    assert (empty / "config" / "schemas" / "workflow.schema.json").is_file()
    assert [p.name for p in empty.iterdir()] == ["config"]  # no staging folder left behind

    # The working directory's config/ is the one found: the next command needs no option.
    assert run.bare("config", "check").code == 0


def test_another_directory_says_how_to_use_it(empty: Path, run: Cli) -> None:
    done = run.bare("--lang", "en", "init", "--example", "eksempel", "mine/kommune")
    assert done.code == 0, done.err
    target = empty / "mine" / "kommune"
    assert f"written to {target}" in done.out
    assert f"CASEWORK_CONFIG_DIR={target}" in " ".join(done.out.split())
    assert (target / "municipality.yaml").is_file()


def test_config_dir_option_is_the_target(empty: Path, run: Cli) -> None:
    done = run.bare("--config-dir", "andet", "init", "--example", "eksempel")
    assert done.code == 0, done.err
    assert (empty / "andet" / "workflows" / "beslutningssag.yaml").is_file()
    assert not (empty / "config").exists()


@pytest.mark.parametrize(
    ("args", "prepare", "danish", "english"),
    [
        (
            ["init", "--example", "nope"],
            None,
            "[CW960] Der findes intet eksempel 'nope'; vælg et af: eksempel.",
            "[CW960] There is no example 'nope'; choose one of: eksempel.",
        ),
        (
            ["init", "--example", "eksempel"],
            "config/municipality.yaml",
            "[CW961] Mappen {work}/config findes allerede og er ikke tom; intet er skrevet.",
            "[CW961] The directory {work}/config already exists and is not empty; nothing was",
        ),
        (
            ["init", "--example", "eksempel", "fil.txt"],
            "fil.txt",
            "[CW962] {work}/fil.txt findes og er ikke en mappe; intet er skrevet.",
            "[CW962] {work}/fil.txt exists and is not a directory; nothing was written.",
        ),
        (
            ["init", "mappe"],
            None,
            "[CW963] En mappe (mappe) kan kun gives sammen med --example",
            "[CW963] A directory (mappe) can only be given with --example",
        ),
        (
            ["init", "--example", "eksempel", "fil.txt/under"],
            "fil.txt",
            "[CW320] Kan ikke bruge {work}/fil.txt",
            "[CW320] Cannot use {work}/fil.txt",
        ),
    ],
    ids=["unknown-example", "not-empty", "a-file", "dir-without-example", "under-a-file"],
)
def test_refusals_write_nothing(  # noqa: PLR0917 - fixtures and the case
    empty: Path,
    run: Cli,
    args: list[str],
    prepare: str | None,
    danish: str,
    english: str,
) -> None:
    if prepare is not None:
        (empty / prepare).parent.mkdir(parents=True, exist_ok=True)
        (empty / prepare).write_text("x", encoding="utf-8")
    before = sorted(p.relative_to(empty) for p in empty.rglob("*"))
    for lang, expected in (("da", danish), ("en", english)):
        done = run.bare("--lang", lang, *args)
        assert done.code == 1, done
        assert done.err.startswith(expected.format(work=empty)), done.err
        assert done.err.count("\n") == 1 and "Traceback" not in done.err
        assert done.out == ""
    assert sorted(p.relative_to(empty) for p in empty.rglob("*")) == before
    assert not (empty.parent / "data" / "casework.db").exists()  # no database either
