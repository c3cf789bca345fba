"""The S3 bilag store against a real S3-compatible server process, configured as an operator
configures it, through the real command line and the web app, each its own process.

moto's standalone server (``python -m moto.server``) runs as a subprocess on a free port; the
bucket is created beforehand as an operator creates it, and casework is pointed at it only by
the environment: ``CASEWORK_BILAG_S3=s3://bucket/prefix``, ``CASEWORK_S3_ENDPOINT_URL`` and
boto3's ``AWS_*`` credentials. Every ``casework`` command runs as its own process. When the
server cannot start the test is skipped, except under ``CI=true``, where it fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from bilag_files import docx, pdf

ROOT = Path(__file__).resolve().parents[2]
#: The installed command, next to the interpreter running the tests.
CASEWORK = Path(sys.executable).parent / "casework"
BUCKET = "casework-bilag"
PREFIX = "eksempel/bilag/"
SECRET = "SECRET-S3-SERVER-MARKER"


class S3Server(NamedTuple):
    """A running S3-compatible server and a boto3 client on it."""

    url: str
    client: Any


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the S3 server tests must run in CI)")
    pytest.skip(reason)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> str | None:
    """None once ``url`` answers; the reason when the process ended or 30 s passed."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"moto.server ended with {process.returncode}: {log.read_text()[-500:]}"
        try:
            with urllib.request.urlopen(url, timeout=2):
                return None
        except OSError:
            time.sleep(0.2)
    return f"moto.server did not answer at {url} within 30 s"


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """``python -m moto.server`` as a subprocess on a free port, with the bucket created."""
    try:
        import boto3  # type: ignore[import-untyped,import-not-found,unused-ignore]
        import flask  # noqa: F401 - moto.server needs it
    except ModuleNotFoundError as exc:
        _unavailable(f"the S3 server needs the dev dependencies: {exc}")
    log = tmp_path_factory.mktemp("moto") / "server.log"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        if (reason := _wait_until_up(url, process, log)) is not None:
            _unavailable(reason)
        client = boto3.client(
            "s3", endpoint_url=url, region_name="eu-north-1",
            aws_access_key_id="operator", aws_secret_access_key="operator-secret",
        )  # fmt: skip
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
        )
        yield S3Server(url, client)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Outcome(NamedTuple):
    code: int
    out: str
    err: str


@pytest.fixture
def casework(s3_server: S3Server, tmp_path: Path) -> Any:
    """``casework(*args)``: the installed command line as a process, on a data directory in
    ``tmp_path`` and the S3 store, configured by the environment alone."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CASEWORK_", "AWS_"))},
        "CASEWORK_DATA_DIR": str(tmp_path / "data"),
        "CASEWORK_CONFIG_DIR": str(ROOT / "config"),
        "CASEWORK_BILAG_S3": f"s3://{BUCKET}/{PREFIX}",
        "CASEWORK_S3_ENDPOINT_URL": s3_server.url,
        "AWS_ACCESS_KEY_ID": "operator",
        "AWS_SECRET_ACCESS_KEY": "operator-secret",
        "AWS_DEFAULT_REGION": "eu-north-1",
        "NO_COLOR": "1",
        "COLUMNS": "200",
    }

    def run(*args: str, stdin: str | None = None) -> Outcome:
        done = subprocess.run(
            [str(CASEWORK), *args], env=env, input=stdin,
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        return Outcome(done.returncode, done.stdout, done.stderr)

    run.env = env  # type: ignore[attr-defined]
    initialised = run("init")
    assert initialised.code == 0, initialised.err
    return run


def _objects(s3: S3Server) -> dict[str, bytes]:
    listed = s3.client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        item["Key"]: s3.client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in listed
    }


def test_bilag_live_in_the_bucket_from_attach_to_audit(
    casework: Any, s3_server: S3Server, tmp_path: Path
) -> None:
    before = set(_objects(s3_server))
    new = casework("case", "new", "--workflow", "beslutningssag", "--title", "Lokalplan 212",
                   "--as", "nanna", "--route", "tmu,kb", "--json")  # fmt: skip
    assert new.code == 0, new.err
    case_id = json.loads(new.out)["id"]
    (tmp_path / "kort.pdf").write_bytes(pdf())
    (tmp_path / "aftale.docx").write_bytes(docx(SECRET))
    done = casework("case", "attach", case_id, str(tmp_path / "kort.pdf"), "--as", "nanna",
                    "--title", "Kort over området", "--json")  # fmt: skip
    assert done.code == 0, done.err
    first = json.loads(done.out)
    done = casework("case", "attach", case_id, str(tmp_path / "aftale.docx"), "--as", "nanna",
                    "--closed", "--reason", "ejendomshandel", "--json")  # fmt: skip
    assert done.code == 0, done.err
    second = json.loads(done.out)

    # The files are objects named by their SHA-256 under the prefix, nothing under the data dir.
    stored = {k: v for k, v in _objects(s3_server).items() if k not in before}
    assert stored == {
        PREFIX + hashlib.sha256(pdf()).hexdigest(): pdf(),
        PREFIX + hashlib.sha256(docx(SECRET)).hexdigest(): docx(SECRET),
    }
    assert first["sha256"] == hashlib.sha256(pdf()).hexdigest()
    assert second["sha256"] == hashlib.sha256(docx(SECRET)).hexdigest()
    assert not (tmp_path / "data" / "bilag").exists()

    listing = json.loads(casework("case", "bilag", case_id, "--json").out)["bilag"]
    assert [(b["number"], b["kind"], b["closed"]) for b in listing] == [
        (1, "PDF", False), (2, "DOCX", True),
    ]  # fmt: skip
    for number, content in ((1, pdf()), (2, docx(SECRET))):
        target = tmp_path / f"ud-{number}"
        got = casework("case", "bilag", case_id, "--get", str(number), "-o", str(target))
        assert got.code == 0, got.err
        assert target.read_bytes() == content

    # The web app, built from the same environment, serves the bytes from the bucket.
    assert casework("user", "set-password", "nanna", "--password-stdin",
                    stdin="s3-test-password\n").code == 0  # fmt: skip
    _download_through_the_web(casework.env, tmp_path, case_id)

    assert casework("case", "detach", case_id, "1", "--as", "nanna").code == 0
    listing = json.loads(casework("case", "bilag", case_id, "--json").out)["bilag"]
    assert [b["number"] for b in listing] == [2]
    assert casework("audit", "verify").code == 0

    # An object swapped behind casework's back on the server: the audit names it (CW411).
    key = PREFIX + second["sha256"]
    s3_server.client.put_object(Bucket=BUCKET, Key=key, Body=docx("Byttet"))
    audit = casework("audit", "verify")
    assert audit.code != 0
    assert "CW411" in audit.out + audit.err
    assert "Traceback" not in audit.err
    # ... and one deleted there (CW410).
    s3_server.client.delete_object(Bucket=BUCKET, Key=key)
    audit = casework("audit", "verify")
    assert audit.code != 0 and "CW410" in audit.out + audit.err
    assert SECRET not in audit.out + audit.err


def test_a_store_that_cannot_be_used_is_a_one_line_refusal_that_writes_nothing(
    casework: Any, s3_server: S3Server, tmp_path: Path
) -> None:
    new = casework("case", "new", "--workflow", "beslutningssag", "--title", "Lokalplan 213",
                   "--as", "nanna", "--route", "tmu,kb", "--json")  # fmt: skip
    case_id = json.loads(new.out)["id"]
    (tmp_path / "kort.pdf").write_bytes(pdf())
    env = casework.env
    for name, value, reason in (
        ("CASEWORK_BILAG_S3", "s3://no-such-bucket/bilag/", "NoSuchBucket"),
        ("CASEWORK_S3_ENDPOINT_URL", f"http://127.0.0.1:{_free_port()}", "Could not connect"),
        ("AWS_ACCESS_KEY_ID", "", "credentials"),
    ):
        saved = env[name]
        env[name] = value
        if not value:
            del env[name]
            env["AWS_SHARED_CREDENTIALS_FILE"] = env["AWS_CONFIG_FILE"] = str(tmp_path / "none")
        try:
            result = casework("case", "attach", case_id, str(tmp_path / "kort.pdf"), "--as",
                              "nanna")  # fmt: skip
        finally:
            env[name] = saved
        assert result.code == 1, result
        assert result.err.startswith("[CW896] Bilagslageret (S3 s3://"), result.err
        assert reason in result.err
        assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
        assert "operator-secret" not in result.err
    assert json.loads(casework("case", "bilag", case_id, "--json").out)["bilag"] == []
    assert casework("audit", "verify").code == 0


def _download_through_the_web(env: dict[str, str], tmp_path: Path, case_id: str) -> None:
    """Serve the web app as ``casework serve`` does, in its own uvicorn process built from the
    environment alone, sign in and download both bilag over HTTP."""
    import httpx

    from tests.web.conftest import csrf_of

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "web.log"
    command = [str(Path(sys.executable).parent / "uvicorn"), "--factory",
               "casework.entrypoints.web.server:app_from_env", "--host", "127.0.0.1",
               "--port", str(port), "--no-proxy-headers"]  # fmt: skip
    with log.open("wb") as out:
        web = subprocess.Popen(
            command, env={**env, "CASEWORK_WEB_SECRET": "s3-test"}, stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        assert _wait_until_up(url + "/login", web, log) is None, log.read_text()[-2000:]
        with httpx.Client(base_url=url, timeout=30) as client:
            page = client.get("/login")
            client.post("/login", data={"person": "nanna", "password": "s3-test-password",
                                        "csrf_token": csrf_of(page.text)})  # fmt: skip
            for number, content in ((1, pdf()), (2, docx(SECRET))):
                got = client.get(f"/sager/{case_id}/bilag/{number}")
                assert got.status_code == 200, got.text[:300]
                assert got.content == content
        with httpx.Client(base_url=url, timeout=30) as anonymous:
            assert anonymous.get(f"/sager/{case_id}/bilag/2").status_code == 404
    finally:
        web.terminate()
        web.wait(timeout=10)
