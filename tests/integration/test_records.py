"""The typed ORM records map the same tables the repository writes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from casework.adapters.sql.records import CaseEventRecord, CaseRecord
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.testing import FixedClock


def test_records_read_what_the_repository_wrote(engine: Engine, config: Configuration) -> None:
    services = App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=FixedClock())
    case = services.open_case(
        OpenCase(
            workflow="beslutningssag",
            title="Budget 2027",
            actor="nanna",
            route=[("oeu", "indstiller"), ("kb", "beslutter")],
        )
    )
    services.advance(AdvanceCase(case_id=case.id, action="indsend", actor="nanna"))
    with Session(engine) as session:
        record = session.get(CaseRecord, case.id)
        assert record is not None
        assert (record.step, record.version, record.centre) == ("centerchef_godkendelse", 2, "cop")
        seqs = session.scalars(
            select(CaseEventRecord.seq)
            .where(CaseEventRecord.case_id == case.id)
            .order_by(CaseEventRecord.seq)
        ).all()
        assert list(seqs) == [1, 2]
