"""An MCN's hosts stopped at once (issue 30, "the MCN cascade in seconds"), on the real store with the kit's clock:
the withdrawal holds for every reader with the same store statements for 10 hosts as for 200, the stored statuses
follow in batches of at most BATCH listings, from a durable cursor, once each, and a lift withdraws nothing more.
Statements and documents examined are counted (flatcost), never timed."""

from datetime import timedelta

import mongoengine
import pytest

from services.listing import models
from services.listing.usecases import cascades
from tests.listing.usecases import Listings
from tianping.infra import db
from tianping.lib.errors import Conflict

from .flatcost import RECORDER, client, measure, mongodb_uri  # noqa: F401 (client, mongodb_uri: the fixtures)

PER_HOST = 5


def stopped(hosts, status="suspended", cause="mcn-blacklist:7") -> list[dict]:
    return [{"subject_id": h, "subject_type": "host", "status": status, "previous": "active",
             "rule_ids": ["R-REP-13", "R-ONB-30"], "cause": cause, "version": 2 if status != "active" else 3}
            for h in hosts]


def seeded(replica_for, frozen_clock, hosts: int, per_host: int = PER_HOST, tag: str = "c"):
    """A desk, `hosts` hosts of one MCN with `per_host` published listings each (created a minute ago), and one
    listing of a host outside the cascade."""
    desk = Listings(replica_for("listing"))
    db.ensure_indexes(models)
    names = [f"{tag}h{i}" for i in range(hosts)]
    at = frozen_clock.now - timedelta(minutes=1)
    docs = [{"_id": f"{tag}l{i:05d}", "operator_id": f"{tag}m{i % 7}", "host_id": names[i % hosts], "title": "t",
             "status": "published", "trail": [], "created_at": at} for i in range(hosts * per_host)]
    docs.append({"_id": f"{tag}other", "operator_id": f"{tag}m0", "host_id": "elsewhere", "title": "t",
                 "status": "published", "trail": [], "created_at": at})
    mongoengine.get_db("listing").listings.insert_many(docs)
    return desk, names


def recorded(action) -> list[tuple[str, str, dict]]:
    RECORDER.recording = commands = []
    try:
        action()
    finally:
        RECORDER.recording = None
    return commands


def test_the_cascade_costs_the_same_store_statements_for_10_and_200_hosts(replica_for, client, frozen_clock):  # noqa: F811
    def costs_of(hosts: int) -> dict:
        desk, names = seeded(replica_for, frozen_clock, hosts, tag=f"s{hosts}")
        costs = {"react": measure(client, lambda: desk.react_to_statuses(stopped(names))),
                 "read": measure(client, lambda: desk.get(f"s{hosts}l00003")),
                 "queue": measure(client, lambda: desk.queue())}
        assert desk.get(f"s{hosts}l00003")["status"] == "withdrawn"
        assert desk.get(f"s{hosts}other")["status"] == "published"
        backfill = measure(client, lambda: desk.follow_cascades())
        assert not [e for e in backfill.examined if "COLLSCAN" in e[2]], f"a scan in the batches: {backfill}"
        assert backfill.documents <= 3 * hosts * PER_HOST + 10, f"the batches examined too much: {backfill}"
        return costs

    costs = {hosts: costs_of(hosts) for hosts in (10, 200)}
    for step in ("react", "read", "queue"):
        small, large = costs[10][step], costs[200][step]
        print(f"{step}: 10 hosts {small}\n{step}: 200 hosts {large}")
        assert large.commands == small.commands, f"{step}: statements grew with the hosts"
        assert large.documents <= small.documents, f"{step}: documents examined grew with the hosts"
    assert [c for c in costs[200]["react"].commands if c[1] == "listings"] == []  # no listing written in the event


def test_the_stored_statuses_follow_in_bounded_batches_from_a_durable_cursor_once_each(replica_for, frozen_clock):
    desk, names = seeded(replica_for, frozen_clock, 3, per_host=250, tag="b")  # 750 listings: several batches
    listings = mongoengine.get_db("listing").listings
    desk.react_to_statuses(stopped(names))
    assert listings.count_documents({"status": "withdrawn"}) == 0  # stored later; read as withdrawn already
    view = desk.get("bl00010")
    assert view["status"] == "withdrawn" and view["history"][-1]["cause"] == "mcn-blacklist:7"
    assert "R-LST-12" in view["history"][-1]["rule_ids"]
    [running] = desk.ctx.repo.running_cascades()
    cascades.batch(desk.ctx, running)  # one batch, then the process dies: the next follower starts from the store
    first = listings.count_documents({"status": "withdrawn"})
    assert 0 < first <= cascades.BATCH
    assert desk.ctx.repo.cascade(running["_id"])["cursor"] > 0
    desk.react_to_statuses(stopped(names))  # redelivered: the same cascade, nothing new
    writes = recorded(lambda: desk.follow_cascades())
    updates = [c for _, name, c in writes if name == "update" and c["update"] == "listings"]
    assert updates and all(len(c["updates"]) <= cascades.BATCH for c in updates)
    assert listings.count_documents({"status": "withdrawn"}) == 750
    assert listings.find_one({"_id": "bother"})["status"] == "published"
    for doc in listings.find({"status": "withdrawn"}, {"trail": 1}):
        assert [(s["status"], s["cause"]) for s in doc["trail"]] == [("withdrawn", "mcn-blacklist:7")]
    assert desk.ctx.repo.running_cascades() == [] and desk.ctx.repo.cascade(running["_id"])["written"] == 750
    assert desk.follow_cascades() == 0


def test_a_decision_on_a_covered_listing_stores_its_withdrawal_first_and_the_queue_leaves_it_out(replica_for,
                                                                                               frozen_clock):
    desk = Listings(replica_for("listing"))
    mongoengine.get_db("listing").listings.insert_one({
        "_id": "wait-1", "operator_id": "m1", "host_id": "h1", "title": "t", "status": "in_review", "trail": [],
        "created_at": frozen_clock.now})
    waiting = desk.get("wait-1")
    assert waiting["status"] == "in_review" and desk.queue()["items"]
    frozen_clock.advance(seconds=5)
    desk.react_to_statuses(stopped(["h1"], cause="mcn-blacklist:9"))
    assert desk.queue()["items"] == []
    with pytest.raises(Conflict):
        desk.decide(waiting["listing_id"], {"decision": "approve", "reason": "fine", "rule_ids": []}, "rev-1")
    stored = mongoengine.get_db("listing").listings.find_one({"_id": waiting["listing_id"]})
    assert stored["status"] == "withdrawn" and stored["trail"][-1]["cause"] == "mcn-blacklist:9"


def test_a_lift_withdraws_nothing_more_and_listings_created_after_the_cascade_are_not_covered(replica_for,
                                                                                            frozen_clock):
    desk, names = seeded(replica_for, frozen_clock, 2, tag="f")
    listings = mongoengine.get_db("listing").listings
    desk.react_to_statuses(stopped(names))
    frozen_clock.advance(seconds=60)
    desk.react_to_statuses(stopped(names, status="active", cause="mcn-lift:8"))  # the MCN's blacklisting lifted
    listings.insert_one({"_id": "fnew", "operator_id": "fm0", "host_id": names[0], "title": "t",
                         "status": "published", "trail": [], "created_at": frozen_clock.now})
    assert desk.get("fnew")["status"] == "published"
    assert desk.get("fl00001")["status"] == "withdrawn"  # final: back only through a new review (R-LST-01)
    desk.follow_cascades()
    assert listings.find_one({"_id": "fnew"})["status"] == "published"
    assert listings.count_documents({"status": "withdrawn"}) == 2 * PER_HOST


def test_onboarding_suspends_an_mcns_hosts_in_statements_that_grow_with_the_batches_not_the_hosts(
        replica_for, client, monkeypatch):  # noqa: F811
    """Upstream of listing: the MCN's blacklisting suspends its hosts with the same statements for 20 hosts as for 200
    when both fit a batch, and with a fixed few more per extra batch (a read, a conditional update, an audit insert,
    the cursor); no scan, every `_id $in` at most a batch long, documents examined a few per host."""
    from collections import Counter

    from services.onboarding import repository
    from services.onboarding.usecases import status_moves
    from tests.conftest import change, publisher
    from tests.onboarding.usecases import Onboarding

    def cost_of(hosts: int, batch: int):
        monkeypatch.setattr(status_moves, "BATCH", batch)
        published = []
        replica = replica_for("onboarding")
        desk = Onboarding(replica, publisher(published))
        database = mongoengine.get_db("onboarding")
        names = [f"fh{i:04d}" for i in range(hosts)]
        database.subjects.insert_many([{"_id": sid, "subject_type": kind, "status": "active", "history": [],
                                        "identity_keys": []} for sid, kind in [("fm", "mcn")] + [(h, "host") for h in names]])
        database.contracts.insert_many([{"mcn_id": "fm", "host_id": h, "status": "active"} for h in names])
        sizes = []
        for name in ("status_heads", "move_statuses"):  # how many ids each `_id $in` of the batches names
            real = getattr(repository, name)
            monkeypatch.setattr(repository, name, lambda ids, *rest, real=real: sizes.append(len(ids)) or real(ids, *rest))
        cost = measure(client, lambda: replica.apply([change(1, "fm", subject_type="mcn")], reaction=desk.react_to_run))
        assert database.subjects.count_documents({"status": "suspended"}) == hosts
        assert sum(len(p["items"]) for name, p in published if name == "subject_statuses_changed") == hosts
        # the audit chain's head is read once per process (a fresh log here; replayed after the appends), then held
        examined = [e for e in cost.examined if e[1] != "audit_log"]
        assert not [e for e in examined if "COLLSCAN" in e[2]], f"a scan: {cost}"
        assert sum(e[3] for e in examined) <= 3 * hosts + 20, f"documents examined: {cost}"
        assert sizes and max(sizes) <= batch, f"an `_id $in` longer than a batch: {sizes}"
        return cost

    one_batch = {hosts: cost_of(hosts, 250) for hosts in (20, 200)}
    print(f"20 hosts: {one_batch[20]}\n200 hosts: {one_batch[200]}")
    assert one_batch[200].commands == one_batch[20].commands, "round trips grew with the hosts"
    # statements, not only round trips: a bulk write of an update per host was one round trip of 200 statements
    assert len(one_batch[200].examined) == len(one_batch[20].examined), "statements grew with the hosts"
    small, large = cost_of(20, 50), cost_of(200, 50)  # one batch, then four
    extra = Counter(large.commands) - Counter(small.commands)
    assert extra == Counter({("find", "subjects"): 3, ("update", "subjects"): 3, ("insert", "audit_log"): 3,
                             ("update", "status_moves"): 3}), f"per extra batch: {extra}"
