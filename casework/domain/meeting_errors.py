"""What a meeting's record refuses, as CaseworkErrors (CW810–CW827), with their messages.

The codes are listed in ``docs/errors.md`` (Agendas and publication). States and actions are
message keys of their own, so that "Mødet tmu/2026-03-09 er aflyst: kan ikke booke punkter"
reads whole in either language. Pure.
"""

from __future__ import annotations

from casework.domain.errors import CaseworkError
from casework.domain.messages import register

register(
    {
        "meeting.wrong_state": (
            "Mødet {meeting} er {state}: kan ikke {action}.",
            "The meeting {meeting} is {state}: cannot {action}.",
        ),
        "meeting.already_sent": (
            "Dagsordenen for {meeting} er allerede udsendt ({sent_on}); ret et punkt med "
            "'casework meeting correct'.",
            "The agenda of {meeting} was already sent ({sent_on}); correct an item with "
            "'casework meeting correct'.",
        ),
        "meeting.already_booked": (
            "Sag {case_id} står allerede på dagsordenen for {meeting}.",
            "Case {case_id} is already on the agenda of {meeting}.",
        ),
        "meeting.not_booked": (
            "Sag {case_id} står ikke på dagsordenen for {meeting}.",
            "Case {case_id} is not on the agenda of {meeting}.",
        ),
        "meeting.needs_reason": (
            "Dagsordenen for {meeting} er udsendt: et punkt kan kun udgå eller rettes som en "
            "rettelse med en begrundelse (--reason).",
            "The agenda of {meeting} has been sent: an item can only be withdrawn or changed as "
            "a correction with a reason (--reason).",
        ),
        "meeting.nothing_to_correct": (
            "Punktet for sag {case_id} er uændret siden version {version}; intet at rette.",
            "The item of case {case_id} is unchanged since version {version}; nothing to correct.",
        ),
        "meeting.not_yet": (
            "Mødet {meeting} holdes først {day}; det kan ikke åbnes før.",
            "The meeting {meeting} takes place on {day}; it cannot be opened before.",
        ),
        "meeting.not_on_route": (
            "Sag {case_id} skal ikke behandles i {body} (sagsgang: {route}).",
            "Case {case_id} does not go to {body} (route: {route}).",
        ),
        "meeting.bad_move": (
            "Mødet {meeting} kan ikke flyttes til {day}: {why}.",
            "The meeting {meeting} cannot be moved to {day}: {why}.",
        ),
        "meeting.changed": (
            "Mødet {meeting} er ændret, siden det blev læst (version {expected}, nu {actual}); "
            "prøv igen.",
            "The meeting {meeting} changed since it was read (version {expected}, now "
            "{actual}); try again.",
        ),
        "meeting.item_not_on_meeting": (
            "Sag {case_id} er ikke et punkt på dagsordenen for {meeting}; en beslutning "
            "registreres på et punkt, mødet havde på dagsordenen.",
            "Case {case_id} is not an item on the agenda of {meeting}; a decision is recorded "
            "on an item the meeting had on its agenda.",
        ),
        "meeting.not_held": (
            "Mødet {meeting} er {state}, ikke afholdt: en beslutning kræver et afholdt møde "
            "(udsend dagsordenen og åbn mødet med 'casework meeting hold').",
            "The meeting {meeting} is {state}, not held: a decision needs a held meeting (send "
            "the agenda and open the meeting with 'casework meeting hold').",
        ),
        "meeting.item_decided": (
            "Punktet for sag {case_id} på {meeting} er allerede besluttet ({outcome}); genoptag "
            "punktet med 'casework minutes reopen' for at registrere en anden beslutning.",
            "The item of case {case_id} at {meeting} was already decided ({outcome}); reopen "
            "the item with 'casework minutes reopen' to record another decision.",
        ),
        "meeting.minutes_closed": (
            "Protokollen for {meeting} er godkendt ({approved_on}): den kan ikke længere ændres.",
            "The minutes of {meeting} were approved ({approved_on}): they can no longer change.",
        ),
        "meeting.too_many_votes": (
            "{votes} stemmer, men {body} har {members} medlemmer.",
            "{votes} votes, but {body} has {members} members.",
        ),
        "meeting.nothing_to_reopen": (
            "Punktet for sag {case_id} på {meeting} er ikke besluttet endnu (eller allerede "
            "genoptaget); intet at genoptage.",
            "The item of case {case_id} at {meeting} is not decided yet (or already reopened); "
            "nothing to reopen.",
        ),
        "meeting.not_fixed_item": (
            "Punkt {number} er ikke et fast punkt på den udsendte dagsorden for {meeting} "
            "(faste punkter: {fixed}).",
            "Item {number} is not a fixed item of the sent agenda of {meeting} (fixed items: "
            "{fixed}).",
        ),
        "meeting.needs_text": (
            "{what} mangler tekst.",
            "{what} needs a text.",
        ),
        "minutes.what.reason": ("Begrundelsen", "The reason"),
        "minutes.what.member": ("Medlemmets navn", "The member's name"),
        "minutes.what.statement": ("En udtalelse eller tilførsel", "A statement or entry"),
        "meeting.move.same_day": ("det er samme dag", "that is the same day"),
        "meeting.move.target_busy": (
            "mødet den dag er {state}",
            "the meeting on that day is {state}",
        ),
        # States, as "Mødet … er {state}"
        "meeting.state.planned": ("planlagt", "planned"),
        "meeting.state.agenda_closed": (
            "lukket for rettidige punkter (dagsordensfristen)",
            "closed to items on time (the agenda deadline)",
        ),
        "meeting.state.agenda_sent": ("udsendt", "sent"),
        "meeting.state.held": ("afholdt", "held"),
        "meeting.state.minutes_approved": ("afsluttet med godkendt protokol", "minuted"),
        "meeting.state.published": ("offentliggjort", "published"),
        "meeting.state.cancelled": ("aflyst", "cancelled"),
        "meeting.state.moved": ("flyttet til {to}", "moved to {to}"),
        # Actions, as "kan ikke {action}"
        "meeting.action.book": ("booke punkter", "book items"),
        "meeting.action.withdraw": ("tage punkter af", "withdraw items"),
        "meeting.action.close": ("lukke dagsordenen", "close the agenda"),
        "meeting.action.send": ("udsende dagsordenen", "send the agenda"),
        "meeting.action.correct": (
            "rette punkter (først når dagsordenen er udsendt, og før mødet)",
            "correct items (only once the agenda is sent, and before the meeting)",
        ),
        "meeting.action.hold": (
            "åbne mødet (dagsordenen skal være udsendt)",
            "open the meeting (the agenda must have been sent)",
        ),
        "meeting.action.cancel": ("aflyse mødet", "cancel the meeting"),
        "meeting.action.move": ("flytte mødet", "move the meeting"),
        "meeting.action.attendance": (
            "registrere fravær (mødet skal være afholdt)",
            "record attendance (the meeting must be held)",
        ),
        "meeting.action.approve": (
            "godkende protokollen (mødet skal være afholdt)",
            "approve the minutes (the meeting must be held)",
        ),
        "meeting.action.publish": (
            "offentliggøre protokollen (den skal først godkendes)",
            "publish the minutes (they must be approved first)",
        ),
        "meeting.action.reopen": (
            "genoptage punkter (mødet skal være afholdt)",
            "reopen items (the meeting must be held)",
        ),
        "meeting.action.decide": ("registrere beslutninger", "record decisions"),
        "meeting.action.note": (
            "skrive under faste punkter (mødet skal være afholdt)",
            "note under fixed items (the meeting must be held)",
        ),
        # Audit of the meetings' chains (the codes are the case audit's, CW401-CW407)
        "audit.meeting.hash_mismatch": (
            "møde {meeting}, hændelse {seq}: indholdet passer ikke med dens hash (ændret?)",
            "meeting {meeting}, event {seq}: its content does not match its hash (edited?)",
        ),
        "audit.meeting.chain_broken": (
            "møde {meeting}, hændelse {seq}: kæden er brudt (slettet eller flyttet hændelse?)",
            "meeting {meeting}, event {seq}: the chain is broken (event deleted or reordered?)",
        ),
        "audit.meeting.sequence_gap": (
            "møde {meeting}: hændelsesnumrene er ikke fortløbende ({seqs})",
            "meeting {meeting}: event numbers are not consecutive ({seqs})",
        ),
        "audit.meeting.head_mismatch": (
            "møde {meeting}: sidste hændelse passer ikke med mødets version/hash "
            "(slettet hændelse til sidst?)",
            "meeting {meeting}: the last event does not match the meeting's version/hash "
            "(last event deleted?)",
        ),
        "audit.meeting.state_mismatch": (
            "møde {meeting}: den gemte tilstand ({field}) afviger fra genafspilningen af "
            "hændelserne",
            "meeting {meeting}: the stored state ({field}) differs from the replay of its events",
        ),
        "audit.meeting.no_events": (
            "møde {meeting} har ingen hændelser",
            "meeting {meeting} has no events",
        ),
        "audit.meeting.orphan_events": (
            "hændelser for mødet {meeting}, som ikke har nogen mødepost",
            "events for the meeting {meeting}, which has no record row",
        ),
    }
)


class MeetingStateError(CaseworkError):
    """The meeting's state does not allow the action (booking onto a cancelled meeting, holding
    one whose agenda was not sent, …)."""

    code = "CW810"
    key = "meeting.wrong_state"


class AgendaAlreadySent(CaseworkError):
    """The agenda was sent already; a change is a correction now."""

    code = "CW811"
    key = "meeting.already_sent"


class CaseAlreadyBooked(CaseworkError):
    """The case is on the meeting's agenda already."""

    code = "CW812"
    key = "meeting.already_booked"


class CaseNotBooked(CaseworkError):
    """The case is not on the meeting's agenda (withdraw, correct)."""

    code = "CW813"
    key = "meeting.not_booked"


class CorrectionNeedsReason(CaseworkError):
    """After sending, an item is withdrawn or changed only as a correction with a reason."""

    code = "CW814"
    key = "meeting.needs_reason"


class NothingToCorrect(CaseworkError):
    """A correction whose new snapshot equals the item's current version."""

    code = "CW815"
    key = "meeting.nothing_to_correct"


class MeetingNotYet(CaseworkError):
    """The meeting cannot be opened before its day."""

    code = "CW816"
    key = "meeting.not_yet"


class NotOnRoute(CaseworkError):
    """The case's route does not take it to the meeting's body."""

    code = "CW817"
    key = "meeting.not_on_route"


class BadMoveTarget(CaseworkError):
    """The day a meeting is moved to is the same day, or its meeting is under way already."""

    code = "CW818"
    key = "meeting.bad_move"


class MeetingChanged(CaseworkError):
    """Someone else changed the meeting's record since it was loaded (optimistic concurrency)."""

    code = "CW819"
    key = "meeting.changed"


class ItemNotOnMeeting(CaseworkError):
    """A decision for a case that is not an item on the meeting's agenda."""

    code = "CW820"
    key = "meeting.item_not_on_meeting"


class MeetingNotHeldYet(CaseworkError):
    """A decision for a recorded meeting that has not been held (its agenda not sent)."""

    code = "CW821"
    key = "meeting.not_held"


class ItemAlreadyDecided(CaseworkError):
    """A second, different decision on an item without reopening it."""

    code = "CW822"
    key = "meeting.item_decided"


class MinutesClosed(CaseworkError):
    """The minutes were approved: no decision, absence or reopening is recorded after."""

    code = "CW823"
    key = "meeting.minutes_closed"


class TooManyVotes(CaseworkError):
    """More votes than the body has members."""

    code = "CW824"
    key = "meeting.too_many_votes"


class NothingToReopen(CaseworkError):
    """Reopening an item that is not decided, or already reopened."""

    code = "CW825"
    key = "meeting.nothing_to_reopen"


class MinutesNeedText(CaseworkError):
    """A reason, a member's name or a statement given as blank text."""

    code = "CW826"
    key = "meeting.needs_text"


class NotFixedItem(CaseworkError):
    """A note for an item number that is not a fixed item of the sent agenda."""

    code = "CW827"
    key = "meeting.not_fixed_item"


__all__ = [
    "AgendaAlreadySent",
    "BadMoveTarget",
    "CaseAlreadyBooked",
    "CaseNotBooked",
    "CorrectionNeedsReason",
    "ItemAlreadyDecided",
    "ItemNotOnMeeting",
    "MeetingChanged",
    "MeetingNotHeldYet",
    "MeetingNotYet",
    "MeetingStateError",
    "MinutesClosed",
    "MinutesNeedText",
    "NotFixedItem",
    "NotOnRoute",
    "NothingToCorrect",
    "NothingToReopen",
    "TooManyVotes",
]
