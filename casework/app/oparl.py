"""The OParl import as a use case of the application service: adapters read, the service decides.

:func:`import_oparl` is the whole import for a caller that holds a path: the OParl adapters read
the SOURCE and load the mapping, :func:`casework.services.oparl_import.import_records` decides
what is new, changed or skipped, and the adapters' store writes it in one transaction. This is
the only place those meet (the adapters never call a use case).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casework.domain.oparl import Classification
    from casework.services.ports import Clock, ImportReport
    from casework.services.ports.progress import OnProgress


def import_oparl(
    target: Any,
    source: Path,
    *,
    mapping: Path | Classification | None = None,
    clock: Clock | None = None,
    upgrade: bool = False,
    on_progress: OnProgress | None = None,
) -> ImportReport:
    """Import the OParl dump at ``source`` into ``target``; one transaction, all or nothing.

    ``target`` is an :class:`~casework.app.App` (its database), settings, a SQLAlchemy engine
    or a database URL. The schema must be current (``casework init``), or is brought up to date
    first with ``upgrade``. ``mapping`` is a mapping file or a loaded classification (default:
    the German defaults). The clock is ``target``'s when it has one, else the system clock.
    ``on_progress(done, total)`` counts the papers once the SOURCE is read (a progress bar).

    Raises:
        OParlSourceError: ``source`` does not exist or cannot be read.
        DefinitionError, ConfigFileError: the mapping file is wrong.
        StorageError: the database refused the import; nothing was written.
    """
    from casework.adapters.oparl import (
        classification,
        import_workflow,
        oparl_store,
        read_oparl,
        upgrade_database,
    )
    from casework.services.oparl_import import import_records

    if upgrade:  # first, so that a refused SOURCE or mapping still leaves a usable database
        upgrade_database(target)
    loaded = classification(mapping)
    data = read_oparl(source)
    clock = clock or getattr(target, "clock", None)
    if clock is None:
        from casework.adapters.clock import SystemClock

        clock = SystemClock()
    with oparl_store(target) as store:
        return import_records(
            store,
            data,
            classification=loaded,
            definition=import_workflow(),
            clock=clock,
            source=str(source),
            on_progress=on_progress,
        )


__all__ = ["import_oparl"]
