"""Audit anchors, pure and on the in-memory store: the digest, the chain and the exported form."""

from __future__ import annotations

import dataclasses
import json

import pytest

from casework.app import App
from casework.domain.anchors import (
    AnchorFileError,
    CaseHead,
    anchor_from_json,
    fold,
    heads_digest,
    make_anchor,
    verify_chain,
    verify_heads,
)
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.events import GENESIS
from casework.testing import InMemoryUnitOfWork

A, B, C = (CaseHead("2026-0001", 4, "a" * 64), CaseHead("2026-0002", 2, "b" * 64),
           CaseHead("2026-0003", 1, "c" * 64))  # fmt: skip


def test_an_anchor_holds_the_changed_heads_and_the_digest_over_all() -> None:
    first = make_anchor([], [B, A], day="2026-03-02", made_at="t1")
    assert (first.seq, first.prev_hash, first.heads) == (1, GENESIS, (A, B))
    moved = dataclasses.replace(B, seq=3, hash="d" * 64)
    second = make_anchor([first], [A, moved, C], day="2026-03-03", made_at="t2")
    assert (second.seq, second.prev_hash, second.heads) == (2, first.hash, (moved, C))
    assert (second.cases, second.events) == (3, 8)
    assert second.digest == heads_digest([C, moved, A])
    assert verify_chain([first, second]) == []
    assert {c: a.anchor for c, a in fold([first, second]).items()} == {
        A.case_id: 1,
        B.case_id: 2,
        C.case_id: 2,
    }


def test_the_chain_of_anchors_shows_an_edit_a_gap_and_a_forged_digest() -> None:
    first = make_anchor([], [A, B], day="2026-03-02", made_at="t1")
    second = make_anchor([first], [A, B, C], day="2026-03-03", made_at="t2")
    edited = dataclasses.replace(first, heads=(A,))
    assert [f.key for f in verify_chain([edited, second])] == ["audit.anchor.edited"]
    assert [f.key for f in verify_chain([second])] == ["audit.anchor.gap", "audit.anchor.unlinked"]
    # Consistent in itself (hash recomputed) but B left out of the heads: the digest shows it.
    forged = dataclasses.replace(first, heads=(A,))
    forged = dataclasses.replace(forged, hash=forged.expected_hash())
    assert [f.key for f in verify_chain([forged])] == ["audit.anchor.digest"]


def test_the_heads_now_against_the_anchored_ones() -> None:
    held = fold([make_anchor([], [A, B, C], day="2026-03-02", made_at="t")])
    hashes = {(A.case_id, 4): A.hash, (B.case_id, 2): "e" * 64}
    found = verify_heads(held, {A.case_id: 5, B.case_id: 2}, hashes)
    assert [(f.code, f.params["case_id"]) for f in found] == [
        ("CW415", B.case_id), ("CW414", C.case_id)
    ]  # fmt: skip
    found = verify_heads(held, {A.case_id: 3, B.case_id: 2, C.case_id: 1}, {})
    assert [f.code for f in found] == ["CW416", "CW415", "CW415"]


def test_the_exported_form_reads_back_and_refuses_an_edited_file() -> None:
    anchor = make_anchor([], [A, B], day="2026-03-02", made_at="t")
    text = json.dumps(anchor.as_json())
    assert anchor_from_json(text, "f.json") == anchor
    data = anchor.as_json() | {"events": 1}
    with pytest.raises(AnchorFileError) as raised:
        anchor_from_json(json.dumps(data), "f.json")
    assert raised.value.message("da") == (
        "[CW419] Ankerfilen f.json kan ikke bruges: dens indhold passer ikke med dens hash "
        "(filen er ændret)."
    )
    for bad in ("[]", '{"format": "casework-audit-anchor", "version": 1}', "{"):
        with pytest.raises(AnchorFileError):
            anchor_from_json(bad, "f.json")


def test_the_in_memory_store_anchors_and_finds_a_deleted_case(memory_services: App) -> None:
    opened = [
        memory_services.open_case(
            OpenCase(workflow="beslutningssag", title=title, actor="nanna",
                     route=[("oeu", "indstiller"), ("kb", "beslutter")])
        ).id
        for title in ("Køb af ejendom", "Ny skole")
    ]  # fmt: skip
    made, written = memory_services.anchor()
    assert (made.made, made.anchor.cases, written) == (True, 2, None)
    memory_services.advance(AdvanceCase(case_id=opened[0], action="indsend", actor="nanna"))
    assert memory_services.verify_audit().ok
    uow = memory_services.uow_factory()
    store = getattr(uow, "inner", uow)
    assert isinstance(store, InMemoryUnitOfWork)
    del store._committed_store.events[opened[1]]
    del store._committed_store.cases[opened[1]]
    found = memory_services.verify_audit().findings
    assert [(f.code, f.params["case_id"]) for f in found] == [("CW414", opened[1])]
