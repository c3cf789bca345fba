"""OParl adapters: the importer's parts (reader, mapping, store) and the exporter (export_files).

:func:`read_oparl` reads the SOURCE (:mod:`.reader`), :func:`classification` loads the mapping
(:mod:`.mapping`), and :func:`oparl_store` gives the store (:mod:`.store`) inside one
transaction, committed only when everything went through. :func:`import_workflow` is the
built-in workflow imported cases run on (``workflow-oparl.yaml``). The application service
(``casework.app.import_oparl``) puts them together with the import use case; adapters never
call use cases. Importing this package costs nothing: the work is done in functions.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from casework.domain.oparl import Classification, SourceData
    from casework.domain.workflow import WorkflowDefinition
    from casework.services.ports import OParlStore

WORKFLOW_FILE = Path(__file__).with_name("workflow-oparl.yaml")


@functools.cache
def import_workflow() -> WorkflowDefinition:
    """The built-in ``oparl`` workflow (checked once; its snapshot is stored with the cases)."""
    from casework.adapters.config.schema import WorkflowFile
    from casework.adapters.config.yaml_loader import load_yaml_file

    loaded = load_yaml_file(WORKFLOW_FILE, "casework/adapters/oparl/workflow-oparl.yaml")
    return WorkflowFile.model_validate(loaded.data).to_domain(source=WORKFLOW_FILE.name)


def read_oparl(source: Path) -> SourceData:
    """What the OParl dump at ``source`` (folder, tar archive or JSON file) holds.

    Raises:
        OParlSourceError: ``source`` does not exist or cannot be read.
    """
    from casework.adapters.oparl.reader import read_source
    from casework.domain.errors import OParlSourceError

    source = Path(source)
    if not source.exists():
        raise OParlSourceError(path=str(source), detail="findes ikke / does not exist")
    try:
        return read_source(source)
    except OSError as exc:
        raise OParlSourceError(path=str(source), detail=exc.strerror or str(exc)) from None


def classification(mapping: Path | Classification | None) -> Classification:
    """The loaded mapping file, or ``mapping`` itself when already loaded (default: German).

    Raises:
        DefinitionError, ConfigFileError: the mapping file is wrong.
    """
    from casework.adapters.oparl.mapping import load_mapping
    from casework.domain.oparl import Classification

    return mapping if isinstance(mapping, Classification) else load_mapping(mapping)


def upgrade_database(target: Any) -> None:
    """Bring the schema of ``target``'s database up to date, as ``casework init`` does (an
    import may be a database's first use)."""
    engine, made = _engine(target, upgrade=True)
    if made:
        engine.dispose()


@contextlib.contextmanager
def oparl_store(target: Any) -> Iterator[OParlStore]:
    """A :class:`~.store.SqlOParlStore` in one transaction on ``target``'s database, committed
    when the block ends normally and rolled back when it raises: all or nothing.

    ``target`` is an object with ``settings`` (the application service), settings, a SQLAlchemy
    engine or a database URL. The schema must be current (see :func:`upgrade_database`).

    Raises:
        StorageError: the database refused the writes; nothing was written.
    """
    from sqlalchemy.exc import DBAPIError

    from casework.adapters.oparl.store import SqlOParlStore
    from casework.adapters.sql.engine import connect, describe
    from casework.domain.errors import StorageError

    engine, dispose = _engine(target)
    try:
        connection = connect(engine)
        try:
            connection.begin()
            yield SqlOParlStore(connection)
            connection.commit()
        except Exception as exc:
            connection.rollback()
            if isinstance(exc, DBAPIError):
                raise StorageError(detail=describe(exc)) from None
            raise
        finally:
            connection.close()
    finally:
        if dispose:
            engine.dispose()


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


def _engine(target: Any, *, upgrade: bool = False) -> tuple[Engine, bool]:
    """The engine of ``target`` and whether it was made here (and must be disposed)."""
    from sqlalchemy import Engine

    from casework.adapters.sql.engine import make_engine
    from casework.adapters.sql.schema import ensure_ready
    from casework.adapters.sql.schema import upgrade as upgrade_schema

    if isinstance(target, Engine):
        engine, made = target, False
    else:
        url: object = target
        if not isinstance(target, str):
            url = getattr(getattr(target, "settings", target), "url", None)
        if not isinstance(url, str):
            raise TypeError("the OParl store needs App, Settings, an engine or a URL")
        engine, made = make_engine(url), True
    if upgrade:
        upgrade_schema(engine)
    elif made:
        ensure_ready(engine)
    return engine, made
