"""The texts of ``casework delegation``, Danish and English; registered on import."""

from __future__ import annotations

from casework.domain.messages import register

register(
    {
        "delegation.cli.no_plans": (
            "Der er ingen delegationsplaner i config/delegation/.",
            "There are no delegation plans in config/delegation/.",
        ),
        "delegation.cli.plan_line": (
            "{plan} ({file}): {rules} regler, hitpolitik {policy}, gælder fra {valid_from}, "
            "{status}",
            "{plan} ({file}): {rules} rules, hit policy {policy}, applies from {valid_from}, "
            "{status}",
        ),
        "delegation.cli.draft": ("udkast", "draft"),
        "delegation.cli.adopted": ("vedtaget", "adopted"),
        "delegation.cli.errors": ("{count} fejl:", "{count} error(s):"),
        "delegation.cli.warnings": ("{count} advarsler:", "{count} warning(s):"),
        "delegation.cli.check_ok": (
            "Delegationsplanerne er i orden ({plans} planer).",
            "The delegation plans are valid ({plans} plans).",
        ),
        "delegation.cli.check_bad": (
            "Delegationsplanerne har {errors} fejl.",
            "The delegation plans have {errors} error(s).",
        ),
        "delegation.cli.bad_attr": (
            "'{text}' er ikke på formen navn=værdi",
            "'{text}' is not of the form name=value",
        ),
        "delegation.cli.not_read": (
            "delegationsplanen {plan} bruger ikke denne attribut",
            "delegation plan {plan} does not use this attribute",
        ),
        "delegation.cli.administration": ("Adm.", "Adm."),
        "delegation.cli.compare_head": (
            "Sammenligning af {a} og {b} over {cases} sager ({years} år)",
            "Comparing {a} with {b} over {cases} cases ({years} years)",
        ),
        "delegation.cli.matrix_title": (
            "Beslutningskompetence: fra (rækker) → til (kolonner)",
            "Deciding body: from (rows) → to (columns)",
        ),
        "delegation.cli.matrix_corner": ("fra \\ til", "from \\ to"),
        "delegation.cli.bodies_title": (
            "Dagsordenspunkter pr. år pr. organ",
            "Agenda items per year per body",
        ),
        "delegation.cli.col.body": ("Organ", "Body"),
        "delegation.cli.col.items_a": ("Før", "Before"),
        "delegation.cli.col.items_b": ("Efter", "After"),
        "delegation.cli.col.delta": ("Ændring", "Change"),
        "delegation.cli.col.case": ("Sag", "Case"),
        "delegation.cli.col.matter": ("Sagstype", "Matter type"),
        "delegation.cli.col.decider_a": ("Før", "Before"),
        "delegation.cli.col.decider_b": ("Efter", "After"),
        "delegation.cli.col.rules": ("Regel", "Rule"),
        "delegation.cli.compare_summary": (
            "{changed} sager ({share} %) får en anden beslutningskompetence; {routes} får en "
            "anden sagsgang. Dagsordenspunkter sparet pr. år: {items}, svarende til {hours} "
            "timers mødetid ({minutes} min. pr. punkt).",
            "{changed} cases ({share} %) get a different deciding body; {routes} get a different "
            "route. Agenda items saved per year: {items}, that is {hours} hours of meeting time "
            "({minutes} min. per item).",
        ),
        "delegation.cli.changed_title": (
            "Sager med ændret sagsgang (viser {shown} af {total})",
            "Cases with a changed route (showing {shown} of {total})",
        ),
    }
)
