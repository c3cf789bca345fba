"""What every endpoint of the JSON API shares: the caller (from the API token), the app, the
command built from a request body, the case the caller may see, the case JSON, the snapshot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError

from casework.domain import access
from casework.domain.access import NotSignedIn, Permission
from casework.domain.errors import NotFound
from casework.entrypoints.web.api_errors import invalid

if TYPE_CHECKING:
    from casework.app import App
    from casework.app.open_cases import CaseSnapshot, Snapshot
    from casework.domain.case import Case

_bearer = HTTPBearer(auto_error=False, description="Et adgangstoken fra `casework token create`")


def services_of(request: Request) -> App:
    """The application service the web app was built with."""
    services: App = request.app.state.services
    return services


def accounts_of(request: Request) -> Any:
    """The account store (passwords and API tokens)."""
    store = request.app.state.accounts
    # The app keeps a lazy getter (built on first use); a store passed in directly also works.
    return store if hasattr(store, "person_for_token") else store()


def signed_in(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The person the request's API token belongs to.

    Raises:
        NotSignedIn: no token, or one that is unknown, revoked or of a person no longer
            configured.
    """
    if credentials is None or not credentials.credentials:
        raise NotSignedIn
    person = accounts_of(request).person_for_token(credentials.credentials)
    if person is None or person not in services_of(request).config.municipality.people:
        raise NotSignedIn
    return str(person)


Person = Annotated[str, Depends(signed_in)]


def command(model: Any, **values: Any) -> Any:
    """The pydantic command ``model`` of ``values``; its errors answer 422 (CW213)."""
    try:
        return model(**values)
    except ValidationError as exc:
        raise invalid(exc.errors()) from None


def route_of(text: str | None) -> list[tuple[str, str]] | None:
    """A route text (``tmu:indstiller,kb:beslutter``) as (body, role) pairs; None stays None."""
    from casework.domain.routes import parse_route

    return parse_route(text) if text is not None else None


def visible(services: App, person: str, case_id: str) -> tuple[Case, list[Any]]:
    """A case with its events, or NotFound when the person may not see it."""
    case, events = services.case(case_id)
    if not access.can_view_case(services.config.municipality, person, case):
        raise NotFound(case_id=case_id)
    return case, events


def case_json(services: App, case: Case, person: str) -> dict[str, Any]:
    """The case with the actions ``person`` may take: the CLI's ``--json`` shape, in Danish."""
    return services.views.row(case, "da", actor=person).as_json()


def result_json(services: App, result: Any, person: str) -> dict[str, Any]:
    """An action's or a decision's result: whether replayed, the event, the case after it."""
    return {
        "replayed": result.replayed,
        "event": result.event.as_json(),
        "case": case_json(services, result.case, person),
    }


def permission_on(services: App, person: str, permission: Permission, case: Case) -> None:
    """Raises AccessDenied unless the policy grants ``permission`` on ``case``."""
    if not access.may_on_case(services.config.municipality, person, permission, case):
        raise access.denied(permission)


def snapshot(request: Request) -> Snapshot:
    """The web app's snapshot of the open cases (:mod:`casework.app.open_cases`).

    The board and "my cases" read every open case; the snapshot keeps them (with their labels
    and responsible people) so that twenty people looking at the board do not each read 10,000
    cases. Writes through the web app and the API invalidate it at once (:func:`changed`).
    """
    keeper: CaseSnapshot | None = getattr(request.app.state, "snapshot", None)
    if keeper is None:  # an app that keeps no snapshot reads the store for each request
        from casework.app.open_cases import read_snapshot

        return read_snapshot(services_of(request))
    return keeper.get()


def changed(request: Request) -> None:
    """A write through the API: the board and "my cases" must show it at once."""
    keeper: CaseSnapshot | None = getattr(request.app.state, "snapshot", None)
    if keeper is not None:
        keeper.invalidate()
