"""An agenda version as one self-contained HTML page (Jinja2, autoescaping on).

The template receives a :class:`~casework.domain.agenda.PublishedAgenda` only: what the public
version holds is decided in the domain, and autoescaping keeps a case officer's ``<`` or ``&``
from becoming markup. Output is deterministic (no timestamps), so it can be compared with golden
files.
"""

from __future__ import annotations

import functools

import jinja2

from casework.domain.agenda import LATE_TEXT, PublishedAgenda, Visibility

_TEMPLATE = """\
<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<title>{{ agenda.title }}</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 50em; margin: 2em auto; }
h2 { border-top: 1px solid #999; padding-top: .5em; }
.late { color: #a00; font-weight: bold; }
.meta { color: #555; }
.warning { background: #fee; padding: .5em; }
</style>
</head>
<body>
<header>
<p class="meta">{{ agenda.municipality }}</p>
<h1>Dagsorden – {{ agenda.body_name }}</h1>
<p>{{ when }}</p>
<p class="meta">{{ version_text }}</p>
{% if agenda.sent_on %}<p class="meta">Udsendt {{ agenda.sent_on.isoformat() }}.</p>{% endif %}
{% if agenda.notice %}<p class="late">{{ agenda.notice }}</p>{% endif %}
</header>
{% if agenda.warnings %}
<section class="warning">
<h2>Advarsler til sekretariatet</h2>
<ul>{% for warning in agenda.warnings %}<li>{{ warning }}</li>{% endfor %}</ul>
</section>
{% endif %}
<section>
<h2>Indhold</h2>
<ol class="toc">
{% for item in agenda.items %}<li value="{{ item.number }}">{{ item.heading }}</li>
{% endfor %}</ol>
</section>
{% for item in agenda.items %}
<article id="punkt-{{ item.number }}">
<h2>{{ item.number }}. {{ item.heading }}</h2>
{% if item.late %}<p class="late">{{ late_text }}</p>{% endif %}
{% for note in item.notes %}<p class="late">{{ note }}</p>{% endfor %}
{% if item.case_number %}<p class="meta">Sagsnr.: {{ item.case_number }}{% if item.kle %} · \
KLE: {{ item.kle }}{% endif %}</p>{% endif %}
{% if item.resume %}<h3>Resumé</h3><p>{{ item.resume }}</p>{% endif %}
{% if item.sagsfremstilling %}<h3>Sagsfremstilling</h3><p>{{ item.sagsfremstilling }}</p>{% endif %}
{% if item.oekonomi %}<h3>Økonomi</h3><p>{{ item.oekonomi }}</p>{% endif %}
{% if item.indstilling %}<h3>Indstilling</h3>
<p>Forvaltningen indstiller,</p>
<ol class="clauses">{% for clause in item.indstilling %}<li>{{ clause }}</li>{% endfor %}\
</ol>{% endif %}
{% if item.decisions %}<h3>Tidligere beslutninger</h3>
<ul>{% for decision in item.decisions %}<li>{{ decision }}</li>{% endfor %}</ul>{% endif %}
{% if item.bilag or item.files %}<h3>Bilag</h3>
<ul class="bilag">{% for file in item.files %}\
<li><a href="{{ file.href }}">{{ file.text }}</a></li>{% endfor %}\
{% for name in item.bilag %}<li>{{ name }}</li>{% endfor %}</ul>{% endif %}
{% if item.facilitation %}<h3>Drøftelsens forløb</h3>
<ul class="facilitation">{% for line in item.facilitation %}<li>{{ line }}</li>{% endfor %}\
</ul>{% endif %}
</article>
{% endfor %}
</body>
</html>
"""

_VERSIONS = {
    Visibility.PUBLIC: "Offentlig dagsorden: lukkede punkter vises kun med overskrift.",
    Visibility.FULL: "Fuld dagsorden til medlemmerne – indeholder fortrolige oplysninger.",
}


@functools.cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        autoescape=True,  # every value comes from case officers' text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.from_string(_TEMPLATE)


def render_html(agenda: PublishedAgenda, *, when: str | None = None) -> str:
    """The agenda version as HTML; ``when`` overrides the Danish meeting time text (e.g. one
    formatted by Babel)."""
    return _template().render(
        agenda=agenda,
        when=when or agenda.when,
        late_text=LATE_TEXT,
        version_text=_VERSIONS[agenda.visibility],
    )
