"""Faults survived with nothing lost (issue 9): a broker restart, a SIGKILL of each service and a store restart,
each in the middle of traffic. Afterwards every acknowledged (2xx) write is readable, none took effect twice,
the authority's sequence has no hole and every replica equals the authority within 10 s.

The module owns what it touches — its own virtual host, store, data dir, ports and processes — so a `make run`
beside it is never disturbed, except by the broker restart, which it survives like any other client.
Bounded and on loopback; `make chaos` runs this module five times in a row."""

import signal
import subprocess
import time
from collections import Counter

import eventlet
import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from tests.conftest import free_port, private_vhost, running_system
from tests.integration.http import call, wait_until
from tests.onboarding.cases import merchant
from tianping import SERVICE_NAMES
from tianping.infra import broker
from tianping.infra.store import EmbeddedStore
from tianping.lib import config as cfg

pytestmark = pytest.mark.chaos

WRITES = 60           # per test: half violations that blacklist, half onboarding applications
FAULT_AFTER = 20      # the fault strikes once this many writes have been sent
CLIENTS = 4
RETRY_DEADLINE = 60   # seconds a client keeps retrying one write with its Idempotency-Key
CONVERGE_WITHIN = 10  # seconds for every replica to equal the authority once traffic has stopped


@pytest.fixture(scope="module")
def chaos(base_amqp_uri, tmp_path_factory):
    with private_vhost(base_amqp_uri, "chaos") as amqp_uri:
        store, mongodb_uri = None, cfg.env("MONGODB_URI")
        if not mongodb_uri:
            where = tmp_path_factory.mktemp("chaos-store")
            store = EmbeddedStore(where / "db", free_port(), where / "store.log")
            mongodb_uri = store.start()
        try:
            with running_system(amqp_uri, mongodb_uri, tmp_path_factory.mktemp("chaos")) as system:
                system.chaos_store = store
                yield system
        finally:
            if store is not None:
                store.stop()


class Traffic:
    """Clients as a real integration writes: every write carries an Idempotency-Key and is retried with that
    key until it is acknowledged or refused, or the deadline passes."""

    def __init__(self, system, tag: str):
        self.system, self.tag = system, tag
        self.acked: dict[str, tuple[str, dict]] = {}
        self.lost: dict[str, object] = {}
        self.statuses: Counter = Counter()

    def request(self, i: int) -> tuple[str, str, str, dict, str]:
        key = f"{self.tag}-{i}"
        if i % 4 == 3:  # a general violation of 12 points: a sanction (warning) through the same log
            return key, "sanction", "/v1/violations", {
                "subject_id": key, "subject_type": "merchant", "rule_id": "PB-13", "severity": "general",
                "evidence": [f"doc://{key}"]}, "platform_admin"
        if i % 2:
            return key, "violation", "/v1/violations", {
                "subject_id": key, "subject_type": "merchant", "rule_id": "PB-22", "severity": "general",
                "evidence": [f"doc://{key}"]}, "platform_admin"
        return key, "application", "/v1/applications", merchant(subject_id=key), "service"

    def write(self, i: int) -> None:
        key, kind, path, body, role = self.request(i)
        deadline = time.monotonic() + RETRY_DEADLINE
        while time.monotonic() < deadline:
            try:
                status, answer, _ = call(self.system, "POST", path, body, role=role, sub="chaos-client",
                                         headers={"Idempotency-Key": key})
            except Exception as exc:  # noqa: BLE001 - connection refused or reset: retry like a client
                status, answer = type(exc).__name__, None
            self.statuses[status] += 1
            if isinstance(status, int) and 200 <= status < 300:
                self.acked[key] = (kind, answer)
                return
            if isinstance(status, int) and 400 <= status < 500 and status != 429:
                self.lost[key] = (status, answer)  # refused: the write was wrong, not lost — but none should be
                return
            eventlet.sleep(0.3)
        self.lost[key] = "no 2xx before the deadline"

    def run(self, fault) -> None:
        pool = eventlet.GreenPool(CLIENTS)
        struck = None
        for i in range(WRITES):
            if i == FAULT_AFTER:
                struck = eventlet.spawn(fault)
            pool.spawn(self.write, i)
            eventlet.sleep(0.03)
        pool.waitall()
        struck.wait()


def in_step(system):
    status, body, _ = call(system, "GET", "/v1/blacklist/propagation", role="sre")
    return status == 200 and body["in_step"] and body


def verify(system, traffic: Traffic) -> None:
    assert not traffic.lost, f"writes not acknowledged: {traffic.lost} (statuses seen {dict(traffic.statuses)})"
    assert len(traffic.acked) == WRITES
    for key, (kind, answer) in traffic.acked.items():
        if kind == "violation":
            status, entry, _ = call(system, "GET", f"/v1/blacklist/{key}", role="sre")
            assert status == 200 and entry["status"] == "blacklisted", (key, entry)
            assert [c["action"] for c in entry["history"]] == ["add"], f"{key} changed twice: {entry['history']}"
            status, reputation, _ = call(system, "GET", f"/v1/subjects/{key}/reputation", role="sre")
            assert status == 200 and len(reputation["violations"]) == 1, f"{key} recorded twice"
        elif kind == "sanction":
            status, record, _ = call(system, "GET", f"/v1/subjects/{key}/sanction", role="sre")
            assert status == 200 and record["level"] == "warning", (key, record)
            assert [c["sanction"]["level"] for c in record["history"]] == ["warning"], f"{key} sanctioned twice"
        else:
            status, application, _ = call(system, "GET", f"/v1/applications/{answer['application_id']}",
                                          role="platform_admin")
            assert status == 200 and application["subject_id"] == key
            status, subject, _ = call(system, "GET", f"/v1/subjects/{key}", role="platform_admin")
            assert status == 200 and subject["application_id"] == answer["application_id"], f"{key} applied twice"
    with ClusterRpcProxy({"AMQP_URI": system.settings.amqp_uri}, timeout=10) as cluster:
        head = cluster.reputation.blacklist_head()["head"]
        seqs = [c["seq"] for c in cluster.reputation.blacklist_changes(0, 1000)]
    assert seqs == list(range(1, head + 1)), "the authority's sequence has a hole or a repeat"
    started = time.monotonic()
    wait_until(lambda: in_step(system), timeout=CONVERGE_WITHIN)
    sanctioned = [key for key, (kind, _) in traffic.acked.items() if kind == "sanction"]
    for key in sanctioned:  # every replica holds the authority's sanction and enforces it
        status, view, _ = call(system, "GET", f"/v1/subjects/{key}/sanction-propagation", role="sre")
        assert status == 200 and view["all_in_step"], (key, view)
        assert all(s["level"] == "warning" and s["verdicts"]["promote"]["allowed"] for s in view["services"]), view
    # one line per fault for `make chaos`: what the clients met, and how long the replicas took to agree
    print(f"\n[chaos] {traffic.tag}: {len(traffic.acked)} writes acknowledged, answers seen "
          f"{dict(sorted(traffic.statuses.items(), key=str))}, head {head}, replicas equal "
          f"{time.monotonic() - started:.1f}s after the traffic")


def restart_after_kill(system, name: str) -> None:
    system.stop_component(name, sig=signal.SIGKILL)
    system.spawn(system.component(name))  # what the launcher (or Kubernetes) does for a dead process
    system.wait_ready([name], timeout=60)


@pytest.mark.parametrize("service", SERVICE_NAMES)
def test_sigkill_of_a_service_mid_traffic_loses_nothing(chaos, service):
    traffic = Traffic(chaos, f"kill-{service}")
    traffic.run(lambda: restart_after_kill(chaos, service))
    verify(chaos, traffic)


def test_broker_restart_mid_traffic_loses_nothing(chaos):
    def restart_broker():
        subprocess.run(["rabbitmqctl", "-q", "stop_app"], check=True, timeout=60)
        subprocess.run(["rabbitmqctl", "-q", "start_app"], check=True, timeout=120)
        broker.ensure_broker(chaos.settings.amqp_uri)
        back = time.monotonic()
        chaos.wait_ready(timeout=60)
        chaos.broker_recovery_s = time.monotonic() - back

    traffic = Traffic(chaos, "broker")
    traffic.run(restart_broker)
    verify(chaos, traffic)
    # consumers re-declare and re-consume, RPC proxies reconnect: every service answers again soon after
    print(f"[chaos] broker: every service answered again {chaos.broker_recovery_s:.1f}s after the broker was back")
    assert chaos.broker_recovery_s < 15, f"services answered {chaos.broker_recovery_s:.1f}s after the broker"


def test_store_restart_mid_traffic_loses_nothing(chaos):
    if chaos.chaos_store is None:
        pytest.skip("MONGODB_URI is set: the external store is not ours to restart")

    def restart_store():
        chaos.chaos_store.stop()
        eventlet.sleep(0.5)
        chaos.chaos_store.start()

    traffic = Traffic(chaos, "store")
    traffic.run(restart_store)
    verify(chaos, traffic)


GROUP_WRITES, GROUP_CLIENTS = 240, 40


def test_sigkill_of_reputation_in_the_middle_of_group_commits_loses_nothing(chaos):
    """Issue 14: forty clients blacklist at once, so the authority commits in batches; reputation is SIGKILLed once
    batches of several changes are being committed, and restarted. Every client retries with its Idempotency-Key
    until acknowledged: every subject is blacklisted by exactly one change, the sequence has no hole, and every
    replica holds each change once and equals the authority within 10 s."""
    tag = f"group-{int(time.time())}"
    acked, statuses, lost = {}, Counter(), {}
    batches_before_kill = {}

    def write(i: int) -> None:
        key = f"{tag}-{i}"
        deadline = time.monotonic() + RETRY_DEADLINE
        while time.monotonic() < deadline:
            try:
                status, answer, _ = call(chaos, "POST", "/v1/blacklist", {
                    "subject_id": key, "subject_type": "merchant", "reason": "group commit under a SIGKILL",
                    "rule_ids": ["R-REP-13"]}, role="platform_admin", sub=f"client-{i % GROUP_CLIENTS}",
                    headers={"Idempotency-Key": key})
            except Exception as exc:  # noqa: BLE001 - connection refused or reset: retry like a client
                status, answer = type(exc).__name__, None
            statuses[status] += 1
            if status == 201:
                acked[key] = answer
                return
            if isinstance(status, int) and 400 <= status < 500 and status != 429:
                lost[key] = (status, answer)
                return
            eventlet.sleep(0.2)
        lost[key] = "no 2xx before the deadline"

    def kill_mid_batches():
        with ClusterRpcProxy({"AMQP_URI": chaos.settings.amqp_uri}, timeout=10) as cluster:
            wait_until(lambda: cluster.reputation.blacklist_commit_stats()["largest_batch"] >= 3, timeout=60)
            batches_before_kill.update(cluster.reputation.blacklist_commit_stats())
        restart_after_kill(chaos, "reputation")

    pool = eventlet.GreenPool(GROUP_CLIENTS)
    killer = eventlet.spawn(kill_mid_batches)
    for i in range(GROUP_WRITES):
        pool.spawn(write, i)
    pool.waitall()
    killer.wait()
    assert batches_before_kill["largest_batch"] >= 3 and batches_before_kill["changes"] < GROUP_WRITES, \
        f"the kill did not strike in the middle of group commits: {batches_before_kill}"
    assert not lost and len(acked) == GROUP_WRITES, f"lost {lost}; statuses {dict(statuses)}"
    assert len({a["seq"] for a in acked.values()}) == GROUP_WRITES  # one change each, none shared
    with ClusterRpcProxy({"AMQP_URI": chaos.settings.amqp_uri}, timeout=10) as cluster:
        head = cluster.reputation.blacklist_head()["head"]
        log = []
        while len(log) < head:
            log += cluster.reputation.blacklist_changes(len(log), 1000)
        assert [c["seq"] for c in log] == list(range(1, head + 1)), "the sequence has a hole or a repeat"
        ours = Counter(c["subject_id"] for c in log if c["subject_id"].startswith(tag))
        assert len(ours) == GROUP_WRITES and set(ours.values()) == {1}, "a subject was blacklisted twice"
        started = time.monotonic()
        wait_until(lambda: in_step(chaos), timeout=CONVERGE_WITHIN)
        converged = time.monotonic() - started
        for service in SERVICE_NAMES:  # each change applied once by every replica
            for key in (f"{tag}-0", f"{tag}-{GROUP_WRITES // 2}", f"{tag}-{GROUP_WRITES - 1}"):
                history = getattr(cluster, service).blacklist_entry(key)["history"]
                assert [h["seq"] for h in history] == [acked[key]["seq"]], (service, key, history)
    print(f"\n[chaos] group commit: {GROUP_WRITES} blacklistings by {GROUP_CLIENTS} clients, reputation killed after "
          f"{batches_before_kill['changes']} changes in {batches_before_kill['transactions']} transactions (largest "
          f"{batches_before_kill['largest_batch']}), answers seen {dict(sorted(statuses.items(), key=str))}, head "
          f"{head}, replicas equal {converged:.1f}s after the traffic")
