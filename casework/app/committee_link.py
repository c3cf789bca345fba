"""The link from a recommendation case back to the task committee that wrote it.

Every case view asks (the case page, ``case show``, the API's case), so this module stays light:
it reads the committees' events through the unit of work's committee store and takes the
committees and their names from the municipality's ``opgaveudvalg`` bodies, without the task
committees' use cases (:mod:`casework.app.task_committees`), their kommissorier (one YAML file
each) or the command models those import. ``case show`` keeps its start-up
(``tests/e2e/test_cli_startup.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casework.app.core import App


@dataclass(frozen=True, slots=True)
class CommitteeLink:
    """The task committee whose written recommendation a case is (the case page, ``case show``
    and the API's case link back to the committee's page)."""

    committee: str
    title: str
    sprint: int
    text: str

    @property
    def url(self) -> str:
        """The committee's page."""
        return f"/opgaveudvalg/{self.committee}"

    def as_json(self) -> dict[str, Any]:
        """Stable keys."""
        return {"committee": self.committee, "title": self.title, "sprint": self.sprint,
                "url": self.url, "text": self.text}  # fmt: skip


_FROM: tuple[str, str] = (
    "Indstilling fra opgaveudvalget {title} (sprint {sprint})",
    "Recommendation from the task committee {title} (sprint {sprint})",
)


def recommending(app: App, case_id: str, lang: str = "da") -> CommitteeLink | None:
    """The committee whose recommendation case ``case_id`` is, from the committees' own record
    (``recommendation.created``), read in one unit of work; None for any other case, and at
    once when the municipality has no task committee."""
    from casework.domain.organisation import BodyKind

    bodies = app.config.municipality.bodies
    committees = sorted(b for b, body in bodies.items() if body.kind is BodyKind.TASK)
    if not committees:
        return None
    with (app.reader_factory or app.uow_factory)() as uow:
        store = getattr(getattr(uow, "inner", uow), "task_committees", None)
        if store is None:  # a unit of work without committees (the in-memory fake)
            return None
        for committee in committees:
            for event in store.events(committee):
                if event.kind == "recommendation.created" and event.data.get("case") == case_id:
                    sprint = int(event.data.get("sprint", 0))
                    title = bodies[committee].title(lang)
                    da, en = _FROM
                    text = (en if lang == "en" else da).format(title=title, sprint=sprint)
                    return CommitteeLink(committee, title, sprint, text)
    return None


__all__ = ["CommitteeLink", "recommending"]
