"""The role-play pack (:class:`~casework.domain.training.RolePlay`) as a printable HTML page, and
the quiz as its own page with the answers folded away.

Plain text escaped for HTML (every text of the pack goes through :func:`html.escape`); no
script, no web font, no network. The style sheet is a file beside the page (``training.css``,
:data:`CSS`) rather than inline, so the page keeps to the web app's content policy
(``style-src 'self'``) when the training site is served from it. A closed item shows its public
heading only: the pack never holds more of it to print.
"""

from __future__ import annotations

from html import escape

from casework.adapters.publish.babel_dates import format_meeting
from casework.domain.messages import render
from casework.domain.training import QuizQuestion, RolePlay

#: The style sheet the pages link to (written beside them).
CSS_FILE = "training.css"


def _t(key: str, lang: str, **params: object) -> str:
    return escape(render(key, lang, **params))


def head(title: str, lang: str, css: str = CSS_FILE) -> list[str]:
    """The page's head: charset, title and the style sheet beside it."""
    return [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f'<link rel="stylesheet" href="{escape(css)}">',
        "</head>",
    ]


def render_roleplay_html(
    pack: RolePlay, *, nav: list[str] | None = None, css: str = CSS_FILE
) -> str:
    """The whole pack as one HTML page: agenda, presentations, role cards, manuscript, quiz and
    answer key. ``nav`` is the training site's navigation (none for the stand-alone pack)."""
    lang = pack.lang
    title = pack.title()
    when = format_meeting(pack.date, pack.time, lang)
    sections = [
        ("agenda", "training.agenda"),
        ("sager", "training.presentations"),
        ("roller", "training.roles"),
        ("drejebog", "training.manuscript"),
        ("quiz", "training.quiz"),
        ("facit", "training.answers"),
        ("arbejdsgange", "training.workflows"),
    ]
    parts = [*head(f"{title} – {pack.municipality}", lang, css), "<body>", *(nav or [])]
    parts += [
        "<main>",
        f'<p class="fictive">{_t("training.pack.fictive", lang)}</p>',
        f"<h1>{escape(title)}</h1>",
        f"<p>{escape(pack.municipality)} · {_t('training.pack.when', lang, when=when)}</p>",
        f"<p>{_t('training.pack.intro', lang, municipality=pack.municipality, seed=pack.seed)}</p>",
        f'<nav class="toc"><h2>{_t("training.pack.contents", lang)}</h2><ol>',
        *(f'<li><a href="#{a}">{_t(k, lang)}</a></li>' for a, k in sections),
        "</ol></nav>",
    ]
    parts += _agenda(pack)
    parts += _presentations(pack)
    parts += _roles(pack)
    parts += _manuscript(pack)
    parts += quiz_section(pack.quiz, lang, answers=False)
    parts += answer_key(pack.quiz, lang)
    parts += _workflows(pack)
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _agenda(pack: RolePlay) -> list[str]:
    lang = pack.lang
    rows = []
    for item in pack.items:
        mark = ' class="closed"' if item.closed else ""
        rows.append(f"<li{mark}>{escape(item.heading)}</li>")
    return [
        '<section id="agenda">',
        f"<h2>{_t('training.agenda', lang)} – {escape(pack.body_name)}</h2>",
        '<ol class="agenda">',
        *rows,
        "</ol>",
        "</section>",
    ]


def _presentations(pack: RolePlay) -> list[str]:
    lang = pack.lang
    parts = ['<section id="sager">', f"<h2>{_t('training.presentations', lang)}</h2>"]
    for item in pack.items:
        if item.case is None:
            continue
        parts.append(f'<article class="item"><h3>{item.number}. {escape(item.heading)}</h3>')
        if item.closed:
            parts.append(f'<p class="note">{_t("training.closed_note", lang)}</p></article>')
            continue
        parts.append('<ul class="facts">')
        parts += [f"<li>{escape(fact)}</li>" for fact in item.facts]
        parts.append("</ul>")
        if item.presenter:
            parts.append(f"<p>{_t('training.presenter', lang, who=item.presenter)}</p>")
        parts.append(f"<h4>{_t('training.sagsfremstilling', lang)}</h4>")
        parts += [f"<p>{escape(text)}</p>" for text in item.presentation]
        parts.append(f"<h4>{_t('training.indstilling', lang)}</h4>")
        parts.append(f"<p>{_t('training.recommends', lang)}</p><ul>")
        parts += [f"<li>{escape(clause)}</li>" for clause in item.indstilling]
        parts.append("</ul></article>")
    parts.append("</section>")
    return parts


def _roles(pack: RolePlay) -> list[str]:
    lang = pack.lang
    parts = [
        '<section id="roller">',
        f"<h2>{_t('training.roles', lang)}</h2>",
        '<div class="cards">',
    ]
    for role in pack.roles:
        parts += [
            f'<div class="card" id="rolle-{escape(role.id)}">',
            f"<h3>{escape(role.title)}</h3>",
            f'<p class="player">{escape(role.player)}</p>',
            f"<p>{escape(role.brief)}</p>",
            "</div>",
        ]
    parts += ["</div>", "</section>"]
    return parts


def _manuscript(pack: RolePlay) -> list[str]:
    lang = pack.lang
    titles = {r.id: r.title for r in pack.roles}
    parts = ['<section id="drejebog">', f"<h2>{_t('training.manuscript', lang)}</h2>"]
    section = None
    for line in pack.manuscript:
        if line.section != section:
            if section is not None:
                parts.append("</dl>")
            section = line.section
            parts += [f"<h3>{escape(section)}</h3>", '<dl class="lines">']
        parts.append(
            f"<dt>{escape(titles.get(line.role, line.role))}</dt><dd>{escape(line.text)}</dd>"
        )
    if section is not None:
        parts.append("</dl>")
    parts.append("</section>")
    return parts


def _workflows(pack: RolePlay) -> list[str]:
    lang = pack.lang
    parts = [
        '<section id="arbejdsgange">',
        f"<h2>{_t('training.workflows', lang)}</h2>",
        f"<p>{_t('training.workflows.intro', lang)}</p>",
        "<ul>",
    ]
    for workflow in pack.workflows:
        steps = render("training.workflows.steps", lang, count=workflow.steps)
        parts.append(
            f"<li><b>{escape(workflow.title)}</b> ({escape(steps)}): {escape(workflow.matters)}"
            "</li>"
        )
    parts += ["</ul>", "</section>"]
    return parts


def quiz_section(quiz: tuple[QuizQuestion, ...], lang: str, *, answers: bool) -> list[str]:
    """The quiz's questions; with ``answers`` each carries its answer folded (``<details>``)."""
    parts = ['<section id="quiz">', f"<h2>{_t('training.quiz', lang)}</h2>", '<ol class="quiz">']
    for question in quiz:
        options = "".join(
            f"<li>{'ABCDEFGH'[i]}. {escape(option)}</li>"
            for i, option in enumerate(question.options)
        )
        parts.append(f'<li><p>{escape(question.question)}</p><ul class="options">{options}</ul>')
        if answers:
            parts.append(
                f"<details><summary>{_t('training.site.show_answer', lang)}</summary>"
                f"<p><b>{question.letter}. {escape(question.options[question.answer])}</b></p>"
                f"<p>{escape(question.why)}</p></details>"
            )
        parts.append("</li>")
    parts += ["</ol>", "</section>"]
    return parts


def answer_key(quiz: tuple[QuizQuestion, ...], lang: str) -> list[str]:
    """The answer key: each question's letter, answer and where it comes from."""
    parts = [
        '<section id="facit" class="answers">',
        f"<h2>{_t('training.answers', lang)}</h2>",
        "<ol>",
    ]
    for question in quiz:
        parts.append(
            f"<li><b>{question.letter}. {escape(question.options[question.answer])}</b> – "
            f"{escape(question.why)}</li>"
        )
    parts += ["</ol>", "</section>"]
    return parts


#: The pages' style sheet: readable on screen, and the pack prints one part per page.
CSS = """
@page { size: A4; margin: 15mm; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1F2328;
       max-width: 60rem; margin: 0 auto; padding: 1rem; line-height: 1.45; }
h1 { font-size: 1.8rem; margin: 0.3rem 0; }
h2 { font-size: 1.35rem; border-bottom: 2px solid #0072B2; padding-bottom: 0.2rem; }
h3 { font-size: 1.1rem; margin: 1rem 0 0.3rem; }
h4 { font-size: 1rem; margin: 0.6rem 0 0.2rem; }
a { color: #0060A0; }
nav.site { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; padding: 0.5rem 0;
           border-bottom: 1px solid #C5CBD3; margin-bottom: 1rem; }
nav.site a[aria-current] { font-weight: bold; color: #1F2328; text-decoration: none; }
.fictive { display: inline-block; background: #FFF3C4; border: 1px solid #E0B000;
           padding: 0.1rem 0.5rem; font-size: 0.85rem; }
ol.agenda li.closed { font-style: italic; }
article.item { border-left: 4px solid #0072B2; padding-left: 0.8rem; margin-bottom: 1rem;
               break-inside: avoid; }
ul.facts { color: #57606A; font-size: 0.9rem; padding-left: 1rem; }
.note { color: #57606A; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
         gap: 0.8rem; }
.card { border: 1px solid #C5CBD3; border-radius: 4px; padding: 0.6rem; break-inside: avoid; }
.card .player { color: #57606A; font-size: 0.9rem; }
dl.lines dt { font-weight: bold; margin-top: 0.4rem; }
dl.lines dd { margin-left: 1.2rem; }
ol.quiz > li { margin-bottom: 0.8rem; break-inside: avoid; }
ul.options { list-style: none; padding-left: 0.5rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #C5CBD3; padding: 0.3rem 0.45rem; text-align: left;
         vertical-align: top; }
th { background: #DCE2E9; }
figure { margin: 0 0 1.2rem; }
figure img { max-width: 100%; height: auto; border: 1px solid #C5CBD3; }
footer { margin-top: 2rem; color: #57606A; font-size: 0.8rem; }
#roller, #drejebog, #quiz, #facit { break-before: page; }
@media print { nav.site, nav.toc { display: none; } body { max-width: none; padding: 0; } }
"""

__all__ = ["CSS", "CSS_FILE", "answer_key", "head", "quiz_section", "render_roleplay_html"]
