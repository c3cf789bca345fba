"""The JSON API under ``/api/v1`` (issue 8): the web app's operations, for integrations.

Callers authenticate with an API token (``Authorization: Bearer cw_…``, made with ``casework
token create``) and act as the token's person: the same policy (:mod:`casework.domain.access`)
decides what they see, and the same engine decides which case actions they may take. Request
bodies become the CLI's pydantic commands (:mod:`casework.domain.commands`), so a request is
refused with the same message as the command line would give.

Every error is JSON ``{"error": {"code": "CW2xx", "message": "…"}}`` with a 4xx status (Danish
messages; ``Accept-Language: en`` for English): 401 without a valid token, 403 when the policy
or the engine denies, 404 for a case the caller may not see as well as one that does not exist
(a closed item must not betray its existence), 409 when the case's state refuses the request,
422 for malformed input. The OpenAPI description is at ``/openapi.json``.
"""

from __future__ import annotations

from fastapi import APIRouter

from casework.entrypoints.web.api import (
    cases,
    discussions,
    overview,
    presentation,
    task_committees,
    who,
)
from casework.entrypoints.web.api.common import signed_in
from casework.entrypoints.web.api_errors import ERRORS

router = APIRouter(prefix="/api/v1", responses=ERRORS, tags=["api"])
for module in (who, cases, discussions, presentation, overview, task_committees):
    router.include_router(module.router)

__all__ = ["router", "signed_in"]
