"""The daily coordinator board: the case board, the overdue list, the coming agendas, and each
open case's route, as keyed artifacts in the Prefect UI (see :mod:`flows.artifacts`)."""

from __future__ import annotations

from prefect import flow, get_run_logger

from flows import runtime

#: The route artifacts are one per open case; a very large municipality caps them here and
#: still has every case on the board.
DEFAULT_ROUTE_LIMIT = 500


@flow(name="coordinator-board", log_prints=False)
def coordinator_board(route_limit: int = DEFAULT_ROUTE_LIMIT) -> dict[str, int]:
    """Refresh the board artifacts and the route artifact of the most urgent open cases."""
    from casework.app.coordination import overdue
    from flows.artifacts import publish_board, publish_case_route

    services = runtime.services()
    today = services.clock.today()
    rows = services.coordinator_board()
    agendas = services.coming_agendas()
    base = runtime.base_url()
    publish_board(rows, agendas, today, base)
    for row in rows[:route_limit]:
        publish_case_route(services, row.case_id, base)
    summary = {
        "open_cases": len(rows),
        "overdue": len(overdue(rows)),
        "agendas": len(agendas),
        "routes": min(len(rows), route_limit),
    }
    get_run_logger().info("Sagstavle: %s", summary)
    return summary
