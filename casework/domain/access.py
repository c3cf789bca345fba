"""Who may see and do what in the web app and the JSON API: a pure policy, deny by default.

The policy answers questions about *pages and operations* (see a case, see the content of a
closed item, open a case, plan, change a route, manage agendas, record minutes, see the board,
manage tokens). The case *actions* themselves (``indsend``, ``godkend`` …) are not decided here:
the workflow engine checks them (:meth:`casework.domain.case.Case.available_actions` and
``Case.advance``), and :func:`case_actions` only hides every action of a case the person may
not see.

Roles come from ``config/municipality.yaml`` with their scope: an ``own_centre`` role acts on
cases of the person's centres, an ``all`` role everywhere. :data:`DEFAULT_GRANTS` names the
Eksempel Kommune role ids; a municipality with other role ids passes its own :class:`Policy`
(unknown roles get nothing: default deny). Anonymous callers (``person_id=None``) get nothing.

Closed items (KSL § 10): a case proposed closed (attribute ``lukket``) is shown, content and
existence alike, only to its owner and to holders of :attr:`Permission.VIEW_CLOSED_CONTENT`
whose scope covers its centre; everyone else cannot tell it from a case that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from casework.domain.agenda import closed_category, closed_heading
from casework.domain.errors import CaseworkError
from casework.domain.messages import register
from casework.domain.organisation import Municipality, Person, RoleScope

if TYPE_CHECKING:
    from casework.domain.case import Case
    from casework.domain.workflow import CaseGraph, ConcreteTransition


class Permission(StrEnum):
    """What a person may be allowed to see or do, apart from the workflow's case actions."""

    VIEW_CASE = "view_case"
    VIEW_CLOSED_CONTENT = "view_closed_content"
    OPEN_CASE = "open_case"
    CHANGE_ATTRIBUTES = "change_attributes"
    PLAN_CASE = "plan_case"
    CHANGE_ROUTE = "change_route"
    VIEW_BOARD = "view_board"
    VIEW_MEETINGS = "view_meetings"
    VIEW_FULL_AGENDA = "view_full_agenda"
    MANAGE_AGENDAS = "manage_agendas"
    RECORD_MINUTES = "record_minutes"
    MANAGE_TOKENS = "manage_tokens"
    MANAGE_REMINDERS = "manage_reminders"


#: Permissions that concern one case (or one centre), so the role's scope applies.
SCOPED = frozenset(
    {
        Permission.VIEW_CASE,
        Permission.VIEW_CLOSED_CONTENT,
        Permission.OPEN_CASE,
        Permission.CHANGE_ATTRIBUTES,
        Permission.PLAN_CASE,
        Permission.CHANGE_ROUTE,
    }
)

_STAFF = frozenset(
    {
        "sagsbehandler",
        "centerchef",
        "direktoer",
        "kommunaldirektoer",
        "sekretariat",
        "sekretariatschef",
    }
)

#: Eksempel Kommune's grants: permission → role ids.
DEFAULT_GRANTS: Mapping[Permission, frozenset[str]] = {
    Permission.VIEW_CASE: _STAFF,
    # Case officers see a closed item only when it is their own case (see can_view_case).
    Permission.VIEW_CLOSED_CONTENT: frozenset(
        {"centerchef", "direktoer", "kommunaldirektoer", "sekretariat", "sekretariatschef"}
    ),
    Permission.OPEN_CASE: frozenset({"sagsbehandler", "centerchef", "sekretariat"}),
    Permission.CHANGE_ATTRIBUTES: frozenset({"sagsbehandler", "centerchef", "sekretariat"}),
    Permission.PLAN_CASE: frozenset({"sagsbehandler", "sekretariat"}),
    # Narrowed further to roles with ``route_override: true`` in the configuration.
    Permission.CHANGE_ROUTE: frozenset({"sekretariat"}),
    Permission.VIEW_BOARD: _STAFF,
    Permission.VIEW_MEETINGS: _STAFF,
    Permission.VIEW_FULL_AGENDA: frozenset({"sekretariat"}),
    Permission.MANAGE_AGENDAS: frozenset({"sekretariat"}),
    Permission.RECORD_MINUTES: frozenset({"sekretariat"}),
    Permission.MANAGE_TOKENS: frozenset({"sekretariat"}),
    # Sending given-up reminders again (``casework reminders retry``).
    Permission.MANAGE_REMINDERS: frozenset({"sekretariat"}),
}

#: The attribute that proposes a case as a closed item (KSL § 10), as the agenda reads it.
CLOSED_ITEM_ATTRIBUTE = "lukket"
#: The attribute naming a closed item's reason (a :class:`~casework.domain.agenda.ClosedCategory`).
CLOSED_REASON_ATTRIBUTE = "lukket_grund"


@dataclass(frozen=True, slots=True)
class Policy:
    """Grants of permissions to role ids; whatever is not granted is denied."""

    grants: Mapping[Permission, frozenset[str]] = field(default_factory=lambda: DEFAULT_GRANTS)

    def roles_for(self, permission: Permission) -> frozenset[str]:
        """The role ids that hold ``permission``."""
        return self.grants.get(permission, frozenset())


DEFAULT_POLICY = Policy()


class NotSignedIn(CaseworkError):
    """No valid session or API token came with the request."""

    code = "CW220"
    key = "error.not_signed_in"


class AccessDenied(CaseworkError):
    """The signed-in person may not do this (the policy denies it)."""

    code = "CW221"
    key = "error.access_denied"


class AccountLocked(CaseworkError):
    """Too many wrong passwords in a row: the account refuses sign-in for a while."""

    code = "CW222"
    key = "error.account_locked"


class TokenNotFound(CaseworkError):
    """No API token has that id (or it is someone else's)."""

    code = "CW223"
    key = "error.token_not_found"


register(
    {
        "error.not_signed_in": (
            "Du er ikke logget ind (eller dit adgangstoken er ugyldigt).",
            "You are not signed in (or your access token is invalid).",
        ),
        "error.access_denied": (
            "Du har ikke adgang til at {what}.",
            "You are not allowed to {what_en}.",
        ),
        "error.account_locked": (
            "For mange forkerte adgangskoder; prøv igen efter {until}.",
            "Too many wrong passwords; try again after {until}.",
        ),
        "error.token_not_found": (
            "Adgangstokenet '{token_id}' findes ikke.",
            "Access token '{token_id}' does not exist.",
        ),
    }
)

#: How each permission reads in "Du har ikke adgang til at …" (Danish, English).
PERMISSION_TEXT: Mapping[Permission, tuple[str, str]] = {
    Permission.VIEW_CASE: ("se sagen", "see the case"),
    Permission.VIEW_CLOSED_CONTENT: ("se indholdet af lukkede punkter", "see closed items"),
    Permission.OPEN_CASE: ("oprette sager", "open cases"),
    Permission.CHANGE_ATTRIBUTES: ("rette sagens oplysninger", "change the case's attributes"),
    Permission.PLAN_CASE: ("planlægge sagen", "plan the case"),
    Permission.CHANGE_ROUTE: ("ændre sagens sagsgang", "change the case's route"),
    Permission.VIEW_BOARD: ("se sagstavlen", "see the case board"),
    Permission.VIEW_MEETINGS: ("se møderne", "see the meetings"),
    Permission.VIEW_FULL_AGENDA: ("se den fulde dagsorden", "see the full agenda"),
    Permission.MANAGE_AGENDAS: ("godkende dagsordener", "manage agendas"),
    Permission.RECORD_MINUTES: ("registrere beslutninger", "record minutes"),
    Permission.MANAGE_TOKENS: ("administrere adgangstokens", "manage access tokens"),
    Permission.MANAGE_REMINDERS: (
        "sende opgivne påmindelser igen",
        "requeue given-up reminders",
    ),
}


def denied(permission: Permission) -> AccessDenied:
    """The error for a refused ``permission``, in both languages."""
    da, en = PERMISSION_TEXT[permission]
    return AccessDenied(what=da, what_en=en)


def _person(municipality: Municipality, person_id: str | None) -> Person | None:
    if person_id is None:
        return None
    return municipality.people.get(person_id)


def _covers(municipality: Municipality, person: Person, role_id: str, centre: str | None) -> bool:
    role = municipality.roles.get(role_id)
    if role is None:
        return False
    if role.scope is RoleScope.ALL or centre is None:
        return True
    return centre in person.centres


def allowed(
    municipality: Municipality,
    person_id: str | None,
    permission: Permission,
    *,
    centre: str | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> bool:
    """Whether ``person_id`` holds ``permission`` (for a case of ``centre``, when scoped).

    Without a centre a scoped permission asks "anywhere at all" (e.g. whether to show the
    "new case" button); with one, an ``own_centre`` role must include that centre.
    """
    person = _person(municipality, person_id)
    if person is None:
        return False
    for role_id in sorted(person.roles & policy.roles_for(permission)):
        if permission is Permission.CHANGE_ROUTE:
            role = municipality.roles.get(role_id)
            if role is None or not role.route_override:
                continue
        scoped_centre = centre if permission in SCOPED else None
        if _covers(municipality, person, role_id, scoped_centre):
            return True
    return False


def require(
    municipality: Municipality,
    person_id: str | None,
    permission: Permission,
    *,
    centre: str | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> None:
    """Raise unless :func:`allowed`.

    Raises:
        NotSignedIn: nobody (or nobody in the configuration) is signed in.
        AccessDenied: the person lacks ``permission``.
    """
    if _person(municipality, person_id) is None:
        raise NotSignedIn
    if not allowed(municipality, person_id, permission, centre=centre, policy=policy):
        raise denied(permission)


def is_closed_item(case: Case) -> bool:
    """Whether the case is proposed as a closed item (KSL § 10)."""
    return closed_by(case.attributes)


def closed_by(attributes: Mapping[str, Any]) -> bool:
    """Whether case ``attributes`` propose the case as a closed item (KSL § 10)."""
    value = attributes.get(CLOSED_ITEM_ATTRIBUTE)
    return value is True or str(value).lower() in {"true", "ja", "1"}


def public_title(title: str, attributes: Mapping[str, Any]) -> str:
    """The title a public or limited audience may see: ``title``, or for a closed item its
    public agenda heading ("Lukket punkt: Personsag"), which names its category only.

    The one rule for every output that leaves casework's access checks: the Prefect artifacts,
    the reminder e-mails. It is the public agenda's (:func:`casework.domain.agenda.closed_heading`).
    """
    if not closed_by(attributes):
        return title
    reason = attributes.get(CLOSED_REASON_ATTRIBUTE)
    return closed_heading(closed_category(str(reason) if reason is not None else None))


def can_view_case(
    municipality: Municipality, person_id: str | None, case: Case, policy: Policy = DEFAULT_POLICY
) -> bool:
    """Whether the person may see ``case`` at all (a closed item: only who may see its content)."""
    if _person(municipality, person_id) is None:
        return False
    if is_closed_item(case):
        return can_view_closed_content(municipality, person_id, case, policy)
    if case.owner == person_id:
        return True
    return allowed(municipality, person_id, Permission.VIEW_CASE, centre=case.centre, policy=policy)


def can_view_closed_content(
    municipality: Municipality, person_id: str | None, case: Case, policy: Policy = DEFAULT_POLICY
) -> bool:
    """Whether the person may see a closed item's content: its owner, or a granted role in scope."""
    if _person(municipality, person_id) is None:
        return False
    if case.owner == person_id:
        return True
    return allowed(
        municipality, person_id, Permission.VIEW_CLOSED_CONTENT, centre=case.centre, policy=policy
    )


def may_on_case(
    municipality: Municipality,
    person_id: str | None,
    permission: Permission,
    case: Case,
    policy: Policy = DEFAULT_POLICY,
) -> bool:
    """Whether the person may see ``case`` and holds ``permission`` for its centre."""
    if not can_view_case(municipality, person_id, case, policy):
        return False
    return allowed(municipality, person_id, permission, centre=case.centre, policy=policy)


def visible_cases(
    municipality: Municipality,
    person_id: str | None,
    cases: Iterable[Case],
    policy: Policy = DEFAULT_POLICY,
) -> list[Case]:
    """The cases of ``cases`` the person may see, in their order."""
    return [c for c in cases if can_view_case(municipality, person_id, c, policy)]


def case_actions(
    municipality: Municipality,
    person_id: str | None,
    case: Case,
    graph: CaseGraph,
    policy: Policy = DEFAULT_POLICY,
) -> list[ConcreteTransition]:
    """The buttons to show: the engine's available actions for the person, none if hidden."""
    if person_id is None or not can_view_case(municipality, person_id, case, policy):
        return []
    return case.available_actions(graph, municipality, person_id)


def full_agenda(
    municipality: Municipality, person_id: str | None, policy: Policy = DEFAULT_POLICY
) -> bool:
    """Whether the person may read the full agenda (closed items' content), not the public."""
    return allowed(municipality, person_id, Permission.VIEW_FULL_AGENDA, policy=policy)


def permissions(
    municipality: Municipality, person_id: str | None, policy: Policy = DEFAULT_POLICY
) -> frozenset[Permission]:
    """Every permission the person holds somewhere (for menus and ``GET /api/v1/me``)."""
    return frozenset(p for p in Permission if allowed(municipality, person_id, p, policy=policy))


__all__ = [
    "CLOSED_ITEM_ATTRIBUTE",
    "DEFAULT_GRANTS",
    "DEFAULT_POLICY",
    "AccessDenied",
    "AccountLocked",
    "NotSignedIn",
    "Permission",
    "Policy",
    "TokenNotFound",
    "allowed",
    "can_view_case",
    "can_view_closed_content",
    "case_actions",
    "closed_by",
    "denied",
    "full_agenda",
    "is_closed_item",
    "may_on_case",
    "permissions",
    "public_title",
    "require",
    "visible_cases",
]
