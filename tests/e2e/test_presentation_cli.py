"""``casework case text / presentation / versions / diff / check / tick / reapprove`` end to end
through ``main`` on SQLite (issue 14): versions with their authors, the at-clauses, the quality
check's codes and exit status, re-approval after a change, refusal once decided."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli


def _case(run: Cli) -> str:
    result = run("case", "new", "--workflow", "beslutningssag", "--title", "Trafikplan",
                 "--as", "mette", "--route", "tmu,kb", "--attr", "beloeb=2000000",
                 "--json")  # fmt: skip
    assert result.code == 0, result.output
    return str(json.loads(result.out)["id"])


def _text(run: Cli, case_id: str, section: str, text: str, actor: str = "mette") -> None:
    done = run("case", "text", case_id, "--section", section, "--text", text, "--as", actor)
    assert done.code == 0, done.output


def test_write_version_diff_check_and_approve_a_presentation(run: Cli, tmp_path: Path) -> None:
    case_id = _case(run)
    check = run("case", "check", case_id, "--json")
    assert check.code == 1  # errors: the required sections are missing, økonomi too
    codes = {f["code"] for f in json.loads(check.out)["findings"]}
    assert {"Q001", "Q004"} <= codes
    _text(run, case_id, "resume", "Planen gør vejene sikre.")
    (tmp_path / "baggrund.txt").write_text("Byrådet vedtog en plan i 2022.\nDen fornyes nu.\n")
    done = run("case", "text", case_id, "--section", "sagsfremstilling", "--file",
               str(tmp_path / "baggrund.txt"), "--as", "jonas")  # fmt: skip
    assert done.code == 0 and "version 2" in done.err, done.output
    _text(run, case_id, "sagsfremstilling", "Byrådet vedtog en plan i 2021.\nDen fornyes nu.")
    _text(run, case_id, "indstilling", "1. at planen godkendes\n2. at der afsættes 2 mio. kr.")
    _text(run, case_id, "oekonomi", "Udgiften afholdes af vejpuljen.")
    assert run("case", "check", case_id).code == 0
    shown = run("case", "presentation", case_id)
    assert "1. at planen godkendes" in shown.out and "2. at der afsættes" in shown.out
    first = json.loads(run("case", "presentation", case_id, "--version", "2", "--json").out)
    background = next(s for s in first["sections"] if s["id"] == "sagsfremstilling")
    assert (background["author"], background["text"]) == (
        "jonas", "Byrådet vedtog en plan i 2022.\nDen fornyes nu."
    )  # fmt: skip
    versions = json.loads(run("case", "versions", case_id, "--json").out)["versions"]
    assert [(v["version"], v["section"], v["author"]) for v in versions][:3] == [
        (1, "resume", "mette"), (2, "sagsfremstilling", "jonas"),
        (3, "sagsfremstilling", "mette"),
    ]  # fmt: skip
    diff = run("case", "diff", case_id, "2", "3")
    assert "-Byrådet vedtog en plan i 2022." in diff.out
    assert "+Byrådet vedtog en plan i 2021." in diff.out
    shown = run("case", "show", case_id)
    assert shown.code == 0, shown.output
    assert "afsnittet" in " ".join(shown.out.replace("│", " ").split())
    # Approval, then a change: the case waits for the centre head again.
    assert run("case", "advance", case_id, "indsend", "--as", "mette").code == 0
    assert run("case", "advance", case_id, "godkend", "--as", "henrik").code == 0
    changed = run("case", "text", case_id, "--section", "resume", "--text", "Kortere.",
                  "--as", "mette")  # fmt: skip
    assert changed.code == 0 and "godkendes igen" in changed.err
    refused = run("case", "advance", case_id, "godkend", "--as", "annelise")
    assert refused.code != 0 and "CW873" in refused.err
    assert "Traceback" not in refused.err
    assert run("case", "reapprove", case_id, "--as", "henrik").code == 0
    assert run("case", "advance", case_id, "godkend", "--as", "annelise").code == 0
    assert run("case", "tick", case_id, "1", "--as", "mette", "--note", "Brev sendt").code == 0
    twice = run("case", "tick", case_id, "1", "--as", "mette")
    assert twice.code != 0 and "CW874" in twice.err
    assert run("audit", "verify").code == 0


def test_bad_presentation_input_is_one_line_and_writes_nothing(run: Cli) -> None:
    case_id = _case(run)
    for argv, code in [
        (("case", "text", case_id, "--section", "konklusion", "--text", "x", "--as", "mette"),
         "CW870"),
        (("case", "text", case_id, "--section", "resume", "--as", "mette"), "CW"),
        (("case", "text", case_id, "--section", "resume", "--text", "a\x1bb", "--as", "mette"),
         "CW230"),
        (("case", "presentation", case_id, "--version", "4"), "CW875"),
        (("case", "tick", case_id, "1", "--as", "mette"), "CW874"),
    ]:  # fmt: skip
        result = run(*argv)
        assert result.code != 0, argv
        assert code in result.err, (argv, result.err)
        assert len(result.err.strip().splitlines()) == 1, result.err
    versions = json.loads(run("case", "versions", case_id, "--json").out)["versions"]
    assert versions == []
