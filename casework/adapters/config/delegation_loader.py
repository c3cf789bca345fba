"""Load the delegation plans in ``config/delegation/*.yaml``, with every finding at once.

Each file is parsed by the line-tracking YAML loader, validated against
:class:`~casework.adapters.config.delegation_schema.DelegationPlanFile` and checked by
:mod:`casework.domain.delegation_checks` against the municipality; findings carry file, line and
YAML path. :func:`check_delegation` returns plans and findings (for ``casework delegation
check``); :func:`load_delegation_plans` raises one :class:`DefinitionError` when any finding is
an error. A configuration without a ``delegation/`` directory simply has no plans.

It also reads the files of cases a what-if runs over (:func:`read_cases`: CSV with a header row,
or JSON: a list of objects), because reading files is an adapter's job.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The general loader's file reader (YAML with lines, schema findings, duplicate keys) is reused
# as is, so a plan's findings read exactly like a workflow's.
from casework.adapters.config.delegation_schema import DelegationPlanFile
from casework.adapters.config.loader import FileNames, SourceFile, resolved
from casework.domain.delegation import InvalidCases, UnknownPlan
from casework.domain.delegation_checks import check_plan, check_plans, is_error
from casework.domain.delegation_plan import DelegationPlan
from casework.domain.delegation_workflows import check_workflow_table
from casework.domain.errors import DefinitionError, Finding, Location, did_you_mean
from casework.domain.organisation import Municipality
from casework.domain.workflow import WorkflowDefinition

DELEGATION_DIR = "delegation"


@dataclass(frozen=True, slots=True)
class DelegationCheck:
    """The plans that loaded and every finding about them, errors and warnings."""

    plans: tuple[DelegationPlan, ...]
    findings: tuple[Finding, ...]
    files: tuple[str, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings that stop the plans from loading."""
        return tuple(f for f in self.findings if is_error(f))

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings worth a look that do not stop anything."""
        return tuple(f for f in self.findings if not is_error(f))


def plan_files(config_dir: str | Path) -> list[Path]:
    """The plan files in ``config_dir/delegation`` (``.yaml`` and ``.yml``, not hidden)."""
    directory = Path(config_dir) / DELEGATION_DIR
    if not directory.is_dir():
        return []
    return sorted(
        p
        for p in directory.iterdir()
        if p.suffix in {".yaml", ".yml"} and not p.name.startswith(".")
    )


def check_delegation(
    config_dir: str | Path,
    municipality: Municipality,
    extra: Sequence[Path] = (),
    workflows: Mapping[str, WorkflowDefinition] | None = None,
) -> DelegationCheck:
    """Every plan in ``config_dir/delegation`` (and ``extra`` files), checked; never raises
    for findings, only for a file system that cannot be read at all.

    With ``workflows``, each plan's workflow table is checked against them too."""
    names = FileNames(Path(config_dir))
    paths = plan_files(config_dir)
    known = {resolved(p) for p in paths}
    paths += [p for p in extra if resolved(p) not in known]
    sources: dict[int, SourceFile] = {}
    plans: list[DelegationPlan] = []
    findings: list[Finding] = []
    for path in paths:
        source = SourceFile.read(path, names)
        model = source.validate(DelegationPlanFile)
        if model is not None:
            plan = model.to_domain(source=source.name)
            source.findings.extend(check_plan(plan, municipality, source.locate))
            if workflows is not None:
                source.findings.extend(check_workflow_table(plan, workflows, source.locate))
            plans.append(plan)
            sources[id(plan)] = source
        findings.extend(source.sorted_findings())

    def locate(plan: DelegationPlan, path: str) -> Location | None:
        return sources[id(plan)].locate(path)

    findings.extend(check_plans(plans, locate))
    return DelegationCheck(tuple(plans), tuple(findings), tuple(names.display(p) for p in paths))


def load_delegation_plans(
    config_dir: str | Path,
    municipality: Municipality,
    workflows: Mapping[str, WorkflowDefinition] | None = None,
) -> tuple[DelegationPlan, ...]:
    """The checked plans; :class:`DefinitionError` with every error when any plan has one."""
    result = check_delegation(config_dir, municipality, workflows=workflows)
    if result.errors:
        raise DefinitionError(result.errors)
    return result.plans


def find_plan(name: str, config_dir: str | Path, municipality: Municipality) -> DelegationPlan:
    """The plan a user names: a file path, a file name in ``delegation/``, or ``id@version``.

    Raises :class:`UnknownPlan` (with a suggestion) when nothing fits and
    :class:`DefinitionError` when that plan has errors.
    """
    path = Path(name)
    extra = [path] if path.is_file() else []
    result = check_delegation(config_dir, municipality, extra)
    wanted = FileNames(Path(config_dir)).display(path) if extra else None
    by_name: dict[str, DelegationPlan] = {}
    for plan in result.plans:
        source = Path(plan.source or "")
        by_name.update({source.name: plan, source.stem: plan, f"{plan.id}@{plan.version}": plan})
    match = next((p for p in result.plans if wanted and p.source == wanted), by_name.get(name))
    if match is None:
        raise UnknownPlan(
            plan=name,
            known=", ".join(sorted(k for k in by_name if "@" in k or "." not in k)) or "–",
            suggestion=did_you_mean(name, by_name),
        )
    errors = [f for f in result.errors if f.location is None or f.location.file == match.source]
    if errors:
        raise DefinitionError(errors)
    return match


def read_cases(path: str | Path) -> list[dict[str, Any]]:
    """The cases in a CSV (header row; empty cells are absent) or JSON file (a list of objects).

    Raises :class:`InvalidCases` when the file cannot be read or has the wrong shape.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")  # -sig: spreadsheets write a BOM
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidCases(file=str(path), detail=str(exc)) from None
    if file.suffix.lower() == ".json":
        return _json_cases(text, str(path))
    rows = list(csv.DictReader(text.splitlines()))
    if not rows:
        raise InvalidCases(file=str(path), detail="no rows")
    return [{k: (v if v != "" else None) for k, v in row.items() if k} for row in rows]


def _json_cases(text: str, name: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidCases(file=name, detail=str(exc)) from None
    if isinstance(data, dict) and isinstance(data.get("cases"), list):
        data = data["cases"]
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise InvalidCases(file=name, detail="expected a list of objects")
    return data
