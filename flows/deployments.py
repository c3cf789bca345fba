"""casework's deployments, and the process that serves them
(``python -m casework.flows.deployments``).

``casework serve`` starts this process against its Prefect server; a larger installation can
instead register the same deployments from ``prefect.yaml`` on a process work pool. Schedules
use Cron in Europe/Copenhagen (wall-clock times across daylight saving). ``pause_on_shutdown``
is off: Prefect's default pauses every schedule when the process stops, so after a restart
nothing would fire until someone resumed them by hand.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

ZONE = "Europe/Copenhagen"
DEPLOYMENT = "casework"
#: Deadline sweep: 07:00 and 13:00 on weekdays; the flow skips public holidays itself.
SWEEP_CRON = "0 7,13 * * 1-5"
#: The coordinator board: every weekday morning, after the sweep.
BOARD_CRON = "30 7 * * 1-5"
#: Keeping one-off runs in step with the database (minutes).
SCHEDULE_EVERY_MINUTES = 5

DEPLOYMENT_NAMES = (
    "deadline-sweep/casework",
    "send-reminder/casework",
    "schedule-runs/casework",
    "coordinator-board/casework",
    "close-agenda/casework",
    "publish-agenda/casework",
    "publish-protocol/casework",
    "advance-case/casework",
    "plan-case/casework",
)


def deployments() -> list[Any]:
    """The deployments, ready for :func:`prefect.serve`."""
    from prefect.schedules import Cron
    from prefect.types.entrypoint import EntrypointType

    from casework.flows.actions import advance_case, plan_case
    from casework.flows.agendas import close_agenda, publish_agenda
    from casework.flows.board import coordinator_board
    from casework.flows.deadlines import deadline_sweep, schedule_runs, send_reminder
    from casework.flows.protocols import publish_protocol

    tags = ["casework"]
    # Module paths, not file paths: a run finds its flow wherever the package is installed.
    module_path = EntrypointType.MODULE_PATH
    every = f"*/{SCHEDULE_EVERY_MINUTES} * * * *"
    return [
        deadline_sweep.to_deployment(
            DEPLOYMENT,
            schedules=[Cron(SWEEP_CRON, timezone=ZONE)],
            tags=tags,
            entrypoint_type=module_path,
            description="Fristkørsel: påmindelser og rykkere, hver sendt én gang.",
        ),
        send_reminder.to_deployment(
            DEPLOYMENT,
            tags=tags,
            entrypoint_type=module_path,
            description="Én påmindelse på sit tidspunkt.",
        ),
        schedule_runs.to_deployment(
            DEPLOYMENT,
            schedules=[Cron(every, timezone=ZONE)],
            tags=tags,
            entrypoint_type=module_path,
            description="Planlægger påmindelser og dagsordenskørsler efter databasen.",
        ),
        coordinator_board.to_deployment(
            DEPLOYMENT,
            schedules=[Cron(BOARD_CRON, timezone=ZONE)],
            tags=tags,
            entrypoint_type=module_path,
            description="Sagstavlen, overskredne frister, kommende dagsordener og sagsgange.",
        ),
        close_agenda.to_deployment(
            DEPLOYMENT,
            tags=tags,
            entrypoint_type=module_path,
            description="Lukker en dagsorden ved fristen.",
        ),
        publish_agenda.to_deployment(
            DEPLOYMENT,
            tags=tags,
            entrypoint_type=module_path,
            description="Offentliggør en dagsorden.",
        ),
        publish_protocol.to_deployment(
            DEPLOYMENT,
            tags=tags,
            entrypoint_type=module_path,
            description="Offentliggør en beslutningsprotokol (den offentlige udgave).",
        ),
        advance_case.to_deployment(
            DEPLOYMENT,
            tags=tags,
            entrypoint_type=module_path,
            description="Tag en handling på en sag (samme kontrol som CLI).",
        ),
        plan_case.to_deployment(
            DEPLOYMENT,
            tags=tags,
            entrypoint_type=module_path,
            description="Planlæg en sag ud fra mødeplanen.",
        ),
    ]


#: The process work pool of a scaled-out installation (``casework serve --role worker``).
WORK_POOL = "casework"


def register(pool: str = WORK_POOL) -> list[str]:
    """Register the deployments on the process work pool ``pool`` (created if missing), for
    ``prefect worker start --pool`` processes to run; the names registered are returned.

    Registering again (every worker does at its start) updates the same deployments: the
    deployment is keyed by its name, so two workers starting together leave one of each.
    """
    from prefect import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists

    with get_client(sync_client=True) as client, contextlib.suppress(ObjectAlreadyExists):
        client.create_work_pool(WorkPoolCreate(name=pool, type="process"))
    for deployment in deployments():
        deployment.apply(work_pool_name=pool)
    return list(DEPLOYMENT_NAMES)


def main(argv: list[str] | None = None) -> int:
    """Serve the deployments until SIGTERM or Ctrl-C; 0 on a clean stop.

    ``--work-pool NAME`` instead registers them on that process work pool and exits: the
    workers of a scaled-out installation run them (docs/deployment.md).
    """
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--work-pool"] and len(args) == 2:
        register(args[1])
        return 0
    from prefect import serve

    with contextlib.suppress(KeyboardInterrupt):
        serve(*deployments(), pause_on_shutdown=False, print_starting_message=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
