"""Routes of bodies: the ordered political bodies a case passes, each with its part.

A body may appear more than once: each appearance is a pass of its own (first and second
reading in the council, a committee the council sends the case back to), planned onto its own
meeting and expanded into its own step (``template@body``, then ``template@body#2`` …).

Until the delegation plan decides routes, the route is given when a case is opened; these checks
make sure it is one the workflow and the municipality can carry.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

from casework.domain.errors import InvalidRoute, did_you_mean
from casework.domain.messages import Msg, register, render
from casework.domain.organisation import Municipality
from casework.domain.workflow import Route, RouteEntry, RouteRole, WorkflowDefinition

register({"route.pass": ("{name} ({visit}. behandling)", "{name} (pass {visit})")})


def pass_label(name: str, visit: int, lang: str = "da") -> str:
    """A body's name with its pass when the route meets it again: "KB (2. behandling)"."""
    return name if visit == 1 else render("route.pass", lang, name=name, visit=visit)


#: A body's part as typed: the stored value, or its Danish spelling ("drøfter").
_ROLE_SPELLINGS = {"drøfter": RouteRole.DISCUSSES.value}


def parse_route(text: str) -> list[tuple[str, str]]:
    """``"tmu:indstiller,oeu:indstiller,kb:beslutter"`` as (body, role) pairs.

    A body without a role keeps an empty role: :func:`build_route` gives it the part the
    workflow expects (:func:`default_roles`), because only the workflow knows whether its last
    body decides (``tmu,oeu,kb``) or discusses (a drøftelsessag's ``tmu``).
    """
    parts = [p.strip() for p in text.split(",") if p.strip()]
    return [
        (body.strip(), _ROLE_SPELLINGS.get(role.strip().lower(), role.strip()))
        for body, _, role in (p.partition(":") for p in parts)
    ]


def default_roles(
    pairs: Iterable[tuple[str, str]], definition: WorkflowDefinition
) -> list[tuple[str, str]]:
    """The pairs with every empty role filled in as the workflow expects.

    A workflow with one route role (a discussion case: ``droefter``; an information case:
    ``orienteres``) gives it to every bare body. Otherwise a bare body recommends, except the
    last one, which decides unless another body is marked as deciding or the workflow forbids a
    decider; this is the common fagudvalg → ØU → KB shape, so the short form ``tmu,oeu,kb``
    reads naturally and ``tmu,oeu,kb,obu:orienteres`` informs a body afterwards.
    """
    split = list(pairs)
    policy = definition.route_policy
    only = next(iter(policy.roles)).value if len(policy.roles) == 1 else None
    bare = [i for i, (_, role) in enumerate(split) if not role]
    has_decider = any(role == RouteRole.DECIDES.value for _, role in split)
    may_decide = policy.decider != "forbidden" and RouteRole.DECIDES in policy.roles
    filled: list[tuple[str, str]] = []
    for i, (body, given) in enumerate(split):
        role = given
        if not given and only is not None:
            role = only
        elif not given:
            last = bool(bare) and i == bare[-1] and not has_decider and may_decide
            role = RouteRole.DECIDES.value if last else RouteRole.RECOMMENDS.value
        filled.append((body, role))
    return filled


def build_route(
    pairs: Iterable[tuple[str, str]], definition: WorkflowDefinition, municipality: Municipality
) -> Route:
    """A checked route, or :class:`InvalidRoute` naming the first problem."""

    def fail(key: str, suggestion: str | None = None, **params: str) -> InvalidRoute:
        return InvalidRoute(
            workflow=definition.id, detail=Msg(key, **params), suggestion=suggestion
        )

    entries: list[RouteEntry] = []
    for body, role_text in default_roles(pairs, definition):
        if body not in municipality.bodies:
            raise fail(
                "route.unknown_body", body=body, suggestion=did_you_mean(body, municipality.bodies)
            )
        try:
            role = RouteRole(role_text)
        except ValueError:
            raise fail("route.role_not_allowed", role=role_text) from None
        entries.append(RouteEntry(body, role))
    route = tuple(entries)
    _check_shape(route, definition, municipality, fail)
    return route


def _check_shape(
    route: Route,
    definition: WorkflowDefinition,
    municipality: Municipality,
    fail: Callable[..., InvalidRoute],
) -> None:
    policy = definition.route_policy
    # A body may meet the case more than once (first and second reading, a council that sends
    # the case to a committee and takes it back); the same body twice in a row in the same part
    # is a slip, not a second reading (a second reading in the same part needs a meeting between).
    for before, entry in itertools.pairwise(route):
        if before == entry:
            raise fail("route.repeat_adjacent", body=entry.body, role=entry.role.value)
    for entry in route:
        if entry.role not in policy.roles:
            raise fail("route.role_not_allowed", role=entry.role.value)
    deciders = [i for i, e in enumerate(route) if e.role is RouteRole.DECIDES]
    if policy.decider == "required" and len(deciders) != 1:
        raise fail("route.needs_decider")
    if policy.decider == "forbidden" and deciders:
        raise fail("route.no_decider_allowed")
    if len(deciders) > 1:
        raise fail("route.needs_decider")
    if deciders:
        decider = route[deciders[0]]
        if municipality.bodies[decider.body].advisory:
            raise fail("route.advisory_decides", body=decider.body)
        if any(e.role is RouteRole.RECOMMENDS for e in route[deciders[0] + 1 :]):
            raise fail("route.order")
    if len(route) < policy.min_bodies:
        raise fail("route.too_short", minimum=str(policy.min_bodies))
