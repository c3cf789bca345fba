"""Load ``config/presentation.yaml``: the sagsfremstilling's sections and, per workflow, which
section is required from which step, which actions the quality checks block and what a change
after the approval does (issue 14).

The file is optional: without it :data:`~casework.domain.presentation.DEFAULT_CONFIG` applies.
Like the other loaders, every problem is reported at once with file, line and a hint: schema
errors as CW101-CW107; a workflow, step, action or section the configuration does not have as
CW876-CW879.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr

from casework.adapters.config.loader import FileNames, SourceFile
from casework.adapters.config.schema import Id, SchemaVersion, Text, _FileModel
from casework.domain.errors import DefinitionError, did_you_mean
from casework.domain.messages import register
from casework.domain.presentation import (
    DEFAULT_CONFIG,
    DEFAULT_PLAIN_WORDS,
    DEFAULT_SECTIONS,
    AfterApproval,
    PresentationConfig,
    QualitySettings,
    SectionSpec,
    WorkflowPresentation,
)
from casework.domain.workflow import WorkflowDefinition

PRESENTATION_FILE = "presentation.yaml"
CW_UNKNOWN_WORKFLOW = "CW876"
CW_UNKNOWN_STEP = "CW877"
CW_UNKNOWN_ACTION = "CW878"
CW_UNKNOWN_SECTION = "CW879"

register(
    {
        "presentation.unknown_workflow": (
            "arbejdsgangen '{workflow}' findes ikke i config/workflows",
            "the workflow '{workflow}' is not in config/workflows",
        ),
        "presentation.unknown_step": (
            "arbejdsgangen '{workflow}' har intet trin '{step}'",
            "the workflow '{workflow}' has no step '{step}'",
        ),
        "presentation.unknown_action": (
            "arbejdsgangen '{workflow}' har ingen handling '{action}'",
            "the workflow '{workflow}' has no action '{action}'",
        ),
        "presentation.unknown_section": (
            "afsnittet '{section}' er ikke blandt sections",
            "the section '{section}' is not among the sections",
        ),
    }
)

Mode = Literal["reapprove", "refuse"]


class SectionModel(_FileModel):
    """One section of the template (``sections:``)."""

    id: Id = Field(description="The section's id, e.g. resume, oekonomi, indstilling.")
    title: Text = Field(description="The Danish heading.")
    title_en: Text | None = Field(None, description="The English heading.")
    clauses: StrictBool = Field(False, description="Written as numbered 'at …' clauses.")


class WorkflowRulesModel(_FileModel):
    """One workflow's rules (``workflows.<id>:``, or ``default:``)."""

    required: dict[Id, Id] = Field(
        default_factory=dict, description="Section → the step from which it is required."
    )
    block: tuple[Id, ...] = Field((), description="Actions that quality errors refuse.")
    approval_step: Id | None = Field(None, description="Default: the first approval step.")
    before_decision: Mode = Field("reapprove", description="A change approved, not decided.")
    after_decision: Mode = Field("refuse", description="A change in political treatment.")


class QualityModel(_FileModel):
    """The kvalitetssikring's limits (``quality:``)."""

    resume_max_words: StrictInt = Field(120, ge=1, le=10_000, description="Resumé length.")
    lix_ceiling: StrictInt = Field(45, ge=1, le=100, description="Highest LIX without warning.")
    plain_words: dict[StrictStr, StrictStr] | None = Field(
        None, description="Word → plainer wording (default: a short Danish list)."
    )


class PresentationFile(_FileModel):
    """``config/presentation.yaml``."""

    schema_version: SchemaVersion = Field(description="Version of this file format; always 1.")
    title: Text | None = Field(None, description="A heading for people reading the file.")
    sections: tuple[SectionModel, ...] | None = Field(None, description="Default: the seven.")
    quality: QualityModel = Field(
        default_factory=QualityModel, description="The quality check's limits."
    )
    default: WorkflowRulesModel = Field(
        default_factory=WorkflowRulesModel, description="Rules for every workflow."
    )
    workflows: dict[Id, WorkflowRulesModel] = Field(
        default_factory=dict, description="Rules for one workflow, by its id (over the default)."
    )


def load_presentation_config(
    directory: str | Path, workflows: Mapping[str, WorkflowDefinition] | None = None
) -> PresentationConfig:
    """The checked presentation configuration of ``directory`` (the default without a file).

    ``workflows`` (the configured definitions by id) lets the loader check the workflow ids,
    steps and actions the file names.

    Raises:
        DefinitionError: with every finding of ``presentation.yaml``.
    """
    root = Path(directory)
    path = root / PRESENTATION_FILE
    if not path.is_file():
        return DEFAULT_CONFIG
    source = SourceFile.read(path, FileNames(root))
    model = source.validate(PresentationFile)
    if model is not None:
        _check(source, model, workflows)
    findings = source.sorted_findings()
    if findings or model is None:
        raise DefinitionError(findings)
    return _to_domain(model)


def _check(
    source: SourceFile,
    model: PresentationFile,
    workflows: Mapping[str, WorkflowDefinition] | None,
) -> None:
    sections = (
        {s.id for s in model.sections} if model.sections else {s.id for s in DEFAULT_SECTIONS}
    )
    rules: list[tuple[str, str | None, WorkflowRulesModel]] = [("default", None, model.default)]
    rules += [(f"workflows.{wid}", wid, r) for wid, r in model.workflows.items()]
    for path, workflow_id, rule in rules:
        for section in rule.required:
            if section not in sections:
                source.add(
                    CW_UNKNOWN_SECTION, "presentation.unknown_section",
                    f"{path}.required.{section}", did_you_mean(section, sections),
                    section=section,
                )  # fmt: skip
        if workflows is None:
            continue
        if workflow_id is not None and workflow_id not in workflows:
            source.add(
                CW_UNKNOWN_WORKFLOW, "presentation.unknown_workflow", path,
                did_you_mean(workflow_id, workflows), workflow=workflow_id,
            )  # fmt: skip
            continue
        targets = [workflows[workflow_id]] if workflow_id else list(workflows.values())
        _check_steps(source, path, rule, targets, every=workflow_id is not None)


def _check_steps(
    source: SourceFile,
    path: str,
    rule: WorkflowRulesModel,
    definitions: list[WorkflowDefinition],
    *,
    every: bool,
) -> None:
    # A workflow's own rules must name its steps; the default's names must exist in one of them.
    steps = {s for d in definitions for s in d.steps}
    actions = {t.action for d in definitions for t in d.transitions}
    name = definitions[0].id if every and definitions else "default"
    for section, step in rule.required.items():
        if step not in steps:
            source.add(
                CW_UNKNOWN_STEP, "presentation.unknown_step", f"{path}.required.{section}",
                did_you_mean(step, steps), workflow=name, step=step,
            )  # fmt: skip
    for index, action in enumerate(rule.block):
        if action not in actions:
            source.add(
                CW_UNKNOWN_ACTION, "presentation.unknown_action", f"{path}.block.{index}",
                did_you_mean(action, actions), workflow=name, action=action,
            )  # fmt: skip
    if rule.approval_step is not None and rule.approval_step not in steps:
        source.add(
            CW_UNKNOWN_STEP, "presentation.unknown_step", f"{path}.approval_step",
            did_you_mean(rule.approval_step, steps), workflow=name, step=rule.approval_step,
        )  # fmt: skip


def _rules(model: WorkflowRulesModel) -> WorkflowPresentation:
    return WorkflowPresentation(
        required=dict(model.required),
        block=frozenset(model.block),
        approval_step=model.approval_step,
        before_decision=AfterApproval(model.before_decision),
        after_decision=AfterApproval(model.after_decision),
    )


def _to_domain(model: PresentationFile) -> PresentationConfig:
    sections = (
        tuple(SectionSpec(s.id, s.title, s.title_en or s.title, s.clauses) for s in model.sections)
        if model.sections
        else DEFAULT_SECTIONS
    )
    quality = model.quality
    return PresentationConfig(
        sections=sections,
        workflows={wid: _rules(r) for wid, r in model.workflows.items()},
        default=_rules(model.default),
        quality=QualitySettings(
            resume_max_words=quality.resume_max_words,
            lix_ceiling=quality.lix_ceiling,
            plain_words=(
                dict(quality.plain_words)
                if quality.plain_words is not None
                else dict(DEFAULT_PLAIN_WORDS)
            ),
        ),
    )
