"""The font files the PDFs embed: DejaVu Sans (it has Æ, Ø, Å and every symbol casework draws).

Found through fontconfig (``fc-match``), as any desktop program finds a font, so a wheel
installed on Debian, Fedora, Arch or macOS with Homebrew's fontconfig finds the installed
family wherever its distribution keeps it; without fontconfig, the usual folders are tried. A
path that does not exist is returned when the family is nowhere: the PDF writers then report
CW805 naming it. Looked up once per process, and only when a PDF is drawn.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

FAMILY = "DejaVu Sans"
#: The file of each style in the DejaVu distribution.
FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
_FONTCONFIG_STYLE = {"regular": "Book", "bold": "Bold"}
#: Where distributions put DejaVu when fontconfig is not there to ask (Debian first).
FOLDERS = (
    "/usr/share/fonts/truetype/dejavu",  # Debian, Ubuntu (fonts-dejavu-core)
    "/usr/share/fonts/dejavu-sans-fonts",  # Fedora, RHEL
    "/usr/share/fonts/TTF",  # Arch (ttf-dejavu)
    "/usr/share/fonts/dejavu",  # openSUSE, Alpine
    "/usr/local/share/fonts/dejavu",  # FreeBSD
    "/opt/homebrew/share/fonts",  # macOS, Homebrew
    "~/Library/Fonts",  # macOS, installed by the user
)


@cache
def font_file(style: str = "regular") -> Path:
    """The TrueType file of DejaVu Sans in ``style`` ("regular" or "bold").

    The path does not exist when no such font is installed (the caller reports it).
    """
    name = FILES[style]
    found = _fontconfig(style)
    if found is not None and found.name == name:
        return found
    for folder in FOLDERS:
        candidate = Path(os.path.expanduser(folder)) / name
        if candidate.is_file():
            return candidate
    return found if found is not None else Path(FOLDERS[0]) / name


def _fontconfig(style: str) -> Path | None:
    # fc-match always answers with some font; only a DejaVu Sans TrueType file of the asked
    # style is taken.
    program = shutil.which("fc-match")
    if program is None:
        return None
    pattern = f"{FAMILY}:style={_FONTCONFIG_STYLE[style]}"
    try:
        done = subprocess.run(
            [program, "--format=%{family}\t%{file}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    families, _, file = done.stdout.partition("\t")
    if done.returncode != 0 or FAMILY not in families.split(","):
        return None
    path = Path(file.strip())
    return path if path.suffix.lower() == ".ttf" and path.is_file() else None


__all__ = ["FAMILY", "FILES", "FOLDERS", "font_file"]
