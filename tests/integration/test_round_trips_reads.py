"""Store round trips of the reads (issue 30), counted by command monitoring on the real store: a subject's reputation
reads its record, blacklist entry, decisions, live notices and the points window's violations in one aggregate, and
its signals in one find — the same answer as the separate reads gave."""

import collections
from datetime import datetime, timedelta

from services.reputation import models as reputation_models
from services.reputation import repository
from services.reputation.repository import authority, reads
from services.reputation.usecases import scores
from tests.conftest import publisher
from tests.reputation.usecases import Reputation
from tianping.infra import db
from tianping.lib import clock

from .flatcost import client, measure  # noqa: F401 (client: the fixture)
from .test_flat_cost_reputation import Relay, violation


def desk(service_db):
    database = service_db("reputation")
    db.ensure_indexes(reputation_models)
    return database, Reputation(authority.Authority(database), Relay(), publisher([]), request_key="warm-up")


def separately(service, subject_id: str, monkeypatch) -> dict:
    """The read as it was before the fold: the records' aggregate, then the violations' range in a find of its own."""
    with monkeypatch.context() as patched:
        patched.setattr(repository, "reputation_records",
                        lambda s, _since, d, n: {**reads.subject_records(s, d, n), "violations": None})
        shown = scores.shown_and_counted
        patched.setattr(scores, "shown_and_counted", lambda ctx, p, s, r, m, _recent: shown(ctx, p, s, r, m))
        return service.reputation(subject_id)


def test_a_reputation_read_is_one_aggregate_and_the_signals_find(service_db, client, monkeypatch):  # noqa: F811
    database, service = desk(service_db)
    service.record_violation(violation("read-me"))
    service.record_signal({"subject_id": "read-me", "kind": "quality_complaint"})
    answers = []
    cost = measure(client, lambda: answers.append(service.reputation("read-me")))
    sent = collections.Counter(cost.commands)
    # the records and the points window's violations in one aggregate (was a `$documents` aggregate and a find)
    assert sent == {("aggregate", "violations"): 1, ("find", "signals"): 1}, cost
    assert cost.round_trips == 2, cost  # was 3
    # the range on its index, the anchor's one document, the records joined by index
    assert all(plan != "COLLSCAN" for stage, _, plan, _ in cost.examined if "$unionWith" not in stage), cost
    assert [n for stage, _, _, n in cost.examined if "$unionWith" in stage] == [1], cost
    assert answers[0] == separately(service, "read-me", monkeypatch)
    assert answers[0]["points"] > 0 and len(answers[0]["violations"]) == 1


def test_a_page_reaching_before_the_window_and_a_frozen_subject_read_only_the_range_before_it(
        service_db, client, monkeypatch):  # noqa: F811
    database, service = desk(service_db)
    old = (clock.now() - timedelta(days=800)).isoformat()
    for subject in ("paged", "frozen"):
        service.ctx.request_key = f"{subject}-old"
        service.record_violation({**violation(subject), "occurred_at": old})
        service.ctx.request_key = f"{subject}-recent"
        service.record_violation(violation(subject))
    change = service.blacklist_add({"subject_id": "frozen", "subject_type": "merchant", "reason": "counted",
                                    "rule_ids": ["R-REP-13"]}, "admin")
    service.freeze([{**change, "committed_at": datetime.fromisoformat(change["committed_at"])}])
    for subject in ("paged", "frozen"):
        service.reputation(subject)
        answers = []
        cost = measure(client, lambda subject=subject, answers=answers: answers.append(service.reputation(subject)))
        sent = collections.Counter(cost.commands)
        # the window's violations with the records, the older page in a find of [shown_from, window start)
        frozen = {("find", "gradings"): 1} if subject == "frozen" else {}  # the grade as of the freeze (R-REP-13)
        assert sent == {("aggregate", "violations"): 1, ("find", "violations"): 1, ("find", "signals"): 1,
                        **frozen}, cost
        (older,) = [c for c in cost.examined if c[:2] == ("find", "violations")]
        assert older[3] == 1, cost  # the old violation only: the window's are not read twice
        assert len(answers[0]["violations"]) == 2 and answers[0]["frozen"] == (subject == "frozen")
        assert answers[0] == separately(service, subject, monkeypatch)


def test_a_read_without_the_anchor_answers_the_same_and_stores_it(
        service_db, client, monkeypatch):  # noqa: F811
    database, service = desk(service_db)
    service.record_violation(violation("read-me"))
    service.record_signal({"subject_id": "quiet", "kind": "quality_complaint"})  # no violation: an empty range
    assert database[reads.ANCHOR].count_documents({}) == 1  # stored with the indexes
    database[reads.ANCHOR].delete_many({})  # a database restored without it
    answers = []
    cost = measure(client, lambda: answers.append(service.reputation("read-me")))
    assert collections.Counter(cost.commands)[("aggregate", "violations")] == 1, cost  # its violation is the row
    assert answers[-1] == separately(service, "read-me", monkeypatch)
    cost = measure(client, lambda: answers.append(service.reputation("quiet")))
    assert collections.Counter(c[0] for c in cost.commands)["aggregate"] == 2, cost  # no row: the records read
    assert database[reads.ANCHOR].count_documents({}) == 1 and answers[-1]["violations"] == []
    assert answers[-1] == separately(service, "quiet", monkeypatch) == service.reputation("quiet")
    cost = measure(client, lambda: answers.append(service.reputation("quiet")))
    # the anchor's row joins the records though the range holds nothing; no record: the older page is looked for
    assert collections.Counter(cost.commands) == {("aggregate", "violations"): 1, ("find", "violations"): 1,
                                                  ("find", "signals"): 1}, cost  # was 4
    assert answers[-1] == answers[-2]
