"""The daily coordinator board: the case board, the overdue list, the flow toward the meetings,
the coming agendas, the open cases' route map, and each open case's route, as keyed artifacts
in the Prefect UI (see :mod:`flows.artifacts`)."""

from __future__ import annotations

from prefect import flow, get_run_logger

from casework.flows import runtime

#: The route artifacts are one per open case; a very large municipality caps them here and
#: still has every case on the board.
DEFAULT_ROUTE_LIMIT = 500


@flow(name="coordinator-board", log_prints=False)
def coordinator_board(route_limit: int = DEFAULT_ROUTE_LIMIT) -> dict[str, int]:
    """Refresh the board artifacts and the route artifact of the most urgent open cases."""
    from casework.flows.artifacts import publish_board, publish_case_route, publish_flow_map

    services = runtime.services()
    # The one board query, with nobody's view narrowed and no limit: every open case.
    view = services.board("da", limit=None)
    agendas = services.coming_agendas()
    base = runtime.base_url()
    publish_board(view, agendas, base)
    # The flow over time that the board's "Flow over tid" page draws: the same view model.
    history = services.flow_history("da")
    publish_flow_map(history)
    for row in view.rows[:route_limit]:
        publish_case_route(services, row.id, base)
    summary = {
        "open_cases": view.total,
        "overdue": len(view.overdue()),
        "agendas": len(agendas),
        "routes": min(len(view.rows), route_limit),
        "steps": len(history.steps),
    }
    get_run_logger().info("Sagstavle: %s", summary)
    return summary
