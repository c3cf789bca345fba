"""The OParl classification mapping: YAML in, a checked :class:`Classification` out.

The German defaults ship beside this module (``mapping-de.yaml``); ``casework import oparl
--mapping FILE`` replaces them. The file is checked like the rest of the configuration: every
problem at once, each with file, line and YAML path (an unknown decision, a role that is not a
route role, a pattern that is no regular expression).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from casework.adapters.config.yaml_loader import LoadedYaml, load_yaml_file
from casework.domain.errors import DefinitionError, Finding, Location
from casework.domain.oparl import Classification, Decision, ResultRule
from casework.domain.validation_text import pydantic_problem
from casework.domain.workflow import RouteRole

#: The German defaults.
DEFAULT_MAPPING = Path(__file__).with_name("mapping-de.yaml")

DecisionName = Literal[
    "approved", "recommended", "postponed", "referred", "noted", "rejected", "unknown"
]
RoleName = Literal["indstiller", "beslutter", "orienteres", "droefter"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ResultModel(_Model):
    """One rule: a regular expression searched in the result text, and its decision."""

    match: str = Field(min_length=1, description="Case-insensitive regular expression.")
    decision: DecisionName


class MappingFile(_Model):
    """``mapping-de.yaml``: result texts to decisions, consultation roles to route roles."""

    schema_version: Literal[1]
    results: tuple[ResultModel, ...] = ()
    empty_result: DecisionName = "unknown"
    no_match: DecisionName = "unknown"
    roles: dict[str, RoleName] = Field(default_factory=dict)
    authoritative: RoleName = "beslutter"
    default_role: RoleName = "indstiller"
    last_body_decides: bool = True


def load_mapping(path: Path | None = None) -> Classification:
    """The classification from ``path`` (the German defaults when None).

    Raises:
        ConfigFileError: the file cannot be read or is no YAML.
        DefinitionError: the file's content is wrong; every finding has file and line.
    """
    path = path or DEFAULT_MAPPING
    display = str(path)
    loaded = load_yaml_file(path, display)
    try:
        model = MappingFile.model_validate(loaded.data)
    except ValidationError as exc:
        raise DefinitionError(_findings(exc, loaded, display)) from None
    findings = []
    for index, rule in enumerate(model.results):
        try:
            re.compile(rule.match, re.IGNORECASE)
        except re.error as exc:
            where = f"results[{index}].match"
            findings.append(
                Finding(
                    "CW680",
                    "config.bad_value",
                    {"key": "match", "detail": str(exc)},
                    Location(display, loaded.line_of(where), where),
                )
            )
    if findings:
        raise DefinitionError(findings)
    return Classification(
        results=tuple(
            ResultRule(
                rule.match,
                Decision(rule.decision),
                f"{display}:{loaded.line_of(f'results[{i}]') or '?'}",
            )
            for i, rule in enumerate(model.results)
        ),
        roles={name.strip().lower(): RouteRole(role) for name, role in model.roles.items()},
        empty=Decision(model.empty_result),
        fallback=Decision(model.no_match),
        authoritative=RouteRole(model.authoritative),
        default_role=RouteRole(model.default_role),
        last_body_decides=model.last_body_decides,
    )


def _findings(exc: ValidationError, loaded: LoadedYaml, display: str) -> list[Finding]:
    findings = []
    for error in exc.errors():
        parts: list[Any] = list(error.get("loc", ()))
        path = ""
        for part in parts:
            path = (
                f"{path}[{part}]"
                if isinstance(part, int)
                else (f"{path}.{part}" if path else str(part))
            )
        key = str(parts[-1]) if parts else "-"
        kind = error.get("type")
        params: dict[str, Any]  # str values, or a Msg rendered in the reader's language
        if kind == "missing":
            message, params = "config.missing_key", {"key": key}
        elif kind == "extra_forbidden":
            message, params = "config.unknown_key", {"key": key, "allowed": _allowed(parts)}
        else:
            detail = pydantic_problem(error)  # the reader's language, not pydantic's English
            message, params = "config.bad_value", {"key": key, "detail": detail}
        findings.append(
            Finding("CW680", message, params, Location(display, loaded.line_of(path), path or None))
        )
    return findings


def _allowed(parts: list[Any]) -> str:
    model: type[BaseModel] = ResultModel if parts and parts[0] == "results" else MappingFile
    return ", ".join(model.model_fields)
