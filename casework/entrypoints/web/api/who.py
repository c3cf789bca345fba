"""Who the caller is, and their API tokens."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from casework.domain import access
from casework.domain.access import Permission
from casework.entrypoints.web.api.common import Person, accounts_of, services_of
from casework.entrypoints.web.api_errors import ApiRoute

router = APIRouter(route_class=ApiRoute)


@router.get("/me", summary="Den indloggede person, roller og rettigheder")
def me(request: Request, person: Person) -> dict[str, Any]:
    """Who the token signs in, with roles, centres and what the policy grants."""
    municipality = services_of(request).config.municipality
    found = municipality.people[person]
    return {
        "id": found.id,
        "name": found.name,
        "roles": sorted(found.roles),
        "centres": sorted(found.centres),
        "permissions": sorted(p.value for p in access.permissions(municipality, person)),
    }


@router.get("/tokens", summary="Adgangstokens (uden hemmeligheder)")
def tokens(
    request: Request,
    person: Person,
    owner: Annotated[str | None, Query(alias="person", max_length=100)] = None,
) -> list[dict[str, Any]]:
    """The caller's tokens, or another person's for who may manage tokens."""
    if owner is not None and owner != person:
        access.require(services_of(request).config.municipality, person, Permission.MANAGE_TOKENS)
    found = accounts_of(request).list_tokens(owner or person)
    return [t.as_json() for t in found]


@router.delete("/tokens/{token_id}", summary="Tilbagekald et adgangstoken")
def revoke_token(request: Request, person: Person, token_id: str) -> dict[str, Any]:
    """Revoke one of the caller's tokens (anyone's, for who may manage tokens)."""
    municipality = services_of(request).config.municipality
    anyones = access.allowed(municipality, person, Permission.MANAGE_TOKENS)
    # Someone else's token is "not found" to whoever may not manage it, so ids reveal nothing.
    info = accounts_of(request).revoke_token(token_id, person_id=None if anyones else person)
    result: dict[str, Any] = info.as_json()
    return result
