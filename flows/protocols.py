"""The beslutningsprotokol published: a run per meeting whose minutes the secretariat published.

Publishing the minutes (``casework minutes publish``, the web app's button) only appends the
event; the bus writes a row of the published-minutes feed in the same transaction
(:mod:`casework.app.protocols`). ``schedule-runs`` reads that feed and creates one
``publish-protocol`` run per meeting (:func:`schedule_protocols`); the run writes the public
protocol as HTML, PDF and JSON for the website and leaves it as a Markdown artifact
``protocol-<body>-<date>``. Only the public version leaves here: a closed item is its number and
public heading, nothing else, because that is all the domain's public projection holds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from prefect import flow, get_run_logger

from casework.flows import runtime

if TYPE_CHECKING:
    from casework.domain.protocol import PublishedProtocol

#: Deployment name, "<flow name>/<deployment name>", for run_deployment.
PUBLISH_PROTOCOL = "publish-protocol/casework"


def protocol_key(body: str, day: dt.date) -> str:
    """``protocol-tmu-2026-04-13``: the artifact's key (lowercase letters, digits, dashes)."""
    return f"protocol-{body.lower().replace('_', '-')}-{day.isoformat()}"


def protocol_markdown(protocol: PublishedProtocol, files: list[str]) -> str:
    """The public protocol as Markdown for the Prefect UI (Danish), from the projection only;
    every recorded text goes through :func:`flows.artifacts.md`, so it renders as that text."""
    from casework.flows.artifacts import md

    lines = [f"# Beslutningsprotokol – {md(protocol.body_name)}", "",
             f"Mødedato: {md(protocol.when)}", ""]  # fmt: skip
    if protocol.absent:
        lines += [f"Fraværende: {md('; '.join(protocol.absent))}", ""]
    for item in protocol.items:
        lines.append(f"## {item.number}. {md(item.heading)}")
        lines += [f"\n*{md(note)}*" for note in item.notes]
        if item.outcome_text:
            lines += ["", f"{md(protocol.decided_in)}: **{md(item.outcome_text)}**"]
            if item.decision_text:
                lines += ["", md(item.decision_text)]
            if item.votes:
                lines += ["", *(f"- {md(line)}" for line in item.votes)]
            lines += [f"\n*Mindretalsudtalelse:* {md(text)}" for text in item.minority]
            lines += [f"\n*Protokoltilførsel:* {md(text)}" for text in item.entries]
        lines.append("")
    if files:
        lines += ["Filer:", "", *(f"- `{Path(path).name}`" for path in files), ""]
    return "\n".join(lines)


def _out_dir(body: str, day: dt.date) -> Path:
    return runtime.settings().data_dir / "protokoller" / f"{body}-{day.isoformat()}"


@flow(name="publish-protocol", flow_run_name="publish-protocol-{body}-{date}", log_prints=False)
def publish_protocol(body: str, date: dt.date) -> list[str]:
    """Write the public protocol (HTML, PDF, JSON) and publish it as an artifact."""
    from prefect.artifacts import create_markdown_artifact

    from casework.app.protocols import FORMATS, render_protocol
    from casework.domain.agenda import Visibility

    logger = get_run_logger()
    services = runtime.services()
    protocol = services.agendas.protocol(body, date).publish(Visibility.PUBLIC)
    if protocol.published_on is None:
        logger.info("Protokollen for %s %s er ikke offentliggjort; intet at gøre.", body, date)
        return []
    out = _out_dir(body, date)
    out.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    for kind in FORMATS:
        path = out / f"protokol-{body}-{date.isoformat()}-offentlig.{kind}"
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(render_protocol(protocol, kind))
        tmp.replace(path)  # atomic: a reader never sees half a file
        written.append(str(path))
    create_markdown_artifact(
        markdown=protocol_markdown(protocol, written),
        key=protocol_key(body, date),
        description=f"Beslutningsprotokol for {protocol.body_name} {date.isoformat()} "
        "(offentlig udgave).",
    )
    logger.info("Protokol %s %s offentliggjort: %d filer.", body, date, len(written))
    return written


def schedule_protocols() -> int:
    """Create a ``publish-protocol`` run for each meeting whose minutes were published since
    the last call; the feed's position is stored only once every run is created."""
    from prefect.deployments import run_deployment

    from casework.app.protocols import protocol_runs_scheduled, protocols_to_publish

    services = runtime.services()
    runs = protocols_to_publish(services)
    for body, day in runs.meetings:
        run_deployment(
            PUBLISH_PROTOCOL,
            parameters={"body": body, "date": day.isoformat()},
            timeout=0,
            # One run per publication: the feed position makes a re-published meeting a new one.
            idempotency_key=f"protocol:{body}:{day.isoformat()}:{runs.position}",
            as_subflow=False,
            tags=[f"body:{body}", "protocol"],
        )
    protocol_runs_scheduled(services, runs)
    return len(runs.meetings)
