"""OParl adapters: the importer (reader, mapping, store) and the exporter (``export_files``).

:func:`import_oparl` is the whole import: read the SOURCE (:mod:`.reader`), load the mapping
(:mod:`.mapping`), and run :func:`casework.services.oparl_import.import_records` on a
:class:`~.store.SqlOParlStore` inside one transaction, committed only when everything went
through. :func:`import_workflow` is the built-in workflow imported cases run on
(``workflow-oparl.yaml``). Importing this package costs nothing: the work is done in functions.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from casework.domain.oparl import Classification
    from casework.domain.workflow import WorkflowDefinition
    from casework.services.oparl_import import ImportReport
    from casework.services.ports import Clock

WORKFLOW_FILE = Path(__file__).with_name("workflow-oparl.yaml")


@functools.cache
def import_workflow() -> WorkflowDefinition:
    """The built-in ``oparl`` workflow (checked once; its snapshot is stored with the cases)."""
    from casework.adapters.config.schema import WorkflowFile
    from casework.adapters.config.yaml_loader import load_yaml_file

    loaded = load_yaml_file(WORKFLOW_FILE, "casework/adapters/oparl/workflow-oparl.yaml")
    return WorkflowFile.model_validate(loaded.data).to_domain(source=WORKFLOW_FILE.name)


def import_oparl(
    target: Any,
    source: Path,
    *,
    mapping: Path | Classification | None = None,
    clock: Clock | None = None,
) -> ImportReport:
    """Import the OParl dump at ``source`` into ``target``; one transaction, all or nothing.

    ``target`` is a :class:`~casework.app.App` (its database), a SQLAlchemy engine or
    a database URL; the schema must be current (``casework init``). ``mapping`` is a mapping
    file or a loaded classification (default: the German defaults).

    Raises:
        OParlSourceError: ``source`` does not exist or cannot be read.
        DefinitionError, ConfigFileError: the mapping file is wrong.
        StorageError: the database refused the import; nothing was written.
    """
    from casework.adapters.oparl.mapping import load_mapping
    from casework.adapters.oparl.reader import read_source
    from casework.adapters.oparl.store import SqlOParlStore
    from casework.adapters.sql.engine import connect, describe
    from casework.domain.errors import OParlSourceError, StorageError
    from casework.domain.oparl import Classification
    from casework.services.oparl_import import import_records

    source = Path(source)
    if not source.exists():
        raise OParlSourceError(path=str(source), detail="findes ikke / does not exist")
    classification = mapping if isinstance(mapping, Classification) else load_mapping(mapping)
    try:
        data = read_source(source)
    except OSError as exc:
        raise OParlSourceError(path=str(source), detail=exc.strerror or str(exc)) from None
    if clock is None:
        from casework.adapters.clock import SystemClock

        clock = SystemClock()
    engine, dispose = _engine(target)
    try:
        connection = connect(engine)
        try:
            connection.begin()
            report = import_records(
                SqlOParlStore(connection),
                data,
                classification=classification,
                definition=import_workflow(),
                clock=clock,
                source=str(source),
            )
            connection.commit()
        except Exception as exc:
            connection.rollback()
            from sqlalchemy.exc import DBAPIError

            if isinstance(exc, DBAPIError):
                raise StorageError(detail=describe(exc)) from None
            raise
        finally:
            connection.close()
    finally:
        if dispose:
            engine.dispose()
    return report


def imported_routes(target: Any) -> dict[str, list[tuple[str, str]]]:
    """Each imported paper's route as ordered (body name, role) pairs, by OParl paper id."""
    from casework.adapters.oparl.store import imported_routes as read

    routes: dict[str, list[tuple[str, str]]] = _read(target, read)
    return routes


def imported_bodies(target: Any) -> dict[str, dict[str, Any]]:
    """Imported bodies by body key (the organisation's name): name, short name, OParl id."""
    from casework.adapters.oparl.store import imported_bodies as read

    bodies: dict[str, dict[str, Any]] = _read(target, read)
    return bodies


def _read(target: Any, read: Any) -> Any:
    from casework.adapters.sql.engine import connect

    engine, dispose = _engine(target)
    try:
        with connect(engine) as connection:
            return read(connection)
    finally:
        if dispose:
            engine.dispose()


def _engine(target: Any) -> tuple[Engine, bool]:
    """The engine of ``target`` and whether it was made here (and must be disposed)."""
    from sqlalchemy import Engine

    from casework.adapters.sql.engine import make_engine
    from casework.adapters.sql.schema import ensure_ready

    if isinstance(target, Engine):
        return target, False
    if isinstance(target, str):
        url = target
    else:
        settings = getattr(target, "settings", None)
        if settings is None:
            raise TypeError("import_oparl needs App with settings, an engine or a URL")
        url = settings.url
    engine = make_engine(url)
    ensure_ready(engine)
    return engine, True
