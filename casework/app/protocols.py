"""The beslutningsprotokol as documents, and the follow-up that publishes it through Prefect.

:func:`render_protocol` turns a published protocol
(:class:`~casework.domain.protocol.PublishedProtocol`, the domain's projection: the public one
holds no closed item's content) into HTML, PDF or JSON; the CLI's ``minutes show --format``,
the web pages, the bench and the Prefect run all write through it.

Publishing the minutes appends ``meeting.minutes_published`` to the meeting's history; the bus
writes a row of :data:`PROTOCOL_FEED` for it in the same transaction (a feed: nothing runs in
the click). The ``schedule-runs`` flow reads the feed with :func:`protocols_to_publish`, creates
one ``publish-protocol`` run per meeting, and stores its position with
:func:`protocol_runs_scheduled`; a failed scheduling reads the same rows again next time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casework.app.core import App
    from casework.domain.protocol import PublishedProtocol

#: The feed of published minutes (one row per ``meeting.minutes_published``).
PROTOCOL_FEED = "meetings.minutes_published"
#: The consumer that schedules the protocol runs (its cursor in ``dispatch_cursors``).
PROTOCOL_RUNS = "publish-protocol-runs"
#: The formats of a protocol document.
FORMATS = ("html", "pdf", "json")


@dataclass(frozen=True, slots=True)
class ProtocolRuns:
    """The meetings whose minutes were published since the last scheduling, and the position
    to store once their runs are created."""

    meetings: tuple[tuple[str, dt.date], ...]
    position: int


def render_protocol(protocol: PublishedProtocol, kind: str, lang: str = "da") -> bytes:
    """A published protocol as ``html``, ``pdf`` or ``json``. Raises UnknownFormat (CW806)."""
    from casework.domain.agenda import UnknownFormat

    if kind == "html":
        from casework.adapters.publish.protocol_html import render_protocol_html

        return render_protocol_html(protocol, lang=lang).encode("utf-8")
    if kind == "pdf":
        from casework.adapters.publish.protocol_pdf import render_protocol_pdf

        return render_protocol_pdf(protocol, lang=lang)
    if kind == "json":
        import json

        text = json.dumps(protocol.as_json(), ensure_ascii=False, indent=2)
        return (text + "\n").encode("utf-8")
    raise UnknownFormat(format=kind)


def protocols_to_publish(app: App, *, limit: int = 1000) -> ProtocolRuns:
    """The meetings whose minutes were published since :func:`protocol_runs_scheduled` last
    stored a position (every publication on the first call)."""
    from casework.services.bus import feed_changes

    keys, position = feed_changes(app.uow_factory, PROTOCOL_FEED, PROTOCOL_RUNS, limit=limit)
    meetings = []
    for key in keys:
        body, _, day = key.partition("/")
        meetings.append((body, dt.date.fromisoformat(day)))
    return ProtocolRuns(tuple(meetings), position)


def protocol_runs_scheduled(app: App, runs: ProtocolRuns) -> None:
    """Note that the runs of ``runs`` were created, so the next call reads only newer ones."""
    from casework.services.bus import move_cursor

    move_cursor(app.uow_factory, app.clock, PROTOCOL_RUNS, runs.position)


__all__ = [
    "FORMATS",
    "PROTOCOL_FEED",
    "PROTOCOL_RUNS",
    "ProtocolRuns",
    "protocol_runs_scheduled",
    "protocols_to_publish",
    "render_protocol",
]
