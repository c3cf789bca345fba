"""The ``casework`` command line: thin commands over the application service, for people and
scripts.

``main(argv, app=None) -> int`` runs the typer app without click's own exit handling: 0 on
success, 1 for a :class:`CaseworkError` (one line in the user's language, never a traceback), 2
for a usage error. An App passed in is used by every command (tests pass one with a fixed
clock); otherwise the first command that needs one opens it, and it is closed when the
invocation ends. One module per command group registers its commands; each imports only typer
at module level and the rest inside its commands, and the root group (:mod:`.lazy`) imports and
builds only the command it runs, so ``casework --help`` and the read commands stay quick
(``casework case show`` has a 0.3 s whole-process budget), and nothing imports Prefect.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from casework.domain.errors import CaseworkError
from casework.entrypoints.cli.context import LANGUAGES, CliContext, of
from casework.entrypoints.cli.lazy import LazyGroup

if TYPE_CHECKING:
    from casework.app import App

typer_app = typer.Typer(
    name="casework",
    cls=LazyGroup,  # the commands are registered by their modules when one is asked for
    help="casework – sagsgange for politiske sager i kommunen (Danish by default; --lang en).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"casework {version('casework')}")
        raise typer.Exit(0)


@typer_app.callback()
def _root(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    lang: Annotated[str | None, typer.Option(help="Language: da or en.")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Directory of the SQLite database.")] = None,
    config_dir: Annotated[Path | None, typer.Option(help="Configuration directory.")] = None,
    database_url: Annotated[str | None, typer.Option(help="Database URL (PostgreSQL).")] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", is_eager=True, callback=_version
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="No progress bar (it is shown on a terminal only)."),
    ] = False,
) -> None:
    """casework – sagsgange for politiske sager."""
    context = of(ctx)
    context.overrides.update(
        data_dir=data_dir, config_dir=config_dir, database_url=database_url, lang=lang
    )
    if lang in LANGUAGES:
        context.lang = lang
    context.quiet = context.quiet or quiet


def main(argv: Sequence[str] | None = None, app: App | None = None) -> int:
    """Run the CLI; 0 success, 1 a casework error, 2 a usage error.

    Args:
        argv: the arguments (default: the process's).
        app: the application service every command uses; it stays open (the caller's). Without
            one, the first command that needs it opens one from the settings, closed at the end.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    context = CliContext(given=app)
    try:
        return _invoke(args, context)
    except BrokenPipeError:
        return _closed_pipe()
    except SystemExit as exc:  # typer's own answer to a closed pipe is a silent exit 1
        if isinstance(exc.__context__, BrokenPipeError):
            return _closed_pipe()
        raise
    except OSError as exc:
        return _file_problem(exc, context)
    finally:
        context.close()


def _invoke(args: list[str], context: CliContext) -> int:
    from casework.entrypoints.cli import language

    # ``--lang`` anywhere on the line is the root option; the help is in its language.
    args, lang = language.split_lang(args)
    if "--quiet" in args[: args.index("--") if "--" in args else len(args)]:
        args.remove("--quiet")  # accepted anywhere, like --lang
        context.quiet = True
    if lang is not None:
        args = ["--lang", lang, *args]
        context.overrides["lang"] = lang
    try:
        command = typer.main.get_command(typer_app)
        shown = lang if lang in LANGUAGES else context.error_lang()
        language.use(shown)  # the help is translated if and when a help screen is shown
        if "_CASEWORK_COMPLETE" in os.environ:  # the shell asks for completions (`completion`)
            from typer._completion_classes import completion_init

            completion_init()
            language.localise(command, shown)  # the completions' descriptions
        result = command.main(args=args, prog_name="casework", standalone_mode=False, obj=context)
    except CaseworkError as exc:
        _error(exc.message(context.error_lang()))
        return 1
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:  # a prompt or a confirmation stopped: say so, never exit silently
        from casework.entrypoints.cli.prompts import Interrupted

        _error(Interrupted().message(context.error_lang()))
        return 1
    except typer.TyperException as exc:  # click's usage errors, as vendored by typer
        from casework.domain.validation_text import usage_text
        from casework.entrypoints.texts import t

        formatter = getattr(exc, "format_message", None)
        detail = formatter() if callable(formatter) else str(exc)
        if detail:  # an empty one is `casework` alone, answered with the help text
            lang = context.error_lang()  # click's English, in the reader's language
            _error(t("cli.usage", lang, detail=usage_text(detail, lang)))
        return int(getattr(exc, "exit_code", 2) or 2)
    except KeyboardInterrupt:
        return 130
    return result if isinstance(result, int) else 0


def _file_problem(exc: OSError, context: CliContext) -> int:
    # A path the operator gave that the file system refuses (``--out`` into a folder that
    # cannot be made, a file where a folder should be): one line, CW320. Every command writes
    # where it is told, so this is answered once here rather than at each write; an OSError
    # that names no file is no such mistake and still shows its traceback.
    if exc.filename is None:
        raise exc
    from casework.domain.file_errors import FileProblem

    _error(FileProblem.of(exc).message(context.error_lang()))
    return 1


def _closed_pipe() -> int:
    # The reader stopped reading (`casework case list | head -1`): nothing failed, and nothing
    # more can be said on stdout. Its remaining buffer goes to /dev/null, so the interpreter's
    # final flush does not complain either; exit quietly, as `head` expects of a writer.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test's captured stdout)
        pass
    return 0


def _error(text: str) -> None:
    sys.stderr.write(text.rstrip("\n") + "\n")


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


__all__ = ["main", "run", "typer_app"]
