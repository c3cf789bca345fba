"""Load ``config/`` into one checked, frozen :class:`Configuration`, or report every problem.

An administrator who edits the configuration should learn about all of their mistakes in one
run, each with file, line and a hint, not one per restart. So the loader never stops at the
first problem: it reads ``municipality.yaml`` and every ``workflows/*.yaml`` (or ``.yml``),
turns syntax errors, schema errors (pydantic), duplicate ids, broken references and the workflow
checks of :mod:`casework.domain.workflow_checks` into :class:`Finding` objects, and raises one
:class:`DefinitionError` carrying all of them. Only a missing directory or a missing
``municipality.yaml`` stops it at once (:class:`ConfigFileError`), because then there is
nothing to check.

Codes used here (catalogued in ``docs/errors.md``):

=====  ==========================================================
CW101  a file cannot be read or is not valid YAML
CW102  unknown field (a typo, or a field in the wrong place)
CW103  required field missing
CW104  field has an invalid value
CW105  the same id is defined twice (steps, bodies, people, ...)
CW106  no workflow files
CW107  the same field is written twice in one mapping
CW112  a person names an unknown role
CW121  a person names an unknown centre
=====  ==========================================================

CW110-CW120 come from the workflow checks.
"""

from __future__ import annotations

import os
import re
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from casework.adapters.config.schema import (
    AttributeModel,
    MunicipalityFile,
    RoleModel,
    WorkflowFile,
)
from casework.adapters.config.yaml_loader import LoadedYaml, join_path, load_yaml_file
from casework.domain.configuration import Configuration
from casework.domain.errors import (
    ConfigFileError,
    DefinitionError,
    Finding,
    Location,
    did_you_mean,
)
from casework.domain.messages import Msg
from casework.domain.organisation import Municipality
from casework.domain.validation_text import pydantic_problem
from casework.domain.workflow import WorkflowDefinition
from casework.domain.workflow_checks import Locate, check_workflow

CW_UNREADABLE = "CW101"
CW_UNKNOWN_KEY = "CW102"
CW_MISSING_KEY = "CW103"
CW_BAD_VALUE = "CW104"
CW_DUPLICATE_ID = "CW105"
CW_NO_WORKFLOWS = "CW106"
CW_DUPLICATE_KEY = "CW107"
CW_UNKNOWN_ROLE = "CW112"
CW_UNKNOWN_CENTRE = "CW121"

MUNICIPALITY_FILE = "municipality.yaml"
WORKFLOW_DIR = "workflows"

_Model = TypeVar("_Model", bound=BaseModel)

# Pydantic's own messages are English and technical; the common ones get a plain message from
# the catalogue instead, in the reader's language. Other error types keep pydantic's text.
_PLAIN_VALUE_ERRORS: dict[str, str] = {
    "string_type": "config.value.text",
    "int_type": "config.value.integer",
    "int_parsing": "config.value.integer",
    "int_from_float": "config.value.integer",
    "bool_type": "config.value.boolean",
    "bool_parsing": "config.value.boolean",
    "tuple_type": "config.value.list",
    "list_type": "config.value.list",
    "model_type": "config.value.mapping",
    "model_attributes_type": "config.value.mapping",
    "dict_type": "config.value.mapping",
    "too_short": "config.value.empty",
    "string_too_short": "config.value.empty",
}
_CHOICE_ERRORS = frozenset({"enum", "literal_error"})
_QUOTED = re.compile(r"'([^']*)'")


def load_configuration(directory: str | Path) -> Configuration:
    """The configuration in ``directory``, checked and frozen.

    Raises :class:`ConfigFileError` when the directory or its ``municipality.yaml`` is missing,
    and :class:`DefinitionError` with every finding of every file when anything is wrong.
    """
    root = Path(directory)
    # No configuration at all: say how to get one (a first run after `pip install casework`).
    if not root.is_dir():
        raise ConfigFileError(
            file=str(directory),
            detail=Msg("config.get_one", problem=Msg("config.no_directory")),
        )
    names = FileNames(root)
    municipality_path = root / MUNICIPALITY_FILE
    if not present(municipality_path):
        raise ConfigFileError(
            file=names.display(municipality_path),
            detail=Msg("config.get_one", problem=Msg("config.missing_file")),
        )

    findings: list[Finding] = []
    municipality_source = SourceFile.read(municipality_path, names)
    municipality = _load_municipality(municipality_source)
    basis = _CheckBasis.of(municipality, municipality_source)
    findings.extend(municipality_source.sorted_findings())

    workflows: dict[str, WorkflowDefinition] = {}
    workflow_dir = root / WORKFLOW_DIR
    paths = _workflow_files(workflow_dir)
    if not paths:
        shown = names.display(workflow_dir)
        findings.append(
            Finding(CW_NO_WORKFLOWS, "config.no_workflows", {"directory": shown}, Location(shown))
        )
    for path in paths:
        source = SourceFile.read(path, names)
        definition = _load_workflow(source, basis, workflows)
        if definition is not None:
            workflows[definition.id] = definition
        findings.extend(source.sorted_findings())

    if findings or municipality is None:
        raise DefinitionError(findings)
    return Configuration(
        municipality=municipality,
        workflows=MappingProxyType(workflows),
        directory=str(root),
    )


def _workflow_files(directory: Path) -> list[Path]:
    # ".yml" too: a workflow silently ignored for its file ending would be a nasty surprise.
    # Hidden files are editors' lock and swap files, not workflows.
    if not directory.is_dir():
        return []
    return sorted(
        path
        for path in directory.iterdir()
        if path.suffix in {".yaml", ".yml"} and not path.name.startswith(".")
    )


@dataclass(frozen=True, slots=True)
class FileNames:
    """How files are named in findings: relative to the config directory's parent."""

    root: Path

    def display(self, path: Path) -> str:
        # "config/workflows/beslutningssag.yaml" tells the reader both the directory and the
        # file; an absolute temp path would drown the part they need.
        try:
            return resolved(path).relative_to(resolved(self.root).parent).as_posix()
        except ValueError:
            return str(path)


def present(path: Path) -> bool:
    """Whether ``path`` is a file to read: a file, or a link (one that leads nowhere, or loops,
    is read all the same, so that the finding names the link instead of calling it missing)."""
    return path.is_file() or path.is_symlink()


def resolved(path: Path) -> Path:
    """``path`` made absolute with its links resolved, or only made absolute when a link loops
    (pathlib raises RuntimeError or OSError there; reading the file then names the loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


@dataclass(slots=True)
class SourceFile:
    """One file being loaded: its name, its parsed YAML (if any) and its findings so far."""

    name: str
    loaded: LoadedYaml | None
    findings: list[Finding] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path, names: FileNames) -> SourceFile:
        name = names.display(path)
        try:
            loaded = load_yaml_file(path, name)
        except ConfigFileError as exc:
            line = exc.params.get("line")
            key = "config.yaml_syntax" if line is not None else "config.unreadable"
            finding = Finding(
                CW_UNREADABLE, key, {"detail": exc.params["detail"]}, Location(name, line)
            )
            return cls(name, None, [finding])
        source = cls(name, loaded)
        for yaml_path, line in loaded.duplicate_keys:
            source.findings.append(
                Finding(
                    CW_DUPLICATE_KEY,
                    "config.duplicate_key",
                    {"key": yaml_path.rsplit(".", 1)[-1]},
                    Location(name, line, yaml_path),
                )
            )
        return source

    def locate(self, path: str) -> Location:
        """``path`` in this file, on the line of the path or its nearest ancestor."""
        line = self.loaded.line_of(path) if self.loaded is not None else None
        return Location(self.name, line, path or None)

    def add(
        self, code: str, key: str, path: str, suggestion: str | None = None, **params: Any
    ) -> None:
        self.findings.append(Finding(code, key, params, self.locate(path), suggestion))

    def validate(self, model: type[_Model]) -> _Model | None:
        """The file's data as ``model``, or None after recording why it does not fit."""
        if self.loaded is None:
            return None
        data = self.loaded.data
        if data is None:
            self.add(CW_BAD_VALUE, "config.empty_file", "")
            return None
        if not isinstance(data, dict):
            self.add(CW_BAD_VALUE, "config.not_a_mapping", "")
            return None
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                self.findings.append(_schema_finding(error, model, self))
            return None

    def sorted_findings(self) -> list[Finding]:
        # Top to bottom, as the author reads the file; findings without a line come last.
        return sorted(
            self.findings,
            key=lambda f: (
                f.location is None or f.location.line is None,
                f.location.line if f.location and f.location.line else 0,
            ),
        )


def _load_municipality(source: SourceFile) -> Municipality | None:
    model = source.validate(MunicipalityFile)
    if model is None:
        return None
    for kind, items in (
        ("role", model.roles),
        ("body", model.bodies),
        ("centre", model.centres),
        ("attribute", model.attributes),
        ("person", model.people),
    ):
        _duplicate_ids(source, kind, _PLURAL[kind], (item.id for item in items))
    _people_references(source, model)
    # Built even when ids or people are broken: the workflows are still worth checking
    # against the roles and attributes, so the author sees their problems in the same run.
    return model.to_domain()


@dataclass(frozen=True, slots=True)
class _CheckBasis:
    """What the workflow checks run against, and which of their findings to trust.

    When municipality.yaml does not validate, the roles and attributes that do validate on
    their own still let the graph and reference checks run. Findings about roles (or
    attributes) are dropped when some role (or attribute) entry is itself broken, since the
    "unknown" role may be exactly the broken one.
    """

    municipality: Municipality
    unsure: frozenset[str] = frozenset()

    @classmethod
    def of(cls, municipality: Municipality | None, source: SourceFile) -> _CheckBasis:
        if municipality is not None:
            return cls(municipality)
        data = source.loaded.data if source.loaded is not None else None
        raw = data if isinstance(data, dict) else {}
        roles, roles_ok = _salvage(raw.get("roles"), RoleModel)
        attributes, attributes_ok = _salvage(raw.get("attributes", []), AttributeModel)
        unsure: set[str] = set()
        if not roles_ok:
            unsure |= _ROLE_CODES
        if not attributes_ok:
            unsure |= _ATTRIBUTE_CODES
        partial = Municipality(
            id="",
            name="",
            bodies={},
            centres={},
            roles={r.id: r.to_domain() for r in roles},
            people={},
            attributes={a.id: a.to_domain() for a in attributes},
        )
        return cls(partial, frozenset(unsure))

    def check(self, definition: WorkflowDefinition, locate: Locate) -> list[Finding]:
        findings = check_workflow(definition, self.municipality, locate)
        return [f for f in findings if f.code not in self.unsure]


# Codes of the workflow checks that depend on the roles or the attributes of municipality.yaml.
_ROLE_CODES = frozenset({"CW112"})
_ATTRIBUTE_CODES = frozenset({"CW113", "CW118"})


def _salvage(raw: object, model: type[_Model]) -> tuple[list[_Model], bool]:
    """The entries of the list ``raw`` that validate as ``model``; False if any does not."""
    if not isinstance(raw, list):
        return [], False
    valid: list[_Model] = []
    for item in raw:
        try:
            valid.append(model.model_validate(item))
        except ValidationError:
            return valid, False
    return valid, True


_PLURAL = {
    "role": "roles",
    "body": "bodies",
    "centre": "centres",
    "attribute": "attributes",
    "person": "people",
    "step": "steps",
}


def _duplicate_ids(source: SourceFile, kind: str, field_name: str, ids: Iterable[str]) -> bool:
    """Record a finding for every id seen before; True when there was none."""
    seen: set[str] = set()
    clean = True
    for index, item_id in enumerate(ids):
        if item_id in seen:
            clean = False
            source.add(
                CW_DUPLICATE_ID,
                "config.duplicate_id",
                f"{field_name}[{index}].id",
                kind=Msg(f"config.kind.{kind}"),
                id=item_id,
            )
        seen.add(item_id)
    return clean


def _people_references(source: SourceFile, model: MunicipalityFile) -> None:
    roles = {r.id for r in model.roles}
    centres = {c.id for c in model.centres}
    for i, role_model in enumerate(model.roles):
        if role_model.superior is not None and role_model.superior not in roles:
            source.add(
                CW_UNKNOWN_ROLE,
                "config.unknown_role",
                f"roles[{i}].superior",
                did_you_mean(role_model.superior, roles),
                role=role_model.superior,
            )
    for i, person in enumerate(model.people):
        for j, role in enumerate(person.roles):
            if role not in roles:
                source.add(
                    CW_UNKNOWN_ROLE,
                    "config.unknown_role",
                    f"people[{i}].roles[{j}]",
                    did_you_mean(role, roles),
                    role=role,
                )
        for j, centre in enumerate(person.centres):
            if centre not in centres:
                source.add(
                    CW_UNKNOWN_CENTRE,
                    "config.unknown_centre",
                    f"people[{i}].centres[{j}]",
                    did_you_mean(centre, centres),
                    centre=centre,
                )


def _load_workflow(
    source: SourceFile, basis: _CheckBasis, earlier: dict[str, WorkflowDefinition]
) -> WorkflowDefinition | None:
    model = source.validate(WorkflowFile)
    if model is None:
        return None
    if not _duplicate_ids(source, "step", "steps", (s.id for s in model.steps)):
        # With two steps of one id the graph is ambiguous, and every check after this
        # would point at the wrong step.
        return None
    if model.id in earlier:
        source.add(
            CW_DUPLICATE_ID,
            "config.duplicate_id",
            "id",
            kind=Msg("config.kind.workflow"),
            id=model.id,
        )
        return None
    definition = model.to_domain(source=source.name)
    source.findings.extend(basis.check(definition, source.locate))
    # Issue 20: the centres an internal høring asks must exist (known only when
    # municipality.yaml itself loaded; a salvaged one has no centres to check against).
    if basis.municipality.id:
        from casework.domain.involvement import involvement_findings

        found = involvement_findings(definition, basis.municipality, source.locate)
        source.findings.extend(found)
    return definition


def _schema_finding(error: ErrorDetails, model: type[BaseModel], source: SourceFile) -> Finding:
    """One pydantic error as a finding in the reader's terms."""
    loc = error["loc"]
    path = _yaml_path(loc)
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    location = source.locate(path)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _field_names(model, loc[:-1])
        return Finding(
            CW_UNKNOWN_KEY,
            "config.unknown_key",
            {"key": key, "allowed": ", ".join(allowed)},
            location,
            did_you_mean(key, allowed),
        )
    if kind == "missing":
        return Finding(CW_MISSING_KEY, "config.missing_key", {"key": str(loc[-1])}, location)
    if kind.startswith("config."):
        # Our own checks in schema.py: the error type is the message key, ctx its parameters.
        return Finding(CW_BAD_VALUE, kind, ctx, location)
    if kind == "string_pattern_mismatch":
        return Finding(CW_BAD_VALUE, "config.bad_id", {"id": error["input"]}, location)
    suggestion: str | None = None
    detail: Msg | str
    if kind in _CHOICE_ERRORS:
        choices = _QUOTED.findall(str(ctx.get("expected", ""))) or [str(ctx.get("expected"))]
        detail = Msg("config.value.one_of", choices=", ".join(choices))
        if isinstance(error["input"], str):
            suggestion = did_you_mean(error["input"], choices)
    elif kind == "greater_than_equal":
        detail = Msg("config.value.at_least", limit=ctx.get("ge"))
    elif kind in _PLAIN_VALUE_ERRORS:
        detail = Msg(_PLAIN_VALUE_ERRORS[kind])
    else:
        detail = pydantic_problem(error)  # in the reader's language, never pydantic's English
    return Finding(
        CW_BAD_VALUE,
        "config.bad_value",
        {"key": _key_label(loc), "detail": detail},
        location,
        suggestion,
    )


def _yaml_path(loc: Sequence[int | str]) -> str:
    path = ""
    for part in loc:
        path = join_path(path, part)
    return path


def _key_label(loc: Sequence[int | str]) -> str:
    # The field as the author wrote it: "amount", or "roles[1]" for an item of a list.
    for index in range(len(loc) - 1, -1, -1):
        if isinstance(loc[index], str):
            return _yaml_path(loc[index:])
    return _yaml_path(loc) or "."


def _field_names(model: type[BaseModel], loc: Sequence[int | str]) -> list[str]:
    """The YAML names of the fields allowed at ``loc`` (aliases such as ``from`` included)."""
    target = _model_at(model, loc)
    if target is None:
        return []
    return [info.alias or name for name, info in target.model_fields.items()]


def _model_at(model: type[BaseModel], loc: Sequence[int | str]) -> type[BaseModel] | None:
    # Follows the field annotations along the error's location: a string is a field of the
    # current model or a key of the current mapping (``bodies.kb``), an integer an item of the
    # current tuple.
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            if typing.get_origin(current) is not tuple:
                return None
            current = typing.get_args(current)[0]
            continue
        if typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        fields = {info.alias or name: info for name, info in current.model_fields.items()}
        if part not in fields:
            return None
        current = fields[part].annotation
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """``annotation`` without ``Annotated`` metadata and without ``| None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation
