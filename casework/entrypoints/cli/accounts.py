"""``casework user / token``: web sign-in passwords and API tokens (issue 8).

``user set-password`` prompts (or reads ``--password-stdin``), ``user demo-passwords`` gives
everyone the password "demo" on a demo database only, and ``token create`` prints a token's
secret the one time it exists. The use cases are ``App.accounts``; imports only typer (and the
message catalogue) at module level, so ``casework --help`` stays quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from casework.domain.errors import InvalidInput
from casework.domain.messages import register as register_messages
from casework.entrypoints.cli.context import of

if TYPE_CHECKING:
    from casework.app import App
    from casework.entrypoints.cli.context import CliContext

user_app = typer.Typer(help="Brugere: adgangskoder til webappen.", no_args_is_help=True)
token_app = typer.Typer(help="Adgangstokens til JSON-API'et.", no_args_is_help=True)

#: Shorter passwords are refused for real accounts; demo databases use "demo".
MIN_PASSWORD_LENGTH = 8
DEMO_PASSWORD = "demo"  # the documented demo password, for demo databases only

register_messages(
    {
        "web.password_set": (
            "Adgangskoden for {person} er sat.",
            "The password for {person} has been set.",
        ),
        "web.demo_passwords": (
            '{count} personer har fået adgangskoden "demo".',
            '{count} people now have the password "demo".',
        ),
        "web.not_demo": (
            "Databasen er ikke en demodatabase (casework demo); brug --yes-this-is-a-demo "
            "hvis du er sikker",
            "The database is not a demo database (casework demo); pass --yes-this-is-a-demo "
            "if you are sure",
        ),
        "web.password_short": (
            "adgangskoden skal have mindst {min} tegn",
            "the password needs at least {min} characters",
        ),
        "web.password_mismatch": ("adgangskoderne er ikke ens", "the passwords differ"),
        "web.token_created": (
            "Token {id} til {person} ({name}) – gem det nu, det vises ikke igen:",
            "Token {id} for {person} ({name}) – keep it now, it is not shown again:",
        ),
        "web.token_revoked": ("Token {id} er tilbagekaldt.", "Token {id} has been revoked."),
        "web.no_tokens": ("Ingen tokens.", "No tokens."),
        "web.unlocked": ("{person} er låst op.", "{person} has been unlocked."),
    }
)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")


def _say(context: CliContext, key: str, **params: object) -> None:
    from casework.domain.messages import render

    typer.echo(render(key, context.lang, **params))


def _app(ctx: typer.Context) -> tuple[CliContext, App]:
    context = of(ctx)
    return context, context.app


def _read_password(from_stdin: bool, lang: str) -> str:
    from casework.entrypoints.cli.prompts import ask, read_line

    if from_stdin:
        return read_line("prompt.password", lang)
    hint = "prompt.password_hint"
    first = ask("prompt.password", lang, hide_input=True, hint=hint)
    second = ask("prompt.password_again", lang, hide_input=True, hint=hint)
    if first != second:
        from casework.domain.messages import render

        raise InvalidInput(detail=render("web.password_mismatch", lang))
    return str(first)


@user_app.command("set-password")
def set_password(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="Person id from the configuration.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Sæt en persons adgangskode til webappen (argon2-hashet)."""
    from casework.domain.messages import render

    context, app = _app(ctx)
    store = app.accounts
    app.config.municipality.person(person)
    password = _read_password(password_stdin, context.lang)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            detail=render("web.password_short", context.lang, min=MIN_PASSWORD_LENGTH)
        )
    store.set_password(person, password)
    _say(context, "web.password_set", person=person)


@user_app.command("demo-passwords")
def demo_passwords(
    ctx: typer.Context,
    yes: Annotated[
        bool,
        typer.Option("--yes-this-is-a-demo", help="Also on a database not seeded by demo."),
    ] = False,
) -> None:
    """Giv alle personer i konfigurationen adgangskoden "demo" (kun demodatabaser)."""
    from casework.domain.messages import render

    context, app = _app(ctx)
    store = app.accounts
    if not yes and not store.seeded_by_demo():
        raise InvalidInput(detail=render("web.not_demo", context.lang))
    people = sorted(app.config.municipality.people)
    for person in people:
        store.set_password(person, DEMO_PASSWORD)
    _say(context, "web.demo_passwords", count=len(people))


@user_app.command("unlock")
def unlock(ctx: typer.Context, person: Annotated[str, typer.Argument(help="Person id.")]) -> None:
    """Lås en person op efter for mange forkerte adgangskoder."""
    context, app = _app(ctx)
    store = app.accounts
    app.config.municipality.person(person)
    store.unlock(person)
    _say(context, "web.unlocked", person=person)


@token_app.command("create")
def token_create(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="Person id the token acts as.")],
    name: Annotated[str, typer.Option(help="What the token is for, e.g. 'ESDH'.")],
    as_json: Annotated[bool, typer.Option("--json", help="Output JSON for scripts.")] = False,
) -> None:
    """Opret et adgangstoken til JSON-API'et; hemmeligheden vises kun denne ene gang."""
    import json

    context, app = _app(ctx)
    store = app.accounts
    app.config.municipality.person(person)
    token = store.create_token(person, name)
    token_id = token.split("_")[1]
    if as_json:
        data = {"id": token_id, "person": person, "name": name.strip(), "token": token}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _say(context, "web.token_created", id=token_id, person=person, name=name.strip())
    typer.echo(token)


@token_app.command("list")
def token_list(
    ctx: typer.Context,
    person: Annotated[str | None, typer.Option(help="Only this person's tokens.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Output JSON for scripts.")] = False,
) -> None:
    """List adgangstokens (uden hemmeligheder)."""
    import json

    context, app = _app(ctx)
    store = app.accounts
    tokens = store.list_tokens(person)
    if as_json:
        typer.echo(json.dumps([t.as_json() for t in tokens], ensure_ascii=False, indent=2))
        return
    if not tokens:
        _say(context, "web.no_tokens")
        return
    for info in tokens:
        state = f"tilbagekaldt {info.revoked_at}" if info.revoked_at else "aktiv"
        used = info.last_used_at or "-"
        typer.echo(
            f"{info.id}  {info.person_id:<10} {info.name:<24} {info.created_at}  {used}  {state}"
        )


@token_app.command("revoke")
def token_revoke(
    ctx: typer.Context, token_id: Annotated[str, typer.Argument(help="The token's id.")]
) -> None:
    """Tilbagekald et adgangstoken."""
    context, app = _app(ctx)
    store = app.accounts
    info = store.revoke_token(token_id)
    _say(context, "web.token_revoked", id=info.id)
