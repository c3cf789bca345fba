"""The CLI's own texts (headings, labels, confirmations), Danish and English.

Registered into the shared message catalogue on import, so :func:`t` renders them like any
other message.
"""

from __future__ import annotations

from typing import Any

from casework.app.texts import register_texts
from casework.domain.messages import register, render

register_texts()  # the view models' texts (statuses, history lines), shared with the web app

register(
    {
        "cli.config_ok": (
            "Konfigurationen er i orden: {workflows} workflows, {bodies} politiske organer, "
            "{people} personer ({directory}).",
            "The configuration is valid: {workflows} workflows, {bodies} political bodies, "
            "{people} people ({directory}).",
        ),
        "cli.init_done": (
            "Databasen er klar: {url}",
            "The database is ready: {url}",
        ),
        "cli.init_tightened": (
            "Adgangen er begrænset til ejeren (andre kunne læse den): {path}",
            "Access limited to the owner (others could read it): {path}",
        ),
        "cli.case_opened": (
            "Sag {case_id} er oprettet: {title} (trin: {step})",
            "Case {case_id} opened: {title} (step: {step})",
        ),
        "cli.print_id_or_json": (
            "brug enten --print-id eller --json",
            "use either --print-id or --json",
        ),
        "cli.case_advanced": (
            "Sag {case_id}: {action} → {step} (version {version})",
            "Case {case_id}: {action} → {step} (version {version})",
        ),
        "cli.case_changed": (
            "Sag {case_id} er ændret (version {version}).",
            "Case {case_id} changed (version {version}).",
        ),
        "col.decision": ("Beslutningskompetence", "Competence to decide"),
        "col.why": ("Hvorfor", "Why"),
        "cli.case_replayed": (
            "Sag {case_id}: handlingen var allerede udført (samme nøgle); intet ændret.",
            "Case {case_id}: the action was already taken (same key); nothing changed.",
        ),
        "cli.decision_replayed": (
            "Sag {case_id}: beslutningen fra mødet {meeting} var allerede registreret; "
            "intet ændret.",
            "Case {case_id}: the decision of the meeting of {meeting} was already recorded; "
            "nothing changed.",
        ),
        "cli.audit_ok": (
            "Revisionssporet er intakt: {cases} sager, {events} hændelser kontrolleret.",
            "The audit trail is intact: {cases} cases, {events} events checked.",
        ),
        "cli.audit_bad": (
            "Revisionssporet er brudt: {count} fund i {cases} sager.",
            "The audit trail is broken: {count} finding(s) in {cases} cases.",
        ),
        "cli.anchor_made": (
            "Revisionsanker nr. {anchor} ({day}): {cases} sager, {events} hændelser, {changed} "
            "ændret siden forrige anker.",
            "Audit anchor no. {anchor} ({day}): {cases} cases, {events} events, {changed} changed "
            "since the previous anchor.",
        ),
        "cli.anchor_written": ("Skrevet til {path}.", "Written to {path}."),
        "cli.demo_done": ("{count} demosager er oprettet.", "{count} demo cases were created."),
        "cli.demo_skipped": (
            "Databasen har allerede {count} sager; demoen springes over (brug --force for flere).",
            "The database already has {count} cases; the demo is skipped (use --force for more).",
        ),
        "cli.no_cases": ("Ingen sager.", "No cases."),
        "cli.usage": ("Forkert brug: {detail}", "Usage error: {detail}"),
        "cli.bad_attr": (
            "attributter skrives navn=værdi, fx beloeb=250000 (fik '{text}')",
            "attributes are written name=value, e.g. beloeb=250000 (got '{text}')",
        ),
        "col.case": ("Sag", "Case"),
        "col.title": ("Titel", "Title"),
        "col.step": ("Trin", "Step"),
        "col.status": ("Status", "Status"),
        "col.responsible": ("Ansvarlig", "Responsible"),
        "col.due": ("Frist", "Due"),
        "col.days_left": ("Dage tilbage", "Days left"),
        "col.owner": ("Sagsbehandler", "Case officer"),
        "col.workflow": ("Sagstype", "Case type"),
        "col.version": ("Version", "Version"),
        "col.route": ("Sagsgang", "Route"),
        "col.when": ("Tidspunkt", "When"),
        "col.who": ("Hvem", "Who"),
        "col.what": ("Hvad", "What"),
        "col.comment": ("Bemærkning", "Comment"),
        "col.count": ("Antal", "Count"),
        "col.centre": ("Center", "Centre"),
        "col.attributes": ("Attributter", "Attributes"),
        "col.actions": ("Mulige handlinger", "Available actions"),
        "col.opened": ("Oprettet", "Opened"),
        "board.title": ("Sagstavlen – {name}", "Case board – {name}"),
        "board.by_step": ("Åbne sager pr. trin", "Open cases by step"),
        "board.by_body": ("Åbne sager pr. organ", "Open cases by body"),
        "board.no_body": ("(intet organ endnu)", "(no body yet)"),
        "board.urgent": (
            "De {count} mest presserende af {total} åbne sager",
            "The {count} most urgent of {total} open cases",
        ),
        "col.body": ("Organ", "Body"),
        "col.workdays_left": ("Hverdage tilbage", "Working days left"),
        "board.meetings": ("Flow mod møderne", "Flow toward the meetings"),
        "board.flow": ("Flow pr. trin", "Flow by step"),
        "board.meeting_head": (
            "{body} {date} · dagsordensfrist {deadline} ({left} hverdage) · {count}{capacity} sager"
            " · {at_risk} i risiko · {late} for sent",
            "{body} {date} · agenda deadline {deadline} ({left} working days) · {count}{capacity}"
            " cases · {at_risk} at risk · {late} late",
        ),
        "board.phase_head": (
            "{title}: {count} sager, {overdue} overskredne",
            "{title}: {count} cases, {overdue} overdue",
        ),
        "col.state": ("Status", "State"),
        "col.age": ("Hverdage på trinnet", "Working days at step"),
        "overdue": ("overskredet", "overdue"),
    }
)


def t(key: str, lang: str, /, **params: Any) -> str:
    """Render a message in ``lang``."""
    return render(key, lang, **params)
