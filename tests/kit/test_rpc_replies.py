"""RPC replies cross the broker without acknowledgements (tianping.infra.rpc.UnackedReplyListener, issue 30), while
requests keep theirs (a request is acked only after its reply is handed over: at least once)."""

import subprocess
from urllib.parse import unquote, urlparse

from nameko.testing.services import entrypoint_hook

from tianping.infra.rpc import TimedRpc, rpc


class Echo:
    name = "echo_probe"

    @rpc
    def echo(self, value):
        return value


class Caller:
    name = "caller_probe"
    calls = TimedRpc()

    @rpc
    def relay(self, values):
        waits = [self.calls.call_async("echo_probe", "echo", v) for v in values]  # all in flight at once
        return [wait() for wait in waits]


def consumers(amqp_uri: str) -> dict[str, str]:
    """queue -> ack_required, as the broker reports each consumer."""
    vhost = unquote(urlparse(amqp_uri).path.lstrip("/"))
    out = subprocess.run(["rabbitmqctl", "-q", "list_consumers", "-p", vhost, "queue_name", "ack_required"],
                         check=True, capture_output=True, text=True, timeout=60).stdout
    rows = [line.split("\t") for line in out.splitlines() if "\t" in line]
    return {row[0]: row[1] for row in rows if row[0] != "queue_name"}


def test_replies_are_consumed_unacknowledged_and_requests_acknowledged(container_factory, container_config):
    echo, caller = container_factory(Echo, container_config), container_factory(Caller, container_config)
    echo.start()
    caller.start()
    with entrypoint_hook(caller, "relay") as relay:
        assert relay(list(range(40))) == list(range(40))  # every reply reached its own call
        assert relay(["again"]) == ["again"]
    seen = consumers(container_config["AMQP_URI"])
    replies = {queue: ack for queue, ack in seen.items() if queue.startswith("rpc.reply-caller_probe")}
    assert replies and set(replies.values()) == {"false"}, seen
    assert seen["rpc-echo_probe"] == "true", seen  # a request is acknowledged after its reply
