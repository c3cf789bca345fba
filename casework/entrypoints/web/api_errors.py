"""Errors of the JSON API: casework errors as ``{"error": {"code", "message"}}`` with 4xx.

A router cannot install exception handlers on the app, so the API's routes use
:class:`ApiRoute`, which turns casework errors, validation errors and unreadable bodies into
the API's JSON errors itself; the app's own handlers never see them.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field, ValidationError

from casework.domain.access import AccessDenied, NotSignedIn, TokenNotFound
from casework.domain.discussions import AlreadyLinked
from casework.domain.errors import (
    CaseClosed,
    CaseworkError,
    ConcurrentUpdate,
    DecisionAlreadyRecorded,
    DecisionNotPossible,
    GuardFailed,
    IdempotencyConflict,
    InvalidInput,
    MinimumPeriodNotPassed,
    NotFound,
    OutsideCentre,
    OverrideNotPermitted,
    RoleNotPermitted,
    RouteChangeNotAllowed,
    StorageError,
    TargetMeetingNotFeasible,
    TransitionNotAllowed,
    UnknownPerson,
    UnknownWorkflow,
)
from casework.domain.involvement import AlreadyAnswered, InvolvementNotStarted
from casework.domain.presentation import PresentationFrozen
from casework.domain.task_committee import (
    AlreadyRecommended,
    CommitteeChanged,
    NoOpenSprint,
    NotFacilitator,
    OutsidePeriod,
    SprintNotClosed,
    SprintStillOpen,
)

_CONFLICT = (
    ConcurrentUpdate,
    IdempotencyConflict,
    CaseClosed,
    TransitionNotAllowed,
    GuardFailed,
    MinimumPeriodNotPassed,
    RouteChangeNotAllowed,
    DecisionNotPossible,
    DecisionAlreadyRecorded,
    TargetMeetingNotFeasible,
    PresentationFrozen,  # CW872: the approved text may not change any more
    AlreadyLinked,  # CW922: the case has its origin already (one per case)
    InvolvementNotStarted,  # CW931: the case has not reached its involvement step
    AlreadyAnswered,  # CW932: the party's answer is on record already
)


#: A task committee's state refuses the write (issue 20): a sprint open, none open, the sprint
#: not closed or recommended already, a day outside the period, another writer first.
_COMMITTEE_CONFLICT = (
    SprintStillOpen,
    NoOpenSprint,
    SprintNotClosed,
    AlreadyRecommended,
    OutsidePeriod,
    CommitteeChanged,
)

#: First match wins: UnknownPerson and UnknownWorkflow are named in request bodies, not paths.
_STATUSES: tuple[tuple[tuple[type[CaseworkError], ...], int], ...] = (
    ((NotSignedIn,), 401),
    ((AccessDenied, RoleNotPermitted, OutsideCentre, OverrideNotPermitted, NotFacilitator), 403),
    ((UnknownPerson, UnknownWorkflow), 422),
    ((NotFound, TokenNotFound), 404),
    ((*_CONFLICT, *_COMMITTEE_CONFLICT), 409),
    ((StorageError,), 503),
)


def status_for(exc: CaseworkError) -> int:
    """The HTTP status of a casework error in the API (422 unless listed)."""
    for kinds, status in _STATUSES:
        if isinstance(exc, kinds):
            return status
    return 422


def lang_of(request: Request) -> str:
    """English when the request asks for it (``Accept-Language: en…``), else Danish."""
    header = request.headers.get("accept-language", "")
    return "en" if header.lower().startswith("en") else "da"


def error_response(exc: CaseworkError, lang: str = "da") -> JSONResponse:
    """``{"error": {"code", "message"}}`` with the error's status."""
    if isinstance(exc, IdempotencyConflict):
        # The key may be someone else's, on a case the caller may not see: name no case.
        exc = IdempotencyConflict(key=exc.params.get("key"), other="–")
    message = exc.message(lang).removeprefix(f"[{exc.code}] ")
    status = status_for(exc)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(
        {"error": {"code": exc.code, "message": message}}, status_code=status, headers=headers
    )


def invalid(errors: Any) -> InvalidInput:
    """Pydantic's validation errors as one CW213 line: ``field: problem; …``, in the reader's
    language (validation_text.py), not pydantic's English."""
    from casework.domain.validation_text import invalid_detail

    return InvalidInput(detail=invalid_detail(errors, skip=("body",)))


class ApiRoute(APIRoute):
    """Routes whose casework, validation and body errors become the API's JSON errors."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except CaseworkError as exc:
                return error_response(exc, lang_of(request))
            except RequestValidationError as exc:
                return error_response(invalid(exc.errors()), lang_of(request))
            except ValidationError as exc:
                return error_response(invalid(exc.errors()), lang_of(request))
            except HTTPException as exc:
                if exc.status_code != 400:  # only the body parser's "bad request" is ours
                    raise
                # A body that is not even text (FastAPI's parser gives up before validation).
                unreadable = InvalidInput(detail=str(exc.detail))
                response = error_response(unreadable, lang_of(request))
                response.status_code = 400
                return response

        return handle


class ErrorDetail(BaseModel):
    """What went wrong: a stable code (``docs/errors.md``) and one line for people."""

    code: str = Field(examples=["CW201"])
    message: str = Field(examples=["Sagen '2026-0001' findes ikke."])


class ErrorBody(BaseModel):
    """Every error of the API has this shape."""

    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Forespørgslen kan ikke læses"},
    401: {"model": ErrorBody, "description": "Intet eller ugyldigt adgangstoken"},
    403: {"model": ErrorBody, "description": "Ingen adgang"},
    404: {"model": ErrorBody, "description": "Findes ikke (eller er ikke synlig for dig)"},
    409: {"model": ErrorBody, "description": "Sagens tilstand tillader det ikke"},
    422: {"model": ErrorBody, "description": "Ugyldigt input"},
}


__all__ = ["ERRORS", "ApiRoute", "ErrorBody", "error_response", "invalid", "lang_of", "status_for"]
