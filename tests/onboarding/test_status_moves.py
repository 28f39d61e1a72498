"""An MCN's hosts moved a batch at a time (issue 30, usecases/status_moves.py): once each under redelivery, a crash in
the middle of a batch finished by the re-run (every host moved, audited once and announced), a host changed meanwhile
left alone, and a status replica fed the events in any order ends equal to onboarding."""

from datetime import UTC, datetime

import mongoengine
import pytest

from services.onboarding.usecases import status_moves
from tests.conftest import change, publisher
from tests.onboarding.usecases import Onboarding
from tianping.platform.subjects import SubjectStatuses

BATCH = 50


class Crash(Exception):
    pass


@pytest.fixture
def scene(replica_for, monkeypatch):
    """An MCN with 120 contracted hosts (three batches of BATCH), written straight into the store."""
    monkeypatch.setattr(status_moves, "BATCH", BATCH)
    published = []
    replica = replica_for("onboarding")
    r = Onboarding(replica, publisher(published))
    database = mongoengine.get_db("onboarding")
    now = datetime.now(UTC)
    hosts = [f"mh{i:03d}" for i in range(120)]
    registered = {"event": "registered", "actor": "onboarding", "cause": "registration", "status": "active",
                  "rule_ids": [], "reasons": [], "documents": []}
    database.subjects.insert_many([{"_id": sid, "subject_type": kind, "status": "active", "history": [registered],
                                    "identity_keys": [], "created_at": now}
                                   for sid, kind in [("mcn-x", "mcn")] + [(h, "host") for h in hosts]])
    database.contracts.insert_many([{"mcn_id": "mcn-x", "host_id": h, "status": "active", "signed_at": now}
                                    for h in hosts])
    return r, replica, published, database, hosts


def items_of(published) -> list[dict]:
    return [i for name, p in published if name == "subject_statuses_changed" for i in p["items"]]


def audited(database, hosts) -> list[str]:
    return sorted(e["subject"] for e in database.audit_log.find({"action": "subject_suspended"}) if e["subject"] in hosts)


def assert_replica_equals_onboarding(r, database, published, hosts):
    """Every event applied to a status replica, twice and newest first: it holds onboarding's status and version."""
    replica = SubjectStatuses(database["replica_statuses"])
    events = [p["items"] for name, p in published if name == "subject_statuses_changed"]
    for items in list(reversed(events)) + events:
        replica.apply_many(items)
    authority = {s["subject_id"]: (s["status"], s["version"]) for s in r.statuses(limit=1000)["items"]}
    held = {d["_id"]: (d["status"], d["version"]) for d in database["replica_statuses"].find()}
    announced = sorted({i["subject_id"] for items in events for i in items})
    assert announced and {h: held[h] for h in announced} == {h: authority[h] for h in announced}


def test_a_redelivered_blacklisting_moves_audits_and_announces_nothing_twice(scene):
    r, replica, published, database, hosts = scene
    add = change(1, "mcn-x", subject_type="mcn")
    replica.apply([add], reaction=r.react_to_run)
    r.react_to_run([add])  # the reaction itself run again
    assert database.subjects.count_documents({"status": "suspended"}) == 120
    events = [p for name, p in published if name == "subject_statuses_changed"]
    assert [len(e["items"]) for e in events] == [50, 50, 20]  # a batch each
    assert sorted(i["subject_id"] for i in items_of(published)) == hosts
    assert audited(database, hosts) == hosts
    assert {len(d["history"]) for d in database.subjects.find({"_id": {"$in": hosts[:50]}})} == {2}
    assert database.status_moves.find_one({"_id": "mcn-blacklist:1|suspended"})["done"] is True
    assert_replica_equals_onboarding(r, database, published, hosts)


@pytest.mark.parametrize("fails", ["publish", "audit"])
def test_a_crash_in_the_middle_of_a_batch_is_finished_by_the_rerun_once_each(scene, fails):
    """The second batch's hosts are moved, then the process dies before their event (or their audit entries) and
    before the cursor: the re-run resumes at that batch, finds its hosts moved by this cause, and audits and announces
    them; the first batch is not done again."""
    r, replica, published, database, hosts = scene
    real_publish, real_audit = r.ctx.publish, r.ctx.audited_many

    def crash_on_second_batch(real, second):
        def call(*args):
            if second(*args):
                raise Crash()
            return real(*args)
        return call

    if fails == "publish":
        r.ctx.publish = crash_on_second_batch(real_publish, lambda event, payload: event.name == "subject_statuses_changed"
                                              and payload["items"][0]["subject_id"] == hosts[50])
    else:
        r.ctx.audited_many = crash_on_second_batch(real_audit, lambda entries: bool(entries) and entries[0][2] == f"subject:{hosts[50]}")
    add = change(1, "mcn-x", subject_type="mcn")
    with pytest.raises(Crash):
        r.react_to_run([add])
    assert database.subjects.count_documents({"_id": {"$in": hosts[50:100]}, "status": "suspended"}) == 50
    assert database.status_moves.find_one({"_id": "mcn-blacklist:1|suspended"})["after"] == hosts[49]
    r.ctx.publish, r.ctx.audited_many = real_publish, real_audit
    r.react_to_run([add])  # the redelivery
    assert database.subjects.count_documents({"_id": {"$in": hosts}, "status": "suspended"}) == 120
    assert audited(database, hosts) == hosts  # once each: the re-audited batch's keys were taken
    announced = [i["subject_id"] for i in items_of(published)]
    assert sorted(set(announced)) == hosts and len(announced) == 120  # the crashed batch's event was never sent
    assert {len(d["history"]) for d in database.subjects.find({"_id": {"$in": hosts}})} == {2}  # moved once
    assert_replica_equals_onboarding(r, database, published, hosts)


def test_a_host_changed_between_the_read_and_the_write_is_left_as_it_is(scene):
    r, replica, published, database, hosts = scene
    heads = r.ctx.repo.status_heads
    restricted = []

    class Repo:  # the repository, with another writer restricting a host right after the first read of its batch
        def __getattr__(self, name):
            return getattr(r.ctx.repo_module, name)

        @staticmethod
        def status_heads(ids):
            found = heads(ids)
            if not restricted:
                restricted.append(ids[3])
                database.subjects.update_one({"_id": ids[3]}, {"$set": {"status": "restricted"}})
            return found

    r.ctx.repo_module, r.ctx.repo = r.ctx.repo, Repo()
    r.react_to_run([change(1, "mcn-x", subject_type="mcn")])
    assert database.subjects.find_one({"_id": restricted[0]})["status"] == "restricted"
    assert restricted[0] not in [i["subject_id"] for i in items_of(published)]
    assert database.subjects.count_documents({"_id": {"$in": hosts}, "status": "suspended"}) == 119


def test_the_lift_restores_the_hosts_its_blacklisting_suspended_a_batch_at_a_time(scene):
    r, replica, published, database, hosts = scene
    database.subjects.update_one({"_id": hosts[7]}, {"$set": {"status": "restricted"}})  # not the MCN's doing
    replica.apply([change(1, "mcn-x", subject_type="mcn")], reaction=r.react_to_run)
    replica.apply([change(2, "mcn-x", action="lift", subject_type="mcn")], reaction=r.react_to_run)
    assert database.subjects.count_documents({"_id": {"$in": hosts}, "status": "active"}) == 119
    assert database.subjects.find_one({"_id": hosts[7]})["status"] == "restricted"
    restored = [i for i in items_of(published) if i["status"] == "active"]
    assert len(restored) == 119 and {i["previous"] for i in restored} == {"suspended"}
    assert_replica_equals_onboarding(r, database, published, hosts)
