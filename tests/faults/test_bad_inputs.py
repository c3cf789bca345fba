"""Bad files and paths, tried through the real ``casework`` command and counted (issue 16, items
10 and 11).

Each case runs the installed console script in a process of its own (as an operator would), on
a fresh data directory: a configuration with a date that does not exist, an alias bomb, links
that loop or a FIFO; OParl sources that are missing, empty, truncated, a FIFO, or JSON nested
100,000 levels deep; bad ``--mapping`` files; ``--out`` paths the file system refuses; a
database whose schema is newer than the code. Every case must exit non-zero within its time
limit with one line per problem (``[CWnnn] …``, or a findings list under a ``[CW100]`` line),
never a traceback, and a refused import must leave no case behind. The figures print as one
JSON line and, with ``CASEWORK_FAULT_REPORT`` naming a directory, go to ``bad-inputs.json``.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config"
CASEWORK = Path(sys.executable).with_name("casework")
OPARL = ROOT / "tests" / "fixtures" / "oparl" / "huertgenwald.tar.xz"
#: Seconds a case may take; a command that blocks (a FIFO read) fails the case.
LIMIT = 60
LINE = re.compile(r"^(?:\[CW\d{3}\] |  \[CW\d{3}\] )")


@dataclass(frozen=True)
class Case:
    """One bad input: how to prepare it in a scratch directory, and the command to run."""

    name: str
    group: str
    prepare: Callable[[Path], list[str]]  # returns the arguments after `casework`
    config: Callable[[Path], Path] | None = None  # a broken copy of config/, when needed


# --------------------------------------------------------------------------- preparations
def _copy(tmp: Path) -> Path:
    target = tmp / "config"
    if not target.exists():
        shutil.copytree(CONFIG, target)
    return target


def _replace(relative: str, old: str, new: str) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        config = _copy(tmp)
        path = config / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return config

    return make


def _append(relative: str, text: str) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        config = _copy(tmp)
        with (config / relative).open("a", encoding="utf-8") as handle:
            handle.write("\n" + text)
        return config

    return make


def _write(relative: str, text: str) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        config = _copy(tmp)
        (config / relative).parent.mkdir(parents=True, exist_ok=True)
        (config / relative).write_text(text, encoding="utf-8")
        return config

    return make


def _loop(relative: str) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        config = _copy(tmp)
        link = config / relative
        link.parent.mkdir(parents=True, exist_ok=True)
        link.unlink(missing_ok=True)
        os.symlink(link.name, link)
        return config

    return make


def _fifo(relative: str) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        config = _copy(tmp)
        os.mkfifo(config / relative)
        return config

    return make


def bomb(levels: int = 9) -> str:
    """A "billion laughs": nine levels of nine aliases, 9^9 values when expanded."""
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _init(tmp: Path) -> list[str]:
    return ["init"]


def _check(tmp: Path) -> list[str]:
    return ["config", "check", str(tmp / "config")]


def _import(make: Callable[[Path], Path], *extra: str) -> Callable[[Path], list[str]]:
    def prepare(tmp: Path) -> list[str]:
        return ["import", "oparl", str(make(tmp)), *extra]

    return prepare


def _file(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        (tmp / name).write_bytes(data)
        return tmp / name

    return make


def _tar_cut_at_member(tmp: Path) -> Path:
    with tarfile.open(OPARL) as tar:
        members = [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar]  # type: ignore[union-attr]
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for member, data in members:
            tar.addfile(member, io.BytesIO(data) if data is not None else None)
    with tarfile.open(fileobj=io.BytesIO(buffer.getvalue())) as tar:
        offsets = [m.offset for m in tar]
    path = tmp / "cut.tar"
    path.write_bytes(buffer.getvalue()[: offsets[len(offsets) // 2]])
    return path


def _half(tmp: Path) -> Path:
    raw = OPARL.read_bytes()
    return _file("half.tar.xz", raw[: len(raw) // 2])(tmp)


def _empty_dir(tmp: Path) -> Path:
    (tmp / "dump").mkdir()
    return tmp / "dump"


def _fifo_source(tmp: Path) -> Path:
    os.mkfifo(tmp / "dump.json")
    return tmp / "dump.json"


def _mapping(text: str | None, *, fifo: bool = False) -> Callable[[Path], list[str]]:
    def prepare(tmp: Path) -> list[str]:
        path = tmp / "mapping.yaml"
        if fifo:
            os.mkfifo(path)
        elif text is not None:
            path.write_text(text, encoding="utf-8")
        return ["import", "oparl", str(OPARL), "--mapping", str(path)]

    return prepare


def _afile(tmp: Path) -> Path:
    (tmp / "afile").write_text("not a folder")
    return tmp / "afile"


def _output(*args: str) -> Callable[[Path], list[str]]:
    """``args`` on a data directory ``casework init`` has set up; ``AFILE`` becomes a plain
    file (so ``AFILE/x`` is a path under a file) and ``TMP`` the scratch folder."""

    def prepare(tmp: Path) -> list[str]:
        done = _run(["init"], tmp, CONFIG)
        assert done.returncode == 0, done.stderr
        afile = str(_afile(tmp))
        return [a.replace("AFILE", afile).replace("TMP", str(tmp)) for a in args]

    return prepare


def _newer_schema(args: list[str]) -> Callable[[Path], list[str]]:
    def prepare(tmp: Path) -> list[str]:
        data = tmp / "data"
        _run(["init"], tmp, CONFIG)
        with sqlite3.connect(data / "casework.db") as db:
            db.execute("UPDATE alembic_version SET version_num = '0999'")
        return args

    return prepare


CASES = [
    # --- configuration (item 10)
    Case("date 2026-02-30 in a meeting plan", "config", _init,
         _replace("meetings/eksempel-2026.yaml", "date: 2026-09-09", "date: 2026-02-30")),
    Case("date 2026-02-30 in config check", "config", _check,
         _replace("meetings/eksempel-2026.yaml", "date: 2026-09-09", "date: 2026-02-30")),
    Case("time zone offset of 99 hours", "config", _init,
         _append("calendar.yaml", "x: 2026-01-01 10:00:00 +99:00")),
    Case("integer of 5,000 digits", "config", _init,
         _append("municipality.yaml", "x: " + "9" * 5000)),
    Case("year 0", "config", _init, _append("municipality.yaml", "x: 0000-01-01")),
    Case("billion laughs in a workflow", "config", _init, _write("workflows/bomb.yaml", bomb())),
    Case("billion laughs in calendar.yaml", "config", _init, _append("calendar.yaml", bomb())),
    Case("billion laughs in municipality.yaml", "config", _init,
         _append("municipality.yaml", bomb())),
    Case("flow nested 100,000 levels", "config", _init,
         _write("workflows/deep.yaml", "a: " + "[" * 100_000 + "]" * 100_000)),
    Case("link loop: a workflow", "config", _init, _loop("workflows/loop.yaml")),
    Case("link loop: municipality.yaml", "config", _init, _loop("municipality.yaml")),
    Case("link loop: calendar.yaml", "config", _init, _loop("calendar.yaml")),
    Case("link loop: a meeting plan", "config", _init, _loop("meetings/loop.yaml")),
    Case("link loop: a delegation plan", "config", _check, _loop("delegation/loop.yaml")),
    Case("link loop: reminders.yaml", "config", _init, _loop("reminders.yaml")),
    Case("FIFO as a workflow", "config", _init, _fifo("workflows/fifo.yaml")),
    Case("binary garbage as a workflow", "config", _init,
         _write("workflows/bin.yaml", "\x00\x01\x02\ufffe")),
    # --- OParl sources (items 10, 11)
    Case("source missing", "oparl", lambda t: ["import", "oparl", str(t / "nonexistent")]),
    Case("source: 0-byte archive", "oparl", _import(_file("empty.tar.xz", b""))),
    Case("source: 0-byte JSON", "oparl", _import(_file("empty.json", b""))),
    Case("source: empty folder", "oparl", _import(_empty_dir)),
    Case("source: archive cut at 50 %", "oparl", _import(_half)),
    Case("source: tar cut at a member boundary", "oparl", _import(_tar_cut_at_member)),
    Case("source: not an archive", "oparl", _import(_file("junk.tar.gz", b"junk" * 100))),
    Case("source: FIFO", "oparl", _import(_fifo_source)),
    Case("source: JSON nested 100,000 levels", "oparl",
         _import(_file("deep.json", b"[" * 100_000 + b"]" * 100_000))),
    Case("source: JSON that is a number", "oparl", _import(_file("n.json", b"1" * 5000))),
    Case("--mapping missing", "oparl", _mapping(None)),
    Case("--mapping is a folder", "oparl",
         lambda t: ["import", "oparl", str(OPARL), "--mapping", str(t)]),
    Case("--mapping FIFO", "oparl", _mapping(None, fifo=True)),
    Case("--mapping billion laughs", "oparl", _mapping("schema_version: 1\n" + bomb())),
    Case("--mapping date 2026-02-30", "oparl", _mapping("schema_version: 1\nx: 2026-02-30\n")),
    Case("--mapping wrong schema", "oparl", _mapping("schema_version: 2\nresults: 3\n")),
    Case("--mapping bad regex", "oparl",
         _mapping('schema_version: 1\nresults:\n  - {match: "(", decision: approved}\n')),
    Case("--mapping a list", "oparl", _mapping("- a\n- b\n")),
    Case("--mapping YAML syntax", "oparl", _mapping("schema_version: [1\n")),
    # --- output paths (item 10), on an initialised data directory; AFILE is a plain file
    Case("agenda publish --out under a file", "output",
         _output("agenda", "publish", "tmu", "2026-03-09", "--out", "AFILE/d")),
    Case("diagram --out is a folder", "output",
         _output("diagram", "workflow", "beslutningssag", "--out", "TMP")),
    Case("diagram --out under a file", "output",
         _output("diagram", "workflow", "beslutningssag", "--out", "AFILE/x.svg")),
    Case("diagram training --out under a file", "output",
         _output("diagram", "training", "--out", "AFILE/d")),
    Case("agenda ical --out under a file", "output",
         _output("agenda", "ical", "meetings", "tmu", "--out", "AFILE/x.ics")),
    Case("export oparl into a file", "output",
         _output("export", "oparl", "AFILE", "--base-url", "https://x.example")),
    Case("backup under a file", "output", _output("backup", "AFILE/x.db")),
    # --- a database newer than the code (item 10)
    Case("newer schema: init", "schema", _newer_schema(["init"])),
    Case("newer schema: import oparl", "schema", _newer_schema(["import", "oparl", str(OPARL)])),
    Case("newer schema: case list", "schema", _newer_schema(["case", "list"])),
]  # fmt: skip


def _run(args: list[str], tmp: Path, config: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")},
        "CASEWORK_DATA_DIR": str(tmp / "data"),
        "CASEWORK_CONFIG_DIR": str(config),
        "PYTHONHASHSEED": "0",
    }
    return subprocess.run(
        [str(CASEWORK), *args],
        env=env,
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=LIMIT,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def _cases_in(tmp: Path) -> int:
    database = tmp / "data" / "casework.db"
    if not database.exists():
        return 0
    with sqlite3.connect(database) as db:
        try:
            return int(db.execute("SELECT count(*) FROM cases").fetchone()[0])
        except sqlite3.OperationalError:  # no schema: nothing written either
            return 0


@pytest.mark.skipif(not CASEWORK.exists(), reason="the casework console script is not installed")
def test_bad_inputs_through_the_cli_never_show_a_traceback(tmp_path: Path) -> None:
    results: list[dict[str, object]] = []
    for number, case in enumerate(CASES):
        tmp = tmp_path / f"{number:02d}"
        tmp.mkdir()
        config = case.config(tmp) if case.config is not None else CONFIG
        args = case.prepare(tmp)
        try:
            done = _run(args, tmp, config)
            output, code, hung = done.stdout + done.stderr, done.returncode, False
        except subprocess.TimeoutExpired as exc:
            output, code, hung = str(exc.stderr or ""), None, True
        lines = [line for line in done.stderr.splitlines() if line.strip()] if not hung else []
        results.append(
            {
                "case": case.name,
                "group": case.group,
                "exit": code,
                "hung": hung,
                "traceback": "Traceback" in output,
                "one_line_each": bool(lines) and all(LINE.match(line) for line in lines),
                "cases_written": _cases_in(tmp) if case.group == "oparl" else 0,
                "first_line": lines[0][:160] if lines else "",
            }
        )
    tracebacks = [r["case"] for r in results if r["traceback"]]
    blocked = [r["case"] for r in results if r["hung"]]
    zero = [r["case"] for r in results if r["exit"] == 0]
    ragged = [r["case"] for r in results if not r["one_line_each"] and not r["hung"]]
    written = [r["case"] for r in results if r["cases_written"]]
    figures = {
        "fault": "bad-inputs",
        "tried": len(results),
        "tracebacks": len(tracebacks),
        "hung": len(blocked),
        "exit_0": len(zero),
        "not_one_line": len(ragged),
        "half_imported": len(written),
        "by_group": {
            group: sum(1 for r in results if r["group"] == group)
            for group in sorted({str(r["group"]) for r in results})
        },
    }
    print(json.dumps(figures))
    if report_dir := os.environ.get("CASEWORK_FAULT_REPORT"):
        Path(report_dir).mkdir(parents=True, exist_ok=True)
        (Path(report_dir) / "bad-inputs.json").write_text(
            json.dumps({**figures, "cases": results}, indent=2, ensure_ascii=False)
        )
    failing = {r["case"]: r["first_line"] for r in results if r["case"] in
               {*tracebacks, *blocked, *zero, *ragged, *written}}  # fmt: skip
    assert not failing, failing
