"""A query is sent without waiting for the broker's publish confirm once the broker has confirmed routing to its
service from this container (issue 30); the first call to a service, and every command, keeps the confirm, and both
paths number the worker's calls alike (the request keys a re-run command repeats)."""

from types import SimpleNamespace

from tianping.infra import rpc
from tianping.platform.operations import Operations, command, query


class Sent:
    """Stands in for nameko's proxies: records how each call was sent and the request key it carried."""

    def __init__(self, log: list, how: str, worker_ctx, service: str, method: str | None = None, **options):
        self.log, self.how, self.worker_ctx, self.service, self.method, self.options = (
            log, how, worker_ctx, service, method, options)

    def __getattr__(self, method):  # ServiceProxy(...).<method>
        return Sent(self.log, self.how, self.worker_ctx, self.service, method, **self.options)

    def call_async(self, *args, **kwargs):
        self.log.append((self.how, self.service, self.method, self.options.get("use_confirms", True),
                         self.worker_ctx.data.get(rpc.REQUEST_KEY)))
        return SimpleNamespace(result=lambda: {"answered": self.method})


def caller(monkeypatch, log: list, routed: set | None = None) -> rpc.TimedCaller:
    monkeypatch.setattr(rpc, "ServiceProxy", lambda ctx, service, listener, **o: Sent(log, "confirmed", ctx, service, **o))
    monkeypatch.setattr(rpc, "_QueryProxy", lambda ctx, service, method, listener, **o: Sent(
        log, "unconfirmed", ctx, service, method, **o))
    return rpc.TimedCaller(SimpleNamespace(data={rpc.REQUEST_KEY: "k"}), None, 5, routed)


def test_a_query_waits_for_the_confirm_once_per_service_and_a_command_always(monkeypatch):
    log = []
    timed = caller(monkeypatch, log)
    assert timed.query_async("onboarding", "get_subject", "s1")() == {"answered": "get_subject"}
    timed.query_async("onboarding", "get_subject", "s2")()
    timed.call_async("onboarding", "decide", "a1")()
    timed.query_async("listing", "get_listing", "l1")()
    timed.query_async("onboarding", "get_application", "a1")()
    assert log == [("confirmed", "onboarding", "get_subject", True, "k/1:onboarding.get_subject"),
                   ("unconfirmed", "onboarding", "get_subject", False, "k/2:onboarding.get_subject"),
                   ("confirmed", "onboarding", "decide", True, "k/3:onboarding.decide"),
                   ("confirmed", "listing", "get_listing", True, "k/4:listing.get_listing"),
                   ("unconfirmed", "onboarding", "get_application", False, "k/5:onboarding.get_application")]


def test_what_was_routed_is_the_containers_and_a_failed_first_call_routes_nothing(monkeypatch):
    log, routed = [], set()
    caller(monkeypatch, log, routed).query_async("onboarding", "get_subject", "s1")
    caller(monkeypatch, log, routed).query_async("onboarding", "get_subject", "s1")  # another worker, same container
    caller(monkeypatch, log, set()).query_async("onboarding", "get_subject", "s1")  # a new container confirms afresh
    assert [how for how, *_ in log] == ["confirmed", "unconfirmed", "confirmed"]

    def unknown(*args, **kwargs):
        raise rpc.UnknownService("reputation")

    monkeypatch.setattr(Sent, "call_async", unknown)
    timed = caller(monkeypatch, log, set())
    for _ in range(2):  # no rpc-reputation queue: ServiceUnavailable every time, never an unconfirmed send
        try:
            timed.query_async("reputation", "get_reputation", "s1")
        except rpc.ServiceUnavailable:
            pass
        else:
            raise AssertionError("expected ServiceUnavailable")
    assert "reputation" not in timed._routed


def test_the_typed_client_sends_queries_by_query_async_when_the_caller_has_it():
    sent = []

    class Caller:
        def call_async(self, service, method, *args, **kwargs):
            sent.append(("call_async", method))
            return lambda timeout=None: None

        def query_async(self, service, method, *args, **kwargs):
            sent.append(("query_async", method))
            return lambda timeout=None: None

    client = Operations("demo", command("submit", ("data",)), query("get", ("record_id",))).client(Caller())
    client.submit({})
    client.get("r1")
    assert sent == [("call_async", "submit"), ("query_async", "get")]
