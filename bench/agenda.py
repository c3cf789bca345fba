"""Figures for agendas: assemble a 40-item agenda, then render it to HTML and PDF.

Prints measurements, asserts nothing: it is not a test and not a CI gate. Targets (the calendar
issue, point 9): assembly in at most 200 ms, HTML and PDF rendering in at most 3 s. One run

1. loads Eksempel Kommune's configuration and calendar;
2. opens ``--items`` cases through the services on an in-memory store and brings them to
   TMU's meeting step for 13 April 2026 (every fifth proposed closed, one in seven late), with
   realistic texts (a resumé, a page of sagsfremstilling, economy, three "at" clauses,
   attachments), plus ``--others`` open cases elsewhere that the assembly must skip;
3. assembles the agenda (``assemble_agenda``: reading cases and events, graphs, decisions),
   best and median of ``--rounds``;
4. renders the full version to HTML and to PDF (fpdf2, DejaVu Sans), best and median.

Run from the repository root::

    .venv/bin/python bench/agenda.py [--items 40] [--others 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casework.adapters.config.full import load_full_configuration  # noqa: E402
from casework.adapters.publish.html import render_html  # noqa: E402
from casework.adapters.publish.pdf import render_pdf  # noqa: E402
from casework.app import App  # noqa: E402
from casework.domain.agenda import Visibility  # noqa: E402
from casework.domain.commands import AdvanceCase, OpenCase  # noqa: E402
from casework.services.agendas import assemble_agenda  # noqa: E402
from casework.services.ports import UnitOfWork  # noqa: E402
from casework.testing import FixedClock, InMemoryUnitOfWork  # noqa: E402

MEETING = dt.date(2026, 4, 13)
ROUTE = [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]
STEPS = [("indsend", "mette"), ("godkend", "henrik"), ("godkend", "annelise"), ("godkend", "sofie")]
PARAGRAPH = (
    "Forvaltningen har undersøgt mulighederne for at forbedre trafiksikkerheden på strækningen "
    "og anbefaler en løsning med hævede flader, bedre belysning og en ny cykelsti. "
)


def seed(services: App, clock: FixedClock, items: int, others: int) -> None:
    for n in range(items + others):
        day = dt.date(2026, 4, 8) if n % 7 == 6 else dt.date(2026, 3, 16)
        clock.instant = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)
        attrs: dict[str, Any] = {
            "politikomraade": "veje",
            "resume": PARAGRAPH,
            "sagsfremstilling": PARAGRAPH * 12,
            "oekonomi": "Udgiften på 2,4 mio. kr. afholdes af anlægspuljen. " * 3,
            "indstilling": "planen godkendes; der frigives 2,4 mio. kr.; sagen genoptages i 2027",
            "bilag": "Skitseprojekt.pdf, Trafiktælling 2025.xlsx, Høringssvar.pdf",
            "kle_emne": "05.01.00",
        }
        if n % 5 == 4:
            attrs |= {"lukket": True, "lukket_grund": "udbud"}
        case = services.open_case(
            OpenCase(
                workflow="beslutningssag",
                title=f"Trafiksikkerhed på vej nr. {n}",
                actor="mette",
                route=ROUTE,
                attributes=attrs,
            )
        )
        if n < items:
            for action, actor in STEPS:
                services.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))


def timed(fn: Callable[[], Any], rounds: int) -> tuple[Any, list[float]]:
    result: Any = None
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return result, times


def report(label: str, times: Sequence[float], target: float) -> None:
    best, median = min(times), statistics.median(times)
    print(f"{label:<28} best {best:8.1f} ms   median {median:8.1f} ms   (target ≤ {target:.0f} ms)")


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
    # The in-memory fake serves as the unit of work (as in tests/conftest.py); mypy does not
    # accept it structurally, so it is cast.
    factory = cast("Callable[[], UnitOfWork]", lambda: uow)
    services = App(config=config, uow_factory=factory, clock=clock)
    seed(services, clock, args.items, args.others)

    agenda, assembly = timed(
        lambda: assemble_agenda(services.uow_factory, config, "tmu", MEETING), args.rounds
    )
    cases = sum(1 for item in agenda.items if item.content is not None)
    late = sum(1 for item in agenda.items if item.late)
    closed = sum(1 for item in agenda.items if item.closed)
    print(
        f"agenda TMU {MEETING}: {len(agenda.items)} items ({cases} cases, {late} late, "
        f"{closed} closed) among {args.items + args.others} open cases"
    )
    full = agenda.publish(Visibility.FULL)
    html, html_times = timed(lambda: render_html(full), args.rounds)
    pdf, pdf_times = timed(lambda: render_pdf(full), args.rounds)
    report("assemble (service)", assembly, 200)
    report("render HTML (full)", html_times, 3000)
    report("render PDF (full)", pdf_times, 3000)
    both = [h + p for h, p in zip(html_times, pdf_times, strict=True)]
    report("render HTML + PDF", both, 3000)
    print(f"sizes: HTML {len(html) / 1024:.0f} KiB, PDF {len(pdf) / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
