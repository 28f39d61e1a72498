"""Poison messages are parked, never lost, never retried forever.

An event handler subscribed with `tianping.platform.contracts.subscribe` that fails on a message retries it in place a
bounded number of times (RETRIES, with backoff) unless the failure is deterministic — a payload that breaks its
contract or a typed 4xx-style error — and then parks it in the durable dead-letter queue (declared by the
topology), with the service, handler, event, error, attempts and time, and acknowledges it. Parked messages are
counted in `tianping_dead_letters_total{service,event}`.

Operators: `python -m tianping.infra.deadletters list | show ID | replay ID | replay --all` (AMQP_URI from the
environment). A replay sends the original message to the queue of the handler that failed on it, and only there.
"""

import argparse
import json
import logging
import sys
import uuid

import eventlet
import pika
from kombu import Exchange, Queue
from marshmallow import ValidationError
from nameko.amqp.publish import Publisher
from nameko.extensions import DependencyProvider

from tianping.infra import metrics
from tianping.lib import clock
from tianping.lib import config as cfg
from tianping.lib.errors import TianpingError, http_status_and_code

log = logging.getLogger(__name__)
EXCHANGE_NAME = QUEUE_NAME = "tianping.dead-letters"
RETRIES = 3
BACKOFF_SECONDS = 0.2
EXCHANGE = Exchange(EXCHANGE_NAME, type="fanout", durable=True)
QUEUE = Queue(QUEUE_NAME, exchange=EXCHANGE, durable=True, queue_arguments=cfg.durable_queue_arguments())


def deterministic(exc: BaseException) -> bool:
    """A failure that a retry cannot cure: the payload breaks its contract, or a typed client-side error."""
    if isinstance(exc, ValidationError):
        return True
    return isinstance(exc, TianpingError) and http_status_and_code(exc)[0] < 500


class DeadLetters(DependencyProvider):
    """Parks a message a handler gave up on (every ServiceBase has one, as `dead_letters`)."""

    def setup(self):
        self.publisher = Publisher(self.container.config["AMQP_URI"], serializer="json", use_confirms=True,
                                   declare=[QUEUE])

    def get_dependency(self, worker_ctx):
        return self

    def park(self, event, handler: str, message: dict, error: BaseException, attempts: int) -> str:
        service = self.container.service_name
        letter_id = uuid.uuid4().hex
        self.publisher.publish(
            {"id": letter_id, "service": service, "handler": handler, "source": event.source, "event": event.name,
             "queue": f"evt-{event.source}-{event.name}--{service}.{handler}", "attempts": attempts,
             "error": f"{type(error).__name__}: {error}"[:2000], "parked_at": clock.now().isoformat(),
             "message": message},
            exchange=EXCHANGE, routing_key=QUEUE_NAME)
        metrics.DEAD_LETTERS.labels(service, event.name).inc()
        log.error("event parked in the dead-letter queue after %d attempt(s)", attempts,
                  extra={"event": f"{event.source}.{event.name} -> {service}.{handler}: {letter_id}"})
        return letter_id


def deliver(service, event, handler: str, run, message: dict) -> None:
    """Run a handler with bounded retries; park the message when it cannot be processed."""
    for attempt in range(1, RETRIES + 1):
        try:
            return run()
        except Exception as exc:  # noqa: BLE001 - whatever it is, it must not loop or vanish
            if deterministic(exc) or attempt == RETRIES:
                service.dead_letters.park(event, handler, message, exc, attempt)
                return None
            log.warning("handler %s failed (attempt %d of %d): %s", handler, attempt, RETRIES, exc)
            eventlet.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
    return None


# -- operators' command line ----------------------------------------------------------------------------
def _drain(channel) -> list[tuple[int, dict]]:
    """Every parked message (delivery tag, body), left unacknowledged so that closing requeues them."""
    taken = []
    while True:
        method, _props, body = channel.basic_get(QUEUE_NAME, auto_ack=False)
        if method is None:
            return taken
        taken.append((method.delivery_tag, json.loads(body)))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tianping.infra.deadletters", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["list", "show", "replay"])
    parser.add_argument("id", nargs="?", help="a parked message's id (replay: or --all)")
    parser.add_argument("--all", action="store_true", help="replay every parked message")
    parser.add_argument("--amqp-uri", default=cfg.env("AMQP_URI", cfg.DEFAULT_AMQP_URI))
    args = parser.parse_args(argv)
    connection = pika.BlockingConnection(pika.URLParameters(args.amqp_uri))
    channel = connection.channel()
    channel.exchange_declare(EXCHANGE_NAME, exchange_type="fanout", durable=True)
    channel.queue_declare(QUEUE_NAME, durable=True, arguments=cfg.durable_queue_arguments())
    channel.queue_bind(QUEUE_NAME, EXCHANGE_NAME)
    try:
        letters = _drain(channel)
        if args.command == "list":
            for _, letter in letters:
                print(f"{letter['id']}  {letter['parked_at']}  {letter['source']}.{letter['event']} -> "
                      f"{letter['service']}.{letter['handler']}  x{letter['attempts']}  {letter['error'][:120]}")
            print(f"{len(letters)} parked message(s)")
            return 0
        chosen = [(tag, letter) for tag, letter in letters if args.all or letter["id"] == args.id]
        if not chosen:
            print(f"no parked message {args.id}", file=sys.stderr)
            return 1
        if args.command == "show":
            print(json.dumps(chosen[0][1], indent=2, ensure_ascii=False))
            return 0
        for tag, letter in chosen:  # replay: back to the failing handler's own queue, then off the dead letters
            channel.basic_publish("", letter["queue"], json.dumps(letter["message"]),
                                  pika.BasicProperties(content_type="application/json", delivery_mode=2))
            channel.basic_ack(tag)
            print(f"replayed {letter['id']} to {letter['queue']}")
        return 0
    finally:
        connection.close()  # what was taken and not acknowledged returns to the queue


if __name__ == "__main__":
    sys.exit(main())
