"""The pages of the training site, den virtuelle byrådssal (issue 20, item 4), as HTML text.

Static and offline: every link is relative and points to a file of the site, the style sheet is
a file beside the pages (no inline style, so the web app's content policy holds when it serves
them), and there is no script, web font or remote image. :func:`site_pages` takes what the
application service has prepared (the configuration, the role-play pack, the drawn figures'
file names) and returns each page's file name and text; :mod:`casework.app.training` writes them
with the figures to a folder or serves them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from casework.adapters.publish.babel_dates import format_date
from casework.adapters.publish.training_html import (
    CSS_FILE,
    answer_key,
    head,
    quiz_section,
    render_roleplay_html,
)
from casework.domain.configuration import Configuration
from casework.domain.facilitation import Kit
from casework.domain.messages import render
from casework.domain.task_committee import SECTOR_TITLES, Kommissorium
from casework.domain.training import RolePlay
from casework.domain.training_texts import GLOSSARY

#: The site's pages in navigation order: file name and title key.
PAGES = (
    ("index.html", "training.site.home"),
    ("organer.html", "training.site.bodies"),
    ("sagsgang.html", "training.site.routes"),
    ("moedeplan.html", "training.site.calendar"),
    ("rollespil.html", "training.site.roleplay"),
    ("quiz.html", "training.site.quiz"),
    ("droeftelser.html", "training.site.discussions"),
    ("ordliste.html", "training.site.glossary"),
)
#: The printable pack beside the pages.
PACK_PDF = "rollespil.pdf"


@dataclass(frozen=True, slots=True)
class Figure:
    """A drawn workflow: its file in the site, heading and alternative text."""

    workflow: str
    heading: str
    file: str
    alt: str


@dataclass(frozen=True, slots=True)
class SiteInput:
    """What the pages show, prepared by the application service."""

    config: Configuration
    pack: RolePlay
    figures: Sequence[Figure]
    year: int
    wheel: str | None  # the annual wheel's SVG file, when there is a calendar
    stairs: str | None  # the term's staircase's SVG file
    lang: str = "da"
    #: The task committees' kommissorier (``config/opgaveudvalg/``), by committee.
    kommissorier: Mapping[str, Kommissorium] = field(default_factory=dict)
    #: The facilitation kits for themed discussions (``config/facilitation.yaml``).
    kits: Sequence[Kit] = ()


def _t(key: str, lang: str, **params: object) -> str:
    return escape(render(key, lang, **params))


def _nav(current: str, lang: str) -> list[str]:
    links = []
    for file, key in PAGES:
        mark = ' aria-current="page"' if file == current else ""
        links.append(f'<a href="{file}"{mark}>{_t(key, lang)}</a>')
    label = escape(render("training.site.title", lang))
    return [f'<nav class="site" aria-label="{label}">', *links, "</nav>"]


def _page(file: str, title_key: str, data: SiteInput, body: list[str]) -> str:
    lang = data.lang
    site = render("training.site.title", lang)
    title = render(title_key, lang)
    parts = [
        *head(f"{title} – {site} – {data.config.municipality.name}", lang),
        "<body>",
        *_nav(file, lang),
        "<main>",
        f"<h1>{escape(title)}</h1>",
        *body,
        "</main>",
        f"<footer>{_t('training.site.footer', lang)}</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def site_pages(data: SiteInput) -> dict[str, str]:
    """Every page of the site (file name → HTML) and the style sheet."""
    pages = {
        "index.html": _page("index.html", "training.site.title", data, _home(data)),
        "organer.html": _page("organer.html", "training.site.bodies", data, _bodies(data)),
        "sagsgang.html": _page("sagsgang.html", "training.site.routes", data, _routes(data)),
        "moedeplan.html": _page("moedeplan.html", "training.site.calendar", data, _calendar(data)),
        "quiz.html": _page("quiz.html", "training.site.quiz", data, _quiz(data)),
        "droeftelser.html": _page(
            "droeftelser.html", "training.site.discussions", data, _discussions(data)
        ),
        "ordliste.html": _page("ordliste.html", "training.site.glossary", data, _glossary(data)),
    }
    nav = _nav("rollespil.html", data.lang)
    pdf_link = f'<p><a href="{PACK_PDF}">{_t("training.site.print", data.lang)}</a></p>'
    pages["rollespil.html"] = render_roleplay_html(data.pack, nav=[*nav, pdf_link])
    from casework.adapters.publish.training_html import CSS

    pages[CSS_FILE] = CSS.lstrip()
    return pages


def _home(data: SiteInput) -> list[str]:
    lang = data.lang
    name = data.config.municipality.name
    items = "".join(f'<li><a href="{file}">{_t(key, lang)}</a></li>' for file, key in PAGES[1:])
    return [f"<p>{_t('training.site.intro', lang, municipality=name)}</p>", f"<ul>{items}</ul>"]


def _bodies(data: SiteInput) -> list[str]:
    lang = data.lang
    parts = []
    for body in data.config.municipality.bodies.values():
        parts += [
            f'<section id="{escape(body.id)}">',
            f"<h2>{escape(body.title(lang))} ({escape(body.short)})</h2>",
            f"<p>{_t(f'training.site.kind.{body.kind.value}', lang)}</p>",
        ]
        if body.members:
            parts.append(f"<p>{_t('training.site.members', lang, count=body.members)}</p>")
        if body.policy_areas:
            areas = ", ".join(body.policy_areas)
            parts.append(f"<p>{_t('training.site.areas', lang, areas=areas)}</p>")
        if body.advisory:
            parts.append(f'<p class="note">{_t("training.site.advisory", lang)}</p>')
        found = data.kommissorier.get(body.id)
        if found is not None:
            parts += _kommissorium(found, data)
        parts.append("</section>")
    return parts


def _kommissorium(kommissorium: Kommissorium, data: SiteInput) -> list[str]:
    """A task committee's terms of reference: mandate, period, goals, members, its sprints."""
    lang = data.lang
    municipality = data.config.municipality
    target = municipality.bodies.get(kommissorium.reports_to)
    person = municipality.people.get(kommissorium.facilitator)
    start, end = (_day(d, lang) for d in (kommissorium.start, kommissorium.end))
    parts = [
        f"<h3>{_t('training.site.mandate', lang)}: {escape(kommissorium.title)}</h3>",
        f"<p>{escape(kommissorium.mandate)}</p>",
        f"<p>{_t('training.site.period', lang, start=start, end=end)} · "
        f"{escape(kommissorium.legal_basis)}</p>",
        f"<h4>{_t('training.site.goals', lang)}</h4>",
        "<ul>",
        *(f"<li>{escape(goal)}</li>" for goal in kommissorium.goals),
        "</ul>",
        "<p>"
        + _t("training.site.reports_to", lang, body=target.title(lang) if target else "?")
        + "</p>",
        "<p>" + _t("training.site.facilitator", lang, name=person.name if person else "?") + "</p>",
    ]
    if kommissorium.council_members:
        names = ", ".join(kommissorium.council_members)
        parts.append(f"<p>{_t('training.site.council_members', lang, names=names)}</p>")
    if kommissorium.partners:
        parts += [f"<h4>{_t('training.site.partners', lang)}</h4>", "<ul>"]
        for partner in kommissorium.partners:
            da, en = SECTOR_TITLES.get(partner.sector, (partner.sector, partner.sector))
            sector = en if lang == "en" else da
            who = f"{partner.name}, {partner.organisation} ({sector})"
            parts.append(f"<li>{escape(who)}</li>")
        parts.append("</ul>")
    if kommissorium.programme:
        hours = kommissorium.sprint_hours
        parts += [f"<p>{_t('training.site.sprints', lang, hours=hours)}</p>", "<ol>"]
        for block in kommissorium.programme:
            parts.append(f"<li>{block.minutes} min.: {escape(block.title)}</li>")
        parts.append("</ol>")
    return parts


def _routes(data: SiteInput) -> list[str]:
    lang = data.lang
    parts: list[str] = []
    current = None
    for figure in data.figures:
        if figure.workflow != current:
            current = figure.workflow
            definition = data.config.workflows.get(figure.workflow)
            title = figure.workflow
            if definition is not None:
                title = (
                    (definition.title_en or definition.title)
                    if lang == "en"
                    else (definition.title)
                )
            parts.append(f'<h2 id="{escape(figure.workflow)}">{escape(title)}</h2>')
        parts += [
            "<figure>",
            f"<h3>{escape(figure.heading)}</h3>",
            f'<img src="{escape(figure.file)}" alt="{escape(figure.alt)}">',
            "</figure>",
        ]
    return parts


def _calendar(data: SiteInput) -> list[str]:
    lang = data.lang
    parts: list[str] = []
    calendar = data.config.calendar
    if data.wheel is not None:
        alt = render("training.site.wheel", lang, year=data.year)
        parts += [
            f"<h2>{escape(alt)}</h2>",
            f'<figure><img src="{escape(data.wheel)}" alt="{escape(alt)}"></figure>',
        ]
    if calendar is not None:
        parts.append(f"<h2>{_t('training.site.meetings', lang, year=data.year)}</h2>")
        head_row = (
            f"<tr><th>{_t('training.site.col.body', lang)}</th>"
            f"<th>{_t('training.site.col.meetings', lang)}</th></tr>"
        )
        rows = []
        for body in data.config.municipality.bodies.values():
            days = [m.date for m in calendar.meetings.for_body(body.id) if m.date.year == data.year]
            if not days:
                continue
            text = ", ".join(_day(d, lang) for d in days)
            rows.append(f"<tr><td>{escape(body.title(lang))}</td><td>{escape(text)}</td></tr>")
        parts.append(f"<table><thead>{head_row}</thead><tbody>{''.join(rows)}</tbody></table>")
    if data.stairs is not None:
        alt = render("training.site.stairs", lang)
        parts += [
            f"<h2>{escape(alt)}</h2>",
            f'<figure><img src="{escape(data.stairs)}" alt="{escape(alt)}"></figure>',
        ]
    return parts


def _day(day: dt.date, lang: str) -> str:
    return format_date(day, lang, weekday=False)


def _quiz(data: SiteInput) -> list[str]:
    lang = data.lang
    return [*quiz_section(data.pack.quiz, lang, answers=True), *answer_key(data.pack.quiz, lang)]


def _discussions(data: SiteInput) -> list[str]:
    """The booklet's formats for a themed discussion, as the configuration's kits give them."""
    lang = data.lang
    if not data.kits:
        return [f"<p>{_t('training.site.no_kits', lang)}</p>"]
    parts = [f"<p>{_t('training.site.kits_intro', lang)}</p>"]
    for kit in data.kits:
        shown = kit.as_json(lang)
        parts += [
            f'<section id="{escape(kit.id)}">',
            f"<h2>{escape(shown['title'])}</h2>",
            f"<p>{escape(shown['purpose'])}</p>",
            f"<p>{_t('training.site.kit_minutes', lang, minutes=kit.duration)}</p>",
        ]
        if shown["programme"]:
            parts += [f"<h3>{_t('training.site.kit_programme', lang)}</h3>", "<ol>"]
            for item in shown["programme"]:
                text = f"{item['minutes']} min.: {item['title']}"
                if item["text"]:
                    text += f" – {item['text']}"
                parts.append(f"<li>{escape(text)}</li>")
            parts.append("</ol>")
        if shown["questions"]:
            parts += [f"<h3>{_t('training.site.kit_questions', lang)}</h3>", "<ol>"]
            for question in shown["questions"]:
                scale = question["scale"]
                rated = f" ({scale[0]}–{scale[1]})" if scale else ""
                parts.append(f"<li>{escape(question['text'] + rated)}</li>")
            parts.append("</ol>")
        if shown["process_plan"]:
            parts += [f"<h3>{_t('training.site.kit_plan', lang)}</h3>", "<ul>"]
            for phase in shown["process_plan"]:
                parts.append(f"<li>{escape(phase['when'])}: {escape(phase['title'])}</li>")
            parts.append("</ul>")
        if shown["materials"]:
            materials = ", ".join(shown["materials"])
            parts.append(f"<p>{_t('training.site.kit_materials', lang, materials=materials)}</p>")
        parts.append("</section>")
    return parts


def _glossary(data: SiteInput) -> list[str]:
    lang = data.lang
    rows = []
    entries = [(term, en if lang == "en" else da) for term, da, en in GLOSSARY]
    for body in data.config.municipality.bodies.values():
        entries.append((f"{body.short}", body.title(lang)))
    for term, meaning in sorted(entries, key=lambda e: e[0].casefold()):
        rows.append(f"<tr><td>{escape(term)}</td><td>{escape(meaning)}</td></tr>")
    head_row = (
        f"<tr><th>{_t('training.site.col.term', lang)}</th>"
        f"<th>{_t('training.site.col.meaning', lang)}</th></tr>"
    )
    return [f"<table><thead>{head_row}</thead><tbody>{''.join(rows)}</tbody></table>"]


__all__ = ["PACK_PDF", "PAGES", "Figure", "SiteInput", "site_pages"]
