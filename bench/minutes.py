"""Figures for the meeting cycle's documents: send a 40-item agenda, publish its protocol.

Prints measurements, asserts nothing: it is not a test and not a CI gate. Target (issue 13,
done criterion): sending an agenda of 40 items and publishing its protocol (HTML and PDF, the
public and the full version) in at most 2 s. One run

1. loads Eksempel Kommune's configuration;
2. opens ``--items`` cases on an in-memory store and brings them to TMU's meeting step for
   13 April 2026 (every fifth proposed closed), with the realistic texts of ``bench/agenda.py``,
   and books them onto the meeting;
3. times **send**: the agenda frozen, every item's snapshot taken (``App.agendas.send``);
4. holds the meeting and records a decision with a vote for every item (not timed: that is the
   meeting itself), approves the minutes;
5. times **publish**: the minutes published, and the protocol read and rendered as HTML and
   PDF in both versions (``App.agendas.protocol`` → ``render_protocol``).

Each round starts from a fresh store (sending and publishing happen once per meeting). Run from
the repository root::

    .venv/bin/python bench/minutes.py [--items 40] [--rounds 3]
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
from casework.app import App  # noqa: E402
from casework.app.protocols import render_protocol  # noqa: E402
from casework.domain.agenda import Visibility  # noqa: E402
from casework.domain.commands import AdvanceCase, Minutes, OpenCase, RecordDecision  # noqa: E402
from casework.domain.configuration import Configuration  # noqa: E402
from casework.services.ports import UnitOfWork  # noqa: E402
from casework.testing import FixedClock, InMemoryUnitOfWork  # noqa: E402

BODY = "tmu"
MEETING = dt.date(2026, 4, 13)
ROUTE = [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]
STEPS = [("indsend", "mette"), ("godkend", "henrik"), ("godkend", "annelise"), ("godkend", "sofie")]
PARAGRAPH = (
    "Forvaltningen har undersøgt mulighederne for at forbedre trafiksikkerheden på strækningen "
    "og anbefaler en løsning med hævede flader, bedre belysning og en ny cykelsti. "
)


def seed(config: Configuration, items: int) -> tuple[App, FixedClock]:
    """A fresh app with ``items`` cases booked onto TMU's meeting of 13 April 2026."""
    uow = InMemoryUnitOfWork()
    clock = FixedClock(dt.datetime(2026, 3, 16, 9, 0, tzinfo=dt.UTC))
    factory = cast("Callable[[], UnitOfWork]", lambda: uow)
    app = App(config=config, uow_factory=factory, clock=clock)
    for n in range(items):
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
        case = app.open_case(
            OpenCase(workflow="beslutningssag", title=f"Trafiksikkerhed på vej nr. {n}",
                     actor="mette", route=ROUTE, attributes=attrs)
        )  # fmt: skip
        for action, actor in STEPS:
            app.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
    app.agendas.book(BODY, MEETING, actor="sofie", planned=True)
    return app, clock


def minutes(app: App, clock: FixedClock) -> None:
    """Hold the meeting, decide every item with a vote, approve the minutes (not timed)."""
    clock.instant = dt.datetime.combine(MEETING, dt.time(15, 0), tzinfo=dt.UTC)
    app.agendas.hold(BODY, MEETING, actor="sofie")
    clock.instant = dt.datetime.combine(MEETING, dt.time(18, 0), tzinfo=dt.UTC)
    for item in app.agendas.agenda(BODY, MEETING).items:
        if item.content is None:
            continue
        app.decide(
            RecordDecision(
                case_id=item.content.case_id, actor="sofie",
                minutes=Minutes(outcome="recommended", meeting=MEETING,
                                text="Udvalget anbefaler indstillingen.",
                                in_favour=5, against=2, abstaining=0,
                                votes="For: A, B, F; imod: O, V"),
            )
        )  # fmt: skip
    clock.instant = dt.datetime.combine(
        MEETING + dt.timedelta(days=1), dt.time(9, 0), tzinfo=dt.UTC
    )
    app.agendas.approve_minutes(BODY, MEETING, actor="sofie")


def publish(app: App) -> dict[str, int]:
    """Publish the minutes and render the protocol: HTML and PDF, both versions."""
    app.agendas.publish_minutes(BODY, MEETING, actor="sofie")
    protocol = app.agendas.protocol(BODY, MEETING)
    sizes = {}
    for visibility in (Visibility.PUBLIC, Visibility.FULL):
        version = protocol.publish(visibility)
        for kind in ("html", "pdf"):
            sizes[f"{kind} {visibility.value}"] = len(render_protocol(version, kind))
    return sizes


def report(label: str, times: Sequence[float], target: float | None = None) -> None:
    best, median = min(times), statistics.median(times)
    goal = f"   (target ≤ {target:.0f} ms)" if target is not None else ""
    print(f"{label:<34} best {best:8.1f} ms   median {median:8.1f} ms{goal}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"Python {platform.python_version()} on {platform.machine()}")
    config = load_full_configuration(ROOT / "config")
    sends, publishes = [], []
    sizes: dict[str, int] = {}
    items = 0
    for _ in range(args.rounds):
        app, clock = seed(config, args.items)
        clock.instant = dt.datetime(2026, 4, 7, 9, 0, tzinfo=dt.UTC)
        start = time.perf_counter()
        app.agendas.send(BODY, MEETING, actor="sofie")
        sends.append((time.perf_counter() - start) * 1000)
        items = len(app.agendas.agenda(BODY, MEETING).items)
        minutes(app, clock)
        start = time.perf_counter()
        sizes = publish(app)
        publishes.append((time.perf_counter() - start) * 1000)
    print(f"agenda TMU {MEETING}: {items} items ({args.items} cases, every fifth closed)")
    report("send the agenda", sends)
    report("publish the protocol (4 files)", publishes)
    both = [s + p for s, p in zip(sends, publishes, strict=True)]
    report("send + publish", both, 2000)
    print("sizes: " + ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sizes.items()))
    print(f"seconds (median send + publish): {statistics.median(both) / 1000:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
