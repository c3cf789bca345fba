"""prefect.yaml (scale-out) and flows/deployments.py (``casework serve``) describe the same
deployments with the same schedules; a change to one must reach the other."""

from __future__ import annotations

from pathlib import Path

import yaml

from casework.flows.deployments import DEPLOYMENT_NAMES, ZONE, deployments

ROOT = Path(__file__).resolve().parent.parent.parent


def _served() -> dict[str, tuple[str, list[str]]]:
    found = {}
    for deployment in deployments():
        crons = [s.schedule.cron for s in deployment.schedules or []]
        zones = {s.schedule.timezone for s in deployment.schedules or []}
        assert zones <= {ZONE}
        function = deployment.entrypoint.rsplit(".", 1)[1]
        found[f"{deployment.flow_name}/{deployment.name}"] = (function, crons)
    return found


def _declared() -> dict[str, tuple[str, list[str]]]:
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    found = {}
    for entry in spec["deployments"]:
        path, function = entry["entrypoint"].split(":")
        assert (ROOT / path).is_file(), path
        for schedule in entry.get("schedules", []):
            assert schedule["timezone"] == ZONE
        found[function] = [s["cron"] for s in entry.get("schedules", [])]
    return found


def test_prefect_yaml_and_served_deployments_agree() -> None:
    served = _served()
    assert set(served) == set(DEPLOYMENT_NAMES)
    declared = _declared()
    assert {function for function, _ in served.values()} == set(declared)
    for function, crons in served.values():
        assert declared[function] == crons, function
