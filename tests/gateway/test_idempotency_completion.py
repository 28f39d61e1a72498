"""An Idempotency-Key's first response is stored once the response is on the wire (issue 30): the client's answer
does not wait for that store statement; a retry before it lands waits for it and gets the same response; a failed
store leaves the claim to its lease instead of failing a request whose answer was already given."""

import eventlet
from werkzeug.test import create_environ
from werkzeug.wrappers import Response

from gateway.api import complete_after_sending
from gateway.guards import Idempotency
from tianping.platform.claims import ClaimLedger


class Service:
    def __init__(self, collection):
        self.idempotency = Idempotency()
        self.idempotency.ledger = ClaimLedger(collection, 12, 2, 1)


def sent(response: Response) -> tuple[bytes, object]:
    """What a WSGI server writes (the body), and the iterator it closes afterwards."""
    iterator = response(create_environ(), lambda status, headers: None)
    return b"".join(iterator), iterator


def test_the_first_response_is_stored_after_it_is_sent_and_a_retry_meanwhile_gets_it(service_db):
    service = Service(service_db("gateway")["idempotency"])
    assert service.idempotency.claim("rec-1", "body-hash") is None  # the first request owns the key
    response = Response('{"seq": 7}', status=201, mimetype="application/json")
    complete_after_sending(service, response, "rec-1")
    body, iterator = sent(response)
    assert body == b'{"seq": 7}'
    assert service.idempotency.ledger.collection.find_one({"_id": "rec-1"})["state"] == "running"  # not yet stored
    retry = eventlet.spawn(service.idempotency.claim, "rec-1", "body-hash")  # waits while the claim is running
    eventlet.sleep(0)
    iterator.close()  # the server is done writing
    replay = retry.wait()
    assert (replay["status"], replay["body"]) == (201, '{"seq": 7}')


def test_a_store_that_fails_after_the_answer_was_sent_does_not_fail_the_request(service_db, caplog):
    service = Service(service_db("gateway")["idempotency"])
    service.idempotency.claim("rec-2", "body-hash")

    def broken(*args, **kwargs):
        raise ConnectionError("store gone")

    service.idempotency.complete = broken
    response = Response("{}", status=200, mimetype="application/json")
    complete_after_sending(service, response, "rec-2")
    body, iterator = sent(response)
    iterator.close()  # no exception reaches the server
    assert body == b"{}" and "could not store the response" in caplog.text
    assert service.idempotency.ledger.collection.find_one({"_id": "rec-2"})["state"] == "running"  # left to its lease
