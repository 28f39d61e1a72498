"""`make run`'s launcher as a newcomer meets it: clear one-line errors, URLs printed, Ctrl-C leaves nothing."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import free_port
from tests.integration.procs import alive, descendants

ROOT = Path(__file__).resolve().parents[2]


def launcher(env_overrides, tmp_path):
    env = dict(os.environ, TIANPING_DATA_DIR=str(tmp_path / "data"), PYTHONWARNINGS="ignore",
               TIANPING_STORE_PORT=str(free_port()), GATEWAY_PORT=str(free_port()),
               TIANPING_METRICS_BASE_PORT="0")
    env.update(env_overrides)
    env.pop("MONGODB_URI", None) if "MONGODB_URI" not in env_overrides else None
    return subprocess.Popen([sys.executable, "-m", "tianping.runtime.run"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def until_ready(proc, seconds: float) -> str:
    """What the launcher printed up to its "Ctrl-C stops everything" line (or its exit, or `seconds`)."""
    lines, started = [], time.monotonic()
    while time.monotonic() - started < seconds:
        line = proc.stdout.readline()
        lines.append(line)
        if "Ctrl-C stops everything" in line or not line:
            break
    return "".join(lines)


def test_wrong_amqp_uri_is_one_clear_line_and_exit_2(tmp_path):
    port = free_port()  # nothing listens there
    proc = launcher({"AMQP_URI": f"amqp://guest:guest@127.0.0.1:{port}/"}, tmp_path)
    proc.wait(timeout=30)
    err = [line for line in proc.stderr.read().splitlines() if line.strip()]
    assert proc.returncode == 2
    assert len(err) == 1 and err[0].startswith("tianping: error: RabbitMQ does not answer at")
    assert "AMQP_URI" in err[0] and "Traceback" not in err[0]


def test_wrong_credentials_are_named(tmp_path, base_amqp_uri):
    bad = base_amqp_uri.replace("guest:guest@", "guest:wrong@")
    proc = launcher({"AMQP_URI": bad}, tmp_path)
    proc.wait(timeout=30)
    err = proc.stderr.read().strip().splitlines()
    assert proc.returncode == 2 and len(err) == 1 and "refused the credentials" in err[0]


def test_unreachable_mongodb_uri_is_one_clear_line_and_exit_2(tmp_path, base_amqp_uri):
    proc = launcher({"AMQP_URI": base_amqp_uri,
                     "MONGODB_URI": f"mongodb://127.0.0.1:{free_port()}/?serverSelectionTimeoutMS=1000"}, tmp_path)
    proc.wait(timeout=40)
    err = proc.stderr.read().strip().splitlines()
    assert proc.returncode == 2 and len(err) == 1
    assert err[0].startswith("tianping: error: MongoDB does not answer at MONGODB_URI")



def test_run_prints_urls_and_ctrl_c_stops_every_child(tmp_path, amqp_uri):
    # One store on a free port (per-service stores would take the five ports after it, not checked free here).
    proc = launcher({"AMQP_URI": amqp_uri, "TIANPING_STORES": "shared"}, tmp_path)
    text = until_ready(proc, 60)
    assert "gateway   http://127.0.0.1:" in text and "/docs" in text, text + proc.stderr.read()
    children = descendants(proc.pid)  # its own tree: a `make run` beside the tests is not ours
    assert len(children) >= 7, f"store, five services and the gateway expected, found {children}"
    # a second `make run` on the same data dir (or ports) is refused with one line, not a crash loop
    env = {"AMQP_URI": amqp_uri, "TIANPING_DATA_DIR": str(tmp_path / "data"),
           "GATEWAY_PORT": text.split("gateway   http://127.0.0.1:")[1].split()[0]}
    second = launcher(env, tmp_path)
    second.wait(timeout=30)
    err = [line for line in second.stderr.read().splitlines() if line.strip()]
    assert second.returncode == 2 and len(err) == 1 and f"(pid {proc.pid})" in err[0], err
    os.kill(proc.pid, signal.SIGINT)
    proc.wait(timeout=40)
    assert proc.returncode == 0
    said = proc.stdout.read()
    assert "did not stop" not in said, said  # every child stopped on its one SIGTERM, none was killed
    for pid in children:
        assert not alive(pid), f"process {pid} survived Ctrl-C"
    # no secret in the code or the logs: one was generated for this data dir, owner-only, and never printed
    secret_file = tmp_path / "data" / "jwt-secret"
    assert oct(secret_file.stat().st_mode & 0o777) == "0o600"
    secret = secret_file.read_text()
    for log in (tmp_path / "data" / "log").glob("*.log"):
        assert secret not in log.read_text(errors="replace"), f"the JWT secret leaked into {log.name}"
    assert secret not in text
    # a second run reuses the data: the store directory is still there and opens again
    assert (tmp_path / "data" / "store").is_dir()


def test_per_service_stores_give_each_service_its_own_store_and_stop_on_ctrl_c(tmp_path, amqp_uri, monkeypatch):
    """Per-service stores, the default (issue 30's measured choice): five more store processes, each service's
    database in its own; verify-audit and backup find each database in its store; Ctrl-C stops them all."""
    import pymongo

    monkeypatch.delenv("TIANPING_STORES", raising=False)  # the default layout, whatever the caller's shell says
    base = free_port()
    while any(not free(base + n) for n in range(6)):
        base = free_port()
    proc = launcher({"AMQP_URI": amqp_uri, "TIANPING_STORE_PORT": str(base)}, tmp_path)
    text = until_ready(proc, 90)
    assert "onboarding's own store at mongodb://127.0.0.1:" in text, text + proc.stderr.read()
    children = descendants(proc.pid)
    assert len(children) >= 12, f"six stores, five services and the gateway expected, found {children}"
    for offset, service in enumerate(("onboarding", "listing", "aftersale", "dispute", "reputation"), start=1):
        own = pymongo.MongoClient(f"mongodb://127.0.0.1:{base + offset}/?directConnection=true")
        held = own.list_database_names()
        assert f"tianping_{service}" in held and not any(f"tianping_{other}" in held for other in (
            "onboarding", "listing", "aftersale", "dispute", "reputation") if other != service), (service, held)
        own.close()
    shared = pymongo.MongoClient(f"mongodb://127.0.0.1:{base}/?directConnection=true")
    assert "tianping_onboarding" not in shared.list_database_names()
    shared.close()
    tools_find_each_database_in_its_store(tmp_path, base)
    os.kill(proc.pid, signal.SIGINT)
    proc.wait(timeout=60)
    assert proc.returncode == 0
    for pid in children:
        assert not alive(pid), f"process {pid} survived Ctrl-C"


def tools_find_each_database_in_its_store(tmp_path, base: int) -> None:
    """The backup dumps onboarding's database from onboarding's store, and verify-audit reads its chain there: an
    entry written into that chain with a wrong hash is found (reading the shared store, it would say "intact")."""
    import pymongo

    env = dict(os.environ, TIANPING_DATA_DIR=str(tmp_path / "data"), TIANPING_STORE_PORT=str(base))
    env.pop("MONGODB_URI", None)

    def tool(*args) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=60)

    dumped = tool("tianping.runtime.backup", "dump", "--service", "onboarding", "--out", str(tmp_path / "backup"))
    assert dumped.returncode == 0 and "dump tianping_onboarding." in dumped.stdout, dumped.stdout + dumped.stderr
    chain = pymongo.MongoClient(f"mongodb://127.0.0.1:{base + 1}/?directConnection=true")["tianping_onboarding"][
        "audit_log"]
    last = next(iter(chain.find({}, {"_id": 1}).sort("_id", -1).limit(1)), {"_id": 0})["_id"]
    chain.insert_one({"_id": last + 1, "prev": "forged", "hash": "forged"})
    verified = tool("tianping.platform.audit", "verify", "--service", "onboarding")
    assert verified.returncode == 1 and f"entry {last + 1}" in verified.stdout, verified.stdout + verified.stderr
    chain.database.client.close()


def free(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False
