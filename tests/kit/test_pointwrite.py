"""tianping.infra.pointwrite: a write conflict is tried again a bounded number of times after a random pause, then
answered ServiceUnavailable — never pymongo's with_transaction loop, which retries a conflict at once for up to
120 s (in a 30-minute soak, one buyer's orders meeting on the pair's day counter held every after-sale worker there
and 4,199 orders timed out). Any other error is raised at once; a commit of unknown outcome is committed again, the
body never run twice."""

from unittest import mock

import pytest
from pymongo.errors import OperationFailure

from tianping.infra import pointwrite
from tianping.lib.errors import ServiceUnavailable


def conflict(label="TransientTransactionError"):
    return OperationFailure("WriteConflict", 112, {"errorLabels": [label]})


@pytest.fixture
def collection():
    collection = mock.MagicMock()
    collection.name = "counters"
    session = collection.database.client.start_session.return_value.__enter__.return_value
    session.in_transaction = True
    return collection


def test_a_conflict_is_tried_again_a_bounded_number_of_times_then_refused_as_busy(collection, monkeypatch):
    pauses = []
    monkeypatch.setattr(pointwrite.time, "sleep", pauses.append)
    collection.update_one.side_effect = conflict()
    with pytest.raises(ServiceUnavailable):
        pointwrite.update_and_read(collection, {"_id": "k"}, {"$inc": {"n": 1}})
    assert collection.update_one.call_count == pointwrite.ATTEMPTS
    assert len(pauses) == pointwrite.ATTEMPTS and sum(pauses) < 0.3


def test_a_conflict_then_success_answers_the_document(collection, monkeypatch):
    monkeypatch.setattr(pointwrite.time, "sleep", lambda _: None)
    collection.update_one.side_effect = [conflict(), conflict(), mock.Mock(matched_count=1, upserted_id=None)]
    collection.find_one.return_value = {"_id": "k", "n": 3}
    assert pointwrite.update_and_read(collection, {"_id": "k"}, {"$inc": {"n": 1}}) == {"_id": "k", "n": 3}
    assert collection.update_one.call_count == 3


def test_other_errors_are_raised_at_once_and_an_unknown_commit_is_committed_again(collection, monkeypatch):
    monkeypatch.setattr(pointwrite.time, "sleep", lambda _: None)
    collection.update_one.side_effect = OperationFailure("E11000 duplicate key", 11000)
    with pytest.raises(OperationFailure):
        pointwrite.update_and_read(collection, {"_id": "k"}, {"$inc": {"n": 1}}, upsert=True)
    assert collection.update_one.call_count == 1
    collection.update_one.side_effect = None
    collection.update_one.return_value = mock.Mock(matched_count=1, upserted_id=None)
    session = collection.database.client.start_session.return_value.__enter__.return_value
    session.commit_transaction.side_effect = [conflict("UnknownTransactionCommitResult"), None]
    collection.find_one.return_value = {"_id": "k", "n": 1}
    assert pointwrite.update_and_read(collection, {"_id": "k"}, {"$inc": {"n": 1}}) == {"_id": "k", "n": 1}
    assert collection.update_one.call_count == 2  # the body once more for this call only, its commit twice
    assert session.commit_transaction.call_count == 2
