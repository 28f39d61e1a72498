"""Cost per request stays flat as the data grows (issue 30): each hot route's use case runs against a history of
1,000 and then 20,000 records, seeded straight into its collections, and neither its store round trips nor the
documents the store examines for them (explain, executionStats) may grow. One identity repeated a thousand times
must not make an application dearer."""

import uuid
from datetime import UTC, datetime, timedelta

import mongoengine

from services.onboarding import models as onboarding_models
from services.onboarding import rules as onboarding_rules
from tests.conftest import publisher
from tests.onboarding.cases import merchant
from tests.onboarding.usecases import Onboarding
from tianping.infra import db

from .flatcost import SIZES, assert_flat, client, measure, mongodb_uri, seed  # noqa: F401 (the fixtures)

# Open work (applications waiting for a reviewer) is a backlog, not history: the same at both sizes. The queue's
# first page examines every pending application on this store (it materialises an index's matches before it
# sorts and limits), so its cost follows the backlog; it must not follow the history.
BACKLOG = 100
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def seed_onboarding(replica, count: int) -> None:
    """Subjects (a thousand of them sharing the applicant's credit code, one in fifty blacklisted), their
    applications, and the replica's blacklist."""
    shared = onboarding_rules.identity_keys(merchant()["identity"])
    database = mongoengine.get_db("onboarding")
    seed(database.subjects, count, lambda i: {
        "_id": f"seed-{i}", "subject_type": "merchant", "status": "blacklisted" if i % 50 == 7 else "active",
        "identity_keys": shared if i < 1000 else [f"uscc:SEED{i:08d}"], "history": [], "created_at": T0})
    seed(database.applications, count, lambda i: {
        "_id": f"app-seed-{i}", "applicant_type": "merchant", "subject_id": f"seed-{i}", "request_key": f"rk-{i}",
        "status": "pending_review" if i < BACKLOG else "approved", "submitted_at": T0 + timedelta(seconds=i)})
    seed(replica.entries, count, lambda i: {
        "_id": f"bl-{i}", "subject_type": "merchant", "status": "blacklisted" if i % 3 else "lifted",
        "identity_keys": [f"uscc:BL{i:08d}"], "seq": i + 1})


def onboarding_costs(replica_for, client, count: int):  # noqa: F811 (the fixture)
    replica = replica_for("onboarding")
    db.ensure_indexes(onboarding_models)
    seed_onboarding(replica, count)
    service = Onboarding(replica, publisher([]), request_key="warm-up")
    service.submit(merchant(subject_id="warm-up"))  # the process's caches (audit head, policy) as in service

    def submit():
        service.ctx.request_key = uuid.uuid4().hex
        assert service.submit(merchant(subject_id=f"new-{uuid.uuid4().hex[:8]}"))["status"]

    return {"POST /v1/applications": measure(client, submit),
            "GET /v1/subjects/{id}": measure(client, lambda: service.subject_view("seed-5")),
            "GET /v1/applications/{id}": measure(client, lambda: service.application("app-seed-5")),
            "GET /v1/review-queue (onboarding)": measure(client, lambda: service.review_queue(None, None, 20))}


def test_onboarding_routes_cost_the_same_at_20k_as_at_1k(replica_for, client):  # noqa: F811
    small, large = (onboarding_costs(replica_for, client, n) for n in SIZES)
    for route in small:
        print(f"{route} at 1k: {small[route]}\n{route} at 20k: {large[route]}")
    for route in small:
        assert_flat(small[route], large[route])
