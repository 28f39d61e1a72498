"""An application's records in one round trip (issue 30, tianping/infra/together.py): the application, and when it is
approved its subject, identity links and first deadlines, written together in order. What stops the batch is handled
as the writes one at a time were: a redelivery meets its own application and is answered as the first delivery was;
an earlier activation's links are met as a retried activation meets them; a write after the subject that fails is
audited and raised as activate raised it, and the redelivery finishes."""

import mongoengine
import pytest
from pymongo.errors import ClientBulkWriteException

from services.onboarding import identity, models, repository
from tests.conftest import publisher

from .cases import IDENTITY, merchant
from .usecases import Onboarding


@pytest.fixture
def desk(replica_for):
    published = []
    return Onboarding(replica_for("onboarding"), publisher(published), request_key="first"), published


def audited(desk) -> list[str]:
    return [e["action"] for e in desk.audit.collection.find({}).sort("_id", 1)]


def test_an_approved_application_writes_its_records_and_announces_the_subject(desk):
    r, published = desk
    answer = r.submit(merchant(subject_id="one-trip"))
    assert answer["status"] == "approved" and r.get("one-trip").status == "active"
    assert repository.links_of("one-trip") and r.ctx.deadlines.collection.count_documents({"subject": "one-trip"}) == 2
    assert audited(r) == ["application_auto_approved", "subject_activated"] and r.audit.verify().ok
    assert [t for t, _ in published] == ["application_submitted", "subject_status_changed"]


def test_a_redelivery_with_a_new_subject_id_meets_its_application_and_answers_the_same(desk):
    r, published = desk
    first = r.submit(merchant())  # no subject id: each delivery makes its own, only the request key is the same
    again = r.submit(merchant())
    same = ("application_id", "subject_id", "status", "checks", "rule_ids_fired")  # times: as stored, to the ms
    assert {k: again[k] for k in same} == {k: first[k] for k in same}
    assert models.Application.objects(request_key="first").count() == 1
    assert models.Subject.objects(application_id=first["application_id"]).count() == 1
    assert audited(r) == ["application_auto_approved", "subject_activated"]


def test_links_an_earlier_activation_left_are_met_as_a_retried_activation_meets_them(desk):
    r, published = desk
    repository.insert_links("half-done", identity.link_keys(dict(IDENTITY)))  # a crash between links and subject
    answer = r.submit(merchant(subject_id="half-done"))
    assert answer["status"] == "approved" and r.get("half-done").status == "active"
    assert r.ctx.deadlines.collection.count_documents({"subject": "half-done"}) == 2
    assert audited(r) == ["application_auto_approved", "subject_activated"] and r.audit.verify().ok
    assert [t for t, _ in published] == ["application_submitted", "subject_status_changed"]


def test_a_write_after_the_subject_that_fails_is_audited_raised_and_finished_by_the_redelivery(desk, monkeypatch):
    r, published = desk
    book = r.ctx.deadlines
    taken = mongoengine.get_db("onboarding")["deadlines"]
    taken.insert_one({"_id": "taken"})
    schedule = book.schedule_new

    def failing(deadlines, into):  # the batch's last statement meets a key already stored
        schedule(deadlines, into)
        into.insert(taken, {"_id": "taken"}, "deadlines")

    monkeypatch.setattr(book, "schedule_new", failing)
    with pytest.raises(ClientBulkWriteException):  # the store's error, as the write alone raised it
        r.submit(merchant(subject_id="cut"))
    assert r.get("cut").status == "active"
    assert audited(r) == ["application_auto_approved", "subject_activated"]
    assert [t for t, _ in published] == ["application_submitted"]  # not announced: the request failed
    monkeypatch.undo()
    assert r.submit(merchant(subject_id="cut"))["status"] == "approved"  # the redelivery answers as the first would
    assert audited(r) == ["application_auto_approved", "subject_activated"] and r.audit.verify().ok
    assert [t for t, _ in published][-1] == "subject_status_changed"  # and announces what the failure left unsaid


def test_a_crash_between_the_write_and_its_events_is_announced_by_the_redelivery_R_ONB_02(desk, monkeypatch):
    """The process stops after the one write and before its events: the redelivery meets its application and its
    subject and sends both events (listing lets the merchant publish only once it hears the subject active)."""
    r, published = desk
    publish = r.ctx.publish

    def crash(*_):
        raise SystemExit("killed between the write and the publish")

    monkeypatch.setattr(r.ctx, "publish", crash)
    with pytest.raises(SystemExit):
        r.submit(merchant(subject_id="crashed"))
    monkeypatch.setattr(r.ctx, "publish", publish)
    assert published == [] and r.get("crashed").status == "active"
    assert r.submit(merchant(subject_id="crashed"))["status"] == "approved"
    assert [t for t, _ in published] == ["application_submitted", "subject_status_changed"]
    status = dict(published)["subject_status_changed"]
    assert status["subject_id"] == "crashed" and status["status"] == "active" and status["version"] == 1
    assert audited(r) == ["application_auto_approved", "subject_activated"]


def refuse_client_bulk_write(monkeypatch) -> None:
    """A server before MongoDB 8.0 (the manifests run 7.0): pymongo refuses the client-level bulkWrite."""
    from pymongo import MongoClient
    from pymongo.errors import InvalidOperation

    def refuse(*_, **__):
        raise InvalidOperation("MongoClient.bulk_write requires MongoDB server version 8.0+.")
    monkeypatch.setattr(MongoClient, "bulk_write", refuse)


def test_on_a_server_without_client_bulk_write_the_records_are_written_one_by_one(desk, monkeypatch):
    refuse_client_bulk_write(monkeypatch)
    r, published = desk
    answer = r.submit(merchant(subject_id="seven"))
    assert answer["status"] == "approved" and r.get("seven").status == "active"
    assert repository.links_of("seven") and r.ctx.deadlines.collection.count_documents({"subject": "seven"}) == 2
    assert audited(r) == ["application_auto_approved", "subject_activated"] and r.audit.verify().ok
    assert [t for t, _ in published] == ["application_submitted", "subject_status_changed"]
    again = r.submit(merchant(subject_id="seven"))  # a redelivery: its own application, answered the same
    assert again["application_id"] == answer["application_id"]
    assert models.Application.objects(request_key="first").count() == 1
    assert audited(r) == ["application_auto_approved", "subject_activated"]


def test_on_a_server_without_client_bulk_write_links_left_earlier_are_met_as_before(desk, monkeypatch):
    refuse_client_bulk_write(monkeypatch)
    r, published = desk
    repository.insert_links("half-seven", identity.link_keys(dict(IDENTITY)))
    assert r.submit(merchant(subject_id="half-seven"))["status"] == "approved"
    assert r.get("half-seven").status == "active" and r.audit.verify().ok
    assert [t for t, _ in published] == ["application_submitted", "subject_status_changed"]
