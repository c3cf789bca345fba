"""The delegation shift: which body decides a set of cases under plan A, and which under plan B.

Drawn from the what-if matrix of ``casework delegation compare``
(:func:`casework.domain.delegation_compiled.what_if`): one column of deciding bodies for plan A
on the left, one for plan B on the right, and an arrow from each body under A to each body under
B with the number of cases on it and its width by that number. Arrows between the same body
(nothing changes) are thin and grey; arrows that move cases are blue and bold, so a revised plan's
effect is the coloured part of the picture. Each body says how many cases it decides under its
plan; problems of a plan (no rule matched, two rules overlap) are bodies of their own, in angle
brackets, as in the CLI's table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from casework.diagrams import palette
from casework.diagrams.dot import html, quote
from casework.diagrams.figure import (
    Figure,
    counted,
    graph_defaults,
    mermaid_label,
    number,
    title_label,
)
from casework.diagrams.texts import tr
from casework.domain.delegation_plan import ADMINISTRATION
from casework.domain.messages import register
from casework.domain.organisation import BodyKind, Municipality

register(
    {
        "diagram.shift.title": (
            "Hvem beslutter: {a} → {b}",
            "Who decides: {a} → {b}",
        ),
        "diagram.shift.subtitle": (
            "{cases} · {changed} skifter besluttende organ",
            "{cases} · {changed} change deciding body",
        ),
        "diagram.shift.plan_a": ("Plan A: {plan}", "Plan A: {plan}"),
        "diagram.shift.plan_b": ("Plan B: {plan}", "Plan B: {plan}"),
        "diagram.shift.administration": ("Forvaltningen", "The administration"),
        "diagram.shift.administration_short": ("Forv.", "Admin."),
        "diagram.shift.same": (
            "Grå: samme organ beslutter",
            "Grey: the same body decides",
        ),
        "diagram.shift.moved": (
            "Blå: sagerne skifter organ",
            "Blue: the cases change body",
        ),
        "diagram.shift.width": (
            "Stregens tykkelse: antal sager; → og ← siger hvor mange, til og fra hvem",
            "Line width: cases; → and ← say how many go where, and come from whom",
        ),
    }
)

_KINDS = (BodyKind.COUNCIL, BodyKind.FINANCE, BodyKind.STANDING, BodyKind.TASK)


@dataclass(frozen=True, slots=True)
class Shift:
    """What to draw: the two plans' titles and the matrix (decider A, decider B) → cases."""

    plan_a: str
    plan_b: str
    matrix: Mapping[tuple[str, str], int]


def shift_figure(shift: Shift, municipality: Municipality, lang: str = "da") -> Figure:
    """The shift as DOT and Mermaid, in ``lang``."""
    matrix = {k: n for k, n in shift.matrix.items() if n > 0}
    total = sum(matrix.values())
    changed = sum(n for (a, b), n in matrix.items() if a != b)
    title = tr("diagram.shift.title", lang, a=shift.plan_a, b=shift.plan_b)
    subtitle = (
        tr(
            "diagram.shift.subtitle",
            lang,
            cases=counted("case", total, lang),
            changed=number(changed, lang),
        ),
    )
    order = _order(municipality)
    froms = sorted({a for a, _ in matrix}, key=order)
    tos = sorted({b for _, b in matrix}, key=order)
    sums_a = {body: sum(n for (a, _), n in matrix.items() if a == body) for body in froms}
    sums_b = {body: sum(n for (_, b), n in matrix.items() if b == body) for body in tos}
    names = {body: _name(body, municipality, lang) for body in {*froms, *tos}}
    top = max(matrix.values(), default=1)
    dot = _dot(
        shift, matrix, froms, tos, sums_a, sums_b, names, top, title, subtitle, municipality, lang
    )
    mermaid = _mermaid(shift, matrix, froms, tos, sums_a, sums_b, names, top, title, lang)
    return Figure(id="delegation-shift", lang=lang, dot=dot, mermaid=mermaid)


def _order(municipality: Municipality) -> Callable[[str], tuple[int, str]]:
    # Council, finance, standing, task committees, then the administration, then problems.
    def key(body: str) -> tuple[int, str]:
        found = municipality.bodies.get(body)
        if found is not None:
            return _KINDS.index(found.kind), body
        return (len(_KINDS), body) if body == ADMINISTRATION else (len(_KINDS) + 1, body)

    return key


def _name(body: str, municipality: Municipality, lang: str) -> str:
    if body == ADMINISTRATION:
        return tr("diagram.shift.administration", lang)
    found = municipality.bodies.get(body)
    return f"{found.title(lang)} ({found.short})" if found is not None else body


def _dot(  # noqa: PLR0917 - one private drawing step with everything it draws
    shift: Shift,
    matrix: Mapping[tuple[str, str], int],
    froms: list[str],
    tos: list[str],
    sums_a: Mapping[str, int],
    sums_b: Mapping[str, int],
    names: Mapping[str, str],
    top: int,
    title: str,
    subtitle: tuple[str, ...],
    municipality: Municipality,
    lang: str,
) -> str:
    lines = ['digraph "delegation-shift" {', *graph_defaults("LR")]
    lines.append(f"  label={title_label(title, subtitle)};")
    # The counts are written in the bodies ("→ BPU 11"), not on the arrows: where many arrows
    # cross, dot would stack their labels on top of each other.
    lines.append('  graph [ranksep="2.4"];')
    # Each plan is one node, a table with a row (and a port) per body: the only way to keep
    # the bodies in their order, since dot reorders nodes within a rank to save crossings.
    for side, bodies, sums, key in (("a", froms, sums_a, "plan_a"), ("b", tos, sums_b, "plan_b")):
        plan = shift.plan_a if side == "a" else shift.plan_b
        heading = html(tr(f"diagram.shift.{key}", lang, plan=plan))
        rows = [f'<TR><TD BORDER="0" ALIGN="LEFT"><FONT POINT-SIZE="12">{heading}</FONT></TD></TR>']
        for index, body in enumerate(bodies):
            cases = html(counted("case", sums[body], lang))
            moves = "".join(
                f'<BR/><FONT COLOR="{palette.BLUE}">{html(line)}</FONT>'
                for line in _moves(matrix, body, side == "a", municipality, lang)
            )
            rows.append(
                f'<TR><TD PORT="p{index}" BGCOLOR="#E3EEF9" STYLE="rounded" CELLPADDING="6">'
                f"<B>{html(names[body])}</B><BR/>{cases}{moves}</TD></TR>"
            )
        table = (
            '<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="8" COLOR="#1F2328">'
            + "".join(rows)
            + "</TABLE>>"
        )
        lines.append(f"  plan_{side} [shape=plaintext, label={table}];")
    port_a = {body: f"plan_a:p{index}:e" for index, body in enumerate(froms)}
    port_b = {body: f"plan_b:p{index}:w" for index, body in enumerate(tos)}
    for (a, b), count in sorted(matrix.items(), key=lambda kv: (_index(froms, kv[0][0]), kv[0][1])):
        width = 1.0 + 9.0 * count / top
        same = a == b
        color = palette.GREY if same else palette.BLUE
        lines.append(
            f"  {port_a[a]} -> {port_b[b]} [penwidth={width:.2f},"
            f" color={quote(color)},"
            f" arrowsize=0.7{', style=bold' if not same else ''}];"
        )
    legend = "".join(
        f'<TR><TD ALIGN="LEFT"><FONT COLOR="{color}">{html(tr(key, lang))}</FONT></TD></TR>'
        for key, color in (
            ("diagram.shift.same", palette.MUTED),
            ("diagram.shift.moved", palette.BLUE),
            ("diagram.shift.width", palette.INK),
        )
    )
    lines.append(
        '  legend [shape=plaintext, label=<<TABLE BORDER="1" COLOR="#C5CBD3" CELLBORDER="0">'
        f'<TR><TD ALIGN="LEFT"><B>{html(tr("diagram.legend", lang))}</B></TD></TR>{legend}'
        "</TABLE>>];"
    )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _moves(
    matrix: Mapping[tuple[str, str], int],
    body: str,
    outgoing: bool,
    municipality: Municipality,
    lang: str,
) -> list[str]:
    # "→ BPU 11 · ØU 4" under plan A (where its cases go), "← KB 11" under plan B (where they
    # come from), three to a line, the largest first.
    pairs = [
        (other, n)
        for (a, b), n in matrix.items()
        if a != b and (a if outgoing else b) == body
        for other in ((b if outgoing else a),)
    ]
    pairs.sort(key=lambda p: (-p[1], p[0]))
    parts = [f"{_short(other, municipality, lang)} {number(n, lang)}" for other, n in pairs]
    arrow = "→" if outgoing else "←"
    return [f"{arrow} " + " · ".join(parts[i : i + 3]) for i in range(0, len(parts), 3)]


def _short(body: str, municipality: Municipality, lang: str) -> str:
    if body == ADMINISTRATION:
        return tr("diagram.shift.administration_short", lang)
    found = municipality.bodies.get(body)
    return found.short if found is not None else body


def _index(bodies: list[str], body: str) -> int:
    return bodies.index(body)


def _mermaid(  # noqa: PLR0917 - one private drawing step with everything it draws
    shift: Shift,
    matrix: Mapping[tuple[str, str], int],
    froms: list[str],
    tos: list[str],
    sums_a: Mapping[str, int],
    sums_b: Mapping[str, int],
    names: Mapping[str, str],
    top: int,
    title: str,
    lang: str,
) -> str:
    lines = ["flowchart LR", f"  %% {title}"]
    ids: dict[str, str] = {}
    for side, bodies, sums, key in (("a", froms, sums_a, "plan_a"), ("b", tos, sums_b, "plan_b")):
        plan = shift.plan_a if side == "a" else shift.plan_b
        lines.append(
            f"  subgraph plan_{side}[{mermaid_label(tr(f'diagram.shift.{key}', lang, plan=plan))}]"
        )
        lines.append("    direction TB")
        for index, body in enumerate(bodies):
            ident = ids[f"{side}:{body}"] = f"{side}{index:02d}"
            cases = counted("case", sums[body], lang)
            lines.append(f"    {ident}({mermaid_label(names[body] + chr(10) + cases)})")
        lines.append("  end")
    styles = []
    ordered = sorted(matrix.items(), key=lambda kv: (_index(froms, kv[0][0]), kv[0][1]))
    for index, ((a, b), count) in enumerate(ordered):
        width = 1.0 + 9.0 * count / top
        color = palette.GREY if a == b else palette.BLUE
        lines.append(f"  {ids['a:' + a]} -->|{mermaid_label(number(count, lang))}| {ids['b:' + b]}")
        styles.append(f"  linkStyle {index} stroke:{color},stroke-width:{width:.1f}px")
    return "\n".join([*lines, *styles]) + "\n"
