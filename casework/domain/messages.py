"""The catalogue of user-facing messages, in Danish (default) and English.

Messages are data, keyed by a stable name and filled with ``str.format`` parameters. Danish is
the default because casework's users are Danish municipal staff; English is there on request.
Other rings register their own keys with :func:`register` (the CLI's texts live beside it), so
this module stays the one place where a message is looked up.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("da", "en")

_CATALOGUE: dict[str, tuple[str, str]] = {
    # Generic and hints
    "error.generic": ("Der opstod en fejl: {detail}", "An error occurred: {detail}"),
    "hint.did_you_mean": ("Mente du '{suggestion}'?", "Did you mean '{suggestion}'?"),
    # Configuration
    "error.config_invalid": (
        "Konfigurationen har {count} fejl:",
        "The configuration has {count} problem(s):",
    ),
    "error.config_file": ("Kan ikke læse {file}: {detail}", "Cannot read {file}: {detail}"),
    "config.yaml_syntax": ("YAML-syntaksfejl: {detail}", "YAML syntax error: {detail}"),
    "config.unknown_key": (
        "ukendt felt '{key}'; tilladte felter er: {allowed}",
        "unknown field '{key}'; allowed fields are: {allowed}",
    ),
    "config.missing_key": ("feltet '{key}' mangler", "the field '{key}' is missing"),
    "config.bad_value": (
        "ugyldig værdi for '{key}': {detail}",
        "invalid value for '{key}': {detail}",
    ),
    "config.duplicate_id": (
        "{kind} '{id}' er defineret mere end én gang",
        "{kind} '{id}' is defined more than once",
    ),
    "config.no_start": (
        "workflowet '{workflow}' har intet starttrin; præcis ét trin skal have 'start: true'",
        "workflow '{workflow}' has no start step; exactly one step must have 'start: true'",
    ),
    "config.many_starts": (
        "workflowet '{workflow}' har flere starttrin ({steps}); præcis ét er tilladt",
        "workflow '{workflow}' has several start steps ({steps}); exactly one is allowed",
    ),
    "config.unreachable": (
        "trinnet '{step}' kan ikke nås fra starttrinnet '{start}'",
        "step '{step}' cannot be reached from the start step '{start}'",
    ),
    "config.no_way_to_end": (
        "fra trinnet '{step}' kan sagen aldrig nå et sluttrin (kind: terminal)",
        "from step '{step}' the case can never reach a terminal step (kind: terminal)",
    ),
    "config.terminal_has_exit": (
        "sluttrinnet '{step}' har handlinger ({actions}); et sluttrin må ikke have udgange",
        "terminal step '{step}' has actions ({actions}); a terminal step has no way out",
    ),
    "config.duplicate_action": (
        "handlingen '{action}' findes flere gange fra trinnet '{step}'",
        "action '{action}' is defined more than once from step '{step}'",
    ),
    "config.unknown_step": ("ukendt trin '{step}'", "unknown step '{step}'"),
    "config.unknown_role": ("ukendt rolle '{role}'", "unknown role '{role}'"),
    "config.unknown_attribute": (
        "ukendt sagsattribut '{attribute}'",
        "unknown case attribute '{attribute}'",
    ),
    "config.unknown_body": ("ukendt politisk organ '{body}'", "unknown political body '{body}'"),
    "config.unknown_centre": ("ukendt center '{centre}'", "unknown centre '{centre}'"),
    "config.special_target_outside_meeting": (
        "målet '{target}' kan kun bruges fra et mødetrin (kind: meeting)",
        "target '{target}' can only be used from a meeting step (kind: meeting)",
    ),
    "config.meeting_without_exit": (
        "mødetrinnet '{step}' mangler 'continues_to': trinnet sagen går til efter sidste organ",
        "meeting step '{step}' lacks 'continues_to': the step after the last body",
    ),
    "config.body_roles_outside_meeting": (
        "'body_roles' giver kun mening på handlinger fra et mødetrin",
        "'body_roles' only makes sense on actions from a meeting step",
    ),
    "config.no_roles": (
        "handlingen '{action}' nævner ingen roller; mindst én rolle skal have lov",
        "action '{action}' names no roles; at least one role must be allowed",
    ),
    "config.body_roles_mismatch": (
        "handlingen '{action}' gælder kun organer med roller, som mødetrinnet '{step}' "
        "aldrig udfoldes for; ret 'body_roles' eller trinnets 'route_roles'",
        "action '{action}' is for body roles that meeting step '{step}' never expands for; "
        "fix 'body_roles' or the step's 'route_roles'",
    ),
    "config.route_roles_mismatch": (
        "mødetrinnet '{step}' udfoldes for roller ({roles}), som workflowets 'route.roles' "
        "ikke tillader",
        "meeting step '{step}' expands for roles ({roles}) that the workflow's 'route.roles' "
        "does not allow",
    ),
    "config.guard_type": (
        "betingelsen på '{attribute}' bruger '{op}', som ikke passer til typen {type}",
        "the condition on '{attribute}' uses '{op}', which does not fit type {type}",
    ),
    "config.no_workflows": (
        "der er ingen workflows i {directory}",
        "there are no workflows in {directory}",
    ),
    "config.unknown_workflow_ref": (
        "ukendt workflow '{workflow}'",
        "unknown workflow '{workflow}'",
    ),
    # Configuration files as the config adapter reads them
    "config.yaml_position": (
        "{problem} (linje {line}, kolonne {column})",
        "{problem} (line {line}, column {column})",
    ),
    "config.not_utf8": (
        "filen er ikke gemt som UTF-8 (fejl ved byte {position})",
        "the file is not saved as UTF-8 (error at byte {position})",
    ),
    "config.unreadable": ("filen kan ikke læses: {detail}", "the file cannot be read: {detail}"),
    "config.no_directory": ("mappen findes ikke", "the directory does not exist"),
    "config.missing_file": ("filen findes ikke", "the file does not exist"),
    "config.get_one": (
        "{problem}. Skriv en konfiguration at starte fra med 'casework init --example eksempel', "
        "eller angiv din egen med CASEWORK_CONFIG_DIR (eller --config-dir)",
        "{problem}. Write a configuration to start from with 'casework init --example eksempel', "
        "or name your own with CASEWORK_CONFIG_DIR (or --config-dir)",
    ),
    "config.empty_file": ("filen er tom", "the file is empty"),
    "config.not_a_mapping": (
        "filen skal bestå af felter på formen 'navn: værdi'",
        "the file must consist of fields of the form 'name: value'",
    ),
    "config.duplicate_key": (
        "feltet '{key}' står mere end én gang samme sted; kun det sidste ville gælde",
        "field '{key}' appears more than once in the same place; only the last would count",
    ),
    "config.bad_id": (
        "'{id}' kan ikke bruges som id; brug kun bogstaver, tal, '_' og '-'",
        "'{id}' cannot be used as an id; use only letters, digits, '_' and '-'",
    ),
    "config.guard_needs_list": (
        "betingelsen '{op}' skal have en liste af værdier, fx value: [a, b]",
        "condition '{op}' needs a list of values, e.g. value: [a, b]",
    ),
    "config.guard_needs_value": (
        "betingelsen '{op}' skal have én værdi i 'value'",
        "condition '{op}' needs a single value in 'value'",
    ),
    "config.guard_takes_no_value": (
        "betingelsen '{op}' tager ingen værdi; fjern 'value'",
        "condition '{op}' takes no value; remove 'value'",
    ),
    "config.choices_missing": (
        "attributten '{attribute}' har typen choice og skal have en liste 'choices'",
        "attribute '{attribute}' has type choice and needs a list 'choices'",
    ),
    "config.choices_unexpected": (
        "kun attributter af typen choice kan have 'choices' ('{attribute}' har typen {type})",
        "only attributes of type choice can have 'choices' ('{attribute}' has type {type})",
    ),
    "config.meeting_needs_route_roles": (
        "mødetrinnet '{step}' mangler 'route_roles': hvilke roller i sagsgangen trinnet gælder for",
        "meeting step '{step}' lacks 'route_roles': the route parts it is for",
    ),
    "config.meeting_only_field": (
        "'{field}' kan kun bruges på et mødetrin (kind: meeting)",
        "'{field}' can only be used on a meeting step (kind: meeting)",
    ),
    "config.value.text": ("skal være tekst", "must be text"),
    "config.value.integer": ("skal være et helt tal", "must be a whole number"),
    "config.value.boolean": ("skal være true eller false", "must be true or false"),
    "config.value.one_of": ("skal være en af: {choices}", "must be one of: {choices}"),
    "config.value.list": ("skal være en liste, fx [a, b]", "must be a list, e.g. [a, b]"),
    "config.value.mapping": (
        "skal være en gruppe af felter på formen 'navn: værdi'",
        "must be a group of fields of the form 'name: value'",
    ),
    "config.value.empty": ("må ikke være tom", "must not be empty"),
    "config.value.at_least": ("skal være mindst {limit}", "must be at least {limit}"),
    "config.kind.step": ("trinnet", "step"),
    "config.kind.body": ("organet", "body"),
    "config.kind.centre": ("centret", "centre"),
    "config.kind.role": ("rollen", "role"),
    "config.kind.person": ("personen", "person"),
    "config.kind.attribute": ("attributten", "attribute"),
    "config.kind.workflow": ("workflowet", "workflow"),
    # Cases
    "error.case_not_found": ("Sagen '{case_id}' findes ikke.", "Case '{case_id}' does not exist."),
    "error.unknown_person": (
        "Personen '{person}' findes ikke i konfigurationen.",
        "Person '{person}' is not in the configuration.",
    ),
    "error.unknown_workflow": (
        "Workflowet '{workflow}' findes ikke.",
        "Workflow '{workflow}' does not exist.",
    ),
    "error.action_not_available": (
        "Handlingen '{action}' kan ikke bruges på sag {case_id} i trinnet '{step}'; "
        "mulige handlinger: {allowed}.",
        "Action '{action}' is not available on case {case_id} in step '{step}'; "
        "available: {allowed}.",
    ),
    "error.role_not_permitted": (
        "{person} må ikke bruge '{action}' på sag {case_id}: det kræver rollen {roles}.",
        "{person} may not take '{action}' on case {case_id}: it needs the role {roles}.",
    ),
    "error.outside_centre": (
        "{person} må kun handle på sager i eget center; sag {case_id} hører til {centre}.",
        "{person} may act only on cases of their own centre; case {case_id} belongs to {centre}.",
    ),
    "error.financing_missing": (
        "Sag {case_id} bevilger {amount} kr. ({sagstype}), men angiver ikke, hvordan udgiften "
        "dækkes (KSL § 40, stk. 3): udfyld egenskaben 'finansiering' før '{action}'.",
        "Case {case_id} appropriates DKK {amount} ({sagstype}) but does not say how the "
        "expense is covered (KSL § 40, stk. 3): fill in the attribute 'finansiering' before "
        "'{action}'.",
    ),
    "error.guard_failed": (
        "Handlingen '{action}' på sag {case_id} kræver at {condition}.",
        "Action '{action}' on case {case_id} requires that {condition}.",
    ),
    "error.concurrent_update": (
        "Sag {case_id} er ændret, siden du læste den (version {expected}, nu {actual}); "
        "hent sagen igen og prøv igen.",
        "Case {case_id} changed since you read it (version {expected}, now {actual}); "
        "reload it and try again.",
    ),
    "error.idempotency_conflict": (
        "Nøglen '{key}' er allerede brugt til en anden handling ({other}).",
        "Key '{key}' was already used for another request ({other}).",
    ),
    "error.minimum_not_passed": (
        "Sag {case_id} kan tidligst forlade '{step}' {earliest}: {length} ({source}: {basis}). "
        "Sekretariatet kan fravige fristen med en begrundelse (--override-minimum).",
        "Case {case_id} can leave '{step}' on {earliest} at the earliest: {length} ({source}: "
        "{basis}). The secretariat may override the period with a reason (--override-minimum).",
    ),
    "error.override_not_permitted": (
        "{person} må ikke fravige minimumsfristen for '{step}' på sag {case_id}; det kan kun "
        "sekretariatet.",
        "{person} may not override the minimum period of '{step}' on case {case_id}; only the "
        "secretariat can.",
    ),
    "error.case_closed": (
        "Sag {case_id} er afsluttet og kan ikke ændres.",
        "Case {case_id} is closed and cannot change.",
    ),
    "error.invalid_route": (
        "Ugyldig sagsgang for workflowet '{workflow}': {detail}",
        "Invalid route for workflow '{workflow}': {detail}",
    ),
    "route.unknown_body": ("ukendt organ '{body}'", "unknown body '{body}'"),
    "route.repeat_adjacent": (
        "'{body}' står to gange i træk som {role}; en ny behandling i samme organ kræver et "
        "andet organ imellem eller en anden rolle (fx kb:indstiller,kb:beslutter for 1. og 2. "
        "behandling)",
        "'{body}' appears twice in a row as {role}; another pass of the same body needs a "
        "different body in between or a different part (e.g. kb:indstiller,kb:beslutter for a "
        "first and second reading)",
    ),
    "route.needs_decider": (
        "sagsgangen skal have præcis ét besluttende organ",
        "the route needs exactly one deciding body",
    ),
    "route.no_decider_allowed": (
        "denne sagstype har intet besluttende organ; organer kan kun orienteres",
        "this case type has no deciding body; bodies can only be informed",
    ),
    "route.role_not_allowed": (
        "rollen '{role}' bruges ikke i dette workflow",
        "role '{role}' is not used by this workflow",
    ),
    "route.order": (
        "indstillende organer skal stå før det besluttende organ",
        "recommending bodies must come before the deciding body",
    ),
    "route.advisory_decides": (
        "'{body}' er et rådgivende udvalg og kan ikke træffe beslutningen",
        "'{body}' is an advisory committee and cannot decide",
    ),
    "route.too_short": (
        "sagsgangen skal have mindst {minimum} organ(er)",
        "the route needs at least {minimum} body(ies)",
    ),
    "error.invalid_attribute": (
        "Attributten '{attribute}': {detail}",
        "Attribute '{attribute}': {detail}",
    ),
    "error.workflow_changed": (
        "Workflowet '{workflow}' version {version} er ændret, men versionen er ikke hævet, og "
        "{cases} sag(er) kører på den gamle udgave; hæv 'version' i {file}.",
        "Workflow '{workflow}' version {version} was changed without raising its version, and "
        "{cases} case(s) run on the old content; raise 'version' in {file}.",
    ),
    "error.route_change_not_allowed": (
        "Sagsgangen for sag {case_id} kan ikke ændres sådan: {detail}",
        "The route of case {case_id} cannot change like that: {detail}",
    ),
    "route.change.step_missing": (
        "sagen står i '{step}', som ikke findes i den nye sagsgang",
        "the case is at '{step}', which the new route does not have",
    ),
    "route.change.passed_pass": (
        "sagen har allerede været i {body} ({visit}. behandling), som den nye sagsgang udelader",
        "the case has already had pass {visit} at {body}, which the new route leaves out",
    ),
    "route.change.passed_body": (
        "sagen har allerede været i {body}, som den nye sagsgang udelader",
        "the case has already been at {body}, which the new route leaves out",
    ),
    "route.change.unchanged": (
        "den nye sagsgang er den samme som den gamle",
        "the new route is the same as the old one",
    ),
    "route.change.no_permission": (
        "{person} har ingen rolle, der må ændre sagsgange",
        "{person} has no role that may change routes",
    ),
    "error.decision_not_possible": (
        "Beslutningen '{outcome}' kan ikke registreres på sag {case_id} i trinnet '{step}'; "
        "mulige beslutninger: {allowed}.",
        "Decision '{outcome}' cannot be recorded on case {case_id} at step '{step}'; "
        "possible decisions: {allowed}.",
    ),
    "error.meeting_required": (
        "Beslutningen mangler datoen for mødet i {body} (--meeting ÅÅÅÅ-MM-DD); "
        "seneste møde i {body}: {last}.",
        "The decision lacks the date of the {body} meeting (--meeting YYYY-MM-DD); "
        "the latest {body} meeting: {last}.",
    ),
    "error.meeting_not_held": (
        "Mødet i {body} {day} er ikke holdt endnu (i dag er {today}); "
        "seneste møde i {body}: {last}.",
        "The {body} meeting of {day} has not been held yet (today is {today}); "
        "the latest {body} meeting: {last}.",
    ),
    "error.no_meeting_of_body": (
        "{body} har intet møde {day} i mødeplanen; {body} holder møde {near}.",
        "{body} has no meeting on {day} in the meeting plan; {body} meets on {near}.",
    ),
    "error.decision_recorded": (
        "{body} har allerede besluttet '{outcome}' om sag {case_id} på mødet {day}; "
        "en anden beslutning hører til et senere møde, eller til punktet genoptaget "
        "('casework minutes reopen').",
        "{body} already decided '{outcome}' on case {case_id} at the meeting of {day}; "
        "another decision belongs to a later meeting, or to the item reopened "
        "('casework minutes reopen').",
    ),
    "decision.to_body_only_referral": (
        "et organ at oversende til (--to) hører kun til beslutningen 'oversendt'",
        "a body to refer to (--to) goes only with the decision 'oversendt' (referred)",
    ),
    "error.target_meeting": (
        "Sag {case_id} kan ikke planlægges til mødet i {body} {date}: {detail}",
        "Case {case_id} cannot be planned for the meeting of {body} on {date}: {detail}",
    ),
    "target.not_on_route": ("organet er ikke i sagsgangen", "the body is not on the route"),
    "target.too_soon": (
        "det tidligste mulige møde er {earliest}",
        "the earliest possible meeting is {earliest}",
    ),
    "target.no_meeting": (
        "organet har intet møde den dag (nærmeste før: {nearest})",
        "the body has no meeting that day (nearest before: {nearest})",
    ),
    "error.invalid_input": ("Ugyldigt input: {detail}", "Invalid input: {detail}"),
    "attribute.unknown": ("findes ikke", "does not exist"),
    "attribute.wrong_type": ("skal være {type}", "must be {type}"),
    "attribute.not_a_choice": ("skal være en af {choices}", "must be one of {choices}"),
    "attribute.required": ("skal udfyldes", "is required"),
    # Storage
    "error.storage": ("Databasefejl: {detail}", "Database error: {detail}"),
    "error.db_not_initialised": (
        "Databasen {url} er ikke oprettet; kør 'casework init' først.",
        "The database {url} is not initialised; run 'casework init' first.",
    ),
    "error.schema_out_of_date": (
        "Databasen har en ældre skemaversion ({current}); kør 'casework init' for at opdatere.",
        "The database schema is older ({current}); run 'casework init' to upgrade it.",
    ),
    # Audit
    "audit.hash_mismatch": (
        "sag {case_id}, hændelse {seq}: indholdet passer ikke med dens hash (ændret?)",
        "case {case_id}, event {seq}: its content does not match its hash (edited?)",
    ),
    "audit.chain_broken": (
        "sag {case_id}, hændelse {seq}: kæden er brudt (slettet eller flyttet hændelse?)",
        "case {case_id}, event {seq}: the chain is broken (event deleted or reordered?)",
    ),
    "audit.sequence_gap": (
        "sag {case_id}: hændelsesnumrene er ikke fortløbende ({seqs})",
        "case {case_id}: event numbers are not consecutive ({seqs})",
    ),
    "audit.head_mismatch": (
        "sag {case_id}: sidste hændelse passer ikke med sagens version/hash "
        "(slettet hændelse til sidst?)",
        "case {case_id}: the last event does not match the case's version/hash "
        "(last event deleted?)",
    ),
    "audit.state_mismatch": (
        "sag {case_id}: den gemte tilstand ({field}) afviger fra genafspilningen af hændelserne",
        "case {case_id}: the stored state ({field}) differs from the replay of its events",
    ),
    "audit.no_events": (
        "sag {case_id} har ingen hændelser",
        "case {case_id} has no events",
    ),
    "audit.orphan_events": (
        "hændelser for sag {case_id}, som ikke findes",
        "events for case {case_id}, which does not exist",
    ),
    "audit.workflow_edited": (
        "arbejdsgang {workflow} version {version}: det gemte øjebliksbillede ({field}) er ændret "
        "i databasen",
        "workflow {workflow} version {version}: the stored snapshot ({field}) was edited in the "
        "database",
    ),
    "audit.workflow_differs": (
        "arbejdsgang {workflow} version {version}: det gemte øjebliksbillede ({field}) afviger "
        "fra filen i config/ med samme version (ændret i databasen, eller filen ændret uden ny "
        "version)",
        "workflow {workflow} version {version}: the stored snapshot ({field}) differs from the "
        "file in config/ with the same version (edited in the database, or the file changed "
        "without a new version)",
    ),
    "audit.workflow_missing": (
        "arbejdsgang {workflow} version {version}: {cases} sag(er) kører på den, men den findes "
        "hverken i databasen eller i config/",
        "workflow {workflow} version {version}: {cases} case(s) run on it, but it is neither in "
        "the database nor in config/",
    ),
}


class Msg:
    """A message key with parameters, rendered later in the reader's language.

    Used as a parameter of another message ("Ugyldig sagsgang: {detail}") so that the inner
    part follows the outer one's language.
    """

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params

    def __str__(self) -> str:
        return render(self.key, "da", **self.params)


def register(messages: dict[str, tuple[str, str]]) -> None:
    """Add messages (Danish, English) from an outer ring; a key may be defined only once."""
    clash = set(messages) & set(_CATALOGUE)
    if clash:
        raise ValueError(f"message keys defined twice: {sorted(clash)}")
    _CATALOGUE.update(messages)


def render(key: str, lang: str = "da", /, **params: Any) -> str:
    """The message ``key`` in ``lang`` ("da" or "en"), filled with ``params``."""
    da, en = _CATALOGUE.get(key, (key, key))
    template = en if lang == "en" else da
    params = {
        k: render(v.key, lang, **v.params) if isinstance(v, Msg) else v for k, v in params.items()
    }
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def known_keys() -> frozenset[str]:
    """Every registered key (tests check that both languages are filled)."""
    return frozenset(_CATALOGUE)
