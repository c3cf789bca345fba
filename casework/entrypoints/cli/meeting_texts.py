"""The texts of ``casework meetings`` and of the plans the CLI prints, Danish and English.

Registered into the shared message catalogue on import.
"""

from __future__ import annotations

from casework.domain.messages import register

register(
    {
        "mcli.agenda_title": ("Dagsorden – {body} – {when}", "Agenda – {body} – {when}"),
        "mcli.agenda_deadline": ("Frist for dagsordenen: {date}", "Agenda deadline: {date}"),
        "mcli.agenda_sent": (
            "Udsendt {date}: dagsordenen som sendt",
            "Sent {date}: the agenda as sent",
        ),
        "mcli.agenda_late": (
            "Sagen er optaget efter fristen",
            "The case was booked after the deadline",
        ),
        "mcli.agenda_resume": ("Resumé", "Summary"),
        "mcli.agenda_warnings": ("Advarsler:", "Warnings:"),
        "mcli.closed_confirmed": ("lukket punkt bekræftet", "closed item confirmed"),
        "mcli.taken_open": ("behandles åbent", "taken in open session"),
        "mcli.no_proposed_closed": (
            "Ingen foreslåede lukkede punkter på dagsordenen.",
            "No proposed closed items on the agenda.",
        ),
        "mcli.sent_on": ("Dagsordenen udsendt {date}", "Agenda sent {date}"),
        "mcli.reason": ("Begrundelse: {note}", "Reason: {note}"),
        "mcli.items": ("Punkter:", "Items:"),
        "mcli.no_items": ("Ingen punkter booket.", "No items booked."),
        "mcli.late": ("for sent", "late"),
        "mcli.supplement": ("tillæg", "supplement"),
        "mcli.withdrawn": ("udgået", "withdrawn"),
        "mcli.withdrawn_why": ("udgået: {why}", "withdrawn: {why}"),
        "mcli.moved_from": ("flyttet fra {date}", "moved from {date}"),
        "mcli.history": ("Historik:", "History:"),
        "mcli.plan_title": (
            "Mødeplan {year} – {name}",
            "Meeting plan {year} – {name}",
        ),
        "mcli.based_on_file": ("efter {file}", "from {file}"),
        "mcli.based_on_rules": (
            "forslag ud fra reglerne i {file}",
            "proposal from the rules in {file}",
        ),
        "mcli.no_rules": (
            "Ingen mødeplan at bygge på: læg en fil i config/meetings/.",
            "No meeting plan to build on: add a file to config/meetings/.",
        ),
        "mcli.legend": (
            "* rykket fra helligdag · → flyttet · + ekstra møde",
            "* shifted off a holiday · → moved · + extra meeting",
        ),
        "mcli.findings": ("{count} problem(er) i planen:", "{count} problem(s) in the plan:"),
        "mcli.plan_ok": ("Planen overholder alle regler.", "The plan keeps every rule."),
        "mcli.written": (
            "Mødeplanen er skrevet til {file}.",
            "The meeting plan was written to {file}.",
        ),
        "mcli.month": ("Måned", "Month"),
        "mcli.date": ("Dato", "Date"),
        "mcli.time": ("Tid", "Time"),
        "mcli.body": ("Organ", "Body"),
        "mcli.kind": ("Art", "Kind"),
        "mcli.note": ("Bemærkning", "Note"),
        "mcli.no_meetings": ("Ingen møder.", "No meetings."),
        "mcli.bad_date": (
            "{option} skal være en dato som 2026-03-02 (fik '{text}')",
            "{option} must be a date like 2026-03-02 (got '{text}')",
        ),
        "mcli.unknown_body": ("ukendt organ '{body}'", "unknown body '{body}'"),
        "mcli.replanned": (
            "{count} sag(er) planlagt igen: {ids}",
            "{count} case(s) planned again: {ids}",
        ),
        "mcli.case_title": (
            "Plan for en {workflow}: {route}, klar {ready}",
            "Plan for a {workflow}: {route}, ready {ready}",
        ),
        "mcli.chain": ("Tidligste møder: {meetings}", "Earliest meetings: {meetings}"),
        "mcli.slack": (
            "Luft: {slack} hverdage fra sagen er klar til første trin senest skal begynde.",
            "Slack: {slack} working days from ready to the latest start of the first step.",
        ),
        "mcli.not_earlier": ("Hvorfor ikke tidligere:", "Why not earlier:"),
        "mcli.step": ("Trin", "Step"),
        "mcli.responsible": ("Ansvarlig", "Responsible"),
        "mcli.start": ("Senest start", "Latest start"),
        "mcli.due": ("Frist", "Due"),
        "mcli.rule": ("Regel og grundlag", "Rule and basis"),
        "mcli.statutory": ("lovbestemt", "statutory"),
        "mcli.yaml_header": (
            "Mødeplan {year} for {name} – forslag til vedtagelse, skrevet af "
            "'casework meetings plan {year} --write'. Alle møder står med fast dato.",
            "Meeting plan {year} for {name} – proposed for adoption, written by "
            "'casework meetings plan {year} --write'. Every meeting has a fixed date.",
        ),
    }
)
