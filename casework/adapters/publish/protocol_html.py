"""A beslutningsprotokol as one self-contained HTML page (Jinja2, autoescaping on).

Laid out as Danish municipalities publish their minutes: the meeting's head with who was absent
(fraværende, with the substitute), then per item its number and heading, the case's
indstilling, and "Beslutning i <udvalg> den <dato>" with the decision, the vote ("For stemte",
"Imod stemte", "Undlod at stemme"), minority statements (mindretalsudtalelser) and protocol
entries (protokoltilførsler). A closed item of the public version is its number and public
heading ("Lukket punkt: Ejendomssag") and nothing else.

The template receives a :class:`~casework.domain.protocol.PublishedProtocol` only: what the
public version holds was decided in the domain. Output is deterministic (no timestamps), so it
is compared with golden files. Danish by default; ``lang="en"`` gives English headings (the
recorded texts stay as recorded).
"""

from __future__ import annotations

import functools

import jinja2

from casework.adapters.publish.babel_dates import format_date, format_meeting
from casework.domain.agenda import Visibility
from casework.domain.protocol import PublishedProtocol

_TEMPLATE = """\
<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<title>{{ L.title }} – {{ p.body_name }} – {{ when }}</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 50em; margin: 2em auto; }
h2 { border-top: 1px solid #999; padding-top: .5em; }
.meta { color: #555; }
.decision { border-left: 3px solid #2a5; padding-left: .8em; }
.decision p { white-space: pre-line; }
.votes { list-style: none; padding-left: 0; }
</style>
</head>
<body>
<header>
<p class="meta">{{ p.municipality }}</p>
<h1>{{ L.title }} – {{ p.body_name }}</h1>
<p>{{ L.date }}: {{ when }}</p>
<p class="meta">{{ version_text }}</p>
{% if p.absent %}
<p>{{ L.absent }}: {{ p.absent|join('; ') }}</p>
{% endif %}
{% if p.approved_on %}
<p class="meta">{{ L.approved }} {{ day(p.approved_on) }}.</p>
{% endif %}
{% if p.published_on %}
<p class="meta">{{ L.published }} {{ day(p.published_on) }}.</p>
{% endif %}
</header>
<section>
<h2>{{ L.contents }}</h2>
<ol class="toc">
{% for item in p.items %}
<li value="{{ item.number }}">{{ item.heading }}</li>
{% endfor %}
</ol>
</section>
{% for item in p.items %}
<article id="punkt-{{ item.number }}"{% if item.closed %} class="closed-item"{% endif %}>
<h2>{{ item.number }}. {{ item.heading }}</h2>
{% if item.case_number %}
<p class="meta">{{ L.case_number }}: {{ item.case_number }}</p>
{% endif %}
{% for note in item.notes %}
<p class="meta">{{ note }}</p>
{% endfor %}
{% if item.indstilling %}
<h3>{{ L.indstilling }}</h3>
<p>{{ L.recommends }}</p>
<ol class="clauses">
{% for clause in item.indstilling %}
<li>{{ clause }}</li>
{% endfor %}
</ol>
{% endif %}
{% if item.files %}
<h3>{{ L.bilag }}</h3>
<ul class="bilag">
{% for file in item.files %}
<li><a href="{{ file.href }}">{{ file.text }}</a></li>
{% endfor %}
</ul>
{% endif %}
{% if item.outcome %}
<section class="decision">
<h3>{{ L.decision_in }} {{ p.body_name }} {{ L.on }} {{ day(p.date) }}</h3>
<p><strong>{{ item.outcome_text }}</strong></p>
{% if item.decision_text %}
<p>{{ item.decision_text }}</p>
{% endif %}
{% if item.votes %}
<ul class="votes">
{% for line in item.votes %}
<li>{{ line }}</li>
{% endfor %}
</ul>
{% endif %}
{% for text in item.minority %}
<p><em>{{ L.minority }}:</em> {{ text }}</p>
{% endfor %}
{% for text in item.entries %}
<p><em>{{ L.entry }}:</em> {{ text }}</p>
{% endfor %}
</section>
{% endif %}
</article>
{% endfor %}
</body>
</html>
"""

#: The protocol's own headings; the recorded texts (decisions, votes) are shown as recorded.
LABELS: dict[str, dict[str, str]] = {
    "da": {
        "title": "Beslutningsprotokol",
        "date": "Mødedato",
        "absent": "Fraværende",
        "approved": "Protokollen er godkendt",
        "published": "Protokollen er offentliggjort",
        "contents": "Indhold",
        "case_number": "Sagsnr.",
        "indstilling": "Indstilling",
        "recommends": "Forvaltningen indstillede,",
        "bilag": "Bilag",
        "decision_in": "Beslutning i",
        "on": "den",
        "minority": "Mindretalsudtalelse",
        "entry": "Protokoltilførsel",
        "public": "Offentlig udgave: lukkede punkter vises kun med nummer og overskrift.",
        "full": "Fuld udgave – indeholder fortrolige oplysninger fra lukkede punkter.",
    },
    "en": {
        "title": "Minutes",
        "date": "Meeting",
        "absent": "Absent",
        "approved": "The minutes were approved on",
        "published": "The minutes were published on",
        "contents": "Contents",
        "case_number": "Case no.",
        "indstilling": "Recommendation",
        "recommends": "The administration recommended",
        "bilag": "Attachments",
        "decision_in": "Decision of",
        "on": "on",
        "minority": "Minority statement",
        "entry": "Entry in the minutes",
        "public": "Public version: closed items show their number and heading only.",
        "full": "Full version – holds confidential content of closed items.",
    },
}


def labels(lang: str) -> dict[str, str]:
    """The headings in ``lang`` (Danish unless English is asked for)."""
    return LABELS["en" if lang == "en" else "da"]


@functools.cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        autoescape=True,  # every value comes from case officers' and secretaries' text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.from_string(_TEMPLATE)


def render_protocol_html(protocol: PublishedProtocol, *, lang: str = "da") -> str:
    """The protocol version (:class:`~casework.domain.protocol.PublishedProtocol`) as HTML."""
    lang = "en" if lang == "en" else "da"
    words = labels(lang)
    return _template().render(
        p=protocol,
        lang=lang,
        L=words,
        when=format_meeting(protocol.date, protocol.time, lang),
        day=functools.partial(format_date, lang=lang, weekday=False),
        version_text=words["public" if protocol.visibility is Visibility.PUBLIC else "full"],
    )
