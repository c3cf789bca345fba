"""Progress on stderr for the commands that can take more than a second.

A rich progress bar on standard error, only when standard error is a terminal and ``--quiet``
was not given, so pipes, logs and scripts get nothing extra and stdout stays the output. The
bar is transient: it is gone when the work is done, and the command's own report follows.

The work reports its steps through the use case's ``on_progress(done, total)``: cases opened
(``demo``), papers imported (``import oparl``), files written (``export oparl``), messages
handled of those due (``reminders sweep``). Until it knows its total (the SOURCE being read,
the graph being built, the cases being scanned) the bar pulses with the time elapsed, so a long
run is visibly alive; then it counts, ``done/total``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from casework.domain.messages import register, render

register(
    {
        "progress.demo": ("Opretter demosager", "Opening demo cases"),
        "progress.oparl_import": ("Importerer OParl", "Importing OParl"),
        "progress.oparl_export": ("Eksporterer OParl", "Exporting OParl"),
        "progress.sweep": ("Sender påmindelser", "Sending reminders"),
    }
)

#: Reports how far the work is: (done, total); total None when it is not known.
Advance = Callable[[int, "int | None"], None]


def shown(quiet: bool) -> bool:
    """Whether a progress bar is shown: stderr is a terminal and ``--quiet`` was not given."""
    return not quiet and sys.stderr.isatty()


@contextmanager
def progress(
    key: str, lang: str, *, quiet: bool, total: int | None = None
) -> Iterator[Advance | None]:
    """A progress bar labelled with the message ``key`` while the block runs; yields the
    function that moves it on, None when no bar is shown (the use case then counts nothing)."""
    if not shown(quiet):
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    class Count(MofNCompleteColumn):
        """done/total once the total is known; nothing while the bar pulses."""

        def render(self, task: Task) -> Text:
            return Text() if task.total is None else super().render(task)

    columns = [
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        Count(),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(render(key, lang), total=total)

        def advance(done: int, total: int | None = None) -> None:
            if total is not None:
                bar.update(task, completed=done, total=total)
            else:
                bar.update(task, completed=done)

        yield advance


__all__ = ["Advance", "progress", "shown"]
