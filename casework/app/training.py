"""Training material as use cases (issue 20, items 3 and 4): the role-play meeting and the
virtual council chamber.

:func:`roleplay` draws the pack (:func:`casework.domain.training.build_roleplay`) from the
configuration for the council's first meeting on or after a day; :func:`render_roleplay` makes it
HTML or PDF. :func:`site` builds den virtuelle byrådssal: every page, the pack's PDF, the
workflows drawn (the training diagrams), the annual wheel and the term's staircase, as file name
→ bytes; :func:`write_site` writes them to a folder, and the web app serves the same files under
``/byraadssal/``. The CLI (``casework training``) and the web route only present these.

Nothing here reads the case store: the pack's cases are invented from the delegation plan, so
no real case (and no closed one) can reach the material.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from casework.domain import training_texts as _texts  # noqa: F401 - registers the messages
from casework.domain.errors import CaseworkError
from casework.domain.messages import register

if TYPE_CHECKING:
    from collections.abc import Mapping

    from casework.domain.configuration import Configuration
    from casework.domain.facilitation import Kit
    from casework.domain.task_committee import Kommissorium
    from casework.domain.training import RolePlay

#: The formats of the role-play pack.
FORMATS = ("html", "pdf")

register(
    {
        "training.error.format": (
            "Ukendt format {format}: rollespillet skrives som html eller pdf",
            "Unknown format {format}: the role play is written as html or pdf",
        ),
    }
)


class UnknownTrainingFormat(CaseworkError):
    """The pack was asked for in a format other than html or pdf."""

    code = "CW942"
    key = "training.error.format"


class OutIsFile(CaseworkError):
    """The site's ``--out`` names an existing file, not a folder."""

    code = "CW943"
    key = "training.error.not_dir"


def roleplay(config: Configuration, day: dt.date, seed: int, lang: str = "da") -> RolePlay:
    """The role-play pack drawn with ``seed`` for the council's first meeting from ``day``."""
    from casework.domain.training import build_roleplay

    return build_roleplay(config, day, seed, lang)


def render_roleplay(pack: RolePlay, kind: str) -> bytes:
    """The pack as ``html`` or ``pdf`` bytes. Raises UnknownTrainingFormat (CW942)."""
    if kind == "html":
        from casework.adapters.publish.training_html import CSS, render_roleplay_html

        # The stand-alone page carries its style sheet inline: one file to print or mail.
        text = render_roleplay_html(pack)
        link = '<link rel="stylesheet" href="training.css">'
        return text.replace(link, f"<style>{CSS}</style>", 1).encode("utf-8")
    if kind == "pdf":
        from casework.adapters.publish.training_pdf import render_roleplay_pdf

        return render_roleplay_pdf(pack)
    raise UnknownTrainingFormat(format=kind)


def site(config: Configuration, day: dt.date, seed: int = 1, lang: str = "da") -> dict[str, bytes]:
    """Den virtuelle byrådssal: file name (relative, ``/`` separated) → content."""
    from casework.adapters.publish.training_pdf import render_roleplay_pdf
    from casework.adapters.publish.training_site import PACK_PDF, Figure, SiteInput, site_pages
    from casework.diagrams.dot import to_dot
    from casework.diagrams.extract import route_text
    from casework.diagrams.paper import PAPERS
    from casework.diagrams.render import render
    from casework.diagrams.stairs import stairs
    from casework.diagrams.training import training_entries
    from casework.diagrams.wheel import to_svg, wheel

    pack = roleplay(config, day, seed, lang)
    files: dict[str, bytes] = {}
    figures = []
    # The delegation plan's routes that day, as `casework diagram training` draws them.
    for entry in training_entries(config, lang, day):
        name = f"diagrammer/{entry.file}"
        files[name] = render(to_dot(entry.diagram), "svg")
        route = route_text(entry.route, config.municipality, lang)
        heading = f"{entry.title}: {route}" if entry.title else route
        alt = f"{entry.diagram.title} – {route}"
        figures.append(Figure(entry.workflow, heading, name, alt))
    year = pack.date.year
    calendar = config.calendar
    wheel_file = stairs_file = None
    if calendar is not None:
        drawn = wheel(
            year, calendar.meetings, config.municipality, calendar.breaks, day, lang, PAPERS["a4"]
        )
        wheel_file = f"aarshjul-{year}.svg"
        files[wheel_file] = to_svg(drawn).encode("utf-8")
        if calendar.term:
            stairs_file = "forandringstrappe.svg"
            steps = stairs(calendar.term, config.municipality.name, lang, PAPERS["a4"])
            files[stairs_file] = to_svg(steps).encode("utf-8")
    data = SiteInput(
        config,
        pack,
        figures,
        year,
        wheel_file,
        stairs_file,
        lang,
        _kommissorier(config),
        _kits(config),
    )
    for name, text in site_pages(data).items():
        files[name] = text.encode("utf-8")
    files[PACK_PDF] = render_roleplay_pdf(pack)
    return dict(sorted(files.items()))


def _kommissorier(config: Configuration) -> Mapping[str, Kommissorium]:
    """The task committees' kommissorier of the configuration's folder (none when it has no
    ``opgaveudvalg/`` or they do not load: ``casework config check`` reports that)."""
    from casework.adapters.config.task_committee_loader import load_kommissorier
    from casework.domain.errors import DefinitionError

    if config.directory is None:
        return {}
    try:
        return load_kommissorier(config.directory, config.municipality)
    except DefinitionError:
        return {}


def _kits(config: Configuration) -> tuple[Kit, ...]:
    """The facilitation kits of ``facilitation.yaml`` (none when absent or not loading)."""
    from casework.adapters.config.facilitation_loader import load_facilitation
    from casework.domain.errors import DefinitionError

    if config.directory is None:
        return ()
    try:
        found = load_facilitation(config.directory, config.municipality)
    except DefinitionError:
        return ()
    return tuple(found.kits.values())


def write_site(files: dict[str, bytes], out: Path) -> Path:
    """Write the site's files under ``out`` (made if missing); the folder written to.

    Raises OutIsFile (CW943) when ``out`` is a file; the file system's own refusals reach the
    caller as OSError naming the path (the CLI's CW320).
    """
    if out.exists() and not out.is_dir():
        raise OutIsFile(path=str(out))
    out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return out


__all__ = [
    "FORMATS",
    "OutIsFile",
    "UnknownTrainingFormat",
    "render_roleplay",
    "roleplay",
    "site",
    "write_site",
]
