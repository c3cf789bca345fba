"""The board's flow over time as inline SVG: the cumulative-flow diagram, the throughput per
week, and the open cases' route map with counts and waiting times at each step.

Drawn here without Graphviz (the page polls every few seconds) from the one view model
(:class:`casework.app.flow_history.FlowHistoryView`). Every text goes through
:func:`html.escape`; the figures hold counts and step titles, never a case title. Each chart
carries a ``<title>`` and the page has the same figures as a table for screen readers and print.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casework.app.flow_history import FlowHistoryView, StepLoad

#: Band fills, bottom (done) to top (drafting); neighbours differ in lightness as well as hue,
#: so the bands stay apart in greyscale print.
BAND_FILL = {
    "done": "#2e7d3a",
    "executing": "#8fc79a",
    "decided": "#0b4fa8",
    "booked": "#9ec1ef",
    "secretariat": "#7a4fa8",
    "approvals": "#d9c5ef",
    "drafting": "#b36b00",
}
W, H, LEFT, BOTTOM, TOP, RIGHT = 720, 260, 44, 36, 12, 12


def _scale(top: int) -> int:
    """A round number at or above ``top`` for the y axis."""
    # Multiples of 4, so the four grid steps are whole numbers.
    for step in (4, 8, 12, 20, 40, 60, 100, 200, 400, 600, 1000, 2000, 4000, 10000):
        if top <= step:
            return step
    return ((top // 10000) + 1) * 10000


def cumulative_flow(view: FlowHistoryView, title: str) -> str:
    """Stacked bands of cases per phase at the end of each week (done at the bottom)."""
    weeks = view.weeks
    n = len(weeks)
    if n == 0:
        return ""
    totals = [sum(c for _, c in w.bands) for w in weeks]
    top = _scale(max(totals) or 1)
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h - plot_h * v / top

    parts = [_open(W, H + 24 * ((len(view.bands) + 3) // 4), title)]
    parts += _axes(top, plot_w, plot_h, [w.week[-3:] for w in weeks], x)
    below = [0] * n
    for band, _label in view.bands:
        above = [below[i] + weeks[i].count(band) for i in range(n)]
        points = [f"{x(i):.1f},{y(above[i]):.1f}" for i in range(n)]
        points += [f"{x(i):.1f},{y(below[i]):.1f}" for i in range(n - 1, -1, -1)]
        parts.append(
            f'<polygon class="band band-{band}" points="{" ".join(points)}" '
            f'fill="{BAND_FILL[band]}" stroke="#ffffff" stroke-width="0.5"/>'
        )
        below = above
    parts += _legend([(BAND_FILL[b], label) for b, label in view.bands], H)
    parts.append("</svg>")
    return "".join(parts)


def throughput(view: FlowHistoryView, title: str, opened: str, finished: str) -> str:
    """Cases opened and finished each week, side by side."""
    weeks = view.weeks
    n = len(weeks)
    if n == 0:
        return ""
    top = _scale(max([w.opened for w in weeks] + [w.finished for w in weeks]) or 1)
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    slot = plot_w / n
    bar = slot * 0.35

    def x(i: int) -> float:
        return LEFT + slot * (i + 0.5)

    def y(v: float) -> float:
        return TOP + plot_h - plot_h * v / top

    parts = [_open(W, H + 24, title)]
    parts += _axes(top, plot_w, plot_h, [w.week[-3:] for w in weeks], x)
    for i, w in enumerate(weeks):
        for shift, value, fill, cls in (
            (-bar, w.opened, "#9ec1ef", "opened"),
            (0.0, w.finished, "#2e7d3a", "finished"),
        ):
            parts.append(
                f'<rect class="bar {cls}" x="{x(i) + shift:.1f}" y="{y(value):.1f}" '
                f'width="{bar:.1f}" height="{y(0) - y(value):.1f}" fill="{fill}">'
                f"<title>{escape(w.week)}: {value}</title></rect>"
            )
    parts += _legend([("#9ec1ef", opened), ("#2e7d3a", finished)], H)
    parts.append("</svg>")
    return "".join(parts)


def route_map(
    title: str, steps: tuple[StepLoad, ...], wait_text: str, overdue_text: str, *, comma: bool
) -> str:
    """One workflow's steps in order, each with the open cases at it and their waiting time;
    the fuller a step, the darker its box; a step with overdue cases has a red border."""
    box_w, box_h, gap, per_row = 150, 84, 18, 5
    rows = (len(steps) + per_row - 1) // per_row
    width = per_row * box_w + (per_row - 1) * gap + 2
    height = rows * (box_h + gap) + 4
    most = max((s.count for s in steps), default=0) or 1
    parts = [_open(width, height, title)]
    for i, s in enumerate(steps):
        col, row = i % per_row, i // per_row
        x0, y0 = 1 + col * (box_w + gap), 2 + row * (box_h + gap)
        share = s.count / most
        fill = _mix("#ffffff", "#0b4fa8", 0.85 * share)
        ink = "#ffffff" if share > 0.55 else "#1f2937"
        stroke, sw = ("#b3261e", 3) if s.overdue else ("#6b7280", 1)
        if i + 1 < len(steps) and col + 1 < per_row:
            ax = x0 + box_w
            parts.append(
                f'<line x1="{ax}" y1="{y0 + box_h / 2}" x2="{ax + gap - 3}" y2="{y0 + box_h / 2}" '
                'stroke="#6b7280" stroke-width="1.5" marker-end="url(#arrow)"/>'
            )
        name = s.title if len(s.title) <= 20 else s.title[:19] + "…"
        median = s.median_wait
        wait = "" if median is None else wait_text.format(days=_num(median, comma=comma))
        late = overdue_text.format(count=s.overdue) if s.overdue else ""
        parts.append(
            f'<g class="step" data-step="{escape(s.step)}" data-count="{s.count}">'
            f"<title>{escape(s.title)}: {s.count}{(' · ' + escape(wait)) if wait else ''}"
            f"{(' · ' + escape(late)) if late else ''}</title>"
            f'<rect x="{x0}" y="{y0}" width="{box_w}" height="{box_h}" rx="6" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{sw}"/>'
            f'<text x="{x0 + 8}" y="{y0 + 18}" fill="{ink}" font-size="12">{escape(name)}</text>'
            f'<text x="{x0 + 8}" y="{y0 + 42}" fill="{ink}" font-size="20" '
            f'font-weight="bold">{s.count}</text>'
            f'<text x="{x0 + 8}" y="{y0 + 60}" fill="{ink}" font-size="11">{escape(wait)}</text>'
            + (
                f'<text x="{x0 + 8}" y="{y0 + 76}" fill="{ink}" font-size="11" '
                f'font-weight="bold">{escape(late)}</text>'
                if late
                else ""
            )
            + "</g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _open(width: float, height: float, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" class="chart" font-family="DejaVu Sans, Verdana, Arial, sans-serif">'
        f"<title>{escape(title)}</title>"
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#6b7280"/>'
        "</marker></defs>"
    )


def _axes(top: int, plot_w: float, plot_h: float, ticks: list[str], x: object) -> list[str]:
    parts = []
    for k in range(5):
        v = top * k / 4
        yy = TOP + plot_h - plot_h * k / 4
        parts.append(
            f'<line x1="{LEFT}" y1="{yy:.1f}" x2="{LEFT + plot_w}" y2="{yy:.1f}" '
            'stroke="#d1d5db" stroke-width="0.5"/>'
            f'<text x="{LEFT - 6}" y="{yy + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#374151">{_num(v)}</text>'
        )
    for i, tick in enumerate(ticks):
        xx = x(i)  # type: ignore[operator]
        parts.append(
            f'<text x="{xx:.1f}" y="{TOP + plot_h + 16:.1f}" text-anchor="middle" '
            f'font-size="11" fill="#374151">{escape(tick)}</text>'
        )
    return parts


def _legend(items: list[tuple[str, str]], y0: float) -> list[str]:
    parts = []
    for i, (fill, label) in enumerate(items):
        col, row = i % 4, i // 4
        xx, yy = LEFT + col * 170, y0 + 2 + row * 22
        parts.append(
            f'<rect x="{xx}" y="{yy}" width="14" height="14" fill="{fill}" stroke="#374151" '
            f'stroke-width="0.5"/><text x="{xx + 20}" y="{yy + 12}" font-size="12" '
            f'fill="#1f2937">{escape(label)}</text>'
        )
    return parts


def _mix(a: str, b: str, share: float) -> str:
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(p + (q - p) * share):02x}" for p, q in zip(ca, cb, strict=True))


def _num(value: float, *, comma: bool = True) -> str:
    if value == int(value):
        return str(int(value))
    text = f"{value:.1f}"
    return text.replace(".", ",") if comma else text
