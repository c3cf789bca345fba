"""The municipality as data: political bodies, centres, roles, people and case attributes.

Bodies, members and committee names change with each council term, so none of them is code; they
arrive from ``config/municipality.yaml`` through the config adapter and are frozen here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from casework.domain.errors import InvalidAttribute, did_you_mean
from casework.domain.messages import Msg, register
from casework.domain.text_rules import check_number, within_limit


class BodyKind(StrEnum):
    """The kinds of political body a Danish municipality has (KSL §§ 2, 17, 18)."""

    COUNCIL = "kommunalbestyrelse"
    FINANCE = "oekonomiudvalg"
    STANDING = "staaende_udvalg"
    TASK = "opgaveudvalg"  # § 17, stk. 4: set up by KB, advisory by default


class RoleScope(StrEnum):
    """Whether a role acts only on cases of the person's own centres, or everywhere."""

    OWN_CENTRE = "own_centre"
    ALL = "all"


class AttributeType(StrEnum):
    """Types a case attribute can have; guards and the delegation plan read them."""

    TEXT = "text"
    INTEGER = "integer"
    AMOUNT = "amount"  # DKK, kept as Decimal so no øre is lost
    BOOLEAN = "boolean"
    DATE = "date"
    CHOICE = "choice"


@dataclass(frozen=True, slots=True)
class Body:
    """A political body: the council, the finance committee, a standing or task committee."""

    id: str
    name: str
    short: str
    kind: BodyKind
    members: int | None = None
    policy_areas: tuple[str, ...] = ()
    advisory: bool = False
    name_en: str | None = None

    def title(self, lang: str = "da") -> str:
        """The body's name in ``lang``, falling back to the Danish name."""
        return (self.name_en or self.name) if lang == "en" else self.name


@dataclass(frozen=True, slots=True)
class Centre:
    """A centre of the administration, led by a centre head, under a director."""

    id: str
    name: str
    directorate: str | None = None


@dataclass(frozen=True, slots=True)
class Role:
    """A role that people hold; workflow steps are the responsibility of a role."""

    id: str
    title: str
    scope: RoleScope = RoleScope.OWN_CENTRE
    title_en: str | None = None
    #: Whether holders may override a case's route of bodies (with a reason on record).
    route_override: bool = False
    #: The role whose holder is a holder's superior (the organisation's line of command):
    #: a case officer's is the centre head, a director's the municipal director.
    superior: str | None = None

    def label(self, lang: str = "da") -> str:
        """The role's title in ``lang``."""
        return (self.title_en or self.title) if lang == "en" else self.title


@dataclass(frozen=True, slots=True)
class Person:
    """A demo or real person with roles and the centres they belong to."""

    id: str
    name: str
    roles: frozenset[str]
    centres: frozenset[str] = frozenset()
    email: str | None = None


@dataclass(frozen=True, slots=True)
class AttributeSpec:
    """A declared case attribute: guards and delegation rules may only name declared ones."""

    id: str
    type: AttributeType
    title: str
    choices: tuple[str, ...] = ()
    required: bool = False
    title_en: str | None = None

    def label(self, lang: str = "da") -> str:
        """The attribute's title in ``lang`` (guards in an English diagram read in English)."""
        return (self.title_en or self.title) if lang == "en" else self.title

    def coerce(self, value: Any) -> Any:
        """``value`` converted to this attribute's type, or :class:`InvalidAttribute`.

        Values arrive as text from the CLI and as JSON from storage, so both are accepted.
        The stored form is JSON-friendly: amounts and dates as strings.
        """
        if self.type in {AttributeType.AMOUNT, AttributeType.INTEGER}:
            check_number(value, self.id)  # 1e309, inf, nan, 10^15 and more: CW231
        try:
            return _COERCE[self.type](self, value)
        except (ValueError, TypeError, InvalidOperation) as exc:
            raise InvalidAttribute(
                attribute=self.id, detail=Msg("attribute.wrong_type", type=_type_detail(self))
            ) from exc


register(
    {
        # What an attribute of each type must be, in words (never the type's id, "boolean").
        "attribute.type.text": ("tekst", "text"),
        "attribute.type.integer": ("et helt tal", "a whole number"),
        "attribute.type.amount": ("et beløb i kr.", "an amount in DKK"),
        "attribute.type.boolean": ("ja eller nej", "yes or no"),
        "attribute.type.date": ("en dato (ÅÅÅÅ-MM-DD)", "a date (YYYY-MM-DD)"),
        # A configured name (a step's or a role's title) in the reader's language.
        "label.bilingual": ("{da}", "{en}"),
    }
)


def bilingual(da: str, en: str) -> Msg:
    """A configured title in both languages as a message parameter, rendered in the reader's."""
    return Msg("label.bilingual", da=da, en=en)


def _type_detail(spec: AttributeSpec) -> Msg | str:
    if spec.type is AttributeType.CHOICE:
        return "|".join(spec.choices)
    return Msg(f"attribute.type.{spec.type.value}")


def _coerce_bool(_spec: AttributeSpec, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "ja", "yes", "1"}:
        return True
    if text in {"false", "nej", "no", "0"}:
        return False
    raise ValueError(value)


_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
#: More digits than any bounded integer has: refused before Python reads them.
_MAX_DIGITS = 30


def _coerce_int(_spec: AttributeSpec, value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError(value)
    text = str(value).replace("_", "").replace(" ", "")
    # Danish texts group thousands with dots ("1.500"); anything else with a dot is no integer.
    if _GROUPED.match(text):
        text = text.replace(".", "")
    if len(text.lstrip("+-")) > _MAX_DIGITS:
        raise ValueError(value)
    number = int(text)
    if not within_limit(Decimal(number)):
        raise ValueError(value)
    return number


def _coerce_amount(_spec: AttributeSpec, value: Any) -> str:
    if isinstance(value, bool):
        raise TypeError(value)
    amount = Decimal(str(value).replace("_", "").replace(" ", ""))
    if not within_limit(amount):  # 1e309, inf, nan: refused, never stored (issue 16)
        raise ValueError(value)
    return str(amount)


def _coerce_date(_spec: AttributeSpec, value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return dt.date.fromisoformat(str(value)).isoformat()


def _coerce_choice(spec: AttributeSpec, value: Any) -> str:
    text = str(value)
    if text not in spec.choices:
        raise ValueError(value)
    return text


_COERCE = {
    AttributeType.TEXT: lambda _s, v: str(v),
    AttributeType.INTEGER: _coerce_int,
    AttributeType.AMOUNT: _coerce_amount,
    AttributeType.BOOLEAN: _coerce_bool,
    AttributeType.DATE: _coerce_date,
    AttributeType.CHOICE: _coerce_choice,
}


@dataclass(frozen=True, slots=True)
class Municipality:
    """Everything about the municipality that workflows and cases refer to."""

    id: str
    name: str
    bodies: Mapping[str, Body]
    centres: Mapping[str, Centre]
    roles: Mapping[str, Role]
    people: Mapping[str, Person]
    attributes: Mapping[str, AttributeSpec] = field(default_factory=dict)

    def person(self, person_id: str) -> Person:
        """The person with ``person_id``, or :class:`UnknownPerson` with a suggestion."""
        try:
            return self.people[person_id]
        except KeyError:
            # Imported here, on the error path only: the lookup runs several times in every
            # transition, and the import statement cost more than the lookup.
            from casework.domain.errors import UnknownPerson

            raise UnknownPerson(
                person=person_id, suggestion=did_you_mean(person_id, self.people)
            ) from None

    def check_attributes(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` checked against the declared attributes and converted to stored form."""
        checked: dict[str, Any] = {}
        for name, value in values.items():
            spec = self.attributes.get(name)
            if spec is None:
                raise InvalidAttribute(
                    attribute=name,
                    detail=Msg("attribute.unknown"),
                    suggestion=did_you_mean(name, self.attributes),
                )
            checked[name] = spec.coerce(value)
        return checked

    def people_with_role(self, role: str, centre: str | None = None) -> list[Person]:
        """People holding ``role``; for centre-scoped roles, those in ``centre`` first."""
        holders = [p for p in self.people.values() if role in p.roles]
        scope = self.roles[role].scope if role in self.roles else RoleScope.OWN_CENTRE
        if centre is not None and scope is RoleScope.OWN_CENTRE:
            holders = [p for p in holders if centre in p.centres]
        return sorted(holders, key=lambda p: p.id)
