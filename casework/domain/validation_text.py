"""The one translation layer for the libraries' own validation texts: pydantic and click.

pydantic and click write their complaints in English ("String should have at least 5
characters", "Missing option '--title'."). casework shows them in the reader's language:

* :func:`pydantic_problem` turns one pydantic error (its ``type`` and ``ctx``, never its English
  ``msg``) into a :class:`Msg` rendered later in Danish or English; :func:`invalid_detail` joins
  a whole ``ValidationError``'s errors as ``field: problem; …`` for CW213.
* :func:`usage_text` turns click's formatted usage messages into Danish by their shape (click's
  messages are English only; the patterns below are click 8's texts).

Every entry point (CLI, web pages, JSON API) goes through these two functions; a test asserts
that Danish output of a set of bad inputs holds none of the English phrases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from casework.domain.messages import Msg, register

#: pydantic error type → message key (one Danish and one English text, ctx as parameters).
_PYDANTIC: Mapping[str, tuple[str, str]] = {
    "missing": ("mangler", "is required"),
    "string_too_short": (
        "skal have mindst {min_length} tegn",
        "needs at least {min_length} characters",
    ),
    "string_too_long": (
        "må højst have {max_length} tegn",
        "may have at most {max_length} characters",
    ),
    "string_type": ("skal være en tekst", "must be text"),
    "string_pattern_mismatch": (
        "har ikke den rette form ({pattern})",
        "has the wrong form ({pattern})",
    ),
    "string_unicode": ("skal være gyldig tekst (Unicode)", "must be valid text (Unicode)"),
    "int_type": ("skal være et helt tal", "must be a whole number"),
    "int_parsing": ("skal være et helt tal", "must be a whole number"),
    "int_from_float": ("skal være et helt tal", "must be a whole number"),
    "int_parsing_size": ("er et for stort tal", "is too large a number"),
    "float_type": ("skal være et tal", "must be a number"),
    "float_parsing": ("skal være et tal", "must be a number"),
    "decimal_type": ("skal være et tal", "must be a number"),
    "decimal_parsing": ("skal være et tal", "must be a number"),
    "finite_number": ("skal være et endeligt tal", "must be a finite number"),
    "bool_type": ("skal være ja eller nej", "must be yes or no"),
    "bool_parsing": ("skal være ja eller nej", "must be yes or no"),
    "date_type": ("skal være en dato (ÅÅÅÅ-MM-DD)", "must be a date (YYYY-MM-DD)"),
    "date_parsing": ("skal være en dato (ÅÅÅÅ-MM-DD)", "must be a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": ("skal være en dato (ÅÅÅÅ-MM-DD)", "must be a date (YYYY-MM-DD)"),
    "date_from_datetime_inexact": (
        "skal være en dato uden klokkeslæt",
        "must be a date without a time",
    ),
    "datetime_type": ("skal være et tidspunkt (ÅÅÅÅ-MM-DD TT:MM)", "must be a date and time"),
    "datetime_parsing": ("skal være et tidspunkt (ÅÅÅÅ-MM-DD TT:MM)", "must be a date and time"),
    "datetime_from_date_parsing": (
        "skal være et tidspunkt (ÅÅÅÅ-MM-DD TT:MM)",
        "must be a date and time",
    ),
    "time_type": ("skal være et klokkeslæt (TT:MM)", "must be a time of day (HH:MM)"),
    "time_parsing": ("skal være et klokkeslæt (TT:MM)", "must be a time of day (HH:MM)"),
    "greater_than": ("skal være større end {gt}", "must be greater than {gt}"),
    "greater_than_equal": ("skal være mindst {ge}", "must be at least {ge}"),
    "less_than": ("skal være mindre end {lt}", "must be less than {lt}"),
    "less_than_equal": ("må højst være {le}", "must be at most {le}"),
    "multiple_of": ("skal gå op i {multiple_of}", "must be a multiple of {multiple_of}"),
    "too_short": (
        "skal have mindst {min_length} element(er)",
        "needs at least {min_length} item(s)",
    ),
    "too_long": ("må højst have {max_length} elementer", "may have at most {max_length} items"),
    "extra_forbidden": ("er ikke et kendt felt", "is not a known field"),
    "literal_error": ("skal være en af {expected}", "must be one of {expected}"),
    "enum": ("skal være en af {expected}", "must be one of {expected}"),
    "list_type": ("skal være en liste", "must be a list"),
    "tuple_type": ("skal være en liste", "must be a list"),
    "set_type": ("skal være en liste", "must be a list"),
    "dict_type": ("skal være en samling af felter", "must be a mapping of fields"),
    "model_type": ("skal være en samling af felter", "must be a mapping of fields"),
    "model_attributes_type": ("skal være en samling af felter", "must be a mapping of fields"),
    "json_invalid": ("er ikke gyldig JSON", "is not valid JSON"),
    "json_type": ("skal være JSON-tekst", "must be JSON text"),
    "url_type": ("skal være en URL", "must be a URL"),
    "url_parsing": ("skal være en URL", "must be a URL"),
    "uuid_type": ("skal være en UUID", "must be a UUID"),
    "uuid_parsing": ("skal være en UUID", "must be a UUID"),
    "none_required": ("skal være tom", "must be empty"),
    "frozen_field": ("kan ikke ændres", "cannot be changed"),
    "frozen_instance": ("kan ikke ændres", "cannot be changed"),
    "union_tag_invalid": ("har en ukendt art ({tag})", "has an unknown kind ({tag})"),
    "union_tag_not_found": (
        "mangler sin art ({discriminator})",
        "lacks its kind ({discriminator})",
    ),
    "bytes_type": ("skal være tekst eller bytes", "must be text or bytes"),
    "callable_type": ("skal kunne kaldes", "must be callable"),
}

register(
    {
        **{f"validation.{kind}": texts for kind, texts in _PYDANTIC.items()},
        # Our own validators' texts (ValueError in a model): already worded by casework.
        "validation.own": ("{text}", "{text}"),
        # A type this table does not know: never pydantic's English in Danish.
        "validation.other": ("ugyldig værdi", "{text}"),
        "validation.item": ("{where}: {problem}", "{where}: {problem}"),
        "validation.choices": ("{da}", "{en}"),
        "validation.more": ("{first}; {rest}", "{first}; {rest}"),
    }
)

_OR = re.compile(r" or ")


def _ctx_text(value: Any) -> str:
    return str(value)


def pydantic_problem(error: Mapping[str, Any]) -> Msg:
    """One pydantic error (``ValidationError.errors()`` item) as a message in either language."""
    kind = str(error.get("type", ""))
    ctx = {k: _ctx_text(v) for k, v in (error.get("ctx") or {}).items()}
    if kind in ("value_error", "assertion_error"):
        text = ctx.get("error") or str(error.get("msg", ""))
        return Msg("validation.own", text=text.removeprefix("Value error, "))
    if kind in _PYDANTIC:
        if "expected" in ctx:  # "'a', 'b' or 'c'": "eller" in Danish
            ctx["expected"] = Msg(  # type: ignore[assignment]
                "validation.choices",
                da=localised_choices(ctx["expected"], "da"),
                en=ctx["expected"],
            )
        return Msg(f"validation.{kind}", **ctx)
    return Msg("validation.other", text=str(error.get("msg", kind)))


def _where(loc: Iterable[Any], skip: frozenset[str]) -> str:
    return ".".join(str(p) for p in loc if str(p) not in skip)


def invalid_detail(errors: Iterable[Mapping[str, Any]], *, skip: Iterable[str] = ("body",)) -> Msg:
    """All of a ValidationError's errors as one message: ``field: problem; field: problem``."""
    hidden = frozenset(skip)
    items: list[Msg] = []
    for error in errors:
        problem = pydantic_problem(error)
        where = _where(error.get("loc", ()), hidden)
        items.append(Msg("validation.item", where=where, problem=problem) if where else problem)
    if not items:
        return Msg("validation.other", text="")
    joined = items[-1]
    for item in reversed(items[:-1]):
        joined = Msg("validation.more", first=item, rest=joined)
    return joined


def localised_choices(text: str, lang: str) -> str:
    """pydantic's and click's "'a', 'b' or 'c'" with Danish ``eller``."""
    return text if lang == "en" else _OR.sub(" eller ", text)


# --------------------------------------------------------------------------- click
_NAMES = {"option": "tilvalget", "argument": "argumentet", "parameter": "parameteren"}
_NUMBERS = {"int": "et gyldigt heltal", "integer": "et gyldigt heltal", "float": "et gyldigt tal"}
_FILES = {"File": "Filen", "Path": "Stien", "Directory": "Mappen"}
_FILE_PROBLEMS = {
    "does not exist": "findes ikke",
    "is a directory": "er en mappe",
    "is a file": "er en fil",
    "is not readable": "kan ikke læses",
    "is not writable": "kan ikke skrives",
    "is not executable": "kan ikke køres",
}

_CLICK: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(r"^Missing (option|argument|parameter)(.*?)\.(.*)$", re.S),
     lambda m: f"Mangler {_NAMES[m[1]]}{m[2]}.{usage_text(m[3], 'da') if m[3] else ''}"),
    (re.compile(r"^Missing command\.$"), lambda m: "Mangler en kommando."),
    (re.compile(r"^No such option:? (.+?)\.?"
                r"( Did you mean (.+)\?| \(Did you mean one of: (.+)\?\))?$"),
     lambda m: f"Ukendt tilvalg {m[1]}."
     + (f" Mente du {m[3]}?" if m[3] else "")
     + (f" (Mente du en af: {m[4]}?)" if m[4] else "")),
    (re.compile(r"^No such command (.+?)\.(?: Did you mean (.+)\?)?$"),
     lambda m: f"Ukendt kommando {m[1]}." + (f" Mente du {m[2]}?" if m[2] else "")),
    (re.compile(r"^Invalid value for (.+?): (.*)$", re.S),
     lambda m: f"Ugyldig værdi for {m[1]}: {usage_text(m[2], 'da')}"),
    (re.compile(r"^Invalid value: (.*)$", re.S),
     lambda m: f"Ugyldig værdi: {usage_text(m[1], 'da')}"),
    (re.compile(r"^Got unexpected extra arguments? ?(?:\(s\))? \((.*)\)$"),
     lambda m: f"Uventet ekstra argument ({m[1]})"),
    (re.compile(r"^Option (.+?) requires an argument\.$"),
     lambda m: f"Tilvalget {m[1]} kræver en værdi."),
    (re.compile(r"^Option (.+?) requires (\d+) arguments\.$"),
     lambda m: f"Tilvalget {m[1]} kræver {m[2]} værdier."),
    (re.compile(r"^Option (.+?) does not take a value\.$"),
     lambda m: f"Tilvalget {m[1]} tager ingen værdi."),
    (re.compile(r"^(.+?) is not a valid (int|integer|float)(?: range)?\.$"),
     lambda m: f"{m[1]} er ikke {_NUMBERS[m[2]]}."),
    (re.compile(r"^(.+?) is not a valid boolean\.(?: Recognized values: (.*))?$", re.S),
     lambda m: f"{m[1]} er ikke ja eller nej." + (f" Kendte værdier: {m[2]}" if m[2] else "")),
    (re.compile(r"^(.+?) is not a valid UUID\.$"), lambda m: f"{m[1]} er ikke en gyldig UUID."),
    (re.compile(r"^(.+?) is not one of (.+)\.$", re.S),
     lambda m: f"{m[1]} er ikke en af {localised_choices(m[2], 'da')}."),
    (re.compile(r"^(.+?) is not (?!a valid |in the range )(.+)\.$"),
     lambda m: f"{m[1]} er ikke {m[2]}."),
    (re.compile(r"^(.+?) is not a valid (.+?)\.$"), lambda m: f"{m[1]} er ikke gyldig ({m[2]})."),
    (re.compile(r"^(.+?) does not match the formats? (.+)\.$"),
     lambda m: f"{m[1]} passer ikke til formatet {localised_choices(m[2], 'da')}."),
    (re.compile(r"^(.+?) is not in the range (.+)\.$"),
     lambda m: f"{m[1]} ligger ikke i intervallet {m[2]}."),
    (re.compile(r"^(File|Path|Directory) (.+?) (does not exist|is a directory|is a file|"
                r"is not readable|is not writable|is not executable)\.$"),
     lambda m: f"{_FILES[m[1]]} {m[2]} {_FILE_PROBLEMS[m[3]]}."),
    (re.compile(r"^Could not open file (.+?): (.*)$"),
     lambda m: f"Kunne ikke åbne filen {m[1]}: {m[2]}"),
    (re.compile(r"^Takes (\d+) values but (\d+) (?:was|were) given\.$"),
     lambda m: f"Tager {m[1]} værdier, men fik {m[2]}."),
    (re.compile(r"^Argument (.+?) takes (\d+) values\.$"),
     lambda m: f"Argumentet {m[1]} tager {m[2]} værdier."),
)  # fmt: skip


def usage_text(text: str, lang: str) -> str:
    """click's usage message ``text`` in ``lang``: unchanged in English, translated by its shape
    in Danish (a text of no known shape is kept)."""
    if lang == "en":
        return text
    stripped = text.strip()
    for pattern, danish in _CLICK:
        match = pattern.match(stripped)
        if match:
            return str(danish(match))
    return text


__all__ = ["invalid_detail", "localised_choices", "pydantic_problem", "usage_text"]
