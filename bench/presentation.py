"""Figures for issue 14's bench: an agenda of 40 items with their presentations (saved sections,
the indstilling as at-clauses) and 120 bilag links, assembled and rendered.

Prints measurements, asserts nothing: it is not a test and not a CI gate. Target (issue 14):
rendering an agenda of 40 items with their presentations and 120 bilag links in at most 2 s.
One run

1. opens the cases of ``bench/agenda.py`` (40 at TMU's meeting of 13 April 2026, every fifth a
   closed item, plus 200 elsewhere), but writes each presentation through
   ``App.presentations.save_all`` (Resumé, a page of Sagsfremstilling, Økonomi, Høring and an
   indstilling of three at-clauses: five versions) before the approvals, instead of attributes;
2. attaches three bilag to each of the 40 (two open PDFs, one closed DOCX: 120 bilag, 80 open);
3. times assembling the agenda (each case's latest version and open bilag read), rendering the
   public version to HTML and to PDF, and the three together: best and median of ``--rounds``;
4. counts the numbered clauses and bilag links in the public HTML.

Run from the repository root::

    .venv/bin/python bench/presentation.py [--items 40] [--others 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

from agenda import MEETING, PARAGRAPH, ROUTE, STEPS, report, timed  # noqa: E402
from bilag import attach  # noqa: E402

from casework.adapters.config.full import load_full_configuration  # noqa: E402
from casework.adapters.publish.html import render_html  # noqa: E402
from casework.adapters.publish.pdf import render_pdf  # noqa: E402
from casework.app import App  # noqa: E402
from casework.domain.agenda import Visibility  # noqa: E402
from casework.domain.commands import AdvanceCase, OpenCase  # noqa: E402
from casework.services.agendas import assemble_agenda  # noqa: E402
from casework.services.ports import UnitOfWork  # noqa: E402
from casework.testing import FixedClock, InMemoryUnitOfWork  # noqa: E402

SECTIONS = {
    "resume": PARAGRAPH,
    "sagsfremstilling": "\n\n".join([PARAGRAPH * 3] * 4),
    "oekonomi": "Udgiften på 2,4 mio. kr. afholdes af anlægspuljen. " * 3,
    "hoering": "Forslaget har været i høring i fire uger; der kom tre høringssvar.",
    "indstilling": "1. planen godkendes\n2. der frigives 2,4 mio. kr.\n3. sagen genoptages i 2027",
}


def seed(services: App, clock: FixedClock, items: int, others: int) -> list[str]:
    """The cases, with presentations; the ids of the ``items`` that reach the meeting."""
    at_meeting = []
    for n in range(items + others):
        day = dt.date(2026, 4, 8) if n % 7 == 6 else dt.date(2026, 3, 16)
        clock.instant = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)
        attrs: dict[str, object] = {"politikomraade": "veje", "kle_emne": "05.01.00"}
        if n % 5 == 4:
            attrs |= {"lukket": True, "lukket_grund": "udbud"}
        case = services.open_case(
            OpenCase(workflow="beslutningssag", title=f"Trafiksikkerhed på vej nr. {n}",
                     actor="mette", route=ROUTE, attributes=attrs)
        )  # fmt: skip
        if n < items:
            services.presentations.save_all(case.id, "mette", SECTIONS)
            for action, actor in STEPS:
                services.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
            at_meeting.append(case.id)
    return at_meeting


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--others", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    print(f"Python {platform.python_version()} on {platform.machine()}, load average {load:.1f}")
    config = load_full_configuration(ROOT / "config")
    uow = InMemoryUnitOfWork()
    clock = FixedClock()
    factory = cast("Callable[[], UnitOfWork]", lambda: uow)
    services = App(config=config, uow_factory=factory, clock=clock)
    cases = seed(services, clock, args.items, args.others)
    attached = attach(services, cases)

    def assemble() -> object:
        return assemble_agenda(services.uow_factory, config, "tmu", MEETING)

    agenda, assembly = timed(assemble, args.rounds)
    items = [item for item in agenda.items if item.content is not None]  # type: ignore[attr-defined]
    print(f"agenda TMU {MEETING}: {len(items)} cases, {attached} bilag, presentations of "
          f"{services.presentation(cases[0]).latest} versions each")  # fmt: skip
    published = agenda.publish(Visibility.PUBLIC)  # type: ignore[attr-defined]
    html, html_times = timed(lambda: render_html(published), args.rounds)
    pdf_bytes, pdf_times = timed(lambda: render_pdf(published), args.rounds)

    def whole() -> None:
        fresh = assemble().publish(Visibility.PUBLIC)  # type: ignore[attr-defined]
        render_html(fresh)
        render_pdf(fresh)

    cpu_start = time.process_time()
    _, whole_times = timed(whole, args.rounds)
    cpu = (time.process_time() - cpu_start) * 1000 / args.rounds
    report("assemble (service)", assembly, 2000)
    report("render HTML (public)", html_times, 2000)
    report("render PDF (public)", pdf_times, 2000)
    report("assemble + HTML + PDF", whole_times, 2000)
    print(
        f"{'  the same, CPU time':<28} mean {cpu:8.1f} ms   (this process; the wall clock "
        f"above includes waiting for the CPU at load average {os.getloadavg()[0]:.1f})"
    )
    links = html.count('href="/sager/')
    clauses = html.count('<ol class="clauses">')
    print(f"public HTML: {links} bilag links, {clauses} numbered indstillinger, "
          f"HTML {len(html) / 1024:.0f} KiB, PDF {len(pdf_bytes) / 1024:.0f} KiB")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
