"""``casework stats``: process statistics over the case histories (issue 7).

Routes by pattern, time spent per body and per step, the share of cases per deciding body,
postponement and referral rates, and the same by period (``--by month|quarter|year``, cases
counted by the day they were opened, ``--from``/``--to``). Tables in Danish by default (``--lang
en``), ``--json`` for scripts. Works on imported OParl cases as on the configured workflows.

The statistics are a use case of the application service (:mod:`casework.app.analysis`); this
module parses the options and prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

import typer

from casework.entrypoints.cli.context import of

_TEXTS = {
    "title": (
        "Sagsgangsstatistik ({cases} sager, {closed} afsluttede)",
        "Process statistics ({cases} cases, {closed} closed)",
    ),
    "rates": (
        "Udsat mindst én gang: {postponed} · oversendt: {referred} · median sagstid: {median} dage",
        "Postponed at least once: {postponed} · referred: {referred} · median: {median} days",
    ),
    "routes": ("Sagsgange (ruter) efter mønster", "Routes by pattern"),
    "pattern": ("Rute", "Route"),
    "no_route": ("Ingen politisk behandling", "No political step"),
    "cases": ("Sager", "Cases"),
    "share": ("Andel", "Share"),
    "bodies": (
        "Tid pr. organ (dage fra modtagelse til videre)",
        "Time per body (days until moved on)",
    ),
    "steps": ("Tid pr. trin (dage)", "Time per step (days)"),
    "body": ("Organ", "Body"),
    "step": ("Trin", "Step"),
    "median": ("Median", "Median"),
    "p90": ("90 %", "p90"),
    "open": ("Åbne", "Open"),
    "postponements": ("Udsættelser", "Postponements"),
    "referrals": ("Oversendelser", "Referrals"),
    "deciders": ("Besluttende organ", "Deciding body"),
    "none": ("(intet besluttende organ)", "(no deciding body)"),
    "periods": ("Efter periode ({by})", "By period ({by})"),
    "period": ("Periode", "Period"),
    "closed": ("Afsluttet", "Closed"),
    "postponed_rate": ("Udsat", "Postponed"),
    "referred_rate": ("Oversendt", "Referred"),
    "duration": ("Median sagstid", "Median duration"),
    "outcomes": ("Udfald: {outcomes}", "Outcomes: {outcomes}"),
    "empty": ("Ingen sager i perioden.", "No cases in the period."),
}
_BY = {"month": ("måned", "month"), "quarter": ("kvartal", "quarter"), "year": ("år", "year")}
#: The minutes' outcomes in words (the JSON keeps the stable ids).
_OUTCOMES = {
    "decided": ("godkendt", "decided"),
    "recommended": ("anbefales", "recommended"),
    "noted": ("taget til efterretning", "noted"),
    "postponed": ("udsat", "postponed"),
    "returned": ("sendt tilbage", "returned"),
    "rejected": ("ikke godkendt", "rejected"),
    "referred": ("oversendt", "referred"),
}


def _t(key: str, lang: str, **params: object) -> str:
    da, en = _TEXTS[key]
    return (en if lang == "en" else da).format(**params)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("stats")(stats)


def stats(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    by: Annotated[str, typer.Option("--by", help="month | quarter | year.")] = "year",
    start: Annotated[
        str | None, typer.Option("--from", help="First day cases were opened (YYYY-MM-DD).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day cases were opened (YYYY-MM-DD).")
    ] = None,
    top: Annotated[int, typer.Option(min=1, max=500, help="Rows per table.")] = 15,
    as_json: Annotated[bool, typer.Option("--json", help="Output JSON for scripts.")] = False,
) -> None:
    """Sagsgangsstatistik: ruter, tid pr. organ og trin, besluttende organer, udsættelser."""
    from casework.app import analysis
    from casework.entrypoints.cli.output import console, print_json

    context = of(ctx)
    app = context.app  # checks the database is there and current, loads the config
    first, last = _day(start, "--from"), _day(end, "--to")
    data = analysis.stats(app, by=by, start=first, end=last, top=top).as_json()
    if as_json:
        print_json(data)
        return
    names = _Names(app.views.body_short, _step_titles(app, context.lang), context.lang)
    _print(console(), names, data, context.lang, top)


class _Names:
    """Bodies by short name and steps by title, as the reader knows them (never the ids)."""

    def __init__(
        self, body_short: Callable[[str], str], steps: dict[str, str], lang: str = "da"
    ) -> None:
        self.body = body_short
        self._steps = steps
        self._lang = lang

    def step(self, step_id: str) -> str:
        return self._steps.get(step_id, step_id)

    def route(self, pattern: str) -> str:
        """``tmu (indstiller) → sou (droefter)`` with the bodies' short names and the roles
        in words ("TMU (indstiller) → SOU (drøfter)"); ``-`` (no political step) in words."""
        from casework.domain.delegation_explain import role_text

        if pattern == "-":
            return _t("no_route", self._lang)
        parts = []
        for part in pattern.split(" → "):
            body, sep, role = part.partition(" (")
            role_name = role_text(role.removesuffix(")"), self._lang) + ")" if sep else ""
            parts.append(f"{self.body(body)}{sep}{role_name}")
        return " → ".join(parts)


def _step_titles(app: Any, lang: str) -> dict[str, str]:
    """Each configured step id's title; an id whose title differs between workflows shows
    each ("Sagsfremstilling udarbejdes / Indstilling udarbejdes")."""
    found: dict[str, list[str]] = {}
    for workflow_id in sorted(app.config.workflows):
        for step_id, step in app.config.workflows[workflow_id].steps.items():
            titles = found.setdefault(step_id, [])
            if step.label(lang) not in titles:
                titles.append(step.label(lang))
    return {step_id: " / ".join(titles) for step_id, titles in found.items()}


def _day(text: str | None, option: str) -> dt.date | None:
    from casework.domain.errors import StatsInputError

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise StatsInputError(detail=f"{option}: YYYY-MM-DD ({text})") from None


def _decimal(text: str, lang: str) -> str:
    """A decimal point as the reader writes it: a comma in Danish ("1,0 %")."""
    return text if lang == "en" else text.replace(".", ",")


def _pct(value: float | None, lang: str) -> str:
    return "–" if value is None else _decimal(f"{value * 100:.1f} %", lang)


def _num(value: float | None, lang: str) -> str:
    return "–" if value is None else _decimal(f"{value:g}", lang)


def _print(console: Any, names: _Names, data: dict[str, Any], lang: str, top: int) -> None:
    from rich.table import Table

    total = data["total"]
    if not total["cases"]:
        console.print(_t("empty", lang))
        return
    console.rule(_t("title", lang, cases=total["cases"], closed=total["closed"]))
    console.print(
        _t(
            "rates",
            lang,
            postponed=_pct(total["postponement_rate"], lang),
            referred=_pct(total["referral_rate"], lang),
            median=_num(total["duration_days"]["median"], lang),
        )
    )
    routes = Table(title=_t("routes", lang))
    routes.add_column(_t("pattern", lang))
    routes.add_column(_t("cases", lang), justify="right")
    routes.add_column(_t("share", lang), justify="right")
    for row in data["routes"]:
        routes.add_row(names.route(row["pattern"]), str(row["cases"]), _pct(row["share"], lang))
    console.print(routes)
    for key, column in (("bodies", "body"), ("steps", "step")):
        table = Table(title=_t(key, lang))
        table.add_column(_t(column, lang))
        for head in ("cases", "median", "p90", "open", "postponements", "referrals"):
            table.add_column(_t(head, lang), justify="right")
        for row in data[key][:top]:
            name = names.body(row[column]) if column == "body" else names.step(row[column])
            table.add_row(
                name, str(row["cases"]), _num(row["days"]["median"], lang),
                _num(row["days"]["p90"], lang),
                str(row["open"]), str(row["postponements"]), str(row["referrals"]),
            )  # fmt: skip
        console.print(table)
    deciders = Table(title=_t("deciders", lang))
    deciders.add_column(_t("body", lang))
    deciders.add_column(_t("cases", lang), justify="right")
    deciders.add_column(_t("share", lang), justify="right")
    for row in data["deciding_bodies"][:top]:
        name = names.body(row["body"]) if row["body"] else _t("none", lang)
        deciders.add_row(name, str(row["cases"]), _pct(row["share"], lang))
    console.print(deciders)
    periods = Table(title=_t("periods", lang, by=_BY[data["by"]][lang == "en"]))
    for head in ("period", "cases", "closed", "postponed_rate", "referred_rate", "duration"):
        periods.add_column(_t(head, lang), justify="left" if head == "period" else "right")
    for row in data["periods"]:
        periods.add_row(
            row["period"], str(row["cases"]), str(row["closed"]),
            _pct(row["postponement_rate"], lang), _pct(row["referral_rate"], lang),
            _num(row["duration_days"]["median"], lang),
        )  # fmt: skip
    console.print(periods)
    outcomes = (
        ", ".join(
            f"{_OUTCOMES.get(k, (k, k))[lang == 'en']} {v}" for k, v in data["outcomes"].items()
        )
        or "–"
    )
    console.print(_t("outcomes", lang, outcomes=outcomes))
