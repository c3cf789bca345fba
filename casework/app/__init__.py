"""casework's application service: the one front door for every entry point and flow.

Entry points import from here (and from the domain for its commands, errors and values), never
from ``casework.services`` or ``casework.adapters``; import-linter holds that in CI.
"""

from casework.app.accounts import account_store
from casework.app.core import (
    App,
    CaseQuery,
    load_config,
    open_app,
    render_agenda,
)
from casework.app.oparl import import_oparl
from casework.app.reminders import reminder_service

__all__ = [
    "App",
    "CaseQuery",
    "account_store",
    "import_oparl",
    "load_config",
    "open_app",
    "reminder_service",
    "render_agenda",
]
