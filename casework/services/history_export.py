"""Every case with its history, read in one unit of work: the input of the mined route map.

``Services.case`` per case opens a unit of work per case, which is fine for one journey but not
for the whole store. This reads all cases in one unit of work through the ports only
(``cases.ids``, ``cases.find``, ``cases.events``), so it works on every adapter, and turns each
history into the plain visits :mod:`diagrams.mined` mines. It is a read: nothing is committed.
"""

from __future__ import annotations

from collections.abc import Iterator

from casework.domain.case import Case, entered_step
from casework.domain.events import CaseEvent
from casework.services.ports import UnitOfWork


def case_histories(uow: UnitOfWork) -> Iterator[tuple[Case, list[CaseEvent]]]:
    """Each case in the store with its events in ``seq`` order, in case id order."""
    with uow:
        # Materialise the ids first: some adapters stream them from the same connection that
        # the per-case reads below use.
        for case_id in list(uow.cases.ids()):
            case = uow.cases.find(case_id)
            if case is None:  # events without a case row: audit verify reports those
                continue
            events = sorted(uow.cases.events(case_id), key=lambda e: e.seq)
            yield case, events


def visits(events: list[CaseEvent]) -> list[tuple[str, str]]:
    """The concrete steps a case entered, with the instant of the event that entered each.

    ``case.opened`` enters its start step, ``case.advanced`` the action's target; attribute
    and route changes and plans do not move the case and are left out.
    """
    found: list[tuple[str, str]] = []
    for event in events:
        step = entered_step(event)
        if step is not None:
            found.append((step, event.at))
    return found
