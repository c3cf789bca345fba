"""The PDF font is found through fontconfig, not at one distribution's path (issue 18).

``casework.fonts.font_file`` asks ``fc-match`` for DejaVu Sans and takes its answer only when it
is a DejaVu Sans TrueType file of the asked style; without fontconfig it tries the folders where
distributions keep DejaVu; with neither, a missing path that the PDF writers report as CW805.
Fake ``fc-match`` programs on ``PATH`` stand in for other systems' fontconfig.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from casework import fonts


@pytest.fixture(autouse=True)
def _fresh_lookup() -> Iterator[None]:
    fonts.font_file.cache_clear()
    yield
    fonts.font_file.cache_clear()


def _fake_fc_match(folder: Path, answer: str) -> None:
    program = folder / "fc-match"
    program.write_text(f"#!/bin/sh\nprintf '%s' '{answer}'\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)


def _font(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"\x00\x01\x00\x00")  # a TrueType header is all the lookup reads: none
    return path


def test_fontconfig_answer_is_taken_wherever_the_distribution_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    regular = _font(tmp_path / "fonts" / "dejavu-sans-fonts", "DejaVuSans.ttf")
    _fake_fc_match(tmp_path, f"DejaVu Sans\t{regular}")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(fonts, "FOLDERS", ())

    assert fonts.font_file() == regular


def test_another_family_from_fontconfig_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # fc-match always names some font; a fallback such as Noto is not DejaVu Sans.
    other = _font(tmp_path / "noto", "NotoSans-Regular.ttf")
    _fake_fc_match(tmp_path, f"Noto Sans\t{other}")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    folder = tmp_path / "share" / "dejavu"
    bold = _font(folder, "DejaVuSans-Bold.ttf")
    monkeypatch.setattr(fonts, "FOLDERS", (str(folder),))

    assert fonts.font_file("bold") == bold  # from the folders instead


def test_without_fontconfig_the_usual_folders_then_a_missing_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # no fc-match at all
    folder = tmp_path / "share" / "TTF"
    monkeypatch.setattr(fonts, "FOLDERS", (str(tmp_path / "nowhere"), str(folder)))
    assert not fonts.font_file().exists()  # nothing installed: the caller reports CW805
    assert fonts.font_file().name == "DejaVuSans.ttf"

    fonts.font_file.cache_clear()
    regular = _font(folder, "DejaVuSans.ttf")
    assert fonts.font_file() == regular


def test_this_machine_finds_dejavu_for_the_pdfs() -> None:
    # scripts/setup.sh installs the font; both styles the PDFs embed are found.
    assert fonts.font_file().is_file()
    assert fonts.font_file("bold").is_file()
