"""A real Prometheus against the running system (Debian's `prometheus`; skipped with one line without it): traffic
through the gateway into every service, an event fan-out (a blacklisting) and a deadline firing, then every
dashboard panel's query asked of Prometheus's HTTP API must return a series."""

import json
import random
import shutil
import socket
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta

import pymongo
import pytest

from deploy.grafana import generate
from tests.conftest import free_port, running_system
from tests.integration.http import call, wait_until
from tests.listing.usecases import product
from tests.onboarding.cases import merchant_documents
from tianping.runtime import observe


def consecutive_free_ports(count: int) -> int:
    for _ in range(200):
        base = random.randint(20000, 40000)
        try:
            for port in range(base, base + count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise RuntimeError("no free port range")


@pytest.fixture(scope="module")
def observed(amqp_uri, mongodb_uri, tmp_path_factory):
    if not shutil.which("prometheus"):
        pytest.skip("prometheus is not installed (Debian package: prometheus)")
    base = consecutive_free_ports(6)
    with running_system(amqp_uri, mongodb_uri, tmp_path_factory.mktemp("observed"),
                        {"TIANPING_SWEEP_SECONDS": "0.5"}, metrics_base_port=base) as system:
        port = free_port()
        proc = observe.start(tmp_path_factory.mktemp("prometheus"), observe.targets(system.settings), port,
                             scrape_seconds=1)
        try:
            yield system, port
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def query(port: int, expr: str) -> list:
    url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.loads(answer.read())["data"]["result"]


def drive_traffic(system) -> None:
    status, _, _ = call(system, "POST", "/v1/applications", {
        "applicant_type": "merchant", "subject_id": "obs-shop",
        "identity": {"real_name": "Observed Ltd", "credit_code": "91440300OBSERVED1", "address": "1 Metric Rd",
                     "contact_phone": "13800138000"},
        "documents": merchant_documents()})
    assert status == 201
    body = {k: v for k, v in product("obs-shop", description="史上最低价").items() if k != "operator_id"}
    wait_until(lambda: call(system, "POST", "/v1/listings", body, role="merchant", sub="obs-shop")[0] == 201,
               timeout=20)
    paid = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    order = {"order_id": "obs-o1", "consumer_id": "obs-buyer", "merchant_id": "obs-shop", "paid_at": paid,
             "items": [{"sku": "s1", "category": "apparel", "amount": "50.00"}], "total_amount": "50.00",
             "delivered_at": paid}
    assert call(system, "POST", "/v1/orders", order, role="service")[0] == 201
    status, req, _ = call(system, "POST", "/v1/aftersale/requests", {"order_id": "obs-o1", "kind": "refund_only"},
                          role="consumer", sub="obs-buyer")
    assert status == 201
    database = pymongo.MongoClient(system.mongodb_uri)[system.settings.database_name("aftersale")]
    database["deadlines"].update_many({"subject": req["request_id"]}, {"$set": {"due_at": datetime.now(UTC)}})
    status, case, _ = call(system, "POST", "/v1/disputes", {"order_id": "obs-o1", "claim": "x",
                                                             "amount_claimed": "50.00"}, role="consumer",
                           sub="obs-buyer")
    assert status == 201
    call(system, "POST", f"/v1/disputes/{case['case_id']}/resolution",
         {"outcome": "merchant_favoured", "reasoning": "fine"}, role="mediator", sub="med")
    assert call(system, "POST", "/v1/violations", {"subject_id": "obs-bad", "subject_type": "merchant",
                                                   "rule_id": "PB-22", "severity": "serious",
                                                   "evidence": ["doc://obs"]})[0] == 201
    drive_live(system)


def drive_live(system) -> None:
    """A live session of the shop's room: a clean caption, a viewer's comment hidden, the host's claims flagged."""
    room = {"licence_info": "营业执照 91440300OBSERVED1", "dispute_channel": "平台消费纠纷调解入口",
            "service_hotline": "400-800-1234"}
    assert call(system, "PUT", "/v1/rooms/obs-room", room, role="merchant", sub="obs-shop")[0] == 200
    opened = call(system, "POST", "/v1/rooms/obs-room/sessions", {"host_id": "obs-shop", "operator_id": "obs-shop"},
                  role="merchant", sub="obs-shop")
    assert opened[0] == 201, opened
    at = datetime.now(UTC).isoformat()
    batch = [{"seq": 1, "kind": "caption", "text": "纯棉衬衫, 尺码齐全", "at": at},
             {"seq": 2, "kind": "comment", "text": "加我微信 abc12345 私下交易更便宜", "at": at},
             {"seq": 3, "kind": "transcript", "text": "全网最低价, 史上最好的衬衫", "at": at}]
    answer = call(system, "POST", f"/v1/rooms/obs-room/sessions/{opened[1]['session_id']}/segments",
                  {"segments": batch}, role="service")
    assert answer[0] == 200 and "hide" in {d["decision"] for d in answer[1]["decisions"]}, answer


def test_every_dashboard_panel_returns_a_series_from_a_real_prometheus(observed):
    system, port = observed
    drive_traffic(system)
    panels = [(title, expr) for _, (_, spec) in (("overview", generate.OVERVIEW), ("governance", generate.GOVERNANCE))
              for title, expr in spec]
    deadline, empty = time.monotonic() + 60, panels
    while empty and time.monotonic() < deadline:
        time.sleep(2)
        empty = [(title, expr) for title, expr in empty if not query(port, expr)]
    assert not empty, f"panels with no series: {empty}"
