"""One error hierarchy for casework: a stable code, a place, a message and a hint.

Errors carry a message *key* and parameters, not finished sentences, so the entry points can
render them in Danish (the default) or English. Codes are listed in ``docs/errors.md`` and are
never reused. Entry points catch :class:`CaseworkError` only; anything else is a bug.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from casework.domain.messages import render


@dataclass(frozen=True, slots=True)
class Location:
    """Where in the configuration a problem sits: file, line and a YAML path."""

    file: str
    line: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
        if self.path:
            text += f" ({self.path})"
        return text


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in the configuration or the audit log.

    ``key`` selects the message template, ``params`` fill it, ``suggestion`` is a
    "did you mean" value where one fits.
    """

    code: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    location: Location | None = None
    suggestion: str | None = None

    def message(self, lang: str = "da") -> str:
        """The finding as one line in ``lang``, with its place first and its hint last."""
        text = render(self.key, lang, **self.params)
        if self.suggestion is not None:
            text += " " + render("hint.did_you_mean", lang, suggestion=self.suggestion)
        if self.location is not None:
            text = f"{self.location}: {text}"
        return f"[{self.code}] {text}"

    def as_dict(self, lang: str = "da") -> dict[str, Any]:
        """A JSON-ready form with stable keys, for ``--json`` output."""
        loc = self.location
        return {
            "code": self.code,
            "message": self.message(lang),
            "file": loc.file if loc else None,
            "line": loc.line if loc else None,
            "path": loc.path if loc else None,
            "suggestion": self.suggestion,
        }


def did_you_mean(name: str, known: Iterable[str]) -> str | None:
    """The closest known name to a misspelt one, or None when nothing is close."""
    matches = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


class CaseworkError(Exception):
    """Base of every error a user can cause; rendered as one line in their language."""

    code: ClassVar[str] = "CW000"
    key: ClassVar[str] = "error.generic"

    def __init__(self, *, suggestion: str | None = None, **params: Any) -> None:
        self.params = params
        self.suggestion = suggestion
        super().__init__(self.message("en"))

    def message(self, lang: str = "da") -> str:
        """The error as one line in ``lang``."""
        text = render(self.key, lang, **self.params)
        if self.suggestion is not None:
            text += " " + render("hint.did_you_mean", lang, suggestion=self.suggestion)
        return f"[{self.code}] {text}"


class DefinitionError(CaseworkError):
    """The configuration (workflows, municipality) has one or more problems."""

    code = "CW100"
    key = "error.config_invalid"

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = tuple(findings)
        super().__init__(count=len(self.findings))

    def message(self, lang: str = "da") -> str:
        """A summary line followed by every finding, one per line."""
        head = super().message(lang)
        return "\n".join([head, *("  " + f.message(lang) for f in self.findings)])


class ConfigFileError(CaseworkError):
    """A configuration file cannot be read or parsed at all."""

    code = "CW101"
    key = "error.config_file"


class NotFound(CaseworkError):
    """A case, person or workflow named by the user does not exist."""

    code = "CW201"
    key = "error.case_not_found"


class UnknownPerson(NotFound):
    """The acting person is not in the municipality's configuration."""

    code = "CW210"
    key = "error.unknown_person"


class UnknownWorkflow(NotFound):
    """The workflow named when opening a case is not configured."""

    code = "CW211"
    key = "error.unknown_workflow"


class TransitionNotAllowed(CaseworkError):
    """The action is not available from the case's current step."""

    code = "CW202"
    key = "error.action_not_available"


class RoleNotPermitted(CaseworkError):
    """The actor lacks every role allowed to take the action."""

    code = "CW203"
    key = "error.role_not_permitted"


class OutsideCentre(CaseworkError):
    """The actor's role is limited to their own centre, and the case belongs to another."""

    code = "CW204"
    key = "error.outside_centre"


class GuardFailed(CaseworkError):
    """A condition on the case's attributes does not hold for this action."""

    code = "CW205"
    key = "error.guard_failed"


class ConcurrentUpdate(CaseworkError):
    """The case changed after the caller read it (optimistic concurrency)."""

    code = "CW206"
    key = "error.concurrent_update"


class IdempotencyConflict(CaseworkError):
    """An idempotency key was reused for a different request."""

    code = "CW207"
    key = "error.idempotency_conflict"


class MinimumPeriodNotPassed(CaseworkError):
    """The step has a minimum period (a hearing, the klagefrist, a member's proposal's notice)
    that has not passed; the secretariat may override it with a reason."""

    code = "CW226"
    key = "error.minimum_not_passed"


class OverrideNotPermitted(CaseworkError):
    """Someone without the secretariat's override tried to leave a step before its minimum."""

    code = "CW227"
    key = "error.override_not_permitted"


class CaseClosed(CaseworkError):
    """The case has reached a terminal step and accepts no more actions."""

    code = "CW208"
    key = "error.case_closed"


class InvalidRoute(CaseworkError):
    """The route of bodies given for a case does not fit the workflow or the municipality."""

    code = "CW209"
    key = "error.invalid_route"


class InvalidAttribute(CaseworkError):
    """A case attribute is unknown or has a value of the wrong type."""

    code = "CW212"
    key = "error.invalid_attribute"


class InvalidInput(CaseworkError):
    """Input from the user does not validate (a field is missing, malformed or out of range)."""

    code = "CW213"
    key = "error.invalid_input"


class WorkflowChanged(CaseworkError):
    """A workflow's file changed without a new version while cases pin the old content."""

    code = "CW214"
    key = "error.workflow_changed"


class RouteChangeNotAllowed(CaseworkError):
    """The route cannot change: the case has passed a body the new route leaves out, or its
    current step would not exist on the new route."""

    code = "CW215"
    key = "error.route_change_not_allowed"


class DecisionNotPossible(CaseworkError):
    """The case is not at a body's meeting where that decision can be recorded."""

    code = "CW216"
    key = "error.decision_not_possible"


class TargetMeetingNotFeasible(CaseworkError):
    """The case cannot reach the target meeting: too soon, not on its route, or no meeting."""

    code = "CW217"
    key = "error.target_meeting"


class MeetingRequired(CaseworkError):
    """A decision from the minutes names no meeting date."""

    code = "CW218"
    key = "error.meeting_required"


class MeetingNotHeld(CaseworkError):
    """A decision names a meeting that has not been held yet (a date after today)."""

    code = "CW219"
    key = "error.meeting_not_held"


class NoMeetingOfBody(CaseworkError):
    """A decision names a day on which the case's body had no meeting in the meeting plan."""

    code = "CW224"
    key = "error.no_meeting_of_body"


class DecisionAlreadyRecorded(CaseworkError):
    """The body already recorded another decision on the case at the same meeting."""

    code = "CW225"
    key = "error.decision_recorded"


class FinancingMissing(CaseworkError):
    """An appropriation of an amount is decided without saying how it is financed.

    KSL § 40, stk. 3: "Enhver tillægsbevilling skal angive, hvorledes den bevilgede udgift
    skal dækkes." Checked when the deciding body's approval is recorded.
    """

    code = "CW226"
    key = "error.financing_missing"


class StorageError(CaseworkError):
    """The database is missing, unreachable or not initialised."""

    code = "CW301"
    key = "error.storage"


class DatabaseNotInitialised(StorageError):
    """The database exists but has no casework schema (run ``casework init``)."""

    code = "CW302"
    key = "error.db_not_initialised"


class SchemaOutOfDate(StorageError):
    """The database schema is older than this version of casework."""

    code = "CW303"
    key = "error.schema_out_of_date"


# --------------------------------------------------------------------------- OParl export (issue 7)
# Messages are registered in casework.services.oparl_export, which raises these. CW650-CW657
# belong to the delegation plan (casework.domain.delegation), so the export starts at CW695.
class InvalidBaseUrl(CaseworkError):
    """The base URL of an OParl export is not an absolute http(s) URL without query or fragment."""

    code = "CW695"
    key = "error.oparl_export.base_url"


class ExportTargetNotEmpty(CaseworkError):
    """The export folder holds files that are not an earlier OParl export; nothing is touched."""

    code = "CW696"
    key = "error.oparl_export.not_empty"


# --------------------------------------------------------------------------- OParl import (issue 7)
# Messages are registered in casework.domain.oparl and casework.domain.stats. CW601-CW657 are
# the delegation plan's and CW695+ the export's, so the import and `stats` use CW680-CW689;
# findings in a mapping file are CW680.
class OParlSourceError(CaseworkError):
    """The SOURCE of ``casework import oparl`` is missing or cannot be read at all."""

    code = "CW681"
    key = "error.oparl_import.source"


class StatsInputError(CaseworkError):
    """``casework stats`` was given a period or grouping it cannot use."""

    code = "CW682"
    key = "error.stats.input"
