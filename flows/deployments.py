"""casework's deployments, and the process that serves them
(``python -m casework.flows.deployments``).

``casework serve`` starts this process against its Prefect server; a larger installation can
instead register the same deployments from ``prefect.yaml`` on a process work pool. Schedules
use Cron in Europe/Copenhagen (wall-clock times across daylight saving). ``pause_on_shutdown``
is off: Prefect's default pauses every schedule when the process stops, so after a restart
nothing would fire until someone resumed them by hand.

Both ways also keep one automation on the server, :data:`ZOMBIE_WATCH`: a run whose process
died without a word (a killed worker, a crashed machine, a database outage that cut it off from
Prefect) stops sending heartbeats and is marked CRASHED after three missed ones, instead of
showing RUNNING for ever (Prefect's "detect zombie flows" guide; :func:`ensure_zombie_watch`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
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


#: The automation that marks a run CRASHED when its heartbeats stop (one per Prefect server).
ZOMBIE_WATCH = "casework: kørsel uden hjerteslag markeres som crashed"
#: Heartbeats a run may miss before it counts as dead: one late heartbeat is not a crash.
MISSED_HEARTBEATS = 3
#: A run's own events that end the watch: a heartbeat (it lives) or a final state.
_ALIVE_OR_ENDED = frozenset(
    {
        "prefect.flow-run.heartbeat",
        "prefect.flow-run.Completed",
        "prefect.flow-run.Failed",
        "prefect.flow-run.Cancelled",
        "prefect.flow-run.Crashed",
    }
)


def zombie_watch(within: dt.timedelta | None = None) -> Any:
    """The automation :data:`ZOMBIE_WATCH`, not yet on a server.

    After each heartbeat of a flow run, the next heartbeat or a final state must follow within
    ``within`` (default: :data:`MISSED_HEARTBEATS` times ``PREFECT_FLOWS_HEARTBEAT_FREQUENCY``,
    180 s unless set); otherwise the run is set to CRASHED. A run that never sent a heartbeat
    is never touched.
    """
    from prefect.client.schemas.objects import StateType
    from prefect.events.actions import ChangeFlowRunState
    from prefect.events.schemas.automations import AutomationCore, EventTrigger, Posture
    from prefect.events.schemas.events import ResourceSpecification
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY

    if within is None:
        every = PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() or 180
        within = dt.timedelta(seconds=MISSED_HEARTBEATS * every)
    return AutomationCore(
        name=ZOMBIE_WATCH,
        description=(
            "Sætter en kørsel til Crashed, når dens proces er holdt op med at sende hjerteslag "
            "(en dræbt worker, et nedbrud): ellers stod den som Running for altid."
        ),
        trigger=EventTrigger(
            after={"prefect.flow-run.heartbeat"},
            expect=set(_ALIVE_OR_ENDED),
            match=ResourceSpecification({"prefect.resource.id": ["prefect.flow-run.*"]}),
            for_each={"prefect.resource.id"},
            posture=Posture.Proactive,
            threshold=1,
            within=within,
        ),
        actions=[
            ChangeFlowRunState(
                state=StateType.CRASHED,
                message="Kørslen holdt op med at sende hjerteslag: dens proces er væk.",
            )
        ],
    )


def ensure_zombie_watch(within: dt.timedelta | None = None) -> None:
    """Create or update :data:`ZOMBIE_WATCH` on the server; exactly one is left.

    Every serving process and every worker calls this at its start. Two starting together may
    both create it; each then keeps the one with the lowest id and removes the others.
    """
    from prefect import get_client

    wanted = zombie_watch(within)
    with get_client(sync_client=True) as client:
        found = client.read_automations_by_name(ZOMBIE_WATCH)
        if not found:
            client.create_automation(wanted)
            found = client.read_automations_by_name(ZOMBIE_WATCH)
        else:
            client.update_automation(found[0].id, wanted)
        for extra in sorted(found, key=lambda a: str(a.id))[1:]:
            with contextlib.suppress(Exception):  # another process removed it first
                client.delete_automation(extra.id)


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
    ensure_zombie_watch()
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

    ensure_zombie_watch()
    with contextlib.suppress(KeyboardInterrupt):
        serve(*deployments(), pause_on_shutdown=False, print_starting_message=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
