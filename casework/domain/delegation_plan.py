"""The delegation plan as data: inputs, rules, outcomes, hit policy, validity and legal categories.

A *delegationsplan* says how competence is split between the council (KB), the finance committee
(ØU), the standing committees and the administration. casework keeps it as a decision table
(DMN's semantics): typed *inputs* over case attributes, *rules* whose conditions (equals, in,
not in, ranges) select an *outcome* — the deciding body, the recommending bodies in order, the
informed bodies, the Sorø code (``B``, ``B*``, ``B**``) and the legal basis — an explicit *hit
policy* and an explicit default outcome. Everything here is frozen; the config adapter builds it
from ``config/delegation/*.yaml`` and :mod:`casework.domain.delegation` decides with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from casework.domain.organisation import AttributeType

#: The deciding "body" when a matter is delegated to the administration; it has no meetings,
#: so it never appears in a route.
ADMINISTRATION = "administration"
#: The standing committee that owns the case's policy area (``policy_areas`` of the bodies).
FAGUDVALG = "$fagudvalg"
#: The council and the finance committee by kind, so a plan can be shared between municipalities.
KOMMUNALBESTYRELSE = "$kommunalbestyrelse"
OEKONOMIUDVALG = "$oekonomiudvalg"
PLACEHOLDERS = (FAGUDVALG, KOMMUNALBESTYRELSE, OEKONOMIUDVALG)

Number = int | Decimal

#: Condition operators: eq/in/not_in for every type, the order operators for numbers only.
CONDITION_OPS = ("eq", "in", "not_in", "ge", "gt", "le", "lt")
_ORDER_OPS = frozenset({"ge", "gt", "le", "lt"})
_SET_OPS = frozenset({"in", "not_in"})


class HitPolicy(StrEnum):
    """Which rule wins when several match (DMN's hit policies, the three we support)."""

    UNIQUE = "unique"  # at most one rule may match; an overlap is an error in the table
    FIRST = "first"  # the first matching rule in row order
    PRIORITY = "priority"  # the rule whose deciding body ranks highest in ``priority``


class Competence(StrEnum):
    """The Sorø codes of a delegation plan's cells."""

    DECIDES = "B"  # besluttende
    DECIDES_NON_DELEGABLE = "B*"  # the decision cannot be delegated further
    DECIDES_WITHIN_BASIS = "B**"  # decided within an existing (administrative) basis
    RECOMMENDS = "I"  # indstillende
    INFORMED = "O"  # orienteres


class LegalCategory(StrEnum):
    """Matters Danish law keeps at the council; a rule handing them on needs a legal exception."""

    BEVILLING = "bevilling"
    BUDGET = "budget"
    REGNSKAB = "regnskab"
    PLANSTRATEGI = "planstrategi"
    KOMMUNEPLAN = "kommuneplan"


#: The statute that keeps each category at the council (see docs/delegation.md).
RESERVED_BY_LAW: Mapping[LegalCategory, str] = MappingProxyType(
    {
        LegalCategory.BEVILLING: "KSL § 40, stk. 2",
        LegalCategory.BUDGET: "KSL §§ 37-38",
        LegalCategory.REGNSKAB: "KSL § 45",
        LegalCategory.PLANSTRATEGI: "planloven § 23 a, stk. 3",
        LegalCategory.KOMMUNEPLAN: "planloven § 23 a, stk. 3",
    }
)

#: Matter-type values recognised without a ``legal_category``: forgetting the tag on a value
#: called ``tillaegsbevilling`` must not switch the legal checks off.
WELL_KNOWN_MATTERS: Mapping[str, LegalCategory] = MappingProxyType(
    {
        "bevilling": LegalCategory.BEVILLING,
        "tillaegsbevilling": LegalCategory.BEVILLING,
        "anlaegsbevilling": LegalCategory.BEVILLING,
        "budget": LegalCategory.BUDGET,
        "budgetforslag": LegalCategory.BUDGET,
        "regnskab": LegalCategory.REGNSKAB,
        "aarsregnskab": LegalCategory.REGNSKAB,
        "planstrategi": LegalCategory.PLANSTRATEGI,
        "kommuneplan": LegalCategory.KOMMUNEPLAN,
    }
)


# --------------------------------------------------------------------------- the plan as data
@dataclass(frozen=True, slots=True)
class Choice:
    """One declared value of a categorical input, with its label and legal category."""

    id: str
    title: str | None = None
    title_en: str | None = None
    legal_category: LegalCategory | None = None


@dataclass(frozen=True, slots=True)
class PlanInput:
    """An input of the table as the plan declares it.

    ``type`` is None when the municipality's case attribute of the same name gives it (with its
    choices); a plan-level input declares ``type`` (and ``choices``) itself.
    """

    id: str
    attribute: str
    type: AttributeType | None = None
    title: str | None = None
    title_en: str | None = None
    unit: str | None = None
    choices: tuple[Choice, ...] = ()
    minimum: Number | None = None
    maximum: Number | None = None
    default: Any = None
    required: bool = False
    legal_category: LegalCategory | None = None  # booleans: the category of the value true


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition of a rule on one input; all conditions of a rule must hold."""

    input: str
    op: str  # one of CONDITION_OPS
    value: Any  # a scalar, or a tuple for in/not_in


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a rule (or the default) says: who decides, recommends, discusses, is informed."""

    decides: str  # a body id, a placeholder ($fagudvalg, …) or "administration"
    recommends: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()
    #: Bodies that discuss the matter (temadrøftelse) before the decision, if any, is made.
    discusses: tuple[str, ...] = ()
    non_delegable: bool = False  # B*
    within_basis: bool = False  # B**
    legal_basis: str | None = None
    legal_exception: str | None = None
    note: str | None = None
    note_en: str | None = None

    @property
    def competence(self) -> Competence:
        """The Sorø code of the deciding body."""
        if self.non_delegable:
            return Competence.DECIDES_NON_DELEGABLE
        if self.within_basis:
            return Competence.DECIDES_WITHIN_BASIS
        return Competence.DECIDES

    def route_key(self) -> tuple[Any, ...]:
        """What two outcomes must share to count as the same outcome (route and competence)."""
        return (self.decides, self.recommends, self.discusses, self.informed, self.competence)


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the table: conditions and the outcome when they all hold."""

    id: str
    title: str
    outcome: Outcome
    when: tuple[Condition, ...] = ()
    title_en: str | None = None

    def label(self, lang: str = "da") -> str:
        """The rule's title in ``lang``."""
        return (self.title_en or self.title) if lang == "en" else self.title


@dataclass(frozen=True, slots=True)
class WorkflowTable:
    """The plan's ``workflows:``: which workflow a new case follows, by the value of one input
    (``sagstype``), else ``administration`` when the administration decides, else ``default``
    (:mod:`casework.domain.delegation_workflows`)."""

    input: str = "sagstype"
    by_value: Mapping[str, str] = field(default_factory=dict)
    administration: str | None = None
    default: str | None = None


@dataclass(frozen=True, slots=True)
class DelegationPlan:
    """A versioned delegation plan, valid from a date, adopted by a body on a date.

    A plan without ``adopted_on`` is a draft: it can be checked, explained and compared, but it
    never governs a case.
    """

    id: str
    version: int
    title: str
    valid_from: dt.date
    inputs: tuple[PlanInput, ...]
    rules: tuple[Rule, ...]
    hit_policy: HitPolicy = HitPolicy.UNIQUE
    default: Outcome | None = None
    valid_to: dt.date | None = None
    adopted_by: str | None = None
    adopted_on: dt.date | None = None
    priority: tuple[str, ...] = ()
    policy_area_input: str = "politikomraade"
    title_en: str | None = None
    source: str | None = None
    #: Which workflow a new case follows; None: the decision or the administrative workflow.
    workflows: WorkflowTable | None = None

    @property
    def is_draft(self) -> bool:
        """Whether the plan is not adopted yet."""
        return self.adopted_on is None

    @property
    def label(self) -> str:
        """``id`` and version, as decisions and reports name the plan."""
        return f"{self.id} v{self.version}"

    def valid_on(self, on_date: dt.date) -> bool:
        """Whether ``on_date`` lies in the plan's validity (ignoring later plans)."""
        return self.valid_from <= on_date and (self.valid_to is None or on_date <= self.valid_to)
