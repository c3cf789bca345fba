"""How far a long use case is, for whoever shows it (the CLI's progress bar).

A use case that can take more than a second (the OParl import and export, the reminder sweep,
the demo) takes an optional ``on_progress(done, total)``; ``total`` is None while it is not
known yet. The callback crosses the ports (the OParl export's writer reports files written), so
it lives here. :class:`Ticker` calls it sparingly: a hot loop pays one addition per item, and
nothing at all when there is no callback.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``on_progress(done, total)``: ``done`` items of ``total`` (None: not known yet).
OnProgress = Callable[[int, int | None], None]

#: Calls per run at most, besides the first and the last: a bar has no more steps to show.
STEPS = 100


class Ticker:
    """Counts items done and reports to ``on_progress`` every 1/``STEPS`` of ``total``, and
    always at 0 (:meth:`start`) and at the end (:meth:`finish`). Without a callback it only
    counts."""

    __slots__ = ("_every", "_next", "_reported", "done", "on_progress", "total")

    def __init__(self, on_progress: OnProgress | None, total: int | None, done: int = 0) -> None:
        self.on_progress = on_progress
        self.total = total
        self.done = done
        self._every = max(1, -(-(total or 0) // STEPS))  # rounded up: STEPS calls at most
        self._next = done + self._every
        self._reported = -1

    def start(self) -> None:
        """Report where the work starts (0 of ``total``: the bar shows its size at once)."""
        self._report()

    def add(self, count: int = 1) -> None:
        """``count`` more items are done."""
        self.done += count
        if self.on_progress is not None and self.done >= self._next:
            self._next = self.done + self._every
            self._report()

    def finish(self) -> None:
        """Report the count reached, unless it was the last one reported."""
        if self.done != self._reported:
            self._report()

    def _report(self) -> None:
        if self.on_progress is not None:
            if self.total is not None and self.done > self.total:
                self.total = self.done  # more came than were counted (another sweep's queue)
            self._reported = self.done
            self.on_progress(self.done, self.total)


__all__ = ["STEPS", "OnProgress", "Ticker"]
