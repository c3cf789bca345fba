"""The one board query: counts by step and by body, rows most urgent first with their working
days left, filters, a person's view, and the JSON every rendering shares."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.app import App
from casework.app.board import STATUS_DA, STATUS_EN, BoardFilters, BoardStatus, board_status
from casework.app.open_cases import read_snapshot
from casework.domain import access
from casework.domain.configuration import Configuration
from casework.services.demo import seed_demo
from casework.testing import FixedClock, InMemoryUnitOfWork

NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
#: What a board row adds to the case's own keys.
BOARD_KEYS = {"step_label", "body_short", "responsible_names", "workdays_left", "board_status",
              "closed_item", "meeting", "meeting_workdays_left"}  # fmt: skip


@pytest.fixture(scope="module")
def app(config: Configuration) -> App:
    """40 demo cases on every step, seen on a Friday in November."""
    uow = InMemoryUnitOfWork()
    seed_demo(lambda: uow, config, cases=40, end=NOW)
    return App(config=config, uow_factory=lambda: uow, clock=FixedClock(NOW))


def test_rows_count_working_days_and_put_the_overdue_first(app: App) -> None:
    view = app.board("da", limit=None)
    assert view.rows and view.total == len(view.rows)
    assert view.total == len(read_snapshot(app).entries)  # every open case
    calendar = app.config.calendar
    assert calendar is not None
    for row in view.rows:
        if row.due is None:
            assert row.status is BoardStatus.NO_DEADLINE and row.workdays_left is None
        else:
            assert row.workdays_left == calendar.calendar.count_hverdage(TODAY, row.due)
            assert row.status is board_status(TODAY, row.due, row.workdays_left)
    order = list(BoardStatus)
    ranks = [order.index(r.status) for r in view.rows]
    assert ranks == sorted(ranks)
    late = view.overdue()
    assert late and [r.status for r in late] == [BoardStatus.OVERDUE] * len(late)
    assert [r.workdays_left for r in late] == sorted(r.workdays_left or 0 for r in late)


@pytest.mark.parametrize(
    ("due", "left", "status"),
    [
        (dt.date(2026, 11, 26), -1, BoardStatus.OVERDUE),
        (TODAY, 0, BoardStatus.DUE_TODAY),
        (dt.date(2026, 12, 2), 3, BoardStatus.DUE_SOON),
        (dt.date(2026, 12, 3), 4, BoardStatus.ON_TRACK),
        (None, None, BoardStatus.NO_DEADLINE),
    ],
)
def test_status_against_the_deadline(
    due: dt.date | None, left: int | None, status: BoardStatus
) -> None:
    assert board_status(TODAY, due, left) is status
    assert STATUS_DA[status] and STATUS_EN[status]


def test_the_counts_cover_every_case_and_the_rows_stop_at_the_limit(app: App) -> None:
    everything = app.board("da", limit=None)
    view = app.board("da", limit=5)
    assert view.total == everything.total
    assert sum(n for _, n in view.by_step) == view.total
    assert sum(c.count for c in view.by_body) == view.total
    assert [r.id for r in view.rows] == [r.id for r in everything.rows[:5]]
    counts = [n for _, n in view.by_step]
    assert counts == sorted(counts, reverse=True)
    at_a_body = {c.body: c.short for c in view.by_body if c.body is not None}
    assert at_a_body and all(app.config.municipality.bodies[b].short == s
                             for b, s in at_a_body.items())  # fmt: skip
    assert "Sagsfremstilling udarbejdes" in dict(view.by_step)
    assert "Case officer drafts the item" in dict(app.board("en").by_step)


def test_filters_narrow_counts_and_rows_alike(app: App) -> None:
    everything = app.board("da", limit=None)
    centre = everything.rows[0].case.centre
    by_centre = app.board("da", filters=BoardFilters(centre=centre), limit=None)
    assert by_centre.total == sum(r.case.centre == centre for r in everything.rows) > 0
    assert {r.case.centre for r in by_centre.rows} == {centre}
    late = app.board("da", filters=BoardFilters(overdue=True), limit=None)
    assert [r.id for r in late.rows] == [r.id for r in everything.overdue()]
    body = next(c.body for c in everything.by_body if c.body is not None)
    at_body = app.board("da", filters=BoardFilters(body=body), limit=None)
    assert at_body.total == next(c.count for c in everything.by_body if c.body == body)
    assert {r.body for r in at_body.rows} == {body}


def test_a_person_sees_only_their_cases_with_their_actions(app: App) -> None:
    municipality = app.config.municipality
    everything = app.board("da", limit=None)
    mine = app.board("da", person="aase", limit=None)
    expected = [r.id for r in everything.rows
                if access.can_view_case(municipality, "aase", r.case)]  # fmt: skip
    assert 0 < len(expected) < everything.total
    assert [r.id for r in mine.rows] == expected and mine.total == len(expected)
    for row in mine.rows:
        assert row.actions == app.views.actions(row.case, "da", "aase")
    assert all(row.actions == () for row in everything.rows)  # nobody's: no actions


def test_urgent_cases_keep_the_case_keys_of_every_listing(app: App) -> None:
    view = app.board("da", person="sofie", limit=3)
    data = view.as_json()
    assert set(data) == {"total", "by_step", "by_body", "urgent", "meetings", "flow"}
    for row, found in zip(view.rows, data["urgent"], strict=True):
        case_keys = app.views.row(row.case, "da", actor="sofie").as_json()
        assert {k: v for k, v in found.items() if k not in BOARD_KEYS} == case_keys
        assert found["board_status"] == row.status.value
        assert found["workdays_left"] == row.workdays_left
    assert sum(data["by_body"].values()) == data["total"]


def test_a_board_is_kept_with_a_kept_snapshot(app: App) -> None:
    snapshot = read_snapshot(app)
    first = app.board("da", person="sofie", open_cases=snapshot)
    assert app.board("da", person="sofie", open_cases=snapshot) is first
    assert app.board("en", person="sofie", open_cases=snapshot) is not first
    # A filtered board is kept too (an open board polls every few seconds), apart from others.
    centre = BoardFilters(centre="cby")
    kept = app.board("da", filters=centre, open_cases=snapshot)
    assert app.board("da", filters=centre, open_cases=snapshot) is kept
    assert app.board("da", filters=BoardFilters(centre="csu"), open_cases=snapshot) is not kept
