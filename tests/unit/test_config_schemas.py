"""The configuration's JSON Schemas (issue 18): one per file kind, shipped in ``config/schemas/``
exactly as ``casework config schema --out`` writes them, named by the yaml-language-server
comment at the top of every shipped YAML file, and every shipped file valid against its schema.

The files are read as casework reads them, with dates turned back into their text, as an
editor's YAML server sees them (YAML 1.2 has no timestamps): what the schemas describe
(``format: date``, checked here).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs installed
import pytest

from casework.adapters.config.jsonschema import FILE_KINDS, SCHEMA_DIR, json_schemas, schema_text
from casework.adapters.config.yaml_loader import load_yaml_file
from casework.entrypoints.cli import main

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config"
KINDS = {kind.kind: kind for kind in FILE_KINDS}


def _as_editor_reads(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _as_editor_reads(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editor_reads(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _read(path: Path) -> Any:
    # casework's own YAML reading (narrowed implicit types), dates back to their text.
    return _as_editor_reads(load_yaml_file(path).data)


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((CONFIG / SCHEMA_DIR / KINDS[kind].schema_file).read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _shipped() -> list[tuple[str, Path]]:
    return [(k.kind, path) for k in FILE_KINDS for path in sorted(CONFIG.glob(k.pattern))]


def test_every_yaml_file_of_the_example_has_a_kind() -> None:
    shipped = {path for _, path in _shipped()}
    every = {p for p in CONFIG.rglob("*") if p.suffix in {".yaml", ".yml"}}
    assert every == shipped, sorted(str(p.relative_to(CONFIG)) for p in every - shipped)
    assert {kind for kind, _ in _shipped()} == set(KINDS)  # each kind has an example file


def test_the_shipped_schemas_are_the_generated_ones() -> None:
    generated = json_schemas()
    assert set(generated) == set(KINDS)
    on_disk = {p.name for p in (CONFIG / SCHEMA_DIR).iterdir()}
    assert on_disk == {k.schema_file for k in FILE_KINDS}
    for kind, schema in generated.items():
        text = (CONFIG / SCHEMA_DIR / KINDS[kind].schema_file).read_text(encoding="utf-8")
        assert text == schema_text(schema), "run: casework config schema --out config/schemas"


@pytest.mark.parametrize(
    ("kind", "path"), _shipped(), ids=[str(p.relative_to(CONFIG)) for _, p in _shipped()]
)
def test_each_shipped_file_names_and_meets_its_schema(kind: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == KINDS[kind].header()
    named = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert named == (CONFIG / SCHEMA_DIR / KINDS[kind].schema_file).resolve()

    errors = list(_validator(kind).iter_errors(_read(path)))
    assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def test_a_wrong_file_fails_its_schema() -> None:
    data = _read(CONFIG / "workflows/beslutningssag.yaml")
    data["deadine"] = 3  # a misspelt key
    data["steps"][0]["kind"] = "nonsense"
    messages = [e.message for e in _validator("workflow").iter_errors(data)]
    assert any("'deadine' was unexpected" in m for m in messages), messages
    assert any("'nonsense'" in m for m in messages), messages

    calendar = _read(CONFIG / "calendar.yaml")
    calendar["holidays"]["extra"] = ["24-12"]  # day-month: no month 24
    assert list(_validator("calendar").iter_errors(calendar))


def test_config_schema_command_writes_every_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "skemaer"
    assert main(["config", "schema", "--out", str(out), "--json"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert sorted(written["files"]) == sorted(k.schema_file for k in FILE_KINDS)
    for kind in FILE_KINDS:
        assert (out / kind.schema_file).read_text("utf-8") == (
            CONFIG / SCHEMA_DIR / kind.schema_file
        ).read_text("utf-8")

    assert main(["config", "schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == set(KINDS)
    assert printed["workflow"]["$defs"]["TransitionModel"]["additionalProperties"] is False
