"""The services' init container under plain `kubectl apply -k` (issue 29): `python -m tianping.runtime.entrypoint
wait-topology <component>` exits 1 naming what is missing until the topology Job has declared the component's
queues, then 0 — on the real broker, in a private virtual host."""

import pika

from services.listing.service import ListingService
from tianping.infra import broker
from tianping.runtime import entrypoint


def test_wait_topology_fails_until_the_queues_exist_then_succeeds(amqp_uri, monkeypatch, capsys):
    monkeypatch.setenv("AMQP_URI", amqp_uri)
    wanted = broker.topology_queues(ListingService)
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = connection.channel()
    for queue in wanted:
        channel.queue_delete(queue)  # as on a fresh broker
    connection.close()
    assert broker.missing_queues(amqp_uri, wanted) == wanted
    assert entrypoint.main(["wait-topology", "listing", "0"]) == 1
    assert wanted[-1] in capsys.readouterr().err
    broker.declare_topology(amqp_uri, [ListingService])
    assert broker.missing_queues(amqp_uri, wanted) == []
    assert entrypoint.main(["wait-topology", "listing", "0"]) == 0


def test_an_unknown_component_to_wait_for_is_a_usage_error():
    assert entrypoint.main(["wait-topology", "nobody"]) == 2
