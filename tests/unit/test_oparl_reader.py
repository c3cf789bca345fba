"""Reading OParl sources (folders, tar archives, list pages) and the mapping file's checks."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from casework.adapters.oparl.mapping import load_mapping
from casework.adapters.oparl.reader import read_source
from casework.domain.errors import ConfigFileError, DefinitionError
from casework.domain.oparl import Consultation, Decision

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "oparl"
T = "https://schema.oparl.org/1.1/"


def _reasons(data: object) -> list[tuple[str, str]]:
    return sorted((s.kind, s.reason) for s in data.skipped)  # type: ignore[attr-defined]


def test_the_karlsruhe_sample_reads_as_papers_meetings_and_organisations() -> None:
    data = read_source(FIXTURES / "karlsruhe")
    assert len(data.papers) == 4
    assert len(data.meetings) == 9
    assert len(data.organizations) == 5
    assert _reasons(data) == [("paper", "deleted")]
    paper = data.papers["https://web1.karlsruhe.de/oparl/bodies/0001/papers/vo/40504"]
    assert paper.reference == "2020/1293"
    first = paper.consultations[0]
    assert isinstance(first, Consultation)
    assert first.role == "Vorberatung"


def test_the_huertgenwald_archive_streams_list_pages_and_untyped_deleted_objects() -> None:
    data = read_source(FIXTURES / "huertgenwald.tar.xz")
    assert len(data.papers) == 4
    assert len(data.meetings) == 3
    # The deleted paper and meeting of the OParl 1.0 server carry no "type": the list tells.
    assert _reasons(data) == [("meeting", "deleted"), ("paper", "deleted")]
    assert data.other["System"] == 1
    assert data.other["Body"] == 1


def test_broken_records_are_counted_with_their_reason_and_never_raise(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"id": "x", "type": ', encoding="utf-8")
    (tmp_path / "list.json").write_text(
        json.dumps(
            {
                "data": [
                    {"id": "p:1", "type": T + "Paper", "name": "Gut"},
                    {"id": "p:2", "type": T + "Paper"},  # no name
                    {"type": T + "Paper", "name": "ohne id"},
                    {"id": "p:3", "type": T + "Paper", "name": "weg", "deleted": True},
                    {"id": "p:1", "type": T + "Paper", "name": "Gut, nochmal"},
                    {"id": "m:1", "type": T + "Meeting", "start": "kein Datum"},
                    "nur ein Text",
                    {"id": "x:1", "type": T + "Person", "name": "Frau X"},
                    {"id": "a:1", "type": T + "AgendaItem", "meeting": "m:1", "result": "vertagt"},
                    {"id": "a:2", "type": T + "AgendaItem"},  # no meeting
                ],
                "links": {},
            }
        ),
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text("not OParl", encoding="utf-8")
    data = read_source(tmp_path)
    assert _reasons(data) == [
        ("agenda_item", "missing_field"),
        ("document", "malformed_json"),
        ("document", "malformed_record"),
        ("paper", "deleted"),
        ("paper", "missing_field"),
        ("paper", "missing_field"),
    ]
    assert set(data.papers) == {"p:1"}
    assert data.papers["p:1"].name == "Gut, nochmal"  # two copies, counted once; a tie: the later
    assert data.duplicates["paper"] == 1
    assert data.seen["paper"] == 4
    assert data.agenda_items["a:1"].result == "vertagt"
    assert data.meetings["m:1"].start is None  # an unreadable date is no date, not a crash
    assert data.other["Person"] == 1


def test_a_broken_archive_refuses_the_source(tmp_path: Path) -> None:
    from casework.domain.errors import OParlSourceError

    archive = tmp_path / "dump.tar.xz"
    archive.write_bytes(b"not an archive at all")
    with pytest.raises(OParlSourceError, match="no readable tar archive"):
        read_source(archive)


def test_tar_members_with_question_marks_are_read(tmp_path: Path) -> None:
    archive = tmp_path / "dump.tar.gz"
    raw = json.dumps({"data": [{"id": "o:1", "type": T + "Organization", "name": "Rat"}]})
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("body/1/organization?page=1.json")
        info.size = len(raw.encode())
        tar.addfile(info, io.BytesIO(raw.encode()))
    assert read_source(archive).organizations["o:1"].name == "Rat"


def test_the_mapping_can_be_overridden(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(
        "schema_version: 1\n"
        "results:\n"
        "  - {match: 'angenommen', decision: approved}\n"
        "no_match: noted\n"
        "roles: {Beschluss: beslutter}\n",
        encoding="utf-8",
    )
    mapping = load_mapping(path)
    assert mapping.decision("Antrag angenommen") is Decision.APPROVED
    assert mapping.decision("vertagt") is Decision.NOTED
    assert mapping.route_role("Beschluss", None).value == "beslutter"


def test_mapping_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(
        "schema_version: 1\n"
        "results:\n"
        "  - {match: 'ok', decision: approved}\n"
        "  - {match: 'x', decision: maybe}\n"
        "  - {match: '(', decision: noted}\n"
        "roles: {Vorberatung: empfiehlt}\n"
        "colour: blue\n",
        encoding="utf-8",
    )
    with pytest.raises(DefinitionError) as caught:
        load_mapping(path)
    lines = sorted(f.location.line for f in caught.value.findings if f.location)
    assert lines == [4, 6, 7]
    text = caught.value.message("en")
    assert f"{path}:4" in text
    assert "colour" in text
    # A bad regular expression is found once the shape is right.
    path.write_text("schema_version: 1\nresults:\n  - {match: '(', decision: noted}\n")
    with pytest.raises(DefinitionError) as caught:
        load_mapping(path)
    assert [f.location.line for f in caught.value.findings if f.location] == [3]


def test_a_mapping_that_is_no_yaml_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text("results: [\n", encoding="utf-8")
    with pytest.raises(ConfigFileError):
        load_mapping(path)
