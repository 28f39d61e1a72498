"""Store round trips the hot routes no longer spend (issue 30), counted by command monitoring on the real store:
an approved application reads the applicant's replica entry once for the sanction and blacklist checks and writes
its audit entries in one append and its first deadlines in one write, reads the policy changes from the process's
cache and the identities it shares with blacklisted subjects in one read, however many subjects share them; a listing submission reads its operator's
replica entry once; a subject's reputation reads its violations once."""

import collections
import uuid

from services.onboarding import models as onboarding_models
from services.reputation import models as reputation_models
from services.reputation.repository import authority
from tests.conftest import publisher
from tests.listing.usecases import Listings, product
from tests.onboarding.cases import merchant
from tests.onboarding.usecases import Onboarding
from tests.reputation.usecases import Reputation
from tianping.infra import db

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
    assert sent[("insert", "audit_log")] == 1  # the decision's and the activation's entries together (was 2)
    assert sent[("update", "deadlines")] == 1  # evaluation and re-verification together, nothing to cancel (was 3)
    # the subject's entry (sanctions and blacklist together, was 2) and the identities the authority published (was 3:
    # also the entries of every subject sharing an identity, read now only for a subject blacklisted here)
    assert sent[("find", "blacklist_replica")] == 2
    assert sent[("find", "policy_changes")] == 0  # the process's cache (was 1)
    # the shared identities' blacklisted holders, for both identity checks: one read (was one per identity kind,
    # of every holder, and one of the subjects blacklisted here)
    assert sent[("find", "blacklisted_links")] == 1 and sent[("find", "identity_links")] == 0
    assert sent[("find", "subjects")] == 1  # registered already? (the blacklisted holder's read is gone)
    assert sent[("find", "applications")] == 0  # a first delivery does not look for an earlier one (was 1)
    assert sum(sent.values()) == 9  # was 15
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
    sent = counted(measure(client, lambda: desk.submit(product("m1"))))
    assert sent[("find", "blacklist_replica")] == 1  # blacklist and sanction gate together (was 2)


def test_a_reputation_read_reads_the_subjects_violations_once(service_db, client):  # noqa: F811
    database = service_db("reputation")
    db.ensure_indexes(reputation_models)
    service = Reputation(authority.Authority(database), Relay(), publisher([]), request_key="warm-up")
    service.record_violation(violation("read-me"))
    answers = []
    sent = counted(measure(client, lambda: answers.append(service.reputation("read-me"))))
    assert sent[("find", "violations")] == 1  # the points window is taken from them (was a second read)
    assert answers[0]["points"] > 0 and len(answers[0]["violations"]) == 1
