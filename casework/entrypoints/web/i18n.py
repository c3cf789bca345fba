"""The web app's texts, Danish and English, in the shared message catalogue.

Registered on import like the CLI's own texts (``casework.entrypoints.texts``), so pages, errors
and the CLI share one catalogue and one :func:`render`. The page language comes from the
session (the English switch) and defaults to Danish.
"""

from __future__ import annotations

from typing import Any

from casework.domain.messages import LANGUAGES, register, render
from casework.entrypoints import texts as _cli_texts  # the shared column and status texts

del _cli_texts

register(
    {
        "web.app_name": ("casework", "casework"),
        "web.skip": ("Spring til indholdet", "Skip to content"),
        "web.nav.mine": ("Mine sager", "My cases"),
        "web.nav.board": ("Sagstavlen", "Case board"),
        "web.nav.new": ("Ny sag", "New case"),
        "web.nav.meetings": ("Møder", "Meetings"),
        "web.nav.chamber": ("Byrådssalen", "Council chamber"),
        "web.nav.chamber_hint": (
            "Den virtuelle byrådssal: undervisning i sagsgangen for nye politikere",
            "The virtual council chamber: training in the case route for new councillors",
        ),
        "web.nav.main": ("Hovedmenu", "Main menu"),
        "web.switch_lang": ("English", "Dansk"),
        "web.signed_in_as": ("Logget ind som {name}", "Signed in as {name}"),
        "web.logout": ("Log ud", "Sign out"),
        "web.login.title": ("Log ind", "Sign in"),
        "web.login.person": ("Bruger-id", "User id"),
        "web.login.password": ("Adgangskode", "Password"),
        "web.login.submit": ("Log ind", "Sign in"),
        "web.login.failed": (
            "Forkert bruger-id eller adgangskode.",
            "Wrong user id or password.",
        ),
        "web.login.limited": (
            "For mange forsøg. Vent lidt, og prøv igen.",
            "Too many attempts. Wait a little and try again.",
        ),
        "web.login.sso": (
            "Kommunens single sign-on er slået til for dette site.",
            "The municipality's single sign-on is enabled for this site.",
        ),
        "web.csrf": (
            "Formularen var udløbet eller kom ikke fra casework. Prøv igen.",
            "The form had expired or did not come from casework. Please try again.",
        ),
        "web.forbidden": (
            "Du har ikke adgang til denne side.",
            "You do not have access to this page.",
        ),
        "web.not_found": ("Siden findes ikke.", "The page does not exist."),
        "web.error.title": ("Der opstod en fejl", "Something went wrong"),
        "web.error.internal": (
            "Der opstod en uventet fejl. Fejlen er skrevet i serverens log; prøv igen, eller "
            "kontakt sekretariatet.",
            "An unexpected error occurred. It has been written to the server log; try again, "
            "or contact the secretariat.",
        ),
        "web.back_home": ("Til forsiden", "To the front page"),
        "web.mine.title": ("Mine sager", "My cases"),
        "web.mine.owner": ("Sager jeg er sagsbehandler på", "Cases I own"),
        "web.mine.responsible": (
            "Sager der venter på mig",
            "Cases waiting for me",
        ),
        "web.mine.none": ("Ingen sager.", "No cases."),
        "web.col.next_due": ("Næste frist", "Next deadline"),
        "web.board.title": ("Sagstavlen", "Case board"),
        "web.board.by_step": ("Åbne sager pr. trin", "Open cases by step"),
        "web.board.by_body": ("Åbne sager pr. organ", "Open cases by body"),
        "web.board.filter": ("Filtrér", "Filter"),
        "web.board.all": ("Alle", "All"),
        "web.board.cases": ("Sager ({shown} af {total})", "Cases ({shown} of {total})"),
        "web.board.overdue_only": ("Kun overskredne frister", "Overdue only"),
        "web.board.no_body": ("(intet organ endnu)", "(no body yet)"),
        "web.board.person": ("Ansvarlig", "Responsible"),
        "web.board.meetings": ("Flow mod møderne", "Flow toward the meetings"),
        "web.board.flow": ("Flow pr. trin", "Flow by step"),
        "web.board.deadline": ("Dagsordensfrist {day}", "Agenda deadline {day}"),
        "web.board.left": ("om {left} hverdage", "in {left} working days"),
        "web.board.passed": ("overskredet", "passed"),
        "web.board.used": ("{count} sager", "{count} cases"),
        "web.board.used_of": ("{count} af {capacity} pladser", "{count} of {capacity} places"),
        "web.board.at_risk": ("{count} i risiko", "{count} at risk"),
        "web.board.late": ("{count} for sent", "{count} late"),
        "web.board.wip": (
            "{count} sager, {overdue} overskredne",
            "{count} cases, {overdue} overdue",
        ),
        "web.board.age": ("{age} hverdage på trinnet", "{age} working days at the step"),
        "web.board.more": ("+ {count} flere", "+ {count} more"),
        "web.board.empty": ("Ingen sager.", "No cases."),
        "web.board.risk_mark": ("i risiko", "at risk"),
        "web.board.move_to": ("Flyt til mødet", "Move to the meeting"),
        "web.board.move": ("Flyt", "Move"),
        "web.board.no_move": (
            "Intet af de andre viste møder kan nås",
            "None of the other meetings shown can be reached",
        ),
        "web.board.drag_hint": (
            "Træk kortet til et andet af organets møder for at flytte sagen",
            "Drag the card to another of the body's meetings to move the case",
        ),
        "web.board.drop_here": ("Slip her for at flytte sagen", "Drop here to move the case"),
        "web.board.late_mark": ("for sent", "late"),
        "web.col.body": ("Organ", "Body"),
        "web.col.workflow": ("Sagstype", "Workflow"),
        "web.case.attributes": ("Oplysninger", "Details"),
        "web.case.decision": ("Beslutningskompetence", "Competence to decide"),
        "web.case.route": ("Sagsgang", "Route"),
        "web.case.route_svg": (
            "Sagens vej gennem organerne: {route}. Nu: {current}.",
            "The case's way through the bodies: {route}. Now: {current}.",
        ),
        "web.case.journey": ("Hele forløbet som diagram", "The whole journey as a diagram"),
        "web.case.history": ("Historik", "History"),
        "web.case.plan": ("Møder og frister", "Meetings and deadlines"),
        "web.case.no_plan": ("Ingen planlagte møder endnu.", "No meetings planned yet."),
        "web.case.plan_live": (
            "Tidligste møder, hvis sagen er klar i dag:",
            "Earliest meetings if the case is ready today:",
        ),
        "web.case.plan_recorded": ("Planlagt:", "Planned:"),
        "web.case.step_due": ("Frist for dette trin", "Due for this step"),
        "web.case.deadline": ("Sagen skal være færdig", "Case must be done by"),
        "web.case.actions": ("Handlinger", "Actions"),
        "web.case.no_actions": (
            "Du kan ikke udføre handlinger på sagen lige nu.",
            "You cannot take any action on this case now.",
        ),
        "web.case.comment": ("Bemærkning (kommer i historikken)", "Comment (kept in the history)"),
        "web.case.override_minimum": (
            "Fravig minimumsfristen, med begrundelse (kun sekretariatet)",
            "Override the minimum period, with a reason (the secretariat only)",
        ),
        "web.case.done": ("{action}: sagen er nu på trinnet {step}.", "{action}: now at {step}."),
        "web.case.closed_item": (
            "Lukket punkt: indholdet vises kun for dem, der må se det.",
            "Closed item: the content is shown only to those who may see it.",
        ),
        "web.case.closed_hidden": ("(lukket punkt)", "(closed item)"),
        "web.case.responsible": ("Ansvarlig nu", "Responsible now"),
        "web.case.plan_button": ("Planlæg sagen fra møderne", "Plan the case from the meetings"),
        "web.case.edit": ("Ret oplysninger", "Change details"),
        "web.case.back": ("Tilbage til sagen", "Back to the case"),
        "web.case.edit_comment": ("Hvorfor ændres oplysningerne?", "Why do the details change?"),
        "web.case.edit_submit": ("Gem ændringerne", "Save the changes"),
        "web.case.changed": (
            "{count} oplysning(er) er ændret.",
            "{count} detail(s) changed.",
        ),
        "web.case.reroute": ("Ændr sagsgangen", "Change the route"),
        "web.case.reroute_route": ("Ny sagsgang (fx bpu,oeu,kb)", "New route (e.g. bpu,oeu,kb)"),
        "web.case.reroute_reason": (
            "Begrundelse (kommer i historikken)",
            "Reason (kept in the history)",
        ),
        "web.case.reroute_submit": ("Ændr sagsgangen", "Change the route"),
        "web.case.route_changed": ("Sagsgangen er ændret.", "The route was changed."),
        "web.case.planned_done": ("Sagen er planlagt.", "The case is planned."),
        "web.new.title": ("Opret en ny sag", "Open a new case"),
        "web.new.workflow": ("Sagsforløb", "Workflow"),
        "web.new.workflow_auto": (
            "Delegationsplanen vælger",
            "The delegation plan chooses",
        ),
        "web.new.route": ("Sagsgang (fx tmu,oeu,kb)", "Route (e.g. tmu,oeu,kb)"),
        "web.new.route_help": (
            "Tom: delegationsplanen bestemmer, hvilke organer sagen skal forbi.",
            "Empty: the delegation plan decides which bodies the case passes.",
        ),
        "web.new.deadline": ("Færdig senest (ÅÅÅÅ-MM-DD)", "Done by (YYYY-MM-DD)"),
        "web.new.reference": ("ESDH-sagsnummer", "ESDH case number"),
        "web.new.submit": ("Opret sagen", "Open the case"),
        "web.new.errors": (
            "Sagen blev ikke oprettet. Ret felterne markeret nedenfor.",
            "The case was not opened. Correct the fields marked below.",
        ),
        "web.new.opened": ("Sag {case_id} er oprettet.", "Case {case_id} was opened."),
        "web.choose": ("– vælg –", "– choose –"),
        "web.yes": ("Ja", "Yes"),
        "web.no": ("Nej", "No"),
        "web.meetings.title": ("Møder", "Meetings"),
        "web.meetings.upcoming": ("Kommende møder", "Upcoming meetings"),
        "web.meetings.past": ("Vis også afholdte møder", "Show past meetings too"),
        "web.meetings.date": ("Dato", "Date"),
        "web.meetings.public": ("Dagsorden (offentlig)", "Agenda (public)"),
        "web.meetings.full": ("Dagsorden (fuld)", "Agenda (full)"),
        "web.meetings.minutes": ("Referat", "Minutes"),
        "web.meetings.protocol": ("Protokol", "Minutes (published)"),
        "web.meetings.none": ("Ingen møder.", "No meetings."),
        "web.agenda.public": ("Offentlig udgave", "Public version"),
        "web.agenda.full": ("Fuld udgave (medlemmerne)", "Full version (members)"),
        "web.agenda.deadline": ("Frist for dagsordenen: {date}", "Agenda deadline: {date}"),
        "web.agenda.warnings": ("Til sekretariatet", "For the secretariat"),
        "web.agenda.approve": ("Godkendelse af lukkede punkter", "Approving the closed items"),
        "web.agenda.approve_help": (
            "Organet beslutter ved godkendelsen af dagsordenen, om hvert foreslået lukket punkt "
            "behandles lukket (KSL § 10). Markér de punkter, der behandles for åbne døre.",
            "When approving its agenda, the body decides for each proposed closed item whether "
            "it is dealt with in closed session (KSL § 10). Tick the items taken in open session.",
        ),
        "web.agenda.open_session": ("Behandles åbent", "Taken in open session"),
        "web.agenda.approve_button": ("Godkend de lukkede punkter", "Approve the closed items"),
        "web.agenda.approved": (
            "Godkendt: {count} lukkede punkter er afgjort.",
            "Approved: {count} closed item(s) ruled on.",
        ),
        "web.agenda.late": ("Optaget efter fristen", "Added after the deadline"),
        "web.agenda.resume": ("Resumé", "Summary"),
        "web.agenda.sagsfremstilling": ("Sagsfremstilling", "Presentation"),
        "web.agenda.oekonomi": ("Økonomi", "Finances"),
        "web.agenda.indstilling": ("Indstilling", "Recommendation"),
        "web.agenda.decisions": ("Tidligere beslutninger", "Earlier decisions"),
        "web.agenda.bilag": ("Bilag", "Attachments"),
        "web.minutes.title": ("Referat – {body} – {date}", "Minutes – {body} – {date}"),
        "web.minutes.outcome": ("Beslutning", "Decision"),
        "web.minutes.text": ("Beslutningstekst", "Decision text"),
        "web.minutes.votes": ("Afstemning", "Votes"),
        "web.minutes.vote": ("Stemmetal", "Vote counts"),
        "web.minutes.in_favour": ("For stemte", "In favour"),
        "web.minutes.against": ("Imod stemte", "Against"),
        "web.minutes.abstaining": ("Undlod at stemme", "Abstained"),
        "web.minutes.minority": (
            "Mindretalsudtalelser (én pr. linje)",
            "Minority statements (one a line)",
        ),
        "web.minutes.entries": ("Protokoltilførsler (én pr. linje)", "Entries (one a line)"),
        "web.minutes.to_body": ("Oversendes til (kun ved oversendelse)", "Referred to"),
        "web.minutes.record": ("Registrér beslutningen", "Record the decision"),
        "web.minutes.recorded": (
            "Beslutningen er registreret for sag {case_id}.",
            "The decision was recorded for case {case_id}.",
        ),
        "web.minutes.none": (
            "Ingen sager på dagsordenen venter på en beslutning.",
            "No item on the agenda awaits a decision.",
        ),
        "web.minutes.done_item": ("Behandlet", "Dealt with"),
        "web.cycle.title": ("Mødets gang", "The meeting's cycle"),
        "web.cycle.state": ("Status", "State"),
        "web.cycle.items": ("Sager på mødet", "Cases on the meeting"),
        "web.cycle.no_items": ("Ingen sager er booket.", "No case is booked."),
        "web.cycle.history": ("Mødets historik", "The meeting's history"),
        "web.cycle.no_history": ("Intet registreret endnu.", "Nothing recorded yet."),
        "web.cycle.book": ("Book de planlagte sager", "Book the planned cases"),
        "web.cycle.close": ("Luk dagsordenen", "Close the agenda"),
        "web.cycle.send": ("Udsend dagsordenen", "Send the agenda"),
        "web.cycle.hold": ("Åbn mødet", "Open the meeting"),
        "web.cycle.approve": ("Godkend protokollen", "Approve the minutes"),
        "web.cycle.publish": ("Offentliggør protokollen", "Publish the minutes"),
        "web.cycle.done.book": ("De planlagte sager er booket.", "The planned cases are booked."),
        "web.cycle.done.close": ("Dagsordenen er lukket.", "The agenda is closed."),
        "web.cycle.done.send": (
            "Dagsordenen er udsendt og frosset.",
            "The agenda is sent and frozen.",
        ),
        "web.cycle.done.hold": ("Mødet er åbnet.", "The meeting is open."),
        "web.cycle.done.approve": ("Protokollen er godkendt.", "The minutes are approved."),
        "web.cycle.done.publish": (
            "Protokollen er offentliggjort.",
            "The minutes are published.",
        ),
        "web.cycle.no_steps": (
            "Intet at gøre: mødets gang er slut.",
            "Nothing to do: the cycle is over.",
        ),
        "web.cycle.absence": ("Fraværende", "Absent"),
        "web.cycle.member": ("Medlem", "Member"),
        "web.cycle.substitute": ("Stedfortræder", "Substitute"),
        "web.cycle.record_absence": ("Registrér fravær", "Record the absence"),
        "web.cycle.member_missing": ("medlemmets navn mangler", "the member's name is missing"),
        "web.cycle.absent_recorded": (
            "{member} er registreret fraværende.",
            "{member} is recorded absent.",
        ),
        "web.protocol.public": ("Beslutningsprotokol (offentlig)", "Minutes (public)"),
        "web.protocol.full": ("Beslutningsprotokol (fuld)", "Minutes (full)"),
        "web.protocol.download": ("Hent protokollen", "Download the minutes"),
        "web.protocol.unpublished": (
            "Protokollen er ikke offentliggjort endnu.",
            "The minutes are not published yet.",
        ),
        "web.protocol.meeting": ("Mødets gang", "The meeting's cycle"),
        "web.protocol.absent": ("Fraværende", "Absent"),
        "web.protocol.decided_in": (
            "Beslutning i {body} den {date}",
            "Decision of {body} on {date}",
        ),
        "web.protocol.approved": ("Protokollen er godkendt {date}.", "Approved on {date}."),
        "web.protocol.published": ("Protokollen er offentliggjort {date}.", "Published on {date}."),
        "web.protocol.minority": ("Mindretalsudtalelse", "Minority statement"),
        "web.protocol.entry": ("Protokoltilførsel", "Entry in the minutes"),
        "web.field.required": ("skal udfyldes", "is required"),
        "web.field.too_short": ("skal være mindst {n} tegn", "must be at least {n} characters"),
        "web.field.too_long": ("må højst være {n} tegn", "must be at most {n} characters"),
        "web.field.date": ("skal være en dato som 2026-03-02", "must be a date like 2026-03-02"),
        "web.field.invalid": ("er ikke gyldig", "is not valid"),
        "web.field.number": ("skal være et tal", "must be a number"),
        "web.oidc.unknown": (
            "Single sign-on kendte dig, men du er ikke oprettet i casework.",
            "Single sign-on knew you, but you are not set up in casework.",
        ),
    }
)


def normal_lang(value: Any) -> str:
    """``value`` if it is a supported language, else Danish."""
    return value if isinstance(value, str) and value in LANGUAGES else "da"


def translate(lang: str, key: str, /, **params: Any) -> str:
    """The message ``key`` in ``lang``."""
    return render(key, lang, **params)
