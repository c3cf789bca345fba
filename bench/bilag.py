"""Figures for bilag on agendas: a 40-item agenda whose cases carry 120 bilag, rendered.

Prints measurements, asserts nothing: it is not a test and not a CI gate. Target (issue 14):
rendering an agenda of 40 items with their presentations and 120 bilag links in at most 2 s
(HTML and PDF). One run

1. seeds the agenda benchmark's cases (``bench/agenda.py``: 40 at TMU's meeting on
   13 April 2026 with a page of texts each, every fifth closed, plus 200 elsewhere);
2. attaches three bilag to each of the 40 through ``App.bilag.attach`` (two open PDFs and one
   closed DOCX: 120 bilag, 80 of them open), stored in memory;
3. assembles the agenda (reading each case's history for its open bilag), best and median of
   ``--rounds``;
4. renders the public and the full version to HTML and PDF, best and median, and counts the
   bilag links in the public HTML.

Run from the repository root::

    .venv/bin/python bench/bilag.py [--items 40] [--others 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import platform
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

from agenda import MEETING, report, seed, timed  # noqa: E402
from bilag_files import docx, pdf  # noqa: E402

from casework.adapters.config.full import load_full_configuration  # noqa: E402
from casework.adapters.publish.html import render_html  # noqa: E402
from casework.adapters.publish.pdf import render_pdf  # noqa: E402
from casework.app import App  # noqa: E402
from casework.app.bilag import AttachBilag  # noqa: E402
from casework.domain.agenda import Visibility  # noqa: E402
from casework.services.agendas import assemble_agenda  # noqa: E402
from casework.services.ports import CaseQuery, UnitOfWork  # noqa: E402
from casework.testing import FixedClock, InMemoryUnitOfWork  # noqa: E402


def attach(services: App, case_ids: Sequence[str]) -> int:
    count = 0
    for case_id in case_ids:
        for n, (name, content, closed) in enumerate(
            (("Skitseprojekt.pdf", pdf(f"Skitse {case_id}"), False),
             ("Trafiktaelling.pdf", pdf(f"Tælling {case_id}"), False),
             ("Notat.docx", docx(f"Notat {case_id}"), True)),
            1,
        ):  # fmt: skip
            services.bilag.attach(AttachBilag(
                case_id=case_id, actor="mette", filename=name, content=content,
                title=f"{name.rsplit('.', 1)[0]} ({n})", closed=closed,
                reason="udbud" if closed else None,
            ))  # fmt: skip
            count += 1
    return count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--others", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"Python {platform.python_version()} on {platform.machine()}")
    config = load_full_configuration(ROOT / "config")
    uow = InMemoryUnitOfWork()
    clock = FixedClock()
    factory = cast("Callable[[], UnitOfWork]", lambda: uow)
    services = App(config=config, uow_factory=factory, clock=clock)
    seed(services, clock, args.items, args.others)
    waiting = [c.id for c in services.cases(CaseQuery(limit=10_000)) if "tmu" in c.step]
    attached = attach(services, waiting[: args.items])

    agenda, assembly = timed(
        lambda: assemble_agenda(services.uow_factory, config, "tmu", MEETING), args.rounds
    )
    cases = sum(1 for item in agenda.items if item.content is not None)
    print(f"agenda TMU {MEETING}: {len(agenda.items)} items ({cases} cases), {attached} bilag")
    report("assemble (service)", assembly, 2000)
    for visibility in (Visibility.PUBLIC, Visibility.FULL):
        published = agenda.publish(visibility)
        html, html_times = timed(lambda p=published: render_html(p), args.rounds)  # type: ignore[misc]
        pdf_bytes, pdf_times = timed(lambda p=published: render_pdf(p), args.rounds)  # type: ignore[misc]
        both = [h + p for h, p in zip(html_times, pdf_times, strict=True)]
        report(f"render HTML ({visibility.value})", html_times, 2000)
        report(f"render PDF ({visibility.value})", pdf_times, 2000)
        report(f"render HTML + PDF ({visibility.value})", both, 2000)
        links = html.count('href="/sager/')
        print(f"  {visibility.value}: {links} bilag links in the HTML, "
              f"HTML {len(html) / 1024:.0f} KiB, PDF {len(pdf_bytes) / 1024:.0f} KiB")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
