"""Bilag end to end on SQLite and PostgreSQL: stored under their hash, owner only, audited.

The S3 store runs the same contract as the local directory twice: through a real boto3 client
against moto's S3 (botocore's requests answered in process: the S3 protocol, checksums, paging
and error codes are real), and against a fake client. An App on the S3 store attaches, reads and
audits like one on the local store. Against a real S3-compatible server process, over the
network and through the command line and the web app: ``tests/e2e/test_bilag_s3_server.py``.
"""

from __future__ import annotations

import hashlib
import io
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bilag_files import docx, pdf, png
from sqlalchemy import Engine

from casework.adapters.bilag import LocalBlobStore, S3BlobStore, s3_store
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.app.bilag import MemoryBlobStore
from casework.domain.bilag import BilagNotFound, BilagRefused, BilagTooLarge, BilagTypeMismatch
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration
from casework.domain.errors import CaseworkError, OutsideCentre
from casework.services.bilag import AttachBilag
from casework.testing import FixedClock

SECRET = "SECRET-BILAG-MARKER"


class FakeS3:
    """The four calls of boto3's S3 client the store makes, over a dict."""

    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], bytes] = {}

    def put_object(self, *, Bucket: str, Key: str, Body: bytes, ChecksumSHA256: str) -> None:
        import base64

        assert base64.b64decode(ChecksumSHA256) == hashlib.sha256(Body).digest()
        self.objects[Bucket, Key] = Body

    def get_object(self, *, Bucket: str, Key: str) -> dict[str, Any]:
        if (Bucket, Key) not in self.objects:
            error = Exception("NoSuchKey")
            error.response = {"Error": {"Code": "NoSuchKey"}}  # type: ignore[attr-defined]
            raise error
        return {"Body": io.BytesIO(self.objects[Bucket, Key])}

    def delete_object(self, *, Bucket: str, Key: str) -> None:
        self.objects.pop((Bucket, Key), None)

    def get_paginator(self, name: str) -> Any:
        assert name == "list_objects_v2"
        objects = self.objects

        class Pages:
            def paginate(self, *, Bucket: str, Prefix: str) -> list[dict[str, Any]]:
                keys = sorted(k for b, k in objects if b == Bucket and k.startswith(Prefix))
                return [
                    {"Contents": [{"Key": k} for k in keys[:1]]},
                    {"Contents": [{"Key": k} for k in keys[1:]]},
                ]

        return Pages()


@pytest.fixture
def boto3_s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[S3BlobStore]:
    """The S3 store of ``s3://casework/bilag`` made by ``s3_store``, on moto's S3."""
    from moto import mock_aws

    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                        "AWS_DEFAULT_REGION": "eu-north-1"}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    with mock_aws():
        store = s3_store("s3://casework/bilag")
        store.client.create_bucket(
            Bucket="casework", CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
        )
        yield store


@pytest.fixture(params=["local", "boto3", "fake-s3", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "local":
        return LocalBlobStore(tmp_path / "data" / "bilag")
    if request.param == "boto3":
        return request.getfixturevalue("boto3_s3")
    if request.param == "fake-s3":
        return S3BlobStore(FakeS3(), "casework", "bilag/")
    return MemoryBlobStore()


def test_many_objects_are_listed_across_pages(boto3_s3: S3BlobStore) -> None:
    keys = set()
    for n in range(1005):  # S3 lists at most 1,000 keys a page
        key = hashlib.sha256(str(n).encode()).hexdigest()
        boto3_s3.client.put_object(Bucket="casework", Key=f"bilag/{key}", Body=b"x")
        keys.add(key)
    boto3_s3.client.put_object(Bucket="casework", Key="other/" + "0" * 64, Body=b"x")
    assert set(boto3_s3.hashes()) == keys


def test_an_app_on_the_s3_store_attaches_reads_and_audits(
    boto3_s3: S3BlobStore, engine: Engine, config: Configuration
) -> None:
    services = App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=FixedClock(),
                   blob_store=boto3_s3)  # fmt: skip
    case_id = services.open_case(
        OpenCase(workflow="beslutningssag", title="Lokalplan 212", actor="nanna",
                 route=[("tmu", "indstiller"), ("kb", "beslutter")])
    ).id  # fmt: skip
    row = _attach(services, case_id, "kort.pdf", pdf())
    assert services.bilag.read(case_id, 1, person="nanna").content == pdf()
    assert services.verify_audit().ok
    boto3_s3.client.put_object(Bucket="casework", Key=f"bilag/{row.sha256}", Body=pdf("Byttet"))
    assert [f.code for f in services.verify_audit().findings] == ["CW411"]
    boto3_s3.delete(row.sha256)
    assert [f.code for f in services.verify_audit().findings] == ["CW410"]


def test_store_contract(store: Any) -> None:
    content = pdf()
    key = hashlib.sha256(content).hexdigest()
    assert store.get(key) is None
    store.put(key, content)
    store.put(key, content)  # idempotent
    assert store.get(key) == content
    assert list(store.hashes()) == [key]
    store.delete(key)
    store.delete(key)
    assert store.get(key) is None
    assert list(store.hashes()) == []


def test_local_files_are_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    import os

    old = os.umask(0)
    try:
        store = LocalBlobStore(tmp_path / "data" / "bilag")
        content = png()
        key = hashlib.sha256(content).hexdigest()
        store.put(key, content)
    finally:
        os.umask(old)
    path = store.path(key)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for directory in (path.parent, path.parent.parent, store.root):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700


@pytest.fixture
def blobs(tmp_path: Path) -> LocalBlobStore:
    return LocalBlobStore(tmp_path / "bilag")


@pytest.fixture
def services(engine: Engine, config: Configuration, blobs: LocalBlobStore) -> App:
    return App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=FixedClock(),
               blob_store=blobs)  # fmt: skip


@pytest.fixture
def case_id(services: App) -> str:
    return services.open_case(
        OpenCase(workflow="beslutningssag", title="Lokalplan 212", actor="nanna",
                 route=[("tmu", "indstiller"), ("kb", "beslutter")])
    ).id  # fmt: skip


def _attach(services: App, case_id: str, name: str, content: bytes, **kw: Any) -> Any:
    return services.bilag.attach(
        AttachBilag(case_id=case_id, actor="nanna", filename=name, content=content, **kw)
    )


def test_attach_list_read_and_remove(services: App, case_id: str, blobs: LocalBlobStore) -> None:
    first = _attach(services, case_id, "/tmp/kort.pdf", pdf(), title="Kort over området")
    second = _attach(services, case_id, "aftale.docx", docx(SECRET), title=f"Aftale {SECRET}",
                     closed=True, reason="ejendomshandel")  # fmt: skip
    assert (first.number, first.filename, first.kind) == (1, "kort.pdf", "PDF")
    assert (second.number, second.closed, second.category) == (2, True, "Ejendomssag")
    assert blobs.get(first.sha256) == pdf()
    assert [r.number for r in services.bilag.rows(case_id)] == [1, 2]
    # Who may read what: the owner reads both, a colleague of another centre neither closed one.
    assert services.bilag.read(case_id, 2, person="nanna").content == docx(SECRET)
    assert services.bilag.read(case_id, 2, person="torben").bilag.title == f"Aftale {SECRET}"
    with pytest.raises(BilagNotFound):
        services.bilag.read(case_id, 2, person="mette")
    assert services.bilag.read(case_id, 1, person="sofie").bilag.number == 1
    removed = services.bilag.remove(case_id, 1, "nanna")
    assert removed.number == 1
    assert [r.number for r in services.bilag.rows(case_id)] == [2]
    third = _attach(services, case_id, "bilag.png", png())
    assert third.number == 3  # never reused
    kinds = [e.kind.value for e in services.history(case_id)]
    assert kinds.count("case.bilag_attached") == 3 and kinds.count("case.bilag_removed") == 1
    assert services.verify_audit().ok


@pytest.mark.parametrize(
    ("name", "content", "kw", "error"),
    [
        ("notat.txt", b"plain text", {}, BilagRefused),
        ("rapport.pdf", docx(), {}, BilagTypeMismatch),
        ("stor.pdf", pdf() + b"x" * 200, {}, BilagTooLarge),
        ("kort.pdf", pdf(), {"closed": True}, CaseworkError),
        ("kort.pdf", pdf(), {"title": "a\x00b"}, CaseworkError),
    ],
)
def test_bad_input_writes_nothing(  # noqa: PLR0917 - the parametrised case and its fixtures
    services: App, case_id: str, blobs: LocalBlobStore,
    name: str, content: bytes, kw: dict[str, Any], error: type[Exception],
) -> None:  # fmt: skip
    from casework.services import bilag as service

    version = services.case(case_id)[0].version
    cmd = AttachBilag(case_id=case_id, actor="nanna", filename=name, content=content, **kw)
    with pytest.raises(error) as caught:
        service.attach(services.uow_factory(), services.config, services.clock, blobs, cmd,
                       limit=len(pdf()))  # fmt: skip
    assert "\n" not in str(caught.value)
    assert services.case(case_id)[0].version == version
    assert list(blobs.hashes()) == []


def test_someone_outside_the_centre_cannot_attach(services: App, case_id: str,
                                                 blobs: LocalBlobStore) -> None:  # fmt: skip
    with pytest.raises(OutsideCentre):
        services.bilag.attach(AttachBilag(case_id=case_id, actor="mette", filename="k.pdf",
                                          content=pdf()))  # fmt: skip
    assert list(blobs.hashes()) == []


@pytest.mark.parametrize("tampering", ["swapped", "edited", "missing"])
def test_audit_finds_a_swapped_edited_or_missing_file(
    services: App, case_id: str, blobs: LocalBlobStore, tampering: str
) -> None:
    row = _attach(services, case_id, "kort.pdf", pdf())
    path = blobs.path(row.sha256)
    if tampering == "swapped":
        path.write_bytes(pdf("En anden plan"))
    elif tampering == "edited":
        path.write_bytes(path.read_bytes() + b"\n% edited")
    else:
        path.unlink()
    report = services.verify_audit()
    codes = [f.code for f in report.findings]
    assert codes == (["CW410"] if tampering == "missing" else ["CW411"])
    assert "bilag 1" in report.findings[0].message("da")
    assert services.verify_audit([case_id]).findings == report.findings
