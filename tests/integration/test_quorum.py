"""The production broker setting (TIANPING_QUEUE_TYPE=quorum, as the Kubernetes ConfigMap sets it) on the real
broker: the launcher's topology step and every service declare the durable event queues and the RPC request
queues as quorum queues with the
same arguments (a mismatch would be PRECONDITION_FAILED and a dead service), and a blacklist decision still reaches
all five replicas."""

import subprocess

import pytest

from tests.conftest import private_vhost, running_system
from tests.integration.http import call, wait_until
from tianping import SERVICE_NAMES


@pytest.fixture(scope="module")
def quorum_system(base_amqp_uri, mongodb_uri, tmp_path_factory):
    with private_vhost(base_amqp_uri, "quorum") as uri, \
            running_system(uri, mongodb_uri, tmp_path_factory.mktemp("quorum"),
                           {"TIANPING_QUEUE_TYPE": "quorum"}) as system:
        yield system, uri.rsplit("/", 1)[1].replace("%2F", "/")


def queue_types(vhost: str) -> dict[str, str]:
    out = subprocess.run(["rabbitmqctl", "-q", "list_queues", "-p", vhost, "name", "type", "--no-table-headers"],
                         capture_output=True, text=True, check=True, timeout=60).stdout
    return dict(line.split("\t")[:2] for line in out.splitlines() if "\t" in line)


def test_event_queues_are_quorum_queues_and_a_decision_reaches_all_five(quorum_system):
    system, vhost = quorum_system
    types = queue_types(vhost)
    events = {name: kind for name, kind in types.items() if name.startswith("evt-") or name == "tianping.dead-letters"}
    assert events and set(events.values()) == {"quorum"}, types
    # request queues survive a node's restart too (issue 29); reply queues stay classic (per caller, x-expires)
    assert {types[f"rpc-{name}"] for name in SERVICE_NAMES} == {"quorum"}, types
    assert {kind for name, kind in types.items() if name.startswith("rpc.reply-")} <= {"classic"}

    status, body, _ = call(system, "POST", "/v1/blacklist", {"subject_id": "q-shop", "subject_type": "merchant",
                                                             "reason": "fraud", "rule_ids": ["R-REP-13"]},
                           role="platform_admin")
    assert status == 201, body

    def all_enforce():
        s, b, _ = call(system, "GET", "/v1/blacklist/q-shop/propagation", role="sre")
        return s == 200 and b["all_in_step"] and all(x["enforcing"] for x in b["services"]) and b

    view = wait_until(all_enforce, timeout=30)
    assert {s["service"] for s in view["services"]} == set(SERVICE_NAMES)
