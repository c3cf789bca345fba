"""The HTML pages, one module per resource, assembled into one router.

Thin like the CLI: each route reads its input, asks :mod:`casework.domain.access` what the
signed-in person may see and do, runs one use case of the application service
(:mod:`casework.app`) and renders a Jinja2 template (autoescaped) over its view models.

- :mod:`.signin`: sign-in, sign-out, the language switch;
- :mod:`.cases`: my cases and the new-case form;
- :mod:`.case`: the case page; :mod:`.case_changes`: its actions, details, route and plan;
  :mod:`.bilag`: its bilag (list, upload, removal, the access-checked download);
  :mod:`.discussion`: its origin or what it led to, its kit and its involvement's answers;
  :mod:`.presentation`: the presentation's editor, its checks and the Word round trip;
- :mod:`.board`: the case board; :mod:`.flow_history`: its flow over time;
- :mod:`.meetings`: the meeting plan, agendas, their approval, minutes;
- :mod:`.meeting_cycle`: one meeting's cycle (the secretariat's steps) and its protocol;
- :mod:`.task_committees`: the § 17, stk. 4 task committees (issue 20);
- :mod:`.render`: what they share (rendering, the request's app and person, form errors).
"""

from __future__ import annotations

from fastapi import APIRouter

from casework.entrypoints.web.pages import (
    bilag,
    board,
    case,
    case_changes,
    cases,
    discussion,
    flow_history,
    meeting_cycle,
    meetings,
    presentation,
    signin,
    task_committees,
)
from casework.entrypoints.web.pages.render import SignInRequired, lang_of, render

router = APIRouter(include_in_schema=False)
# /sager/ny (cases) before /sager/{case_id} (case): the first matching route answers.
for module in (
    signin,
    cases,
    case,
    case_changes,
    bilag,
    discussion,
    presentation,
    board,
    flow_history,
    meetings,
    meeting_cycle,
    task_committees,
):
    router.include_router(module.router)

__all__ = ["SignInRequired", "lang_of", "render", "router"]
