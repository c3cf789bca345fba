"""The words diagrams print, in Danish and English, and how they write dates.

Registered into the shared message catalogue on import (keys ``diagram.*``), so a diagram's
legend, lane titles and training texts are looked up like every other user-facing text.
Dates are written by hand rather than through ``locale``, because the process locale is
whatever the machine has and diagrams must come out the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from casework.domain.events import parse_instant
from casework.domain.messages import register, render
from casework.domain.workflow import RouteRole

register(
    {
        "error.dot_missing": (
            "Graphviz-programmet 'dot' blev ikke fundet; installér det med: "
            "sudo apt-get install graphviz",
            "The Graphviz program 'dot' was not found; install it with: "
            "sudo apt-get install graphviz",
        ),
        "diagram.needs_out": (
            "formatet {format} er binært og skal skrives til en fil: brug --out FIL",
            "the format {format} is binary and must go to a file: use --out FILE",
        ),
        "diagram.written": ("Skrev {path}", "Wrote {path}"),
        # The marks on the sheets of a print that spans more than one
        "diagram.sheet.footer": (
            "Ark {sheet} af {sheets} · række {row} af {rows}, kolonne {column} af {columns}"
            " · den stiplede strimmel går igen på nabo-arket: læg arkene over hinanden dér",
            "Sheet {sheet} of {sheets} · row {row} of {rows}, column {column} of {columns}"
            " · the dashed strip repeats on the neighbouring sheet: overlap the sheets there",
        ),
        "diagram.sheet.right": (
            "ark {sheet} fortsætter herfra »",
            "sheet {sheet} goes on from here »",
        ),
        "diagram.sheet.below": (
            "ark {sheet} fortsætter under denne linje",
            "sheet {sheet} goes on below this line",
        ),
        "diagram.training_written": (
            "Undervisningsmaterialet er skrevet: {count} diagrammer og {index}",
            "The training pack is written: {count} diagrams and {index}",
        ),
        # Titles and lanes
        "diagram.route": ("Sagsgang: {route}", "Route: {route}"),
        "diagram.no_bodies": ("ingen politisk behandling", "no political consideration"),
        "diagram.version": ("version {version}", "version {version}"),
        "diagram.case_title": ("Sag {case_id}: {title}", "Case {case_id}: {title}"),
        "diagram.case_status": ("Status pr. {date}", "Status as of {date}"),
        "diagram.case_deadline": ("Sagens frist: {date}", "Case deadline: {date}"),
        "diagram.case_closed": ("Sagen er afsluttet", "The case is closed"),
        "diagram.legend": ("Signaturforklaring", "Legend"),
        "diagram.start": ("Start", "Start"),
        # Route roles
        "diagram.role.indstiller": ("indstiller", "recommends"),
        "diagram.role.beslutter": ("beslutter", "decides"),
        "diagram.role.orienteres": ("orienteres", "is informed"),
        "diagram.role.droefter": ("drøfter", "discusses"),
        # Route kinds
        "diagram.kind.chain": ("Fagudvalg → ØU → KB", "Committee → Finance → Council"),
        "diagram.kind.chain_informed": (
            "Fagudvalg → ØU → KB, opgaveudvalg orienteres",
            "Committee → Finance → Council, task committee informed",
        ),
        "diagram.kind.alone": ("Udvalget beslutter selv", "The committee decides alone"),
        "diagram.kind.informed": ("Udvalget orienteres", "The committee is informed"),
        "diagram.kind.discussed": ("Udvalget drøfter sagen", "The committee discusses the matter"),
        "diagram.kind.none": ("Uden politisk behandling", "Without political consideration"),
        # Guards and meeting targets
        "diagram.cond.set": ("{attribute} er udfyldt", "{attribute} is set"),
        "diagram.cond.unset": ("{attribute} er ikke udfyldt", "{attribute} is not set"),
        "diagram.cond.not": ("ikke {attribute}", "not {attribute}"),
        # A step's minimum period (calendar.yaml's periods), with its source in brackets
        "diagram.minimum": ("mindst {length}", "at least {length}"),
        "diagram.minimum.notice": (
            "modtaget mindst {length} før mødet",
            "received at least {length} before the meeting",
        ),
        "diagram.minimum.when": ("{minimum}, hvis {condition}", "{minimum} if {condition}"),
        # The workflow's deadline rule beside a minimum: the planner's length, not the law's
        "diagram.planned_rule": ("planlagt {rule}", "planned {rule}"),
        "diagram.back_to": ("tilbage til", "back to"),
        # A meeting step's rule as the planner reads it from calendar.yaml
        "diagram.rule.before": ("{amount} {unit} før mødet", "{amount} {unit} before the meeting"),
        "diagram.rule.intake": (
            "hos sekretariatet senest {when} ({body}s frist)",
            "with the secretariat {when} ({body}'s rule)",
        ),
        "diagram.rule.after_previous": (
            "{previous}s møde senest {when}",
            "{previous} meets at least {when}",
        ),
        # Journey details
        "diagram.done_by": ("{action} · {person} · {date}", "{action} · {person} · {date}"),
        "diagram.passes": ("{count} gennemløb", "{count} passes"),
        "diagram.late": ("⚠ efter fristen {date}", "⚠ after the deadline {date}"),
        "diagram.now_with": ("▶ Nu hos: {people}", "▶ Now with: {people}"),
        "diagram.now": ("▶ Her er sagen nu", "▶ The case is here now"),
        "diagram.since": ("siden {date}", "since {date}"),
        "diagram.due": ("Frist: {date}", "Due: {date}"),
        "diagram.planned_meeting": ("Planlagt møde: {date}", "Planned meeting: {date}"),
        "diagram.overdue": ("⚠ OVERSKREDET siden {date}", "⚠ OVERDUE since {date}"),
        "diagram.closed_on": ("Lukket {date}", "Closed {date}"),
        "diagram.case_ended": ("Sagen er lukket: {end}", "The case is closed: {end}"),
        "diagram.body_decided": ("{body}: {outcome} · {when}", "{body}: {outcome} · {when}"),
        "diagram.at_meeting": ("mødet {date}", "meeting of {date}"),
        "diagram.was_planned": (
            "(planlagt til mødet {date})",
            "(planned for the meeting of {date})",
        ),
        "diagram.recorded_by": ("registreret af {person}", "recorded by {person}"),
        "diagram.again": ("↻ skal igennem trinnet igen", "↻ to pass this step again"),
        "diagram.again_on": ("↻ igen, planlagt {date}", "↻ again, planned for {date}"),
        "diagram.taken_on": ("{action} · {date}", "{action} · {date}"),
        "diagram.taken_times": (
            "{action} · {count} gange, sidst {date}",
            "{action} · {count} times, last {date}",
        ),
        # Legend
        "diagram.legend.task": ("Opgave", "Task"),
        "diagram.legend.approval": ("✓ Godkendelse", "✓ Approval"),
        "diagram.legend.hearing": ("Høring", "Consultation"),
        "diagram.legend.involvement": ("Borgerinddragelse", "Citizen involvement"),
        "diagram.legend.wait": ("Venter", "Waiting"),
        "diagram.legend.meeting": ("Møde i politisk organ", "Meeting of a political body"),
        "diagram.legend.terminal": ("Afslutning", "End"),
        "diagram.legend.link": ("Tilbage til et tidligere trin", "Back to an earlier step"),
        "diagram.legend.forward": ("Handling: sagen går videre", "Action: the case moves on"),
        "diagram.legend.return": ("↩ Sendt tilbage (stiplet)", "↩ Sent back (dashed)"),
        "diagram.legend.postpone": ("↻ Udsat (prikket)", "↻ Postponed (dotted)"),
        "diagram.legend.done": ("✓ Udført", "✓ Done"),
        "diagram.legend.current": (
            "▶ Her er sagen nu (tyk kant)",
            "▶ The case is here (thick border)",
        ),
        "diagram.legend.overdue": (
            "⚠ Frist overskredet (dobbelt kant)",
            "⚠ Overdue (double border)",
        ),
        "diagram.legend.future": ("Kommende trin (stiplet kant)", "Step to come (dashed border)"),
        "diagram.legend.taken": ("Taget vej (tyk, med dato)", "Path taken (thick, with date)"),
        "diagram.legend.planned": ("Planlagt vej (tynd, grå)", "Planned path (thin, grey)"),
        # Training pack
        "diagram.training.title": ("Vi tegner sagsgangen", "Drawing the case route"),
        "diagram.training.intro": (
            "Sagsgangene for {municipality}, tegnet fra de samme workflows, som casework "
            "kører. Hvert workflow vises for de veje, delegationsplanen giver det: ét eksempel "
            "pr. familie af regler, der giver samme vej, mærket med reglen. Tabellen under det "
            "fortæller for hvert trin, hvem der gør hvad, hvornår og hvorfor.",
            "The case routes of {municipality}, drawn from the same workflows casework runs. "
            "Each workflow is shown along the routes the delegation plan gives it: one example "
            "per family of rules that give the same route, labelled with the rule. The table "
            "below it says for each step who does what, by when, and why.",
        ),
        "diagram.training.same_route": (
            "Samme vej efter: {rules}",
            "The same route under: {rules}",
        ),
        "diagram.training.how": ("Sådan læses diagrammerne", "How to read the diagrams"),
        "diagram.training.lanes": (
            "Hver vandret bane er en rolle i forvaltningen eller et politisk organ; sagen "
            "bevæger sig fra venstre mod højre, fra bane til bane.",
            "Each horizontal lane is a role in the administration or a political body; the case "
            "moves from left to right, from lane to lane.",
        ),
        "diagram.training.shape.task": ("Afrundet boks: en opgave", "Rounded box: a task"),
        "diagram.training.shape.approval": (
            "Boks med ✓: en godkendelse",
            "Box with ✓: an approval",
        ),
        "diagram.training.shape.meeting": (
            "Sekskant: et møde i det politiske organ, der står i banen",
            "Hexagon: a meeting of the political body named by the lane",
        ),
        "diagram.training.shape.terminal": (
            "Dobbelt cirkel: sagen er slut",
            "Double circle: the case ends",
        ),
        "diagram.training.shape.link": (
            "Stiplet boks med ↩: sagen sendes tilbage til det nævnte trin",
            "Dashed box with ↩: the case goes back to the step named",
        ),
        "diagram.training.line.forward": (
            "Fuld streg: en handling, der sender sagen videre",
            "Solid line: an action that moves the case on",
        ),
        "diagram.training.line.return": (
            "Stiplet streg (↩): sendt tilbage",
            "Dashed line (↩): sent back",
        ),
        "diagram.training.line.postpone": (
            "Prikket streg (↻): udsat, sagen bliver i samme organ til et senere møde",
            "Dotted line (↻): postponed, the case stays with the same body for a later meeting",
        ),
        "diagram.training.print": (
            "Hver sagsgang vises i printlayoutet (banerne som kolonner). Til udskrift: brug "
            "PDF'en under figuren. Den fylder hele ark, nummererede og med limkant, når "
            "sagsgangen kræver flere, og ingen tekst er under 7 pt.",
            "Each route is shown in the print layout (lanes as columns). To print, use the PDF "
            "under the figure: whole sheets, numbered and with an overlap strip where a route "
            "needs more than one, and no text below 7 pt.",
        ),
        "diagram.training.contents": ("Indhold", "Contents"),
        "diagram.training.versions": ("Hent:", "Download:"),
        "diagram.training.pdf": (
            "PDF til print ({paper}, hele ark, tekst mindst 7 pt)",
            "PDF for print ({paper}, whole sheets, text 7 pt or more)",
        ),
        "diagram.training.svg": ("SVG i fuld størrelse", "full-size SVG"),
        "diagram.training.png": ("PNG til slides", "PNG for slides"),
        "diagram.training.steps": ("Trinene", "The steps"),
        "diagram.training.col.step": ("Trin", "Step"),
        "diagram.training.col.who": ("Hvem", "Who"),
        "diagram.training.col.what": ("Hvad", "What"),
        "diagram.training.col.when": ("Hvornår", "By when"),
        "diagram.training.col.why": ("Hvorfor", "Why"),
        "diagram.training.case_type": ("Sagstype: {case_type}", "Case type: {case_type}"),
        "diagram.training.each_body": (
            "hvert organ i sagsgangen ({roles}); {role} forbereder",
            "each body of the route ({roles}); {role} prepares",
        ),
        "diagram.training.next_body": (
            "næste organ i sagsgangen, efter det sidste: {step}",
            "the next body of the route, after the last one: {step}",
        ),
        "diagram.training.same_body": (
            "samme organ, på et senere møde",
            "the same body, at a later meeting",
        ),
        "diagram.training.only_where": ("kun hvor organet {roles}", "only where the body {roles}"),
        "diagram.training.by": ("af {roles}", "by {roles}"),
        "diagram.training.ends": ("Sagen er slut.", "The case ends."),
        "diagram.training.no_rule": ("ingen frist", "no deadline"),
        "diagram.training.footer": (
            "Tegnet af casework fra konfigurationen i config/. Ret workflowet, så følger "
            "tegningen med.",
            "Drawn by casework from the configuration in config/. Change the workflow and the "
            "drawing follows.",
        ),
    }
)

_MONTHS = {
    "da": ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.",
           "dec."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}  # fmt: skip


def tr(key: str, lang: str, /, **params: Any) -> str:
    """The text ``key`` in ``lang``."""
    return render(key, lang, **params)


def route_role(role: RouteRole, lang: str) -> str:
    """A body's part in a route as a word: "indstiller", "decides"."""
    return tr(f"diagram.role.{role.value}", lang)


def format_date(day: dt.date | str, lang: str) -> str:
    """A date as "5. mar. 2026" (Danish) or "5 Mar 2026" (English), with no-break spaces."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    month = _MONTHS["en" if lang == "en" else "da"][day.month - 1]
    # No-break spaces: a date is never wrapped across two lines of a label.
    if lang == "en":
        return f"{day.day}\u00a0{month}\u00a0{day.year}"
    return f"{day.day}.\u00a0{month}\u00a0{day.year}"


def local_date(instant: str) -> dt.date:
    """The Copenhagen date of a stored event instant (fixed-width UTC text).

    A step approved at 00:30 Danish time belongs to that Danish day, not to the UTC day before.
    """
    at = parse_instant(instant)
    try:
        zone = ZoneInfo("Europe/Copenhagen")
    except ZoneInfoNotFoundError:  # no time-zone database: UTC is off by at most two hours
        return at.date()
    return at.astimezone(zone).date()
