"""The delegation plan file format (``config/delegation/*.yaml``) as pydantic models.

Like :mod:`casework.adapters.config.schema`: unknown keys are refused, every field is described
(the descriptions become the JSON Schema editors show), scalars are strict, and ``to_domain()``
returns the frozen :class:`~casework.domain.delegation_plan.DelegationPlan`. The shape of a
rule's ``when`` is deliberately loose here — a scalar means equals, a list means "in", a mapping
names operators — because whether a condition fits its input depends on the input's type, which
may come from ``municipality.yaml``; :mod:`casework.domain.delegation_checks` reports those
problems with the rule and the input named.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from casework.adapters.config.schema import Id, SchemaVersion, Text
from casework.domain.delegation_plan import (
    Choice,
    Condition,
    DelegationPlan,
    HitPolicy,
    LegalCategory,
    Number,
    Outcome,
    PlanInput,
    Rule,
    WorkflowTable,
)
from casework.domain.organisation import AttributeType


def _not_a_number(value: Any) -> Any:
    # Lax pydantic reads an integer as seconds since 1970, so `valid_from: 2026` would quietly
    # become 1970-01-01; only real dates (YAML's ISO dates) and ISO text are dates here.
    if isinstance(value, int | float):
        raise PydanticCustomError("date_type", "Input should be a valid date")
    return value


Date = Annotated[dt.date, BeforeValidator(_not_a_number)]
#: Rule ids may also hold dots, because delegation plans number their rows "1.1.9".
RuleId = Annotated[StrictStr, StringConstraints(pattern=r"^[A-Za-z0-9_.æøåÆØÅ-]+$")]
NumberField = StrictInt | StrictFloat
Scalar = StrictBool | StrictInt | StrictFloat | StrictStr


class _PlanModel(BaseModel):
    """Shared settings: unknown keys are errors, and a loaded plan cannot be changed."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ValueModel(_PlanModel):
    """A declared value of a choice input, with a label and an optional legal category."""

    id: Id = Field(description="The value as case attributes hold it, e.g. 'lokalplan'.")
    title: Text | None = Field(None, description="Danish label, e.g. 'Lokalplan'.")
    title_en: Text | None = Field(None, description="English label; the Danish one if absent.")
    legal_category: LegalCategory | None = Field(
        None,
        description="A matter the law keeps at the council: bevilling, budget, regnskab, "
        "planstrategi or kommuneplan. Rules deciding it below the council need a "
        "'legal_exception'.",
    )

    def to_domain(self) -> Choice:
        """The frozen domain value."""
        return Choice(self.id, self.title, self.title_en, self.legal_category)


class InputModel(_PlanModel):
    """An input of the table (``inputs:``): a case attribute the rules read."""

    id: Id = Field(description="Name the rules use in 'when', e.g. 'sagstype'.")
    attribute: Id | None = Field(
        None, description="Case attribute it reads; the input's id when absent."
    )
    type: AttributeType | None = Field(
        None,
        description="choice, text, boolean, integer or amount. Leave out to take the type "
        "(and choices) of the attribute declared in municipality.yaml; a plan-level input "
        "declares it here.",
    )
    title: Text | None = Field(
        None,
        description="Danish name in explanations, e.g. 'beløb'; the attribute's title if absent.",
    )
    title_en: Text | None = Field(None, description="English name in explanations.")
    unit: Text | None = Field(None, description="Unit shown after numbers, e.g. 'm²'.")
    values: tuple[Id | ValueModel, ...] = Field(
        (), description="Choice inputs: the allowed values, as ids or {id, title, legal_category}."
    )
    minimum: NumberField | None = Field(
        None, alias="min", description="Numeric inputs: the smallest valid value (e.g. 0)."
    )
    maximum: NumberField | None = Field(
        None, alias="max", description="Numeric inputs: the largest valid value."
    )
    default: Scalar | None = Field(
        None, description="The value used when a case does not set the attribute."
    )
    required: StrictBool = Field(
        False, description="True when every case must set it (and it has no default)."
    )
    legal_category: LegalCategory | None = Field(
        None, description="Boolean inputs: the legal category of cases where it is true."
    )

    def to_domain(self) -> PlanInput:
        """The frozen domain input."""
        return PlanInput(
            id=self.id,
            attribute=self.attribute or self.id,
            type=self.type,
            title=self.title,
            title_en=self.title_en,
            unit=self.unit,
            choices=tuple(Choice(v) if isinstance(v, str) else v.to_domain() for v in self.values),
            minimum=_number(self.minimum),
            maximum=_number(self.maximum),
            default=self.default,
            required=self.required,
            legal_category=self.legal_category,
        )


def _number(value: int | float | None) -> Number | None:
    if value is None or isinstance(value, int):
        return value
    number = Decimal(str(value))  # str(): 0.1 stays 0.1, not 0.1000000000000000055…
    return int(number) if number == number.to_integral_value() else number


def _condition_value(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_condition_value(v) for v in value)
    if isinstance(value, float):
        return _number(value)
    return value


def conditions_of(input_id: str, spec: Any) -> tuple[Condition, ...]:
    """``sagstype: lokalplan`` (equals), ``[a, b]`` (in) or ``{ge: 5000000, lt: 10000000}``."""
    if isinstance(spec, dict):
        return tuple(Condition(input_id, str(op), _condition_value(v)) for op, v in spec.items())
    if isinstance(spec, list | tuple):
        return (Condition(input_id, "in", _condition_value(spec)),)
    return (Condition(input_id, "eq", _condition_value(spec)),)


class OutcomeModel(_PlanModel):
    """What a rule or the default says (``default:``, and every rule)."""

    decides: StrictStr = Field(
        description="The deciding body: a body id ('kb', 'oeu', 'tmu'), '$fagudvalg' (the "
        "committee owning the case's policy area), '$kommunalbestyrelse', '$oekonomiudvalg' "
        "or 'administration'."
    )
    recommends: tuple[StrictStr, ...] = Field(
        (), description="Recommending bodies in route order, e.g. ['$fagudvalg', 'oeu']."
    )
    informed: tuple[StrictStr, ...] = Field(
        (), description="Bodies informed after the decision (orientering)."
    )
    discusses: tuple[StrictStr, ...] = Field(
        (),
        description="Bodies that discuss the matter (temadrøftelse, role 'droefter') before "
        "the decision, e.g. ['$fagudvalg'] for a discussion case the administration follows up.",
    )
    non_delegable: StrictBool = Field(
        False, description="Sorø code B*: the deciding body cannot delegate the decision."
    )
    within_basis: StrictBool = Field(
        False, description="Sorø code B**: decided within an existing (administrative) basis."
    )
    legal_basis: Text | None = Field(None, description="The legal basis, e.g. 'KSL § 40, stk. 2'.")
    legal_exception: Text | None = Field(
        None,
        description="The explicit legal exception that lets a body below the council decide a "
        "reserved matter (or a § 17, stk. 4 committee decide at all).",
    )
    note: Text | None = Field(None, description="A note shown with the decision (Danish).")
    note_en: Text | None = Field(None, description="The note in English.")

    def outcome(self) -> Outcome:
        """The frozen domain outcome."""
        return Outcome(
            decides=self.decides,
            recommends=self.recommends,
            informed=self.informed,
            discusses=self.discusses,
            non_delegable=self.non_delegable,
            within_basis=self.within_basis,
            legal_basis=self.legal_basis,
            legal_exception=self.legal_exception,
            note=self.note,
            note_en=self.note_en,
        )


class RuleModel(OutcomeModel):
    """A row of the table (``rules:``): conditions and the outcome when they all hold."""

    id: RuleId = Field(
        description="Stable id named in findings and explanations, e.g. 'R12' or '1.1.9'."
    )
    title: Text = Field(description="Danish description of the matter, e.g. 'Lokalplaner'.")
    title_en: Text | None = Field(None, description="English description.")
    when: dict[Id, Any] = Field(
        default_factory=dict,
        description="Conditions by input: a value (equals), a list (one of) or a mapping of "
        "operators eq, in, not_in, ge, gt, le, lt. No entry: any value.",
    )

    def to_domain(self) -> Rule:
        """The frozen domain rule."""
        when = tuple(c for name, spec in self.when.items() for c in conditions_of(name, spec))
        return Rule(self.id, self.title, self.outcome(), when, self.title_en)


class WorkflowTableModel(_PlanModel):
    """``workflows:``: which workflow a new case follows (``case new`` without --workflow)."""

    input: Id = Field("sagstype", description="The input whose value picks the workflow.")
    by_value: dict[StrictStr, Id] = Field(
        default_factory=dict, description="Workflow id by the input's value, e.g. lokalplan."
    )
    administration: Id | None = Field(
        None, description="The workflow when the administration decides and no row applies."
    )
    default: Id | None = Field(None, description="The workflow when nothing else applies.")

    def to_domain(self) -> WorkflowTable:
        """The frozen domain table."""
        return WorkflowTable(
            input=self.input,
            by_value=MappingProxyType(dict(self.by_value)),
            administration=self.administration,
            default=self.default,
        )


class DelegationPlanFile(_PlanModel):
    """``config/delegation/<name>.yaml``: one version of the municipality's delegation plan."""

    schema_version: SchemaVersion = Field(description="Version of this file format; always 1.")
    id: Id = Field(description="Id of the plan family, e.g. 'eksempel'; versions share it.")
    version: StrictInt = Field(ge=1, description="Version of the plan; raise it for each revision.")
    title: Text = Field(description="Danish title, e.g. 'Delegationsplan for Eksempel Kommune'.")
    title_en: Text | None = Field(None, description="English title.")
    valid_from: Date = Field(description="First day the plan applies.")
    valid_to: Date | None = Field(
        None, description="Last day it applies; open-ended until a later adopted plan when absent."
    )
    adopted_by: Id | None = Field(None, description="Body that adopted the plan, e.g. 'kb'.")
    adopted_on: Date | None = Field(
        None, description="Date of adoption; a plan without it is a draft and never in force."
    )
    hit_policy: HitPolicy = Field(
        HitPolicy.UNIQUE,
        description="unique (at most one rule matches), first (row order) or priority (by the "
        "ranking in 'priority').",
    )
    priority: tuple[StrictStr, ...] = Field(
        (), description="hit_policy priority: bodies and placeholders, highest first."
    )
    policy_area_input: Id = Field(
        "politikomraade", description="The input whose value finds $fagudvalg."
    )
    inputs: tuple[InputModel, ...] = Field(min_length=1, description="The inputs the rules read.")
    rules: tuple[RuleModel, ...] = Field(min_length=1, description="The rows of the table.")
    default: OutcomeModel | None = Field(
        None, description="The outcome when no rule matches; without it a gap is an error."
    )
    workflows: WorkflowTableModel | None = Field(
        None,
        description="Which workflow a new case follows, by the value of an input (sagstype); "
        "without it, the administrative workflow when the administration decides, else the "
        "decision case.",
    )

    def to_domain(self, source: str | None = None) -> DelegationPlan:
        """The frozen domain plan; ``source`` names the file it came from."""
        return DelegationPlan(
            id=self.id,
            version=self.version,
            title=self.title,
            title_en=self.title_en,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            adopted_by=self.adopted_by,
            adopted_on=self.adopted_on,
            inputs=tuple(i.to_domain() for i in self.inputs),
            rules=tuple(r.to_domain() for r in self.rules),
            hit_policy=self.hit_policy,
            default=self.default.outcome() if self.default is not None else None,
            priority=self.priority,
            policy_area_input=self.policy_area_input,
            source=source,
            workflows=self.workflows.to_domain() if self.workflows is not None else None,
        )
