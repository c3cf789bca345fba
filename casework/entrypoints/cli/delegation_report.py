"""What ``casework delegation`` prints: the plans' check, and a comparison of two plans.

For people (Rich tables, in Danish or English), scripts (JSON with stable keys) and
spreadsheets (CSV). Imported by the delegation commands when they print.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from casework.domain.messages import render
from casework.entrypoints.cli import delegation_texts as _texts  # noqa: F401 - registers them
from casework.entrypoints.cli.output import console as _console

if TYPE_CHECKING:
    from rich.console import Console

    from casework.app.delegation import DelegationCheck
    from casework.domain.delegation_compiled import WhatIf, WhatIfSummary
    from casework.domain.delegation_plan import DelegationPlan
    from casework.domain.errors import Finding
    from casework.domain.organisation import Municipality
    from casework.domain.workflow import Route


def plan_json(plan: DelegationPlan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "version": plan.version,
        "title": plan.title,
        "file": plan.source,
        "draft": plan.is_draft,
        "valid_from": plan.valid_from.isoformat(),
        "valid_to": plan.valid_to.isoformat() if plan.valid_to else None,
        "hit_policy": plan.hit_policy.value,
        "rules": len(plan.rules),
    }


def check_json(result: DelegationCheck, lang: str) -> dict[str, Any]:
    return {
        "ok": not result.errors,
        "plans": [plan_json(p) for p in result.plans],
        "errors": [f.as_dict(lang) for f in result.errors],
        "warnings": [f.as_dict(lang) for f in result.warnings],
    }


def print_check(result: DelegationCheck, lang: str) -> None:
    console = _console()
    if not result.files:
        console.print(render("delegation.cli.no_plans", lang))
        return
    for plan in result.plans:
        console.print(
            render(
                "delegation.cli.plan_line",
                lang,
                plan=plan.label,
                file=plan.source or "",
                rules=len(plan.rules),
                policy=plan.hit_policy.value,
                valid_from=plan.valid_from.isoformat(),
                status=render(
                    "delegation.cli.draft" if plan.is_draft else "delegation.cli.adopted", lang
                ),
            ),
            markup=False,
            soft_wrap=True,
        )
    _print_findings(console, "delegation.cli.errors", result.errors, lang)
    _print_findings(console, "delegation.cli.warnings", result.warnings, lang)
    key = "delegation.cli.check_bad" if result.errors else "delegation.cli.check_ok"
    console.print(
        render(key, lang, plans=len(result.plans), errors=len(result.errors)),
        style="bold red" if result.errors else "green",
    )


def _print_findings(console: Console, key: str, findings: Sequence[Finding], lang: str) -> None:
    if not findings:
        return
    console.print(render(key, lang, count=len(findings)))
    for finding in findings:
        # One finding per line, never wrapped, so that editors and grep can jump to file:line.
        console.print("  " + finding.message(lang), markup=False, soft_wrap=True)


def years_of(rows: Sequence[dict[str, Any]]) -> float:
    dates = []
    for row in rows:
        text = row.get("dato") or row.get("date")
        try:
            dates.append(dt.date.fromisoformat(str(text)))
        except ValueError:
            continue
    if len(dates) < 2:
        return 1.0
    span = (max(dates) - min(dates)).days + 1
    return max(span / 365.0, 1 / 12)  # a file of a few days is still at least a month of work


class CompareReport:
    """A what-if ready for people (rich tables), scripts (JSON) and spreadsheets (CSV)."""

    def __init__(
        self,
        *,
        a: DelegationPlan,
        b: DelegationPlan,
        rows: Sequence[dict[str, Any]],
        result: WhatIf,
        summary: WhatIfSummary,
        municipality: Municipality,
        lang: str,
    ) -> None:
        self.a, self.b, self.rows, self.result = a, b, rows, result
        self.summary, self.municipality, self.lang = summary, municipality, lang

    def short(self, body: str) -> str:
        from casework.domain.delegation_plan import ADMINISTRATION

        if body == ADMINISTRATION:
            return render("delegation.cli.administration", self.lang)
        found = self.municipality.bodies.get(body)
        return found.short if found is not None else body

    def case_id(self, row: int) -> str:
        data = self.rows[row]
        return str(data.get("sagsnr") or data.get("id") or row + 1)

    def changed(self) -> list[dict[str, Any]]:
        return [
            {
                "row": c.row + 1,
                "case": self.case_id(c.row),
                "decider_a": c.a.label,
                "decider_b": c.b.label,
                "rule_a": c.a.rule,
                "rule_b": c.b.rule,
                "route_a": _route(c.a.route),
                "route_b": _route(c.b.route),
            }
            for c in self.result.changed
        ]

    def as_json(self) -> dict[str, Any]:
        summary = self.summary
        return {
            "plan_a": plan_json(self.a),
            "plan_b": plan_json(self.b),
            "cases": self.result.cases,
            "years": round(summary.years, 3),
            "minutes_per_item": summary.minutes_per_item,
            "matrix": [
                {"from": frm, "to": to, "cases": n}
                for (frm, to), n in sorted(self.result.matrix.items())
            ],
            "bodies": [
                {
                    "body": s.body,
                    "items_per_year_a": round(s.items_a, 1),
                    "items_per_year_b": round(s.items_b, 1),
                    "delta_per_year": round(s.delta, 1),
                }
                for s in summary.bodies
            ],
            "decider_changed": self.result.decider_changed,
            "route_changed": self.result.route_changed,
            "items_saved_per_year": round(summary.items_saved, 1),
            "minutes_saved_per_year": round(summary.minutes_saved, 1),
            "changed": self.changed(),
        }

    def as_csv(self) -> str:
        out = io.StringIO()
        fields = ["row", "case", "decider_a", "decider_b", "rule_a", "rule_b", "route_a", "route_b"]
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.changed())
        return out.getvalue()

    def print(self, console: Console, limit: int) -> None:
        lang, result, summary = self.lang, self.result, self.summary
        console.print(
            render(
                "delegation.cli.compare_head",
                lang,
                a=self.a.label,
                b=self.b.label,
                cases=result.cases,
                years=_number(summary.years, lang, 1),
            ),
            markup=False,
        )
        console.print(self._matrix())
        console.print(self._bodies())
        share = 100 * result.decider_changed / result.cases if result.cases else 0.0
        console.print(
            render(
                "delegation.cli.compare_summary",
                lang,
                changed=result.decider_changed,
                share=_number(share, lang, 1),
                routes=result.route_changed,
                items=_number(summary.items_saved, lang, 0),
                hours=_number(summary.minutes_saved / 60, lang, 1),
                minutes=_number(summary.minutes_per_item, lang, 0),
            ),
            markup=False,
            soft_wrap=True,
        )
        if limit and result.changed:
            console.print(self._changed(limit))

    def _matrix(self) -> Any:
        from rich.table import Table
        from rich.text import Text

        matrix = self.result.matrix
        froms = sorted({k[0] for k in matrix}, key=self._order)
        tos = sorted({k[1] for k in matrix}, key=self._order)
        table = Table(title=render("delegation.cli.matrix_title", self.lang))
        table.add_column(render("delegation.cli.matrix_corner", self.lang))
        for to in tos:
            table.add_column(self.short(to), justify="right")
        for frm in froms:
            cells = []
            for to in tos:
                count = matrix.get((frm, to), 0)
                text = str(count) if count else "·"
                cells.append(Text(text, style="bold" if count and frm != to else ""))
            table.add_row(self.short(frm), *cells)
        return table

    def _order(self, body: str) -> tuple[int, str]:
        from casework.domain.organisation import BodyKind

        found = self.municipality.bodies.get(body)
        kinds = [BodyKind.COUNCIL, BodyKind.FINANCE, BodyKind.STANDING, BodyKind.TASK]
        rank = kinds.index(found.kind) if found is not None else len(kinds)
        return rank, body

    def _bodies(self) -> Any:
        from rich.table import Table
        from rich.text import Text

        lang = self.lang
        table = Table(title=render("delegation.cli.bodies_title", lang))
        for key in ("body", "items_a", "items_b", "delta"):
            table.add_column(
                render(f"delegation.cli.col.{key}", lang),
                justify="left" if key == "body" else "right",
            )
        for shift in sorted(self.summary.bodies, key=lambda s: self._order(s.body)):
            delta = _number(shift.delta, lang, 1)
            style = "green" if shift.delta < 0 else "red" if shift.delta > 0 else ""
            table.add_row(
                self.short(shift.body),
                _number(shift.items_a, lang, 1),
                _number(shift.items_b, lang, 1),
                Text(f"{'+' if shift.delta > 0 else ''}{delta}" if style else delta, style=style),
            )
        return table

    def _changed(self, limit: int) -> Any:
        from rich.table import Table

        lang = self.lang
        table = Table(
            title=render(
                "delegation.cli.changed_title",
                lang,
                shown=min(limit, len(self.result.changed)),
                total=len(self.result.changed),
            )
        )
        for key in ("case", "matter", "decider_a", "decider_b", "rules"):
            table.add_column(render(f"delegation.cli.col.{key}", lang))
        for change in self.result.changed[:limit]:
            row = self.rows[change.row]
            table.add_row(
                self.case_id(change.row),
                str(row.get("sagstype") or "–"),
                self.short(change.a.label),
                self.short(change.b.label),
                f"{change.a.rule or 'default'} → {change.b.rule or 'default'}",
            )
        return table


def _route(route: Route) -> str:
    # The `--route` syntax of `casework case new`, so a route can be pasted into a new case.
    return ",".join(f"{e.body}:{e.role.value}" for e in route)


def _number(value: float, lang: str, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    if lang == "da":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text
