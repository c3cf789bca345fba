"""The file formats of ``config/`` as pydantic models, one per file kind, and their domain form.

Each model forbids unknown keys (a typo such as ``deadine:`` must fail, not vanish), describes
every field (the descriptions become the JSON Schema editors show, see ``jsonschema.py``), and
turns itself into frozen domain objects with ``to_domain()``; nothing outside this module sees
a pydantic model or a dict. Booleans, integers and strings are strict: the YAML loader already
gives them their real types, and lax coercion (``"yes"`` → True, ``"21"`` → 21) would bring
back exactly the guesses the loader removes.

Checks that need more than one field of one model (a guard's operator and its value, a choice
attribute and its choices) live here; checks across models (references between steps, roles,
centres) live in the loader and in :mod:`casework.domain.workflow_checks`. Custom errors use a
message key as their pydantic error type and its parameters as context, so the loader renders
them from the catalogue in Danish or English.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from casework.domain.events import canonical_json
from casework.domain.involvement import Involvement, InvolvementForm, Party
from casework.domain.messages import register
from casework.domain.organisation import (
    AttributeSpec,
    AttributeType,
    Body,
    BodyKind,
    Centre,
    Municipality,
    Person,
    Role,
    RoleScope,
)
from casework.domain.periods import MinimumRule
from casework.domain.workflow import (
    Condition,
    DeadlineRule,
    Outcome,
    RoutePolicy,
    RouteRole,
    Step,
    StepKind,
    Transition,
    TransitionKind,
    WorkflowDefinition,
)

#: Ids appear in paths, CLI arguments and concrete step ids (``step@body``), so they may not
#: contain spaces, dots, ``@`` or ``$`` (which marks the special targets).
ID_PATTERN = r"^[A-Za-z0-9_æøåÆØÅ-]+$"

Id = Annotated[StrictStr, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[StrictStr, StringConstraints(min_length=1)]

GuardOp = Literal["eq", "ne", "in", "not_in", "gt", "ge", "lt", "le", "set", "unset"]
_LIST_OPS = frozenset({"in", "not_in"})
_PRESENCE_OPS = frozenset({"set", "unset"})


def _no_bool(value: Any) -> Any:
    # Literal[1] would accept True (True == 1 in Python); a version is never a boolean.
    if isinstance(value, bool):
        raise PydanticCustomError("literal_error", "Input should be 1", {"expected": "1"})
    return value


SchemaVersion = Annotated[Literal[1], BeforeValidator(_no_bool)]


class _FileModel(BaseModel):
    """Shared settings: unknown keys are errors, and a loaded file cannot be changed."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- municipality.yaml -------------------------------------------------------------------------


class RoleModel(_FileModel):
    """A role people hold (``roles:`` in municipality.yaml)."""

    id: Id = Field(description="Stable id used by workflows and people, e.g. 'sagsbehandler'.")
    title: Text = Field(description="Danish title shown to users.")
    title_en: Text | None = Field(None, description="English title; the Danish one if absent.")
    scope: RoleScope = Field(
        RoleScope.OWN_CENTRE,
        description="'own_centre': acts only on cases of the person's centres; 'all': any case.",
    )
    route_override: StrictBool = Field(
        False,
        description="Whether holders may override a case's route of bodies (a reason is "
        "required and kept in the history); typically the secretariat.",
    )
    superior: Id | None = Field(
        None,
        description="The role of a holder's superior, e.g. 'direktoer' for 'centerchef': whom "
        "a reminder on the deadline escalates to (looked up in the holder's centre).",
    )

    def to_domain(self) -> Role:
        """The frozen domain role."""
        return Role(
            id=self.id,
            title=self.title,
            scope=self.scope,
            title_en=self.title_en,
            route_override=self.route_override,
            superior=self.superior,
        )


class BodyModel(_FileModel):
    """A political body (``bodies:`` in municipality.yaml)."""

    id: Id = Field(description="Stable id used in routes, e.g. 'kb' or 'tmu'.")
    name: Text = Field(description="Danish name, e.g. 'Teknik- og Miljøudvalget'.")
    name_en: Text | None = Field(None, description="English name; the Danish one if absent.")
    short: Text = Field(description="Short name used in lists and diagrams, e.g. 'TMU'.")
    kind: BodyKind = Field(description="Kind of body under the Danish Local Government Act.")
    members: StrictInt | None = Field(None, ge=1, description="Number of members.")
    policy_areas: tuple[Id, ...] = Field(
        (), description="Policy areas the body covers (values of the 'politikomraade' attribute)."
    )
    advisory: StrictBool = Field(
        False, description="True for a body that only advises and can never decide."
    )

    def to_domain(self) -> Body:
        """The frozen domain body."""
        return Body(
            id=self.id,
            name=self.name,
            short=self.short,
            kind=self.kind,
            members=self.members,
            policy_areas=self.policy_areas,
            advisory=self.advisory,
            name_en=self.name_en,
        )


class CentreModel(_FileModel):
    """A centre of the administration (``centres:`` in municipality.yaml)."""

    id: Id = Field(description="Stable id used by people and cases, e.g. 'cmt'.")
    name: Text = Field(description="Danish name of the centre.")
    directorate: Id | None = Field(None, description="The directorate the centre belongs to.")

    def to_domain(self) -> Centre:
        """The frozen domain centre."""
        return Centre(id=self.id, name=self.name, directorate=self.directorate)


register(
    {
        "config.choices_twice": (
            "attributten '{attribute}' nævner et valg mere end én gang: {choices}",
            "attribute '{attribute}' lists a choice more than once: {choices}",
        ),
    }
)


class AttributeModel(_FileModel):
    """A declared case attribute (``attributes:`` in municipality.yaml)."""

    id: Id = Field(description="Stable id used by guards and the delegation plan.")
    type: AttributeType = Field(description="Value type; guards check their operators against it.")
    title: Text = Field(description="Danish label shown to users.")
    title_en: Text | None = Field(None, description="English label; the Danish one if absent.")
    choices: tuple[Id, ...] = Field((), description="Allowed values; only for type 'choice'.")
    required: StrictBool = Field(False, description="True when every case must set it.")

    @model_validator(mode="after")
    def _choices_fit_type(self) -> AttributeModel:
        if self.type is AttributeType.CHOICE and not self.choices:
            raise PydanticCustomError(
                "config.choices_missing",
                "attribute '{attribute}' has type choice and needs a list 'choices'",
                {"attribute": self.id},
            )
        if self.type is not AttributeType.CHOICE and self.choices:
            raise PydanticCustomError(
                "config.choices_unexpected",
                "only attributes of type choice can have 'choices' ('{attribute}' has type {type})",
                {"attribute": self.id, "type": self.type.value},
            )
        twice = sorted({c for c in self.choices if self.choices.count(c) > 1})
        if twice:  # the delegation plan's checks number the choices: each must be there once
            raise PydanticCustomError(
                "config.choices_twice",
                "attribute '{attribute}' lists a choice more than once: {choices}",
                {"attribute": self.id, "choices": ", ".join(twice)},
            )
        return self

    def to_domain(self) -> AttributeSpec:
        """The frozen domain attribute specification."""
        return AttributeSpec(
            id=self.id,
            type=self.type,
            title=self.title,
            choices=self.choices,
            required=self.required,
            title_en=self.title_en,
        )


class PersonModel(_FileModel):
    """A person (``people:`` in municipality.yaml)."""

    id: Id = Field(description="Stable id used to log in and in the audit log, e.g. 'mette'.")
    name: Text = Field(description="Full name.")
    roles: tuple[StrictStr, ...] = Field(
        min_length=1, description="Ids of the roles the person holds (from 'roles:')."
    )
    centres: tuple[StrictStr, ...] = Field(
        (), description="Ids of the centres the person belongs to (from 'centres:')."
    )
    email: Text | None = Field(None, description="Email address for notifications.")

    def to_domain(self) -> Person:
        """The frozen domain person."""
        return Person(
            id=self.id,
            name=self.name,
            roles=frozenset(self.roles),
            centres=frozenset(self.centres),
            email=self.email,
        )


class MunicipalityFile(_FileModel):
    """``config/municipality.yaml``: the municipality's organisation."""

    schema_version: SchemaVersion = Field(description="Version of this file format; always 1.")
    id: Id = Field(description="Stable id of the municipality, e.g. 'eksempel'.")
    name: Text = Field(description="Name of the municipality, e.g. 'Eksempel Kommune'.")
    roles: tuple[RoleModel, ...] = Field(min_length=1, description="Roles people can hold.")
    bodies: tuple[BodyModel, ...] = Field(description="Political bodies (council, committees).")
    centres: tuple[CentreModel, ...] = Field(description="Centres of the administration.")
    attributes: tuple[AttributeModel, ...] = Field(
        (), description="Case attributes that guards and the delegation plan may use."
    )
    people: tuple[PersonModel, ...] = Field(description="People and the roles they hold.")

    def to_domain(self) -> Municipality:
        """The frozen domain municipality (ids are assumed unique; the loader checks them)."""
        return Municipality(
            id=self.id,
            name=self.name,
            bodies=MappingProxyType({b.id: b.to_domain() for b in self.bodies}),
            centres=MappingProxyType({c.id: c.to_domain() for c in self.centres}),
            roles=MappingProxyType({r.id: r.to_domain() for r in self.roles}),
            people=MappingProxyType({p.id: p.to_domain() for p in self.people}),
            attributes=MappingProxyType({a.id: a.to_domain() for a in self.attributes}),
        )


# --- workflows/*.yaml --------------------------------------------------------------------------


class RouteModel(_FileModel):
    """Which routes of bodies a workflow accepts (``route:`` in a workflow file)."""

    decider: Literal["required", "forbidden", "optional"] = Field(
        "optional",
        description="Whether the route must have ('required'), may not have ('forbidden') or "
        "may have ('optional') a deciding body.",
    )
    min_bodies: StrictInt = Field(0, ge=0, description="Fewest bodies a route may have.")
    roles: tuple[RouteRole, ...] = Field(
        tuple(RouteRole), description="Parts a body may play in this workflow's routes."
    )

    def to_domain(self) -> RoutePolicy:
        """The frozen domain route policy."""
        return RoutePolicy(
            decider=self.decider, min_bodies=self.min_bodies, roles=frozenset(self.roles)
        )


class DeadlineModel(_FileModel):
    """A step's deadline rule (``deadline:`` on a step)."""

    amount: StrictInt = Field(ge=0, description="How many units the deadline is.")
    unit: Literal["hverdage", "dage", "uger"] = Field(
        "hverdage", description="Working days ('hverdage'), calendar days ('dage') or weeks."
    )
    relative_to: Literal["entry", "meeting"] = Field(
        "entry",
        description="'entry': counted from when the case reaches the step; 'meeting': counted "
        "back from the meeting the case is planned for.",
    )
    basis: Text | None = Field(
        None, description="Where the rule comes from, e.g. 'Forretningsorden § 3'."
    )
    statutory: StrictBool = Field(
        False,
        description="True for a minimum the law sets (e.g. a hearing of at least 8 weeks, "
        "planloven § 24): shown as statutory and never shortened.",
    )

    def to_domain(self) -> DeadlineRule:
        """The frozen domain deadline rule."""
        return DeadlineRule(
            amount=self.amount,
            unit=self.unit,
            relative_to=self.relative_to,
            basis=self.basis,
            statutory=self.statutory,
        )


class PartyModel(_FileModel):
    """One party an involvement step asks (``involvement.parties``)."""

    id: Id = Field(description="Stable id of the party, e.g. aeldreraad; answers name it.")
    name: Text | None = Field(
        None, description="Danish name, e.g. 'Ældrerådet'; a centre's own name if absent."
    )
    name_en: Text | None = Field(None, description="English name; the Danish one if absent.")
    centre: StrictStr | None = Field(
        None, description="For an internal høring: the centre asked (an id of 'centres:')."
    )

    @model_validator(mode="after")
    def _named(self) -> PartyModel:
        if self.name is None and self.centre is None:
            raise PydanticCustomError(
                "config.party_needs_name",
                "party '{party}' needs a 'name' (or a 'centre' whose name it takes)",
                {"party": self.id},
            )
        return self


class InvolvementModel(_FileModel):
    """An involvement step's form and parties (``involvement:`` on a step of that kind)."""

    form: Literal["borgermoede", "hoering", "intern_hoering"] = Field(
        description="borgermoede (citizens' meeting), hoering (councils such as the ældreråd "
        "and handicapråd) or intern_hoering (other centres)."
    )
    parties: tuple[PartyModel, ...] = Field(
        min_length=1, description="Who is asked; each answer is recorded against one of them."
    )

    def to_domain(self, centres: Mapping[str, str] | None = None) -> Involvement:
        """The frozen domain involvement (a centre party without a name takes the centre's)."""
        names = centres or {}
        return Involvement(
            form=InvolvementForm(self.form),
            parties=tuple(
                Party(
                    id=p.id,
                    # A centre asked without a name: shown by the centre's name (party_name).
                    name=p.name or names.get(p.centre or "", p.centre or p.id),
                    name_en=p.name_en,
                    centre=p.centre,
                )
                for p in self.parties
            ),
        )


class MinimumModel(_FileModel):
    """One rule of a step's ``minimum:``: the period it waits for, when ``when`` holds."""

    period: Id = Field(description="Id of a period in calendar.yaml's 'periods:' table.")
    when: dict[StrictStr, Any] = Field(
        default_factory=dict,
        description="Case attributes and the values they must have for this rule to apply "
        "(all of them); the first rule that applies counts, so the plain rule comes last.",
    )

    def to_domain(self) -> MinimumRule:
        """The frozen domain rule."""
        return MinimumRule(
            period=self.period,
            when=tuple(Condition(attribute=k, op="eq", value=v) for k, v in self.when.items()),
        )


class StepModel(_FileModel):
    """A step of a workflow (``steps:`` in a workflow file)."""

    id: Id = Field(description="Stable id of the step, unique within the workflow.")
    title: Text = Field(description="Danish title shown to users.")
    title_en: Text | None = Field(None, description="English title; the Danish one if absent.")
    role: StrictStr = Field(description="Id of the role responsible for the step.")
    kind: StepKind = Field(description="Kind of work; 'meeting' steps expand per body.")
    start: StrictBool = Field(False, description="True for the one step every case starts in.")
    deadline: DeadlineModel | None = Field(None, description="When the step should be done.")
    route_roles: tuple[RouteRole, ...] = Field(
        (), description="Meeting steps only: the route parts this step expands for, in order."
    )
    continues_to: StrictStr | None = Field(
        None, description="Meeting steps only: the step after the last body of the route."
    )
    minimum: tuple[MinimumModel, ...] = Field(
        (),
        description="The minimum period the case must stay at this step (a hearing, the "
        "klagefrist, a member's proposal's notice), from calendar.yaml's 'periods:'; it cannot "
        "leave the step earlier without an override with a reason.",
    )
    involvement: InvolvementModel | None = Field(
        None,
        description="Involvement steps only (kind: involvement): the form (borgermøde, høring, "
        "intern høring) and the parties asked; the step's deadline is the answer deadline.",
    )

    @model_validator(mode="after")
    def _involvement_fits_kind(self) -> StepModel:
        if (self.kind is StepKind.INVOLVEMENT) != (self.involvement is not None):
            raise PydanticCustomError(
                "config.involvement_field",
                "step '{step}': 'involvement' goes with kind: involvement, and that kind needs it",
                {"step": self.id},
            )
        return self

    @model_validator(mode="after")
    def _meeting_fields_fit_kind(self) -> StepModel:
        # Without route_roles a meeting step matches no body of any route and would be skipped
        # silently; on other steps the meeting fields would be ignored just as silently.
        if self.kind is StepKind.MEETING and not self.route_roles:
            raise PydanticCustomError(
                "config.meeting_needs_route_roles",
                "meeting step '{step}' lacks 'route_roles': the route parts it is for",
                {"step": self.id},
            )
        if self.kind is not StepKind.MEETING:
            for name in ("route_roles", "continues_to"):
                if getattr(self, name):
                    raise PydanticCustomError(
                        "config.meeting_only_field",
                        "'{field}' can only be used on a meeting step (kind: meeting)",
                        {"field": name},
                    )
        return self

    def to_domain(self) -> Step:
        """The frozen domain step."""
        return Step(
            id=self.id,
            title=self.title,
            role=self.role,
            kind=self.kind,
            title_en=self.title_en,
            deadline=self.deadline.to_domain() if self.deadline is not None else None,
            start=self.start,
            route_roles=frozenset(self.route_roles),
            continues_to=self.continues_to,
            minimum=tuple(m.to_domain() for m in self.minimum),
            involvement=self.involvement.to_domain() if self.involvement is not None else None,
        )


class GuardModel(_FileModel):
    """One condition of a transition's guard (``guard:`` on a transition)."""

    attribute: StrictStr = Field(description="Id of the case attribute the condition reads.")
    op: GuardOp = Field(
        description="Operator: eq, ne, gt, ge, lt, le compare with 'value'; in, not_in test "
        "membership of a list; set, unset test whether the attribute has a value."
    )
    value: Any = Field(
        None, description="The value to compare with (a list for in/not_in; none for set/unset)."
    )

    @model_validator(mode="after")
    def _value_fits_op(self) -> GuardModel:
        params = {"op": self.op}
        if self.op in _PRESENCE_OPS:
            if self.value is not None:
                raise PydanticCustomError(
                    "config.guard_takes_no_value",
                    "condition '{op}' takes no value; remove 'value'",
                    params,
                )
        elif self.op in _LIST_OPS:
            if not isinstance(self.value, list | tuple) or not self.value:
                raise PydanticCustomError(
                    "config.guard_needs_list",
                    "condition '{op}' needs a list of values, e.g. value: [a, b]",
                    params,
                )
        elif self.value is None or isinstance(self.value, list | tuple | dict):
            raise PydanticCustomError(
                "config.guard_needs_value",
                "condition '{op}' needs a single value in 'value'",
                params,
            )
        return self

    def to_domain(self) -> Condition:
        """The frozen domain condition (a list value becomes a tuple)."""
        value = tuple(self.value) if isinstance(self.value, list) else self.value
        return Condition(attribute=self.attribute, op=self.op, value=value)


class TransitionModel(_FileModel):
    """An action from one step to another (``transitions:`` in a workflow file)."""

    action: Id = Field(description="Id of the action, e.g. 'godkend'; unique per source step.")
    title: Text | None = Field(None, description="Danish label of the action's button.")
    title_en: Text | None = Field(None, description="English label; the Danish one if absent.")
    source: StrictStr = Field(alias="from", description="Id of the step the action starts from.")
    target: StrictStr = Field(
        alias="to",
        description="Id of the step the action leads to, or '$next_body' / '$same_body' from a "
        "meeting step.",
    )
    roles: tuple[StrictStr, ...] = Field(description="Ids of the roles allowed to take it.")
    guard: tuple[GuardModel, ...] = Field(
        (), description="Conditions on case attributes that must all hold."
    )
    body_roles: tuple[RouteRole, ...] | None = Field(
        None,
        description="Meeting steps only: the route parts of the body at which the action exists "
        "(all when absent).",
    )
    kind: TransitionKind = Field(
        TransitionKind.FORWARD,
        description="'forward', 'return' (back for revision) or 'postpone' (stays in place).",
    )
    outcome: Outcome | None = Field(
        None,
        description="Meeting steps: the decision of the minutes that takes this action "
        "(decided, recommended, noted, postponed, returned, rejected).",
    )

    def to_domain(self) -> Transition:
        """The frozen domain transition."""
        return Transition(
            action=self.action,
            source=self.source,
            target=self.target,
            roles=frozenset(self.roles),
            title=self.title,
            title_en=self.title_en,
            guard=tuple(g.to_domain() for g in self.guard),
            body_roles=frozenset(self.body_roles) if self.body_roles is not None else None,
            kind=self.kind,
            outcome=self.outcome,
        )


class WorkflowFile(_FileModel):
    """``config/workflows/<id>.yaml``: one workflow (a case type)."""

    schema_version: SchemaVersion = Field(description="Version of this file format; always 1.")
    id: Id = Field(description="Stable id of the workflow, e.g. 'beslutningssag'.")
    version: StrictInt = Field(
        ge=1, description="Version of this workflow; raise it when steps change (cases pin it)."
    )
    title: Text = Field(description="Danish title of the case type.")
    title_en: Text | None = Field(None, description="English title; the Danish one if absent.")
    case_type: Id = Field("beslutning", description="Kind of case, e.g. 'beslutning'.")
    route: RouteModel = Field(
        default_factory=RouteModel, description="Which routes of bodies the workflow accepts."
    )
    steps: tuple[StepModel, ...] = Field(min_length=1, description="The steps, in reading order.")
    transitions: tuple[TransitionModel, ...] = Field(
        description="The actions that move a case between steps."
    )

    def to_domain(self, source: str | None = None) -> WorkflowDefinition:
        """The frozen domain workflow; ``source`` names the file it came from.

        Step ids are assumed unique (the loader checks them); soundness is checked afterwards
        by :func:`casework.domain.workflow_checks.check_workflow`.
        """
        return WorkflowDefinition(
            id=self.id,
            version=self.version,
            title=self.title,
            steps=MappingProxyType({s.id: s.to_domain() for s in self.steps}),
            transitions=tuple(t.to_domain() for t in self.transitions),
            case_type=self.case_type,
            title_en=self.title_en,
            route_policy=self.route.to_domain(),
            source=source,
            snapshot=canonical_json(
                _without_empty_minimums(self.model_dump(mode="json", by_alias=True))
            ),
        )


def _without_empty_minimums(data: dict[str, Any]) -> dict[str, Any]:
    # Steps without a minimum keep the snapshot (and fingerprint) they had before the field.
    for step in data.get("steps", ()):
        if not step.get("minimum"):
            step.pop("minimum", None)
        if step.get("involvement") is None:  # likewise steps without an involvement (issue 20)
            step.pop("involvement", None)
    return data


#: Every file kind by the name the loader and the JSON Schema export use.
FILE_MODELS: dict[str, type[_FileModel]] = {
    "municipality": MunicipalityFile,
    "workflow": WorkflowFile,
}
