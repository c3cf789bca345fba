"""Issue 21, item 4, optional part: a worker on "another host" loses the network mid-sweep.

The other host is a network namespace of the test's own (``ip netns add``, root only) joined
to this one by a veth pair; a worker runs inside it (``ip netns exec … casework serve --role
worker``) and reaches PostgreSQL, the Prefect API server and the SMTP server only over that
link, through two TCP relays (``tcp_relay.py``: the namespace's loopback to the host end of the
link, the host end to the host's loopback), so every address stays ``127.0.0.1:port``. A second
worker runs on the host.

A sweep runs on the namespace's worker; after it has sent some messages the link is cut (``ip
link set … down``: no reset, packets vanish, as a pulled cable or a partition) for longer than
the lease. A sweep created meanwhile runs on the host's worker and sends the rest; then the link
comes back and the cut-off sweep wakes up past its lease and stops. Afterwards every due
reminder arrived with one Message-ID (repeated only if it was in flight at the cut, at most one
per lane), every outbox row is sent, and ``casework audit verify`` finds every case equal to
its replay.

Slow. Skips when not root or when ``ip netns`` does not work; under ``CI=true`` it fails
instead when ``ip`` works but ``redis-server`` is missing.
"""

from __future__ import annotations

import collections
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from test_reminders_exactly_once import LANES, SmtpSink
from test_scale_faults import (
    LEASE_SECONDS,
    SWEEP,
    _assert_all_sent_and_replayed,
    _assert_once,
    _need_redis,
    seed,
)
from topology import Topology, create_database, drop_database

from casework.adapters.sql import make_engine, upgrade
from casework.testing import free_port

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
NOW = "2026-03-16T06:30:00+00:00"
#: How long the link stays down: longer than the lease, so the host's worker takes over.
CUT_SECONDS = 2 * LEASE_SECONDS


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=30)


class Namespace:
    """A network namespace joined to the host by a veth pair (10.231.N.1 host, .2 inside)."""

    def __init__(self) -> None:
        tag = uuid.uuid4().hex[:6]
        self.name, self.host_end, self.inner_end = f"cw-{tag}", f"cwh{tag}", f"cwn{tag}"
        subnet = 16 + int(tag, 16) % 200
        self.host_ip, self.inner_ip = f"10.231.{subnet}.1", f"10.231.{subnet}.2"
        self.relays: list[subprocess.Popen[str]] = []
        _ip("netns", "add", self.name)
        try:
            _ip("link", "add", self.host_end, "type", "veth", "peer", "name", self.inner_end)
            _ip("link", "set", self.inner_end, "netns", self.name)
            _ip("addr", "add", f"{self.host_ip}/24", "dev", self.host_end)
            _ip("link", "set", self.host_end, "up")
            self.exec("ip", "addr", "add", f"{self.inner_ip}/24", "dev", self.inner_end)
            self.exec("ip", "link", "set", self.inner_end, "up")
            self.exec("ip", "link", "set", "lo", "up")
        except BaseException:
            self.remove()
            raise

    @property
    def prefix(self) -> tuple[str, ...]:
        return ("ip", "netns", "exec", self.name)

    def exec(self, *argv: str) -> None:
        subprocess.run([*self.prefix, *argv], check=True, capture_output=True, timeout=30)

    def relay(self, ports: list[int]) -> None:
        """Make ``127.0.0.1:port`` inside the namespace reach the host's, over the link."""
        relay = [sys.executable, str(HERE / "tcp_relay.py")]
        for argv in (
            [*relay, self.host_ip, "127.0.0.1"],  # the host end of the link to the host
            [*self.prefix, *relay, "127.0.0.1", self.host_ip],  # inside: loopback to the link
        ):
            process = subprocess.Popen([*argv, *map(str, ports)], stdout=subprocess.PIPE, text=True)
            self.relays.append(process)
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready"

    def cut(self) -> None:
        _ip("link", "set", self.host_end, "down")

    def mend(self) -> None:
        _ip("link", "set", self.host_end, "up")

    def remove(self) -> None:
        for process in self.relays:
            process.kill()
            process.wait(10)
            if process.stdout is not None:
                process.stdout.close()
        subprocess.run(
            ["ip", "link", "del", self.host_end], check=False, capture_output=True, timeout=30
        )
        subprocess.run(
            ["ip", "netns", "del", self.name], check=False, capture_output=True, timeout=30
        )


@pytest.fixture
def namespace() -> Iterator[Namespace]:
    if os.geteuid() != 0 or shutil.which("ip") is None:
        pytest.skip("network namespaces need root and iproute2's ip")
    try:
        made = Namespace()
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"ip netns does not work here: {exc.stderr.decode(errors='replace')}")
    try:
        yield made
    finally:
        made.remove()


def test_a_worker_cut_off_from_the_network_mid_sweep_loses_and_repeats_nothing(
    namespace: Namespace, postgres_url: str, tmp_path: Path
) -> None:
    _need_redis()
    config_dir = tmp_path / "config"
    shutil.copytree(ROOT / "config", config_dir)
    text = (config_dir / "reminders.yaml").read_text(encoding="utf-8")
    text = text.replace("batch_size: 500", "batch_size: 20")
    text = text.replace("parallel: 4", f"parallel: {LANES}")
    text = text.replace("lease_seconds: 300", f"lease_seconds: {LEASE_SECONDS}")
    (config_dir / "reminders.yaml").write_text(text, encoding="utf-8")
    db = create_database(postgres_url, "casework_netns")
    engine = make_engine(db)
    upgrade(engine)
    engine.dispose()
    sink = SmtpSink(tmp_path)
    api_port = free_port()
    extra = {
        "CASEWORK_CONFIG_DIR": str(config_dir),
        "CASEWORK_NOTIFY_CHANNELS": "smtp",
        "CASEWORK_SMTP_HOST": "127.0.0.1",
        "CASEWORK_SMTP_PORT": str(sink.port),
        "PREFECT_WORKER_QUERY_SECONDS": "2",
    }
    topo = Topology.create(tmp_path, postgres_url, db, extra)
    try:
        pg_port = make_url(db).port or 5432
        topo.start("api", "api", "--prefect-port", str(api_port))
        api = f"http://127.0.0.1:{api_port}/api"
        topo.parts["api"].url = api
        topo.start_services()
        namespace.relay([pg_port, api_port, sink.port])
        topo.start_worker("remote", api, prefix=namespace.prefix)
        expected = seed(db, config_dir, 200, first=0)
        topo.create_run(api, SWEEP, {"now": NOW, "force": True})
        give_up = time.monotonic() + 180  # a hang guard, not a speed check
        while sink.count() < 10:
            if time.monotonic() > give_up:
                pytest.fail("the worker in the namespace sent nothing within 180 s")
            time.sleep(0.002)
        assert topo.flow_run_processes("remote"), "the sweep ended before the cut"
        namespace.cut()
        at_cut = sink.count()
        cut_at = time.monotonic()
        topo.start_worker("local", api)  # the surviving host's worker
        run = topo.create_run(api, SWEEP, {"now": NOW, "force": True})
        assert topo.wait_run(api, run) == "COMPLETED"
        time.sleep(max(0.0, CUT_SECONDS - (time.monotonic() - cut_at)))
        namespace.mend()
        down = time.monotonic() - cut_at
        _assert_once(sink, expected)
        # The cut-off sweep wakes up past its lease: it stops and sends nothing more.
        time.sleep(LEASE_SECONDS)
        _assert_once(sink, expected)
        repeated = collections.Counter(str(m["key"]) for m in sink.received())
        print(
            f"link cut after {at_cut} of {len(expected)} messages for {down:.1f} s; "
            f"{sum(n > 1 for n in repeated.values())} repeated (same Message-ID)"
        )
        _assert_all_sent_and_replayed(db, topo.env, expected, cases=200)
    finally:
        topo.stop()
        sink.stop()
        drop_database(postgres_url, db)
