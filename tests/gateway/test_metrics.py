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


def test_a_downstream_failure_counts_as_an_error_and_a_5xx_by_status(runner_factory, container_config):
    """A service that is not running (503) or does not answer in time (504): the gateway answers with the status and
    the request is an error in its entrypoint metrics and a 5xx by status code — never "ok" (issue 29)."""
    import kombu

    from tests.tokens import bearer

    port = free_port()
    runner = runner_factory(dict(container_config, WEB_SERVER_ADDRESS=f"127.0.0.1:{port}", JWT_SECRET=SECRET,
                                 RPC_TIMEOUT=0.5), GatewayService)
    runner.start()
    route = dict(route="/v1/blacklist", method="GET")
    errors_before = value("tianping_entrypoint_calls_total", service="gateway", entrypoint="blacklist_list",
                          outcome="error")
    ok_before = value("tianping_entrypoint_calls_total", service="gateway", entrypoint="blacklist_list", outcome="ok")
    before = {code: value("tianping_http_server_errors_total", **route, status=code) for code in ("503", "504")}

    def status_of_a_read() -> int:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/blacklist", headers=bearer("platform_admin"))
        try:
            urllib.request.urlopen(request, timeout=10)
        except urllib.error.HTTPError as failure:
            return failure.code
        return 200

    with kombu.Connection(container_config["AMQP_URI"]) as connection:
        queue = kombu.Queue("rpc-reputation", kombu.Exchange("nameko-rpc", type="topic", durable=True),
                            routing_key="reputation.*", durable=True)
        queue(connection.default_channel).delete(if_unused=True)  # left by an earlier test's reputation, unconsumed
        assert status_of_a_read() == 503  # no rpc-reputation queue: nobody runs reputation
        # a request queue without a consumer: the call is routed but never answered
        queue(connection.default_channel).declare()
        try:
            assert status_of_a_read() == 504
        finally:
            queue(connection.default_channel).delete()
    assert value("tianping_entrypoint_calls_total", service="gateway", entrypoint="blacklist_list",
                 outcome="error") == errors_before + 2
    assert value("tianping_entrypoint_calls_total", service="gateway", entrypoint="blacklist_list",
                 outcome="ok") == ok_before
    for code in ("503", "504"):
        assert value("tianping_http_server_errors_total", **route, status=code) == before[code] + 1


def test_an_http_response_decides_the_outcome_of_its_entrypoint():
    from werkzeug.wrappers import Response

    assert metrics.outcome(None, Response(status=200)) == "ok"
    assert metrics.outcome(None, Response(status=404)) == "expected_error"
    assert metrics.outcome(None, Response(status=504)) == "error"
    assert metrics.outcome(None, {"status": "ok"}) == "ok"
