"""The texts of the view models (statuses, history lines, route sources), Danish and English.

Registered into the shared message catalogue once, by :func:`register_texts`, so every entry
point that renders a view model (CLI, web, API, flows) finds them without importing another.
"""

from __future__ import annotations

from casework.domain.messages import register
from casework.domain.workflow import RouteRole

_TEXTS = {
    "status.open": ("åben", "open"),
    "status.closed": ("afsluttet", "closed"),
    "cli.route_source.plan": ("fra delegationsplanen", "from the delegation plan"),
    "cli.route_source.given": ("angivet ved oprettelsen", "given when opened"),
    "cli.route_source.override": (
        "ændret af sekretariatet: {reason}",
        "changed by the secretariat: {reason}",
    ),
    "event.opened": ("Sagen oprettet", "Case opened"),
    "event.attributes": ("Attributter ændret: {changes}", "Attributes changed: {changes}"),
    "event.rerouted": ("ny sagsgang efter delegationsplanen", "new route under the plan"),
    "event.planned": ("Planlagt: {meetings}", "Planned: {meetings}"),
    "event.referred": ("Oversendt til {body}", "Referred to {body}"),
    "case.minimum": (
        "Minimumsfrist: trinnet kan tidligst forlades {earliest} ({length}; {basis})",
        "Minimum period: the step can be left on {earliest} at the earliest ({length}; {basis})",
    ),
    "event.override": (
        "minimumsfristen fraveget: {reason}",
        "minimum period overridden: {reason}",
    ),
    "event.route": (
        "Sagsgang ændret til {route}: {reason}",
        "Route changed to {route}: {reason}",
    ),
}

_ROLES = {
    "da": {
        RouteRole.RECOMMENDS: "indstiller",
        RouteRole.DECIDES: "beslutter",
        RouteRole.INFORMED: "orienteres",
        RouteRole.DISCUSSES: "drøfter",
    },
    "en": {
        RouteRole.RECOMMENDS: "recommends",
        RouteRole.DECIDES: "decides",
        RouteRole.INFORMED: "informed",
        RouteRole.DISCUSSES: "discusses",
    },
}

_registered: list[bool] = []


def register_texts() -> None:
    """Add the view models' texts to the catalogue (once per process)."""
    if not _registered:
        register(_TEXTS)
        _registered.append(True)


def route_roles(lang: str) -> dict[RouteRole, str]:
    """What each route role is called in ``lang``."""
    return _ROLES["en" if lang == "en" else "da"]
