"""casework's application service: the one front door for every entry point and flow.

Entry points import from here (and from the domain for its commands, errors and values), never
from ``casework.services`` or ``casework.adapters``; import-linter holds that in CI.
"""

from casework.app.core import (
    App,
    CaseQuery,
    account_store,
    load_config,
    open_app,
    reminder_service,
    render_agenda,
)

__all__ = [
    "App",
    "CaseQuery",
    "account_store",
    "load_config",
    "open_app",
    "reminder_service",
    "render_agenda",
]
