"""Issue 20 on both backends: a link writes one event to each of two cases in one transaction
(or none), involvement answers are events, and the audit replays both kinds clean."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from casework.adapters.sql.tables import case_events
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.domain.discussions import AlreadyLinked
from casework.testing import FixedClock


def _app(engine: Engine, config: Configuration, clock: FixedClock) -> App:
    return App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=clock)


def _events(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(case_events)).scalar_one())


def test_link_and_answers_are_stored_and_audit_clean(
    engine: Engine, config: Configuration, clock: FixedClock
) -> None:
    app = _app(engine, config, clock)
    discussion = app.open_case(
        OpenCase(workflow="droeftelsessag", title="Temadrøftelse: trafik i bymidten",
                 actor="mette",
                 attributes={"politikomraade": "veje", "droeftelsesformat": "seks_skarpe"})
    ).id  # fmt: skip
    decision = app.open_case(
        OpenCase(workflow="beslutningssag", title="Trafikplan for bymidten", actor="mette",
                 route=[("tmu", "indstiller"), ("kb", "beslutter")],
                 attributes={"politikomraade": "veje"})
    ).id  # fmt: skip
    app.discussions.link(decision, discussion, "mette")
    app.advance(AdvanceCase(case_id=discussion, action="send_i_hoering", actor="mette"))
    app.discussions.answer(discussion, "aeldreraad", "Ønsker flere bænke.", "mette",
                           by="formand Grethe Holm")  # fmt: skip

    # Read back through a fresh App on the same database: the record, not a cache.
    again = _app(engine, config, clock)
    shown = again.case_view(decision, "da").as_json()
    assert shown["origin"]["id"] == discussion
    assert shown["history"][-1]["kind"] == "case.linked"
    view = again.case_view(discussion, "da").as_json()
    assert [c["id"] for c in view["produced"]] == [decision]
    assert view["facilitation"]["title"] == "6 skarpe til strategien"
    answered = {p["party"]: p for p in view["involvement"][0]["parties"]}
    assert answered["aeldreraad"]["by"] == "formand Grethe Holm"
    assert again.verify_audit().ok

    # A refused link writes nothing to either case.
    other = app.open_case(
        OpenCase(workflow="droeftelsessag", title="En anden drøftelse", actor="mette",
                 attributes={"politikomraade": "veje"})
    ).id  # fmt: skip
    before = _events(engine)
    with pytest.raises(AlreadyLinked):
        app.discussions.link(decision, other, "mette")
    assert _events(engine) == before


def test_a_case_opened_with_its_origin_commits_with_both_links_or_not_at_all(
    engine: Engine, config: Configuration, clock: FixedClock
) -> None:
    from casework.domain.discussions import NotADiscussion
    from casework.domain.errors import NotFound

    app = _app(engine, config, clock)
    discussion = app.open_case(
        OpenCase(workflow="droeftelsessag", title="Temadrøftelse: trafik i bymidten",
                 actor="mette", attributes={"politikomraade": "veje"})
    ).id  # fmt: skip
    cmd = OpenCase(workflow="beslutningssag", title="Trafikplan for bymidten", actor="mette",
                   route=[("tmu", "indstiller"), ("kb", "beslutter")],
                   attributes={"politikomraade": "veje"})  # fmt: skip
    before = _events(engine)
    with pytest.raises(NotFound):
        app.discussions.open_with_origin(cmd, "2026-0999")
    assert _events(engine) == before
    opened = app.discussions.open_with_origin(cmd, discussion)
    assert opened.id == "2026-0002"  # the refused attempt used no number
    # case.opened and case.linked on the new case, case.linked on the discussion.
    assert _events(engine) == before + 3
    with pytest.raises(NotADiscussion):
        app.discussions.open_with_origin(cmd, opened.id)
    assert _events(engine) == before + 3
    again = _app(engine, config, clock)
    assert again.case_view(opened.id, "da").as_json()["origin"]["id"] == discussion
    assert [c["id"] for c in again.case_view(discussion, "da").as_json()["produced"]] == [opened.id]
    assert again.verify_audit().ok
