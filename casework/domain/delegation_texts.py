"""The Danish and English texts of the delegation plan's checks and explanations.

Registered into the shared catalogue on import (:func:`casework.domain.messages.register`), so
findings and explanations render like every other message. Check texts say what is wrong and,
where it helps, what would be right; explanation texts are written for a committee secretary.
"""

from __future__ import annotations

from casework.domain.messages import register

TEXTS: dict[str, tuple[str, str]] = {
    # --- inputs ---------------------------------------------------------------------------
    "delegation.check.unknown_attribute": (
        "inputtet '{input}' læser sagsattributten '{attribute}', som municipality.yaml ikke "
        "erklærer; erklær 'type' (og 'values') i planen, eller tilføj attributten",
        "input '{input}' reads case attribute '{attribute}', which municipality.yaml does not "
        "declare; declare 'type' (and 'values') in the plan, or add the attribute",
    ),
    "delegation.detail.unsupported_type": (
        "inputtet '{input}' har typen {type}, som en delegationsplan ikke kan bruge "
        "(brug choice, text, boolean, integer eller amount)",
        "input '{input}' has type {type}, which a delegation plan cannot use "
        "(use choice, text, boolean, integer or amount)",
    ),
    "delegation.detail.type_mismatch": (
        "inputtet '{input}' har typen {type} i planen, men sagsattributten har typen "
        "{attribute_type}",
        "input '{input}' has type {type} in the plan, but the case attribute has type "
        "{attribute_type}",
    ),
    "delegation.check.values_not_declared": (
        "inputtet '{input}' nævner værdier, som sagsattributten ikke tillader: {values}",
        "input '{input}' names values the case attribute does not allow: {values}",
    ),
    "delegation.detail.needs_values": (
        "inputtet '{input}' har typen choice og skal have en liste 'values'",
        "input '{input}' has type choice and needs a list 'values'",
    ),
    "delegation.detail.values_only_for_choice": (
        "kun inputs af typen choice kan have 'values' ('{input}' har typen {type})",
        "only inputs of type choice can have 'values' ('{input}' has type {type})",
    ),
    "delegation.detail.range_only_for_numbers": (
        "'min' og 'max' gælder kun tal-inputs ('{input}' har typen {type})",
        "'min' and 'max' apply to numeric inputs only ('{input}' has type {type})",
    ),
    "delegation.detail.min_above_max": (
        "inputtet '{input}' har 'min' større end 'max'",
        "input '{input}' has 'min' greater than 'max'",
    ),
    "delegation.detail.category_on_boolean_only": (
        "'legal_category' på et input gælder kun boolean-inputs; sæt den på værdierne af "
        "'{input}' i stedet",
        "'legal_category' on an input applies to boolean inputs only; set it on the values of "
        "'{input}' instead",
    ),
    "delegation.check.bad_default": (
        "standardværdien '{value}' passer ikke til inputtet '{input}' (type {type})",
        "default value '{value}' does not fit input '{input}' (type {type})",
    ),
    "delegation.check.duplicate_input": (
        "inputtet '{input}' er erklæret mere end én gang",
        "input '{input}' is declared more than once",
    ),
    "delegation.check.no_policy_area": (
        "planen bruger $fagudvalg, men har intet input '{input}', som fagudvalget findes ud fra",
        "the plan uses $fagudvalg but has no input '{input}' to find the committee from",
    ),
    # --- conditions -----------------------------------------------------------------------
    "delegation.check.unknown_input": (
        "reglen {rule} har en betingelse på '{input}', som ikke er et af planens inputs",
        "rule {rule} has a condition on '{input}', which is not one of the plan's inputs",
    ),
    "delegation.check.input_unusable": (
        "reglen {rule}: betingelsen på '{input}' kan ikke bruges, fordi inputtets type er "
        "ukendt eller ikke understøttet",
        "rule {rule}: the condition on '{input}' cannot be used, because the input's type is "
        "unknown or unsupported",
    ),
    "delegation.check.bad_op": (
        "reglen {rule}: ukendt operator '{op}' på '{input}' (tilladt: eq, in, not_in, ge, gt, "
        "le, lt)",
        "rule {rule}: unknown operator '{op}' on '{input}' (allowed: eq, in, not_in, ge, gt, "
        "le, lt)",
    ),
    "delegation.check.range_needs_number": (
        "reglen {rule}: '{op}' (et interval) kræver et tal, men '{input}' har typen {type}",
        "rule {rule}: '{op}' (a range) needs a number, but '{input}' has type {type}",
    ),
    "delegation.check.set_on_number": (
        "reglen {rule}: '{op}' (en liste af værdier) passer ikke til tal-inputtet '{input}'; "
        "brug ge, gt, le og lt",
        "rule {rule}: '{op}' (a list of values) does not fit numeric input '{input}'; "
        "use ge, gt, le and lt",
    ),
    "delegation.check.bad_value_shape": (
        "reglen {rule}: betingelsen '{op}' på '{input}' har en værdi af forkert form "
        "(in og not_in: en ikke-tom liste; ellers én værdi)",
        "rule {rule}: condition '{op}' on '{input}' has a value of the wrong shape "
        "(in and not_in: a non-empty list; otherwise one value)",
    ),
    "delegation.check.value_type": (
        "reglen {rule}: værdien i betingelsen på '{input}' passer ikke til typen {type}",
        "rule {rule}: the value in the condition on '{input}' does not fit type {type}",
    ),
    "delegation.check.unknown_value": (
        "reglen {rule}: '{value}' er ikke en af værdierne for '{input}'",
        "rule {rule}: '{value}' is not one of the values of '{input}'",
    ),
    "delegation.check.duplicate_rule": (
        "regel-id'et {rule} bruges mere end én gang",
        "rule id {rule} is used more than once",
    ),
    # --- bodies ---------------------------------------------------------------------------
    "delegation.check.unknown_body": (
        "{rule}: ukendt organ '{body}'",
        "{rule}: unknown body '{body}'",
    ),
    "delegation.check.administration_in_route": (
        "{rule}: administrationen holder ikke møder og kan hverken indstille eller orienteres "
        "i en sagsgang",
        "{rule}: the administration holds no meetings and can neither recommend nor be informed "
        "in a route",
    ),
    "delegation.check.administration_with_recommenders": (
        "{rule}: når administrationen beslutter, kan intet politisk organ indstille; brug "
        "'informed' til organer, der orienteres",
        "{rule}: when the administration decides, no political body can recommend; use "
        "'informed' for bodies that are informed",
    ),
    "delegation.check.decider_repeated": (
        "{rule}: '{body}' beslutter og står også i indstillende eller orienterede organer; den "
        "nævnes kun som beslutter",
        "{rule}: '{body}' decides and is also listed as recommending or informed; it appears "
        "only as the decider",
    ),
    "delegation.check.non_delegable_below": (
        "{rule}: non_delegable (B*) kræver et politisk organ, der beslutter, og kan ikke "
        "kombineres med within_basis (B**)",
        "{rule}: non_delegable (B*) needs a political body that decides and cannot be combined "
        "with within_basis (B**)",
    ),
    "delegation.check.task_committee_decides": (
        "{rule}: {body} er et § 17, stk. 4-udvalg (rådgivende) og kan ikke beslutte uden en "
        "udtrykkelig hjemmel i 'legal_exception'",
        "{rule}: {body} is a § 17(4) task committee (advisory) and cannot decide without an "
        "explicit basis in 'legal_exception'",
    ),
    "delegation.check.ranking_unused": (
        "'priority' bruges kun med hit_policy: priority",
        "'priority' is used only with hit_policy: priority",
    ),
    "delegation.check.ranking_missing": (
        "hit_policy: priority kræver en rangorden 'priority' over organerne, højeste først",
        "hit_policy: priority needs a ranking 'priority' of the bodies, highest first",
    ),
    "delegation.check.unranked": (
        "reglen {rule}: '{body}' står ikke i rangordenen 'priority'",
        "rule {rule}: '{body}' is not in the ranking 'priority'",
    ),
    # --- validity -------------------------------------------------------------------------
    "delegation.check.ends_before_start": (
        "planen slutter ({valid_to}) før den begynder ({valid_from})",
        "the plan ends ({valid_to}) before it starts ({valid_from})",
    ),
    "delegation.check.adopted_late": (
        "planen er vedtaget {adopted_on}, efter at den skulle gælde fra {valid_from}",
        "the plan was adopted on {adopted_on}, after it was to apply from {valid_from}",
    ),
    "delegation.check.duplicate_plan": (
        "planen {plan} findes også i {other}; hæv 'version'",
        "plan {plan} also exists in {other}; raise 'version'",
    ),
    "delegation.check.same_start": (
        "planerne {plan} og {other} er begge vedtaget og gælder fra {date}; kun én kan være "
        "i kraft",
        "plans {plan} and {other} are both adopted and apply from {date}; only one can be in force",
    ),
    # --- the table ------------------------------------------------------------------------
    "delegation.check.never_matches": (
        "reglen {rule} kan aldrig ramme: dens betingelser udelukker hinanden",
        "rule {rule} can never match: its conditions exclude each other",
    ),
    "delegation.check.overlap": (
        "reglerne {rule} og {other} rammer begge samme sager med forskelligt udfald "
        "({rule}: {outcome}; {other}: {other_outcome}), fx {example}",
        "rules {rule} and {other} both match the same cases with different outcomes "
        "({rule}: {outcome}; {other}: {other_outcome}), e.g. {example}",
    ),
    "delegation.check.overlap_same": (
        "reglerne {rule} og {other} rammer begge samme sager (med samme udfald), fx {example}; "
        "én af dem er overflødig",
        "rules {rule} and {other} both match the same cases (with the same outcome), e.g. "
        "{example}; one of them is redundant",
    ),
    "delegation.check.priority_tie": (
        "reglerne {rule} og {other} har samme rang og rammer begge samme sager med forskelligt "
        "udfald ({rule}: {outcome}; {other}: {other_outcome}), fx {example}",
        "rules {rule} and {other} have the same rank and both match the same cases with "
        "different outcomes ({rule}: {outcome}; {other}: {other_outcome}), e.g. {example}",
    ),
    "delegation.check.more_overlaps": (
        "{count} par af overlappende regler i alt; de første {shown} er vist",
        "{count} pairs of overlapping rules in all; the first {shown} are shown",
    ),
    "delegation.check.more_gaps": (
        "flere huller end de {shown} viste; luk dem, og kør kontrollen igen",
        "more gaps than the {shown} shown; close them and run the check again",
    ),
    "delegation.check.gap": (
        "ingen regel dækker fx {example}, og planen har intet standardudfald ('default')",
        "no rule covers e.g. {example}, and the plan has no default outcome ('default')",
    ),
    "delegation.check.shadowed": (
        "reglen {rule} kan aldrig vinde: {by} dækker alle dens sager",
        "rule {rule} can never win: {by} cover all its cases",
    ),
    "delegation.check.reserved": (
        "reglen {rule} lader '{body}' beslutte sager om {category}, som loven holder hos "
        "kommunalbestyrelsen ({law}), fx {example}; angiv hjemlen i 'legal_exception', hvis "
        "der er en undtagelse",
        "rule {rule} lets '{body}' decide matters of {category}, which the law keeps at the "
        "council ({law}), e.g. {example}; cite the basis in 'legal_exception' if there is an "
        "exception",
    ),
    "delegation.check.reserved_default": (
        "standardudfaldet lader '{body}' beslutte sager om {category}, som ingen regel dækker, "
        "men som loven holder hos kommunalbestyrelsen ({law}), fx {example}",
        "the default outcome lets '{body}' decide matters of {category} that no rule covers, "
        "but which the law keeps at the council ({law}), e.g. {example}",
    ),
    "delegation.check.fagudvalg_unresolved": (
        "{rule}: $fagudvalg beslutter, men for nogle sager har '{input}' ikke præcis ét "
        "fagudvalg, fx {example}",
        "{rule}: $fagudvalg decides, but for some cases '{input}' does not have exactly one "
        "committee, e.g. {example}",
    ),
    # --- explanations ---------------------------------------------------------------------
    "delegation.explain.plan": (
        "Delegationsplan: {title} ({plan}), gælder fra {valid_from}{until}; {status}",
        "Delegation plan: {title} ({plan}), applies from {valid_from}{until}; {status}",
    ),
    "delegation.explain.until": (" til og med {date}", " to {date}"),
    "delegation.explain.adopted": ("vedtaget af {body} {date}", "adopted by {body} on {date}"),
    "delegation.explain.draft": ("UDKAST, ikke vedtaget", "DRAFT, not adopted"),
    "delegation.explain.case": ("Sagen: {values}", "The case: {values}"),
    "delegation.explain.decider": (
        "Beslutning: {body} træffer beslutning ({code}).",
        "Decision: {body} decides ({code}).",
    ),
    "delegation.explain.route": ("Sagsgang: {route}", "Route: {route}"),
    "delegation.explain.no_route": (
        "Sagsgang: ingen politisk behandling",
        "Route: no political meeting",
    ),
    "delegation.explain.rule": ("Regel {rule}: {title}", "Rule {rule}: {title}"),
    "delegation.explain.default": (
        "Planens standardudfald: ingen regel passer på sagen",
        "The plan's default outcome: no rule fits the case",
    ),
    "delegation.explain.legal_basis": ("Hjemmel: {text}", "Legal basis: {text}"),
    "delegation.explain.legal_exception": (
        "Undtagelse fra lovens hovedregel: {text}",
        "Exception to the statutory rule: {text}",
    ),
    "delegation.explain.note": ("Bemærkning: {text}", "Note: {text}"),
    "delegation.explain.why": ("Hvorfor:", "Why:"),
    "delegation.explain.hit": ("{rule} ramte: {conditions}", "{rule} matched: {conditions}"),
    "delegation.explain.hit_always": (
        "{rule} ramte: reglen har ingen betingelser",
        "{rule} matched: the rule has no conditions",
    ),
    "delegation.explain.miss": ("{rule} ramte ikke: {failed}", "{rule} did not match: {failed}"),
    "delegation.explain.requires": (
        "kræver {condition} (sagen: {actual})",
        "requires {condition} (the case: {actual})",
    ),
    "delegation.explain.and": (" og ", " and "),
    "delegation.explain.first": (
        "Hitpolitik first: den første regel, der rammer, gælder; {others} ramte også.",
        "Hit policy first: the first matching rule applies; {others} matched too.",
    ),
    "delegation.explain.priority": (
        "Hitpolitik priority: {rule} vinder efter organernes rangorden; {others} ramte også.",
        "Hit policy priority: {rule} wins by the ranking of bodies; {others} matched too.",
    ),
    "delegation.explain.defaulted": (
        "Ikke angivet, planens standardværdi er brugt: {values}.",
        "Not given, so the plan's default was used: {values}.",
    ),
    "delegation.explain.dropped": (
        "{ref} kunne ikke findes for sagen og er udeladt af sagsgangen.",
        "{ref} could not be found for the case and is left out of the route.",
    ),
    "delegation.explain.others": (
        "… og {count} regler om andre sager (vis alle med --all).",
        "… and {count} rules about other matters (show all with --all).",
    ),
    "delegation.explain.not_given": ("ikke angivet", "not given"),
    "delegation.explain.one_of": ("{input} er en af {values}", "{input} is one of {values}"),
    "delegation.explain.none_of": (
        "{input} er ingen af {values}",
        "{input} is none of {values}",
    ),
    "delegation.explain.administration": ("Administrationen", "The administration"),
    "delegation.explain.million": ("{amount} mio. {unit}", "{unit} {amount} million"),
}

register(TEXTS)
