"""The case page's issue 20 section: the discussion a case came from or the cases it led to,
its facilitation kit and its citizen involvement. Rendered from
:class:`casework.app.discussions.DiscussionPanel`, built for the signed-in person, so a linked
closed item is named by its public heading to whoever may not see it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from casework.domain.messages import register

if TYPE_CHECKING:
    from casework.app.core import App
    from casework.app.discussions import DiscussionPanel
    from casework.domain.case import Case
    from casework.domain.events import CaseEvent

register(
    {
        "web.discussion.heading": ("Drøftelse og inddragelse", "Discussion and involvement"),
        "web.discussion.origin": (
            "Sagen udspringer af drøftelsessag",
            "The case comes from discussion case",
        ),
        "web.discussion.produced": ("Drøftelsen førte til", "The discussion led to"),
        "web.discussion.kit": ("Drøftelsesformat", "Discussion format"),
        "web.discussion.kit_step": (
            "Vises på dagsordenspunktet, hvor udvalget drøfter sagen.",
            "Shown on the agenda item where the committee discusses the case.",
        ),
        "web.discussion.programme": ("Program", "Programme"),
        "web.discussion.questions": ("Spørgsmål", "Questions"),
        "web.discussion.materials": ("Materialer", "Materials"),
        "web.discussion.process_plan": ("Procesplan", "Process plan"),
        "web.discussion.scale": ("vurdér {low}–{high}", "rate {low}–{high}"),
        "web.discussion.involvement": ("Inddragelse", "Involvement"),
        "web.discussion.due": ("Svarfrist {due}", "Deadline {due}"),
        "web.discussion.party": ("Part", "Party"),
        "web.discussion.answer": ("Svar", "Answer"),
        "web.discussion.received": ("Modtaget", "Received"),
        "web.discussion.waiting": ("afventer svar", "awaiting an answer"),
        "web.discussion.not_reached": (
            "Sagen er ikke sendt i høring.",
            "The case has not been sent out for consultation.",
        ),
    }
)


def discussion_panel(
    app: App, case: Case, events: list[CaseEvent], lang: str, person: str
) -> DiscussionPanel:
    """The panel for ``person`` (not cached with the page's shared parts: titles depend on who
    looks, and a linked case moves on without this case's version changing)."""
    return app.discussions.panel(case, events, lang, actor=person)
