"""The README tour is a test: every command of "## A short tour of the CLI" runs, in order.

The ```sh block under that heading is read from README.md on every run; nothing here lists its
commands, so a command added to the README is run by this test. Each command runs as its own
process of the real console script (``casework`` beside ``sys.executable``) in a temporary
working directory, so ``var/``, ``dagsorden/``, ``kb.ics``, ``oparl-out/`` … land there.

How the block is read (a small, strict subset of sh; anything else fails loudly):

- ``\\`` at the end of a line continues it; ``shlex`` splits the line and drops a ``# comment``
  outside quotes; blank and comment-only lines are skipped.
- ``export NAME=VALUE`` sets NAME for every later command; ``NAME=VALUE`` alone sets a shell
  variable (``cw=.venv/bin/casework``); ``NAME=VALUE cmd …`` sets NAME for that command only.
- ``NAME=$(cmd …)`` runs ``cmd`` and sets the shell variable NAME to its output (one line, no
  trailing newline): how the tour keeps the case number ``case new --print-id`` printed.
- ``$NAME`` and ``${NAME}`` are expanded here, from those variables, ``$PWD`` (the temporary
  directory) and the environment; an unknown name fails the test. (Single quotes do not stop
  the expansion; the tour has no ``$`` in single quotes.) Pipes, ``&&``, redirections and
  any other ``$(…)`` are refused with a clear failure rather than passed on as words.
- A program named ``casework`` (``$cw``) is the console script beside ``sys.executable``.
- An argument starting with ``../`` is relative to the checkout, as when a reader runs the tour
  from the repository root. When it does not exist, a small fixture stands in for it (see
  ``STAND_INS``): CI runs on a clean clone, where ``../shared`` (the full Karlsruhe OParl dump)
  is absent, and then ``tests/fixtures/oparl/karlsruhe`` is imported instead.

The environment is the tour's own: ``CASEWORK_DATA_DIR=$PWD/var`` (the temporary directory's
``var``), ``CASEWORK_CONFIG_DIR`` pointing at the checkout's ``config/`` (the working directory
is not the checkout), and no inherited ``CASEWORK_DATABASE_URL``, ``CASEWORK_LANG``,
``CASEWORK_NOTIFY_CHANNELS`` or ``PREFECT_API_URL``.

Precondition: the tour speaks of the case ``scripts/demo.sh`` opens (Lokalplan 212, idempotency
key ``readme-lokalplan-212``): its ``case new`` gives the same key, so it finds that case and
prints its number, which the later lines use as ``$sag``. Before the first command, the
command-line part of demo.sh itself runs through bash in the tour's environment, with
``CASEWORK_DEMO_SERVE=0`` and two edits: its ``scripts/setup.sh`` line is dropped (the test
already runs in the set-up venv) and ``.venv/bin/`` is the directory of ``sys.executable`` (or
of the shifted-clock script below; demo.sh still cds to the checkout; it writes only under
``$CASEWORK_DATA_DIR``). The tour must name no case number itself (they start with the year, so
a literal one breaks on 1 January), and the number its ``case new`` printed must be demo.sh's.

Special cases, chosen by the command's subcommand words, not by its README line:

- ``serve`` runs until stopped: it gets free ``--port`` and ``--prefect-port``; the test waits
  until it says it is ready, the web app answers ``/healthz`` and ``/`` and the Prefect server
  ``/api/health`` with the deployments registered, then presses Ctrl-C (SIGINT) and requires
  exit code 0, no traceback, and both ports silent.
- ``user set-password`` prompts twice: the password is fed on stdin. Every command runs in a new
  session without a controlling terminal, so a prompt reads stdin (empty for all other
  commands) instead of waiting on the terminal.

Beyond exit code 0: ``--json`` output parses as JSON; ``case show ID`` prints the case;
``audit verify`` reports an intact audit trail; every ``--out`` target and the ``export oparl``
directory exist and are not empty (a PNG is a PNG, an SVG an SVG, an .ics a calendar).

The tour runs on the real clock: case numbers start with the current year and the meetings are
those of config/meetings/. A second run moves every casework process's clock to 5 January 2027
(a wrapper console script shifts ``SystemClock``; casework has no clock setting of its own), to
prove the tour survives the new year; it leaves out ``serve``, whose Prefect server and flow runs
keep the real clock, and imports the small OParl fixture instead of ``../shared``. Slow (demo
data, a full OParl import when ../shared is there, and ``casework serve``: about a minute, a
third of it ``serve``); it runs in the normal ``pytest``
run, and ``pytest -s`` prints the slowest commands.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from casework.testing import free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CASEWORK = BIN / "casework"
README = ROOT / "README.md"
DEMO_SH = ROOT / "scripts" / "demo.sh"
HEADING = "## A short tour of the CLI"
#: Paths outside the checkout that a clean clone may lack, and the fixture that stands in.
STAND_INS = {
    "../shared/acceptance/data/karlsruhe-oparl": ROOT
    / "tests"
    / "fixtures"
    / "oparl"
    / "karlsruhe",
}
#: Settings that must come from the tour, not from the shell running the tests.
CLEARED = ("CASEWORK_DATABASE_URL", "CASEWORK_LANG", "CASEWORK_NOTIFY_CHANNELS", "PREFECT_API_URL")
PASSWORD = "readme-tour-kodeord"
TIMEOUT = 180  # seconds for one ordinary command
VARIABLE = re.compile(r"\$(?:\{(\w+)\}|(\w+))")
ASSIGNMENT = re.compile(r"^([A-Za-z_]\w*)=(.*)$", re.DOTALL)
CASE_ID = re.compile(r"\b\d{4}-\d{4}\b")
#: ``NAME=$(`` at the start of a line: a command substitution into a shell variable.
CAPTURE = re.compile(r"^([A-Za-z_]\w*)=\$\((.*)$", re.DOTALL)
#: The moment the year-rollover run's clock starts at: 09:00 in Copenhagen on 5 January 2027.
ROLLOVER = dt.datetime(2027, 1, 5, 8, 0, tzinfo=dt.UTC)
#: Shell syntax this little reader does not run; a tour line using it fails loudly.
SH_SYNTAX = {"|", "||", "&&", ";", "&", ">", ">>", "<", "2>", "2>&1"}
READY = re.compile(r"casework (kører|is running)")  # serve.ready, Danish or English


@dataclass
class Command:
    """One logical line of the tour: its README line number, text and words (not expanded)."""

    line: int
    text: str
    words: list[str]


@dataclass
class Shell:
    """The little state a tour line can change: exported variables and shell variables."""

    cwd: Path
    env: dict[str, str]
    variables: dict[str, str] = field(default_factory=dict)
    casework: Path = CASEWORK  # the console script a ``casework`` word runs
    stand_ins_only: bool = False  # True: every ``../`` path is its fixture stand-in

    def expand(self, word: str) -> str:
        scope = {**self.env, **self.variables, "PWD": str(self.cwd)}

        def value(match: re.Match[str]) -> str:
            name = match.group(1) or match.group(2)
            if name not in scope:
                pytest.fail(f"The tour uses ${name}, which nothing in it sets: {word!r}")
            return scope[name]

        return VARIABLE.sub(value, word)


# --- reading the README ---------------------------------------------------------------------


def tour_block(text: str) -> tuple[int, str]:
    """The ```sh block under the tour heading, and the README line number of its first line."""
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == HEADING)
        fence = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == "```sh")
        end = next(i for i in range(fence + 1, len(lines)) if lines[i].strip() == "```")
    except StopIteration:
        pytest.fail(f"README.md has no ```sh block under {HEADING!r}")
    if any(line.startswith("## ") for line in lines[start + 1 : fence]):
        pytest.fail(f"The ```sh block after {HEADING!r} belongs to a later section")
    return fence + 2, "\n".join(lines[fence + 1 : end])


def parse_commands(block: str, first_line: int = 1) -> list[Command]:
    """Split a sh block into commands: continuations joined, comments and blank lines dropped."""
    commands: list[Command] = []
    pending: list[str] = []
    start = first_line
    for number, raw in enumerate(block.splitlines(), first_line):
        if not pending:
            start = number
        trailing = len(raw) - len(raw.rstrip("\\"))
        if trailing % 2:  # an odd number of backslashes: the line goes on
            pending.append(raw[:-1])
            continue
        pending.append(raw)
        text = " ".join(part.strip() for part in pending)
        pending = []
        try:
            words = shlex.split(text, comments=True)
        except ValueError as exc:
            pytest.fail(f"README line {start}: cannot split {text!r}: {exc}")
        if words:
            commands.append(Command(start, text, words))
    if pending:
        pytest.fail("The tour's last line ends in a backslash")
    return commands


def subcommand(argv: list[str]) -> tuple[str, ...]:
    """The words naming the casework command: ``--lang en case show ID`` → (case, show, ID).

    Options before the command (``--lang``, ``--data-dir``, ``--config-dir``, ``--database-url``)
    all take a value; after the command, the words run until the first option."""
    rest = argv[1:]
    while rest and rest[0].startswith("-"):
        rest = rest[1:] if "=" in rest[0] else rest[2:]
    words: list[str] = []
    for word in rest:
        if word.startswith("-"):
            break
        words.append(word)
    return tuple(words)


def option(argv: list[str], name: str) -> str | None:
    """The value of ``--name VALUE`` or ``--name=VALUE`` in argv, if given."""
    for i, word in enumerate(argv):
        if word == name and i + 1 < len(argv):
            return argv[i + 1]
        if word.startswith(name + "="):
            return word.split("=", 1)[1]
    return None


# --- running --------------------------------------------------------------------------------


@dataclass
class Resolved:
    """A line to run: its argv, its environment, and the variable its output goes to (if any)."""

    argv: list[str]
    env: dict[str, str]
    capture: str | None = None


def resolve(shell: Shell, command: Command) -> Resolved | None:
    """Apply a line's assignments; for a command, return what to run."""
    words = list(command.words)
    capture = None
    if (match := CAPTURE.match(words[0])) and words[-1].endswith(")"):
        # `sag=$($cw case new … --print-id)`: the command inside, its output into `sag`.
        capture = match[1]
        words = [match[2], *words[1:]] if match[2] else words[1:]
        words[-1] = words[-1][:-1]
        words = [w for w in words if w]
        if not words:
            pytest.fail(f"README line {command.line}: an empty $( )")
    unknown = [w for w in words if w in SH_SYNTAX or "$(" in w or "`" in w]
    if unknown:
        pytest.fail(f"README line {command.line}: this test does not run sh syntax {unknown}")
    if words[0] == "export":
        for word in words[1:]:
            match = ASSIGNMENT.match(word)
            if not match:
                pytest.fail(f"README line {command.line}: cannot export {word!r}")
            shell.env[match[1]] = shell.expand(match[2])
        return None
    local: dict[str, str] = {}
    while not capture and words and (match := ASSIGNMENT.match(words[0])):
        local[match[1]] = shell.expand(match[2])
        words = words[1:]
    if not words:  # `cw=.venv/bin/casework`: a shell variable for the lines below
        shell.variables.update(local)
        return None
    argv = [shell.expand(word) for word in words]  # as in sh: not from `local`
    if Path(argv[0]).name == "casework":
        argv[0] = str(shell.casework)
    argv = [outside_checkout(word, command, shell.stand_ins_only) for word in argv]
    return Resolved(argv, {**shell.env, **local}, capture)


def outside_checkout(word: str, command: Command, stand_in_only: bool = False) -> str:
    """A ``../`` path as seen from the checkout, or its stand-in when a clean clone lacks it
    (or ``stand_in_only`` asks for the stand-in)."""
    if not word.startswith("../"):
        return word
    path = (ROOT / word).resolve()
    if path.exists() and not stand_in_only:
        return str(path)
    stand_in = STAND_INS.get(word.rstrip("/"))
    if stand_in is None or not stand_in.exists():
        pytest.fail(f"README line {command.line}: {word} does not exist and has no stand-in")
    return str(stand_in)


def report(command: Command, argv: list[str], code: int | None, out: str, err: str) -> str:
    return (
        f"README line {command.line}: {command.text}\nran: {shlex.join(argv)}\n"
        f"exit code: {code}\n--- stdout ---\n{out[-6000:]}\n--- stderr ---\n{err[-6000:]}"
    )


def run(command: Command, argv: list[str], env: dict[str, str], cwd: Path) -> str:
    """Run one ordinary command; fail with its output unless it exits 0. Returns stdout."""
    words = subcommand(argv)
    stdin = ""
    if words[:2] == ("user", "set-password"):
        stdin = f"{PASSWORD}\n" if "--password-stdin" in argv else f"{PASSWORD}\n{PASSWORD}\n"
    try:
        done = subprocess.run(
            argv, input=stdin, capture_output=True, text=True, env=env, cwd=cwd,
            timeout=TIMEOUT, start_new_session=True, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        pytest.fail(report(command, argv, None, str(exc.stdout or ""), str(exc.stderr or "")))
    if done.returncode != 0:
        pytest.fail(report(command, argv, done.returncode, done.stdout, done.stderr))
    check_outcome(command, argv, cwd, done.stdout, done.stderr)
    return done.stdout


def serve(command: Command, argv: list[str], env: dict[str, str], cwd: Path) -> None:
    """``casework serve`` on free ports: up (it says so; the web app, the Prefect server and its
    deployments answer), then Ctrl-C, and it must exit 0 without a traceback."""
    argv = list(argv)
    if option(argv, "--port") is None:
        argv += ["--port", str(free_port())]
    if option(argv, "--prefect-port") is None:
        argv += ["--prefect-port", str(free_port())]
    web = f"http://127.0.0.1:{option(argv, '--port')}"
    api = f"http://127.0.0.1:{option(argv, '--prefect-port')}/api"
    log = cwd / "serve.log"

    def up(ready: Callable[[], object], what: str) -> None:
        wait_until(lambda: process.poll() is not None or ready(), 150, what)
        if process.poll() is not None:
            pytest.fail(report(command, argv, process.returncode, log.read_text(), ""))

    with log.open("wb") as handle:
        process = subprocess.Popen(
            argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=handle,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            up(lambda: READY.search(log.read_text()), "casework serve to say it is ready")
            up(lambda: httpx.get(f"{web}/healthz", timeout=2).status_code == 200, "the web app")
            up(lambda: httpx.get(f"{api}/health", timeout=2).status_code == 200, "Prefect")
            page = httpx.get(f"{web}/", timeout=10, follow_redirects=True)
            assert page.status_code == 200, page.text[:2000]
            deployments = httpx.post(f"{api}/deployments/filter", json={}, timeout=10).json()
            assert deployments, "casework serve registered no deployments"
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)  # Ctrl-C, as the README says
            try:
                code = process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
                pytest.fail(report(command, argv, None, log.read_text(), "no stop after Ctrl-C"))
    output = log.read_text()
    if code != 0 or "Traceback" in output:
        pytest.fail(report(command, argv, code, output, "(stopped with Ctrl-C, SIGINT)"))
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{api}/health", timeout=2)
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{web}/healthz", timeout=2)


def check_outcome(command: Command, argv: list[str], cwd: Path, out: str, err: str) -> None:
    """What a command must have done besides exiting 0."""
    words = subcommand(argv)
    where = report(command, argv, 0, out, err)
    if "--json" in argv:
        try:
            json.loads(out)
        except ValueError:
            pytest.fail("not JSON on stdout:\n" + where)
    if words[:2] == ("case", "show") and len(words) > 2:
        assert words[2] in out, where
    if words[:2] == ("audit", "verify"):
        assert "Revisionssporet er intakt" in out or "The audit trail is intact" in out, where
    targets = [option(argv, "--out")]
    if words[:2] == ("export", "oparl") and len(words) > 2:
        targets.append(words[2])
    for target in filter(None, targets):
        check_written(cwd / target, where)


def check_written(path: Path, where: str) -> None:
    """A written file is not empty and is what its suffix says; a directory holds such files."""
    assert path.exists(), f"{path} was not written\n{where}"
    files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    assert files, f"{path} is empty\n{where}"
    for file in files:
        data = file.read_bytes()
        assert data, f"{file} is empty\n{where}"
        if file.suffix == ".png":
            assert data.startswith(b"\x89PNG\r\n\x1a\n"), f"{file} is no PNG"
        elif file.suffix == ".svg":
            assert b"<svg" in data, f"{file} is no SVG"
        elif file.suffix == ".ics":
            assert data.startswith(b"BEGIN:VCALENDAR"), f"{file} is no calendar"
        elif file.suffix == ".pdf":
            assert data.startswith(b"%PDF"), f"{file} is no PDF"


def demo_precondition(env: dict[str, str], cwd: Path, tour: str, bin_dir: Path = BIN) -> str:
    """Run the command-line part of scripts/demo.sh; return the case number it opened."""
    script = DEMO_SH.read_text()
    lines = script.splitlines()
    if "scripts/setup.sh" not in (line.strip() for line in lines):
        pytest.fail("scripts/demo.sh no longer has its `scripts/setup.sh` line: update this test")
    script = "\n".join(line for line in lines if line.strip() != "scripts/setup.sh")
    script = script.replace(".venv/bin/", f"{bin_dir}/")
    done = subprocess.run(
        ["bash", "-c", script, str(DEMO_SH)], env={**env, "CASEWORK_DEMO_SERVE": "0"}, cwd=cwd,
        capture_output=True, text=True, timeout=300, start_new_session=True, check=False,
    )  # fmt: skip
    demo = Command(0, "scripts/demo.sh (CASEWORK_DEMO_SERVE=0, without setup.sh)", [])
    if done.returncode != 0:
        pytest.fail(report(demo, ["bash", str(DEMO_SH)], done.returncode, done.stdout, done.stderr))
    data_dir = Path(env["CASEWORK_DATA_DIR"])
    drawn = [p.stem for p in data_dir.glob("*.svg") if CASE_ID.fullmatch(p.stem)]
    assert len(drawn) == 1, f"demo.sh drew {drawn}, expected its one case\n{done.stdout}"
    named = sorted(set(CASE_ID.findall(tour)))
    assert not named, (
        f"The README tour names the case numbers {named}. A case number starts with the year "
        "it was opened in, so a literal one breaks on 1 January: use the number that "
        "`case new --print-id` prints (sag=$(...); $sag)."
    )
    return drawn[0]


def shifted_casework(bin_dir: Path, start: dt.datetime) -> Path:
    """A ``casework`` console script in ``bin_dir`` whose clock started at ``start`` now.

    Every process it runs computes the same offset from the real clock, so time still passes
    between commands (events keep their order) while "today" is ``start``'s date.
    """
    offset = (start - dt.datetime.now(dt.UTC)).total_seconds()
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "casework"
    script.write_text(
        f"#!{sys.executable}\n"
        "import datetime as dt\n"
        "import sys\n"
        "from casework.adapters import clock\n"
        f"_SHIFT = dt.timedelta(seconds={offset!r})\n"
        "clock.SystemClock.now = lambda self: dt.datetime.now(dt.UTC) + _SHIFT\n"
        "clock.SystemClock.today = lambda self: (dt.datetime.now(self._zone) + _SHIFT).date()\n"
        "from casework.entrypoints.cli import run\n"
        "sys.exit(run())\n"
    )
    script.chmod(0o755)
    return script


def run_tour(tmp_path: Path, *, rollover: dt.datetime | None = None) -> str:
    """Run demo.sh's CLI part, then every command of the tour; return the tour's case number.

    With ``rollover``, every casework process's clock starts at that instant (see
    :func:`shifted_casework`), ``serve`` is left out and ``../`` paths are their stand-ins.
    """
    tour_dir = tmp_path / "tour"
    tour_dir.mkdir()
    first_line, block = tour_block(README.read_text())
    commands = parse_commands(block, first_line)
    bin_dir = BIN
    casework = CASEWORK
    if rollover is not None:
        casework = shifted_casework(tmp_path / "bin", rollover)
        bin_dir = casework.parent
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env["CASEWORK_CONFIG_DIR"] = str(ROOT / "config")
    env["PATH"] = f"{bin_dir}{os.pathsep}{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["CASEWORK_DATA_DIR"] = str(tour_dir / "var")  # until the tour's own export says so
    shell = Shell(cwd=tour_dir, env=env, casework=casework, stand_ins_only=rollover is not None)
    demo_case: str | None = None
    timings: list[tuple[float, str]] = []
    for command in commands:
        resolved = resolve(shell, command)
        if resolved is None:
            continue
        argv, command_env = resolved.argv, resolved.env
        if demo_case is None:  # demo.sh before the tour's first command, in its environment
            started = time.monotonic()
            demo_case = demo_precondition(shell.env, tour_dir, block, bin_dir)
            timings.append((time.monotonic() - started, "scripts/demo.sh"))
        started = time.monotonic()
        if subcommand(argv)[:1] == ("serve",):
            if rollover is None:
                serve(command, argv, command_env, tour_dir)
            continue
        out = run(command, argv, command_env, tour_dir)
        if resolved.capture is not None:
            value = out.strip()
            assert value and "\n" not in value, (
                f"README line {command.line}: $( ) printed {out!r}, not one word"
            )
            shell.variables[resolved.capture] = value
        timings.append((time.monotonic() - started, command.text))
    assert demo_case is not None, "the tour ran no command"
    assert demo_case in shell.variables.values(), (
        f"scripts/demo.sh opened case {demo_case}, but the tour's `case new` printed "
        f"{shell.variables}: the tour no longer works on demo.sh's case"
    )
    assert_a_local_plan(shell.env, tour_dir, casework, demo_case)
    slowest = sorted(timings, reverse=True)[:5]
    sys.stderr.write(
        f"README tour: {len(timings) - 1} commands in {sum(t for t, _ in timings):.1f} s; "
        + "; ".join(f"{t:.1f} s {text.split('#')[0].strip()}" for t, text in slowest)
        + "\n"
    )
    return demo_case


def assert_a_local_plan(env: dict[str, str], cwd: Path, casework: Path, case_id: str) -> None:
    """Lokalplan 212 runs as a local plan (issue 15): opened without --workflow, the plan's
    workflow table gave it the local-plan workflow, and the tour took it through the adoption
    of the proposal, the public hearing (closed early only by the secretariat's override, with
    its reason on record) and the final adoption, along BPU → ØU → KB both times."""

    def json_of(*words: str) -> object:
        done = subprocess.run(
            [str(casework), *words, "--json"], env=env, cwd=cwd, capture_output=True,
            text=True, timeout=TIMEOUT, check=True, start_new_session=True,
        )  # fmt: skip
        return json.loads(done.stdout)

    shown = json_of("case", "show", case_id)
    assert isinstance(shown, dict)
    assert shown["workflow"] == "lokalplan", shown
    events = json_of("case", "history", case_id)
    assert isinstance(events, list)
    moves = [e["data"] for e in events if e["kind"] == "case.advanced"]
    left = [m["from"] for m in moves]
    for step in ("forslag@bpu", "forslag@oeu", "forslag@kb", "offentliggoerelse_forslag",
                 "offentlig_hoering", "hoeringsnotat", "endelig_vedtagelse@bpu",
                 "endelig_vedtagelse@oeu", "endelig_vedtagelse@kb"):  # fmt: skip
        assert step in left, f"the tour's local plan never left {step}: {left}"
    hearing = next(m for m in moves if m["from"] == "offentlig_hoering")
    assert hearing.get("override"), hearing  # 4 weeks had not passed: the override is recorded
    assert left.index("forslag@kb") < left.index("offentlig_hoering")
    assert left.index("offentlig_hoering") < left.index("endelig_vedtagelse@kb")


@pytest.mark.slow
def test_every_command_of_the_readme_tour_runs_in_order(tmp_path: Path) -> None:
    run_tour(tmp_path)


@pytest.mark.slow
def test_the_readme_tour_survives_the_new_year(tmp_path: Path) -> None:
    # The tour hard-coded 2026-0061 until December 2026; on 5 January 2027 the case it opens is
    # a 2027 case, and every line after must still find it and its meetings.
    case_id = run_tour(tmp_path, rollover=ROLLOVER)
    assert case_id.startswith("2027-"), case_id


def test_the_tour_reader_joins_continuations_and_drops_comments() -> None:
    block = (
        "export A=$PWD/var\n"
        "cw=.venv/bin/casework\n"
        "\n"
        '$cw case new --title "Lokalplan 212 # ikke en kommentar" \\\n'
        "    --attr beloeb=1500000   # a comment\n"
        "                            # a comment-only line\n"
        "A=var/b $cw --lang en case show 2026-0061\n"
        'sag=$($cw case new --title "Lokalplan (212)" \\\n'
        "    --print-id)   # the number alone\n"
    )
    commands = parse_commands(block, 10)
    assert [c.line for c in commands] == [10, 11, 13, 16, 17]
    assert commands[2].words == ["$cw", "case", "new", "--title", "Lokalplan 212 # ikke en "
                                 "kommentar", "--attr", "beloeb=1500000"]  # fmt: skip
    shell = Shell(cwd=Path("/tmp/x"), env={})
    assert resolve(shell, commands[0]) is None and shell.env == {"A": "/tmp/x/var"}
    assert resolve(shell, commands[1]) is None and shell.variables["cw"] == ".venv/bin/casework"
    resolved = resolve(shell, commands[3])
    assert resolved is not None and resolved.capture is None
    argv, env = resolved.argv, resolved.env
    assert argv[0] == str(CASEWORK) and env["A"] == "var/b"
    assert subcommand(argv) == ("case", "show", "2026-0061")
    captured = resolve(shell, commands[4])
    assert captured is not None and captured.capture == "sag"
    assert captured.argv == [str(CASEWORK), "case", "new", "--title", "Lokalplan (212)",
                             "--print-id"]  # fmt: skip


def test_the_readme_has_a_tour_with_commands() -> None:
    first_line, block = tour_block(README.read_text())
    commands = parse_commands(block, first_line)
    assert len(commands) > 10
    assert sum("$cw" in c.text for c in commands) > 10
