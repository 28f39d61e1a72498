"""RED at the gateway by route template, entrypoint outcomes that tell a refusal from a failure, build info
(issue 16, first part) — scraped from the registry of a real gateway container."""

import urllib.error
import urllib.request

from prometheus_client import REGISTRY

from gateway.service import GatewayService
from tests.conftest import free_port
from tests.tokens import SECRET
from tianping.infra import metrics
from tianping.lib import errors


def value(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_every_route_is_counted_by_template_method_and_status_class(runner_factory, container_config):
    port = free_port()
    runner = runner_factory(dict(container_config, WEB_SERVER_ADDRESS=f"127.0.0.1:{port}", JWT_SECRET=SECRET),
                            GatewayService)
    runner.start()
    ok = dict(route="/healthz", method="GET", status_class="2xx")
    refused = dict(route="/v1/blacklist/{subject_id}", method="GET", status_class="4xx")
    before = (value("tianping_http_requests_total", **ok), value("tianping_http_requests_total", **refused),
              value("tianping_http_request_seconds_count", route="/healthz", method="GET"))
    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
    for subject in ("a-1", "b-2"):  # two subjects, one series: ids never become labels
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/blacklist/{subject}", timeout=5)
        except urllib.error.HTTPError as refusal:
            assert refusal.code == 401
    assert value("tianping_http_requests_total", **ok) == before[0] + 1
    assert value("tianping_http_requests_total", **refused) == before[1] + 2
    assert value("tianping_http_request_seconds_count", route="/healthz", method="GET") == before[2] + 1
    version, commit = metrics.build()
    assert value("tianping_build_info", version=version, commit=commit) == 1


def test_a_typed_refusal_is_an_expected_error_not_an_error():
    assert metrics.outcome(None) == "ok"
    assert metrics.outcome((None, errors.ValidationFailed("bad"), None)) == "expected_error"
    assert metrics.outcome((None, errors.NotFound("no"), None)) == "expected_error"
    assert metrics.outcome((None, RuntimeError("boom"), None)) == "error"
    assert metrics.outcome((None, errors.UpstreamTimeout("slow"), None)) == "error"
