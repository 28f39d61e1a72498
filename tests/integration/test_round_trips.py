"""Store round trips the hot routes no longer spend (issue 30), counted by command monitoring on the real store:
an approved application reads the applicant's replica entry once for the sanction and blacklist checks and writes
its audit entries in one append and its first deadlines in one write, reads the policy changes from the process's
cache and the identities it shares with blacklisted subjects in one read, however many subjects share them; a listing submission reads its operator's
replica entry once; a subject's reputation reads its violations once."""

import collections
import uuid
from datetime import UTC, datetime, timedelta

import mongoengine
import pytest

from services.aftersale.usecases import order_money as aftersale_money
from services.listing.usecases import lexicons
from services.onboarding import models as onboarding_models
from services.reputation import models as reputation_models
from services.reputation import rules as reputation_rules
from services.reputation.repository import authority
from services.reputation.usecases import scores as scores_module
from tests.aftersale.usecases import MERCHANT, Aftersale, order
from tests.conftest import publisher
from tests.dispute.usecases import Disputes, money_desk
from tests.listing.usecases import Listings, product
from tests.onboarding.cases import merchant
from tests.onboarding.usecases import Onboarding
from tests.reputation.usecases import Reputation
from tianping.infra import db
from tianping.lib.errors import Conflict, RequestOpen

from .flatcost import assert_flat, client, measure, seed  # noqa: F401 (client: the fixture)
from .test_flat_cost_reputation import Relay, violation


def counted(cost) -> collections.Counter:
    return collections.Counter(cost.commands)


def test_an_approved_application_reads_its_replica_entry_once_and_appends_audit_and_deadlines_once(
        replica_for, client):  # noqa: F811
    replica = replica_for("onboarding")
    db.ensure_indexes(onboarding_models)
    service = Onboarding(replica, publisher([]), request_key="warm-up")
    service.submit(merchant(subject_id="warm-up"))  # the process's caches, as in service
    service.ctx.request_key = uuid.uuid4().hex
    answers = []
    sent = counted(measure(client, lambda: answers.append(service.submit(merchant(subject_id="second")))))
    assert answers[0]["status"] == "approved"
    # the application, the subject, its identity links, both first deadlines (evaluation and re-verification,
    # nothing to cancel) and the decision's and the activation's audit entries: one round trip (was 5: audit 1 (was
    # 2), deadlines 1 (was 3), the application, the subject and its links 1 each)
    assert sent[("bulkWrite", "applications+audit_log+deadlines+identity_links+subjects")] == 1
    assert not {c for c in sent if c[0] in ("insert", "update")}
    # the subject's entry (sanctions and blacklist together, was 2) and the identities the authority published (was 3:
    # also the entries of every subject sharing an identity, read now only for a subject blacklisted here)
    assert sent[("find", "blacklist_replica")] == 2
    assert sent[("find", "policy_changes")] == 0  # the process's cache (was 1)
    # the shared identities' blacklisted holders, for both identity checks: one read (was one per identity kind,
    # of every holder, and one of the subjects blacklisted here)
    assert sent[("find", "blacklisted_links")] == 1 and sent[("find", "identity_links")] == 0
    assert sent[("find", "subjects")] == 1  # registered already? (the blacklisted holder's read is gone)
    assert sent[("find", "applications")] == 0  # a first delivery does not look for an earlier one (was 1)
    assert sum(sent.values()) == 5  # was 15, then 9
    assert service.get("second").status == "active"


def test_an_application_costs_the_same_however_many_subjects_share_its_address_and_phone(
        replica_for, client):  # noqa: F811
    replica = replica_for("onboarding")
    db.ensure_indexes(onboarding_models)
    service = Onboarding(replica, publisher([]), request_key="warm-up")
    service.submit(merchant(subject_id="warm-up"))
    service.ctx.request_key = uuid.uuid4().hex
    small = measure(client, lambda: service.submit(merchant(subject_id="small")))
    links = onboarding_models.IdentityLink._get_collection()
    template = links.find_one({"subject_id": "warm-up", "kind": "address"})
    seed(links, 3000, lambda i: {**template, "_id": f"{template['key']}|crowd-{i}", "subject_id": f"crowd-{i}"})
    service.ctx.request_key = uuid.uuid4().hex
    large = measure(client, lambda: service.submit(merchant(subject_id="large")))
    assert_flat(small, large)


def test_a_listing_submission_reads_its_operators_replica_entry_once(replica_for, client):  # noqa: F811
    desk = Listings(replica_for("listing"), request_key="warm-up")
    desk.submit(product("m1"))
    desk.ctx.request_key = uuid.uuid4().hex
    cost = measure(client, lambda: desk.submit(product("m1")))
    sent = counted(cost)
    # the blacklist and sanction gates' replica entry and the subject's status (R-ONB-02) in one aggregate, joined
    # by _id (was a find of each; before that, two of the entry)
    assert sent[("find", "blacklist_replica")] == 0 and sent[("find", "subject_statuses")] == 0, sent
    assert sent[("aggregate", "")] == 1, sent  # a database-level aggregate ($documents): no collection named
    assert all(plan != "COLLSCAN" for _, _, plan, _ in cost.examined), cost


def test_a_reputation_read_reads_the_subjects_violations_once(service_db, client):  # noqa: F811
    database = service_db("reputation")
    db.ensure_indexes(reputation_models)
    service = Reputation(authority.Authority(database), Relay(), publisher([]), request_key="warm-up")
    service.record_violation(violation("read-me"))
    answers = []
    sent = counted(measure(client, lambda: answers.append(service.reputation("read-me"))))
    # the points window is taken from them (was a second read); they come with the subject's records (was a find)
    assert sent[("aggregate", "violations")] == 1 and sent[("find", "violations")] == 0, sent
    assert answers[0]["points"] > 0 and len(answers[0]["violations"]) == 1


def blacklist_desk(service_db):  # noqa: F811
    database = service_db("reputation")
    db.ensure_indexes(reputation_models)
    authority_ = authority.Authority(database, audit=None)
    authority_.ensure_log()
    service = Reputation(authority_, Relay(), publisher([]), request_key="warm-up")
    service.blacklist_add({"subject_id": "warm-up", "subject_type": "merchant", "reason": "warm up",
                           "rule_ids": ["R-REP-13"]}, "admin")  # the process's caches (audit head, policy)
    return service


def decide(service, subject: str) -> dict:
    service.ctx.request_key = uuid.uuid4().hex
    return service.blacklist_add({"subject_id": subject, "subject_type": "merchant", "reason": "counted",
                                  "rule_ids": ["R-REP-13"]}, "admin")


def test_a_blacklist_decision_reads_the_entry_once_and_no_request_keys(service_db, client):  # noqa: F811
    service = blacklist_desk(service_db)
    answers = []
    cost = measure(client, lambda: answers.append(decide(service, "counted-1")))
    sent = counted(cost)
    assert answers[0]["action"] == "add" and answers[0]["seq"] == 2
    # the transaction: the entry read, the counter, the change, the entry, the decision (a redelivery is told by the
    # request key's unique index, no longer by a read of the keys first), then the commit; the audit append after it
    assert sent[("find", "blacklist_entries")] == 1
    assert sent[("find", "blacklist_changes")] == 0  # was 1: the keys read before every commit
    assert sent[("findAndModify", "counters")] == 1
    assert sent[("insert", "blacklist_changes")] == sent[("insert", "decisions")] == 1
    assert sent[("update", "blacklist_entries")] == 1
    assert sent[("insert", "audit_log")] == 1
    assert cost.round_trips == 7, cost  # the six statements of the transaction with its commit, and the audit append
    assert all(plan != "COLLSCAN" for _, _, plan, _ in cost.examined), cost


def test_a_redelivered_blacklist_decision_gets_its_change_back(service_db, client):  # noqa: F811
    service = blacklist_desk(service_db)
    first = decide(service, "again")
    again = service.blacklist_add({"subject_id": "again", "subject_type": "merchant", "reason": "counted",
                                   "rule_ids": ["R-REP-13"]}, "admin")  # same request key: the redelivery
    assert again["seq"] == first["seq"]


def test_a_blacklist_record_is_one_read_of_the_subjects_log(service_db, client):  # noqa: F811
    service = blacklist_desk(service_db)
    decide(service, "read-me")
    service.ctx.request_key = uuid.uuid4().hex
    service.blacklist_lift("read-me", {"reason": "appeal granted"}, "admin")
    answers = []
    cost = measure(client, lambda: answers.append(service.blacklist_get("read-me")))
    assert counted(cost) == {("find", "blacklist_changes"): 1}, cost  # the entry is what its last change wrote (was 2)
    assert all(plan.startswith(("FETCH", "SORT<FETCH")) for _, _, plan, _ in cost.examined), cost  # the index
    record = answers[0]
    assert record["status"] == "lifted" and record["seq"] == 3 and [c["action"] for c in record["history"]] == [
        "add", "lift"]
    assert record["reason"] == "appeal granted" and record["rule_ids"] == ["R-REP-19"]


def test_a_replica_applies_a_run_with_one_entry_write_and_one_cursor_move(replica_for, client):  # noqa: F811
    from tests.conftest import change

    replica = replica_for("dispute")
    replica.apply([change(1, "warm-up", epoch="e")])  # follows no log yet: the first change adopts none
    replica.cursor.update_one({"_id": "cursor"}, {"$set": {"epoch": "e"}})
    replica._cursor = None
    replica.apply([change(1, "warm-up", epoch="e")])
    sent = counted(measure(client, lambda: replica.apply([change(2, "a", epoch="e"), change(3, "b", epoch="e")])))
    # two new subjects' entries in one insert_many, then the cursor move: the embedded store runs a client-level
    # bulkWrite statement by statement, so this costs it less CPU than one bulkWrite of three (bulk.ONE_ROUND_TRIP_UP_TO)
    assert sent == {("insert", "blacklist_replica"): 1, ("update", "blacklist_cursor"): 1}, sent
    assert replica.is_blacklisted("a") and replica.is_blacklisted("b") and replica.applied_seq() == 3
    # a known subject (a lift) stops the first write at its duplicate key; its guarded update goes with the move
    sent = counted(measure(client, lambda: replica.apply([change(4, "c", epoch="e"), change(5, "a", "lift", epoch="e"),
                                                          change(6, "d", epoch="e")])))
    # the new subjects in one insert_many; the known one's guarded update goes with the move
    assert sent == {("insert", "blacklist_replica"): 1, ("bulkWrite", "blacklist_cursor+blacklist_replica"): 1}, sent
    assert not replica.is_blacklisted("a") and replica.is_blacklisted("c") and replica.is_blacklisted("d")
    assert replica.applied_seq() == 6 and [h["seq"] for h in replica.history("a")] == [2, 5]
    replica.apply([change(6, "d", epoch="e")])  # a duplicate: ignored, no write
    sent = counted(measure(client, lambda: replica.apply([change(7, "a", epoch="e")])))  # a lone known subject
    assert sent == {("bulkWrite", "blacklist_cursor+blacklist_replica"): 2}, sent  # was an insert and two updates
    assert replica.is_blacklisted("a") and replica.applied_seq() == 7


def test_a_violation_stores_the_subjects_points_in_one_write(service_db, client):  # noqa: F811
    database = service_db("reputation")
    db.ensure_indexes(reputation_models)
    service = Reputation(authority.Authority(database), Relay(), publisher([]), request_key="warm-up")
    service.record_violation(violation("warm-up"))
    service.ctx.request_key = "warned"
    service.record_violation(violation("warm-up"))  # 12 points: a warning, which its third violation keeps
    for subject in ("first-time", "warm-up"):  # a new subject's record, then a known one's
        service.ctx.request_key = uuid.uuid4().hex
        answers = []

        def record(subject=subject, answers=answers):
            answers.append(service.record_violation(violation(subject)))
        sent = counted(measure(client, record))
        assert answers[0]["decisions"] == []
        # a known subject holding the sanction its points call for, or a new one (created holding none by the same
        # write): one write conditioned on that sanction, no read (a findAndModify scanned every subject)
        assert sent[("update", "subjects")] == 1 and sent[("find", "subjects")] == 0, sent
        assert sent[("insert", "subjects")] == 0
    known = database.subjects.find_one({"_id": "warm-up"})
    assert known["points"] == 3 * answers[0]["violation"]["points"] and known["sanction"] == "warning"
    assert database.subjects.find_one({"_id": "first-time"})["sanction"] == "none"


def test_a_reputation_read_reads_the_live_notices_once(service_db, client):  # noqa: F811
    database = service_db("reputation")
    db.ensure_indexes(reputation_models)
    service = Reputation(authority.Authority(database), Relay(), publisher([]), request_key="warm-up")
    service.record_violation(violation("read-me"))
    cost = measure(client, lambda: service.reputation("read-me"))
    # the window's counts taken from the recent ones (was 2), read in the one aggregate with the subject's record,
    # entry, decisions and violations (issue 30: each was a find)
    assert counted(cost)[("aggregate", "violations")] == 1 and counted(cost)[("find", "live_notices")] == 0
    assert counted(cost)[("find", "gradings")] == 0  # the decisions read answers it: no grading run among them
    assert cost.round_trips == 2, cost  # that aggregate, signals (was 6; 7 with the grading; then 3)


def test_a_reputation_read_takes_the_grade_from_its_decisions_and_reads_the_gradings_only_past_them(
        service_db, client):  # noqa: F811
    database = service_db("reputation")
    db.ensure_indexes(reputation_models)
    service = Reputation(authority.Authority(database), Relay(), publisher([]), request_key="warm-up")
    scores = {name: 3 for name in reputation_rules.INDICATORS}
    service.grade("ent-1", {"enterprise_type": "transactional", "scores": scores}, "ops")
    service.grade("ent-1", {"enterprise_type": "transactional", "scores": {**scores, "website": 0}}, "ops")
    service.record_violation(violation("ent-1"))
    answers = []
    cost = measure(client, lambda: answers.append(service.reputation("ent-1")))
    latest = reputation_models.Grading.objects(enterprise_id="ent-1").order_by("-at").first()
    assert answers[0]["grade"] == latest.grade and counted(cost)[("find", "gradings")] == 0
    assert cost.round_trips == 2, cost  # the subject's records and violations in one aggregate, signals (was 6, 3)
    # the latest run's decision pushed past the page of decisions shown: the gradings answer
    reputation_models.Decision.objects.insert([reputation_models.Decision(
        subject_id="ent-1", kind="sanction", outcome="none", at=datetime.now(UTC) + timedelta(seconds=i))
        for i in range(scores_module.DECISIONS_SHOWN)])
    cost = measure(client, lambda: answers.append(service.reputation("ent-1")))
    assert answers[1]["grade"] == latest.grade and counted(cost)[("find", "gradings")] == 1


# -- the write routes of listing, aftersale and dispute in the load scenario ------------------------------------------
def test_a_listing_submission_in_the_service_reads_neither_its_key_nor_the_lexicon_version(
        replica_for, client, monkeypatch):  # noqa: F811
    desk = Listings(replica_for("listing"), request_key="warm-up")
    desk.submit(product("m1"))  # builds the lexicon in force, as the service's warm-up does
    monkeypatch.setattr(lexicons, "_mode", {"background": True})  # the service's mode: the version read once a second
    monkeypatch.setattr(lexicons, "_in_force", {})
    monkeypatch.setattr(lexicons, "VERSION_TTL_S", 3600)
    desk.submit(product("m1", title="纯棉衬衫 蓝色"))
    desk.ctx.request_key = key = uuid.uuid4().hex
    answers = []
    sent = counted(measure(client, lambda: answers.append(desk.submit(product("m1", title="纯棉衬衫 黑色")))))
    assert answers[0]["status"] == "published"
    assert sent[("find", "listings")] == 0  # the request key is kept by the listing's number (was a read by key)
    assert sent[("find", "lexicons")] == 0  # the version in force, learnt at most once a second (was once a review)
    # the replica entry with the subject's status (one aggregate), the price peers; the listing, its price noted,
    # its audit entry
    assert sum(sent.values()) == 5, sent
    again = desk.submit(product("m1", title="纯棉衬衫 黑色"))  # a redelivery of the same command: the same listing
    assert again["listing_id"] == answers[0]["listing_id"]
    assert mongoengine.get_db("listing").listings.count_documents({"request_key": key}) == 1
    desk.status("m1", "suspended", 2)  # refused now, yet the redelivery answers with what it stored
    assert desk.submit(product("m1", title="纯棉衬衫 黑色"))["listing_id"] == answers[0]["listing_id"]


def test_an_order_is_counted_for_the_burst_check_on_its_days_counter(replica_for, client):  # noqa: F811
    desk = Aftersale(replica_for("aftersale"), db.database({}, "aftersale"), request_key="warm-up")
    desk.record_order(order("warm-up"), "order-system")
    desk.ctx.request_key = uuid.uuid4().hex
    sent = counted(measure(client, lambda: desk.record_order(order("o-counted"), "order-system")))
    assert sent[("aggregate", "orders")] == 0  # no count over the buyer's orders that day (it grew with them)
    assert sent[("update", "buyer_days")] == 1 and sent[("findAndModify", "buyer_days")] == 0
    assert sent[("commitTransaction", "admin")] == 0  # no transaction: they conflicted on a busy pair's counter
    # the sanction, the insert (its unique id tells a repeated feed: no read of the order's existence first), the
    # counter (its update and read; a findAndModify scanned every counter on the embedded store), the answer
    assert sum(sent.values()) == 5, sent


def test_a_refund_request_opens_its_ledger_in_one_write_and_reads_no_clock_back(replica_for, client):  # noqa: F811
    desk = Aftersale(replica_for("aftersale"), db.database({}, "aftersale"), request_key="warm-up")
    for order_id in ("warm-up", "o1"):
        desk.record_order(order(order_id), "order-system")
    desk.open(refund("warm-up"))
    desk.ctx.request_key = key = uuid.uuid4().hex
    answers = []
    sent = counted(measure(client, lambda: answers.append(desk.open(refund("o1")))))
    assert sent[("find", "requests")] == 0  # the request key is kept by the request's number (was a read by key)
    assert sent[("find", "orders")] == 1  # the order, read once (the ledger opens from it)
    assert sent[("update", "order_money")] == sent[("find", "order_money")] == 1  # opened or read (pointwrite)
    assert sent[("findAndModify", "order_money")] == 0  # a findAndModify scanned every ledger on the embedded store
    assert sent[("find", "deadlines")] == 0  # the clock just set is the request's only one
    assert sum(sent.values()) == 9, sent  # was 13; 7 with a findAndModify, which scanned (pointwrite: +read, +commit)
    again = desk.open(refund("o1"))  # a redelivery of the same command (its lines are claimed): the same request
    assert again["request_id"] == answers[0]["request_id"] and again["status"] == "awaiting_merchant"
    assert db.database({}, "aftersale").requests.count_documents({"request_key": key}) == 1
    desk.ctx.request_key = uuid.uuid4().hex  # another request on those lines is refused, naming the open one
    with pytest.raises(RequestOpen):
        desk.open(refund("o1"))
    read = []
    cost = measure(client, lambda: read.append(desk.get(answers[0]["request_id"])))
    stored = read[0]["deadlines"]  # what a read answers: the same clock (time ran on)
    assert [{**d, "seconds_left": None} for d in answers[0]["deadlines"]] == [
        {**d, "seconds_left": None} for d in stored] and len(stored) == 1
    # the request and its clocks in one aggregate joined by index (was a find of each)
    assert counted(cost) == {("aggregate", ""): 1} and all(p != "COLLSCAN" for _, _, p, _ in cost.examined), cost


def test_a_merchant_accepting_appends_one_audit_entry_and_reads_the_request_once(replica_for, client):  # noqa: F811
    desk = Aftersale(replica_for("aftersale"), db.database({}, "aftersale"), request_key="warm-up")
    for order_id in ("warm-up", "o1"):
        desk.record_order(order(order_id), "order-system")
    desk.respond(desk.open(refund("warm-up"))["request_id"], {"action": "accept"}, MERCHANT)
    desk.ctx.request_key = uuid.uuid4().hex
    request_id = desk.open(refund("o1"))["request_id"]
    desk.ctx.request_key = uuid.uuid4().hex
    answers = []
    sent = counted(measure(client, lambda: answers.append(desk.respond(request_id, {"action": "accept"}, MERCHANT))))
    assert answers[0]["status"] == "refund_due"
    assert sent[("insert", "audit_log")] == 1  # the promise's and the move's entries together (was 2)
    assert sent[("find", "requests")] == 2  # its read, and the move's answer in its transaction (kit pointwrite)
    assert sent[("find", "orders")] == 0  # no mismatch claimed: the order is not read
    # the refund promised on what the lines had left when the request claimed them, guarded on exactly that
    assert sent[("find", "order_money")] == 0 and sent[("update", "order_money")] == 1  # was a read of the ledger first
    assert sum(sent.values()) == 9, sent  # was 11; 7 with a findAndModify, which scanned (pointwrite: +read, +commit)
    assert [e["action"] for e in db.database({}, "aftersale").audit_log.find().sort("_id", -1).limit(2)] == [
        "accepted", "money_refund_due"]


def test_a_merchant_rejecting_frees_the_lines_it_claimed_without_reading_them(replica_for, client):  # noqa: F811
    desk = Aftersale(replica_for("aftersale"), db.database({}, "aftersale"), request_key="warm-up")
    for order_id in ("warm-up", "o1"):
        desk.record_order(order(order_id), "order-system")
    desk.respond(desk.open(refund("warm-up"))["request_id"], {"action": "reject", "reason": "worn"}, MERCHANT)
    desk.ctx.request_key = uuid.uuid4().hex
    request_id = desk.open(refund("o1"))["request_id"]
    desk.ctx.request_key = uuid.uuid4().hex
    answers = []
    sent = counted(measure(client, lambda: answers.append(
        desk.respond(request_id, {"action": "reject", "reason": "worn"}, MERCHANT))))
    assert answers[0]["status"] == "rejected"
    assert sent[("find", "order_money")] == 1  # whether a promise is open to hand back (was a second read: the lines)
    assert sent[("update", "order_money")] == 1  # the lines it claimed, freed by their keys
    assert sum(sent.values()) == 9, sent  # was 8; 7 with a findAndModify, which scanned (pointwrite: +read, +commit)
    desk.ctx.request_key = uuid.uuid4().hex
    assert desk.open(refund("o1"))["status"] == "awaiting_merchant"  # the lines take a request again


def test_a_dispute_opens_on_a_new_ledger_and_reads_no_clock_back(replica_for, service_db, client):  # noqa: F811
    replica = replica_for("dispute")
    desk = Disputes(replica, db.database({}, "dispute"), aftersale=money_desk(replica, service_db("aftersale")))
    # the order and its money in one call, as the service asks aftersale (order_with_money)
    desk.ctx.order_with_money = lambda order_id: aftersale_money.with_order(desk.aftersale.ctx, order_id)
    desk.open(claim("o1"))
    desk.ctx.request_key = key = uuid.uuid4().hex
    answers = []
    sent = counted(measure(client, lambda: answers.append(desk.open(claim("o2")))))
    assert answers[0]["deadlines"][0]["kind"] == "merchant_response"
    assert sent[("find", "cases")] == 0  # the request key is kept by the case's number (was a read by key)
    assert sent[("find", "deadlines")] == 0  # the clock just set is the case's only one
    # aftersale's order and ledger for dispute: the order read once, its ledger opened from it or read in one write
    assert sent[("find", "orders")] == 1 and sent[("find", "order_money")] == 1  # the ledger opened, then read in
    # its transaction (pointwrite; was a read of the ledger first, then one findAndModify that scanned)
    assert sent[("findAndModify", "order_money")] == 0 and sent[("update", "order_money")] == 1
    assert sum(sent.values()) == 9, sent  # was 12; 7 with a findAndModify, which scanned (pointwrite: +read, +commit)
    again = desk.open(claim("o2"))  # a redelivery of the same command: the same case, its clock kept
    assert again["case_id"] == answers[0]["case_id"] and again["deadlines"][0]["status"] == "pending"
    assert db.database({}, "dispute").cases.count_documents({"request_key": key}) == 1
    desk.ctx.request_key = uuid.uuid4().hex  # another buyer's request on that order: one open dispute per order
    with pytest.raises(Conflict):
        desk.open(claim("o2"))
    read = []
    cost = measure(client, lambda: read.append(desk.get(answers[0]["case_id"])))
    assert read[0]["deadlines"][0]["status"] == "pending"
    # the case and its clocks in one aggregate joined by index (was a find of each)
    assert counted(cost) == {("aggregate", ""): 1} and all(p != "COLLSCAN" for _, _, p, _ in cost.examined), cost


def refund(order_id: str) -> dict:
    return {"order_id": order_id, "buyer_id": "b1", "kind": "refund_only"}


def claim(order_id: str) -> dict:
    return {"order_id": order_id, "consumer_id": "b1", "claim": "not as described", "amount_claimed": "10.00"}


def test_listings_reaction_to_a_run_of_sanctions_reads_the_runs_entries_once_and_writes_once_per_role(
        replica_for, client):  # noqa: F811
    from services.listing.usecases import sanctions as listing_sanctions
    from tests.sanctioning import sanction_change

    desk = Listings(replica_for("listing"), request_key="warm-up", active=("m0", "m1", "m2"))
    live = []
    for i in range(3):
        desk.ctx.request_key = uuid.uuid4().hex
        live.append(desk.submit(product(f"m{i}"))["listing_id"])
    record = lambda run: listing_sanctions.record_visibility(desk.ctx, run)  # noqa: E731
    run = [sanction_change(1 + i, f"m{i % 3}", level) for i, level in enumerate(
        ["suspended", "suspended", "warning", "suspended", "warning", "warning"])]
    sent = counted(measure(client, lambda: record(run)))
    # the run's entries before it in one read, however many changes (was one read per change: a cost group commit
    # could not share, and listing's lag at 20 sanctions/s); one presence read for both roles and one write, whatever
    # the causes (was a read and a write per role and cause)
    assert sent[("find", "blacklist_replica")] == 1, sent
    assert sent[("aggregate", "listings")] == 1 and sent[("update", "listings")] == 1, sent
    trails = [[(s["event"], s["cause"]) for s in desk.get(listing_id)["trail"]] for listing_id in live]
    assert ("hidden", "sanction:1") in trails[0] and ("hidden", "sanction:2") in trails[1]
    assert ("shown", "sanction:5") in trails[1]  # suspended then warned within the run: hidden, then shown
    assert not any(cause == "sanction:4" for _, cause in trails[0])  # hidden already earlier in the run
    assert ("hidden", "sanction:3") not in trails[2]  # a warning hides nothing
    record(run)  # a re-run after a crash adds nothing
    assert [[(s["event"], s["cause"]) for s in desk.get(listing_id)["trail"]] for listing_id in live] == trails
