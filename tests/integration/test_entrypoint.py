"""The container entrypoint, run without a container: started with exactly the arguments the Kubernetes manifests
give it, a service becomes live and ready (broker, database, blacklist replica) against the local broker and store,
stops not ready, and a bad argument is one line and exit 2. The topology Job's command declares the queues."""

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pika
import yaml

from tests.conftest import free_port
from tests.integration.http import wait_until

# Last on its system: the topology test deletes a queue listing consumes (declared again, but without its consumer).
SYSTEM_SHARED_ORDER = 2
ROOT = Path(__file__).resolve().parents[2]


def manifest_container(name: str) -> dict:
    kubectl = Path(sys.executable).with_name("kubectl")
    rendered = subprocess.run([str(kubectl), "kustomize", str(ROOT / "deploy" / "k8s" / "overlays" / "prod")],
                              capture_output=True, text=True, check=True, timeout=60).stdout
    for doc in yaml.safe_load_all(rendered):
        if doc and doc["kind"] in ("Deployment", "Job") and doc["metadata"]["name"].startswith(name):
            return doc["spec"]["template"]["spec"]["containers"][0]
    raise AssertionError(f"no Deployment or Job {name}")


def image_command(container: dict) -> list[str]:
    """What the image runs: its ENTRYPOINT (deploy/Dockerfile) with the manifest's args."""
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    entrypoint = json.loads(next(line for line in dockerfile.splitlines() if line.startswith("ENTRYPOINT"))
                            .removeprefix("ENTRYPOINT"))
    assert entrypoint[:1] == ["python"]
    return [sys.executable, *entrypoint[1:], *container["args"]]


def probe(port: int, path: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except OSError:
        return 0, {}


def test_a_service_started_as_the_manifests_start_it_becomes_live_and_ready(system):
    container = manifest_container("listing")
    assert container["livenessProbe"]["httpGet"]["path"] == "/livez"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    port = free_port()
    env = {**system.env_for(system.component("listing")), "METRICS_PORT": str(port)}
    log = open(system.log_dir / "listing-entrypoint.log", "ab")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(image_command(container), cwd=ROOT, env=env, stdout=log, stderr=log,
                            start_new_session=True)
    try:
        live = wait_until(lambda: probe(port, "/livez")[0] == 200, timeout=60, interval=0.3)
        assert live
        status, body = wait_until(lambda: (r := probe(port, "/readyz"))[0] == 200 and r, timeout=60, interval=0.5)
        assert body["ready"] is True
        assert body["containers"]["listing"] == {"broker": "ok", "database": "ok", "replica": "ok"}
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            assert b"tianping_build_info" in response.read()  # the same port still serves Prometheus
        # It is the process `nameko run` itself (exec), so SIGTERM reaches nameko, which stops gracefully.
        assert Path(f"/proc/{proc.pid}/cmdline").read_bytes().split(b"\0")[1].endswith(b"nameko")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()


def test_an_unknown_component_is_one_line_and_exit_2():
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}  # as the image sets it
    out = subprocess.run([sys.executable, "-m", "tianping.runtime.entrypoint", "billing"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60, env=env)
    assert out.returncode == 2
    assert out.stderr.strip().startswith("usage: python -m tianping.runtime.entrypoint {onboarding|")


def test_the_topology_job_declares_every_queue_before_the_services_start(system, amqp_uri):
    container = manifest_container("tianping-topology")
    env = {**system.env_for(system.component("listing")), "AMQP_URI": amqp_uri}
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = connection.channel()
    queue = "evt-reputation-blacklist_changed--listing.on_blacklist_changed"
    channel.queue_delete(queue)  # as on a fresh broker
    connection.close()
    out = subprocess.run(image_command(container), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.count("queues declared, indexes created") == 6
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    try:
        assert connection.channel().queue_declare(queue, passive=True).method.queue == queue
    finally:
        connection.close()
