"""The configuration loader fuzzed with hypothesis: any file text is findings, never a traceback
(issue 16, item 10).

Each example takes a small configuration directory (``municipality.yaml``, one workflow, and the
file under test from ``config/``: the calendar, a meeting plan, a delegation plan or
``reminders.yaml``), damages one file the way hands and tools do (a line replaced by YAML
specials — anchors, aliases, merge keys, tags, dates that do not exist, huge numbers, control
characters, brackets — a line inserted, deleted or doubled, or the whole file replaced by such
text) and loads it with ``load_full_configuration``, the loader ``casework init`` and
``casework config check`` use. The only acceptable outcomes are a configuration or a
:class:`CaseworkError` (findings with file and line); anything else is a traceback.

Examples per run come from a hypothesis settings profile: ``config-fuzz-ci`` (300, the
default) or ``config-fuzz-fault`` (10,000), chosen with ``CASEWORK_FUZZ_PROFILE``. The figures
print as one JSON line and, with ``CASEWORK_FAULT_REPORT`` naming a directory, go to
``config-fuzz.json`` there.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import tempfile
import traceback
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.adapters.config.full import load_full_configuration
from casework.domain.errors import CaseworkError

CONFIG = Path(__file__).resolve().parents[2] / "config"

settings.register_profile(
    "config-fuzz-ci",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "config-fuzz-fault",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("CASEWORK_FUZZ_PROFILE", "config-fuzz-ci")
if not PROFILE.startswith("config-fuzz-"):
    PROFILE = f"config-fuzz-{PROFILE}"  # CASEWORK_FUZZ_PROFILE=fault works too


def _first(pattern: str) -> str:
    found = sorted(CONFIG.glob(pattern))
    assert found, pattern
    return found[0].relative_to(CONFIG).as_posix()


#: The file under test, by kind; municipality.yaml and one workflow are always there.
TARGETS = {
    "municipality": "municipality.yaml",
    "workflow": "workflows/beslutningssag.yaml",
    "calendar": "calendar.yaml",
    "meeting plan": _first("meetings/*.yaml"),
    "delegation plan": _first("delegation/*.yaml"),
    "reminders": "reminders.yaml",
}
BASE = ("municipality.yaml", "workflows/beslutningssag.yaml")
ORIGINALS = {
    name: (CONFIG / name).read_text(encoding="utf-8") for name in {*BASE, *TARGETS.values()}
}

#: What people and tools put into YAML by mistake or on purpose.
SPECIALS = [
    "&a", "*a", "&a [1, 2]", "*nonexistent", "<<: *a", "<<: 5", "<<: [*a, *a]", "!!binary x",
    "!!set {a}", "!!python/object:os.system", "!!timestamp x", "!!int x", "!!float x", "!!str",
    "!custom", "2026-02-30", "2026-13-01", "0000-01-01", "2026-01-01 10:00:00 +99:00",
    "2026-1-1 1:00:00", "9" * 60, "9" * 5000, "1e999", "-1e309", ".nan", ".inf", "0x", "0b102",
    "0o17", "16:30", "190:20:30", "yes", "no", "on", "off", "~", "null", "", "-", "- -", "? a",
    ": b", "{", "}", "[", "]", "{a: [", "|", ">", "|-", "'", '"', '"\\x00"', "'it''s'", "\t",
    "\x00", "\x1b[2J", "\ufeff", "\u2028", "\ud7ff", "%YAML 1.1", "%TAG ! tag:x,2000:", "---",
    "...", "#", "@", "`", ",", "a: b: c", "a:b", "- a: 1\n  b", "[" * 200, "{a: " * 50,
    "é" * 300, "true", "True", "FALSE", "=", "<<", "key: &x {<<: *x}",
]  # fmt: skip

special = st.sampled_from(SPECIALS)
noise = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)  # no lone surrogates
fragment = st.lists(st.one_of(special, noise), min_size=1, max_size=6).map(" ".join)


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, str, str]:
    """(kind, the file under test, its damaged text)."""
    kind = draw(st.sampled_from(sorted(TARGETS)))
    name = (
        TARGETS[kind]
        if draw(st.booleans()) or kind in {"municipality", "workflow"}
        else (draw(st.sampled_from(BASE)))
    )
    lines = ORIGINALS[name].splitlines()
    operation = draw(st.sampled_from(["replace value", "insert", "delete", "double", "replace file",
                                      "replace line"]))  # fmt: skip
    at = draw(st.integers(0, max(len(lines) - 1, 0)))
    line = lines[at] if lines else ""
    indent = line[: len(line) - len(line.lstrip())]
    if operation == "replace value" and ":" in line:
        lines[at] = line.split(":", 1)[0] + ": " + draw(fragment)
    elif operation == "insert":
        lines.insert(at, indent + draw(fragment))
    elif operation == "delete" and lines:
        del lines[at]
    elif operation == "double" and lines:
        lines.insert(at, line)
    elif operation == "replace file":
        lines = draw(st.lists(fragment, max_size=8))
    else:
        lines[at] = indent + draw(fragment) if lines else draw(fragment)
    return kind, name, "\n".join(lines) + "\n"


OUTCOMES: Counter[str] = Counter()
FAILURES: list[str] = []


def _directory(kind: str, name: str, text: str) -> Path:
    root = Path(tempfile.mkdtemp(prefix="fuzz-")) / "config"
    for relative in {*BASE, TARGETS[kind]}:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ORIGINALS[relative], encoding="utf-8")
    (root / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    return root


@settings(settings.get_profile(PROFILE))
@given(damaged())
def test_any_damaged_configuration_is_findings_never_a_traceback(
    case: tuple[str, str, str],
) -> None:
    kind, name, text = case
    root = _directory(kind, name, text)
    try:
        load_full_configuration(root)
        OUTCOMES["loaded"] += 1
    except CaseworkError as exc:
        exc.message("da")  # the message itself must render too
        OUTCOMES["findings"] += 1
    except Exception:
        OUTCOMES["traceback"] += 1
        changed = difflib.unified_diff(
            ORIGINALS[name].splitlines(), text.splitlines(), name, name, n=0, lineterm=""
        )
        FAILURES.append("\n".join([*list(changed)[:20], traceback.format_exc(limit=-3)]))
        raise
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


def test_report_the_fuzz_figures() -> None:
    """Runs after the fuzz test (file order): one JSON line with what the examples did."""
    figures = {
        "fault": "config-fuzz",
        "profile": PROFILE,
        "examples": sum(OUTCOMES.values()),
        "loaded": OUTCOMES["loaded"],
        "findings": OUTCOMES["findings"],
        "tracebacks": OUTCOMES["traceback"],
    }
    print(json.dumps(figures))
    if report_dir := os.environ.get("CASEWORK_FAULT_REPORT"):
        Path(report_dir).mkdir(parents=True, exist_ok=True)
        (Path(report_dir) / "config-fuzz.json").write_text(
            json.dumps({**figures, "failures": FAILURES[:5]}, indent=2, ensure_ascii=False)
        )
    assert figures["tracebacks"] == 0, FAILURES[:1]
