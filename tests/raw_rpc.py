"""Publish nameko RPC requests as raw AMQP messages (pika), as a redelivery or a foreign caller would send them."""

import json

import pika


def publish_raw(amqp_uri: str, routing_key: str, args: list, kwargs: dict, correlation_id: str, copies: int = 1,
                headers: dict | None = None, timeout: float = 15) -> list[dict]:
    """Publish `copies` identical requests (one correlation id: a redelivery keeps it) and return every reply body."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = connection.channel()
    reply_queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(reply_queue, "nameko-rpc", routing_key=reply_queue)  # nameko replies via its exchange
    body = json.dumps({"args": args, "kwargs": kwargs})
    for _ in range(copies):
        channel.basic_publish("nameko-rpc", routing_key, body, pika.BasicProperties(
            content_type="application/json", reply_to=reply_queue, correlation_id=correlation_id,
            headers=headers or {}))
    replies = []
    for method_frame, _props, reply in channel.consume(reply_queue, inactivity_timeout=timeout):
        if method_frame is None:
            break
        replies.append(json.loads(reply))
        channel.basic_ack(method_frame.delivery_tag)
        if len(replies) == copies:
            break
    connection.close()
    return replies
