"""``casework training``: the role-play meeting pack and the virtual council chamber (issue 20).

Thin over :mod:`casework.app.training`: ``roleplay`` writes the pack drawn with ``--seed`` as
HTML (stdout or ``--out``) or PDF (``--out``); ``site`` writes den virtuelle byrådssal to a
folder. The day the fictive meeting follows is the App's clock (tests give a fixed one) unless
``--date`` says otherwise; no database is opened.
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from casework.entrypoints.cli.context import CliContext, of

training_app = typer.Typer(
    help="Undervisning: rollespil for en ny kommunalbestyrelse og den virtuelle byrådssal.",
    no_args_is_help=True,
)

LangOpt = Annotated[str | None, typer.Option("--lang", help="Language: da or en.")]
SeedOpt = Annotated[int, typer.Option("--seed", min=0, help="The draw: same seed, same pack.")]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="The meeting is the council's first on or after this day "
        "(YYYY-MM-DD); default: today.",
    ),
]


class PackFormat(StrEnum):
    """The role-play pack's formats."""

    HTML = "html"
    PDF = "pdf"


def register(app: typer.Typer) -> None:
    """Add ``casework training`` to the root app."""
    app.add_typer(training_app, name="training")


def _day(context: CliContext, date: str | None) -> dt.date:
    from casework.app import admin
    from casework.entrypoints.cli.output import optional_day

    given = optional_day(date, "--date")
    if given is not None:
        return given
    app = context.given_app  # tests pass an App with a fixed clock; no store is opened
    return (app.clock if app is not None else admin.system_clock()).today()


@training_app.command("roleplay")
def roleplay(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    seed: SeedOpt = 1,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file (needed for pdf).")
    ] = None,
    fmt: Annotated[PackFormat, typer.Option("--format", "-f", help="html | pdf.")] = (
        PackFormat.HTML
    ),
    date: DateOpt = None,
    lang: LangOpt = None,
) -> None:
    """Skriv rollespillet: et fiktivt KB-møde med dagsorden, sager, rollekort, drejebog og quiz."""
    from casework.app import training
    from casework.domain.errors import InvalidInput
    from casework.domain.messages import Msg
    from casework.entrypoints.cli.output import say
    from casework.entrypoints.texts import t

    context = of(ctx)
    language = context.use_lang(lang)
    if fmt is PackFormat.PDF and out is None:
        raise InvalidInput(detail=Msg("training.needs_out", format=fmt.value))
    pack = training.roleplay(context.config(), _day(context, date), seed, language)
    content = training.render_roleplay(pack, fmt.value)
    if out is None:
        sys.stdout.write(content.decode("utf-8"))
        return
    out.write_bytes(content)
    say(t("training.written", language, path=str(out)))


@training_app.command("site")
def site(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder to write the site to.")],
    seed: SeedOpt = 1,
    date: DateOpt = None,
    lang: LangOpt = None,
) -> None:
    """Skriv den virtuelle byrådssal: et statisk undervisningssite, der virker uden net."""
    from casework.app import training
    from casework.entrypoints.cli.output import say
    from casework.entrypoints.texts import t

    context = of(ctx)
    language = context.use_lang(lang)
    if out.exists() and not out.is_dir():
        raise training.OutIsFile(path=str(out))  # before the (slow) drawing
    files = training.site(context.config(), _day(context, date), seed, language)
    written = training.write_site(files, out)
    say(t("training.site_written", language, count=len(files), path=str(written)))
