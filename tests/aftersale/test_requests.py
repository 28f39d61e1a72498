"""The after-sale state machine, every path, each automatic transition driven by the controllable clock (nothing
sleeps), on the real store: opening and refusal, merchant and buyer moves, the deadlines that enforce themselves,
pause and resume, escalation, the survey, statistics and the violation past the breach threshold."""

from datetime import datetime

import pytest

from services.aftersale import contracts
from tests.aftersale.usecases import BUYER, MERCHANT, OPERATOR, Aftersale, order
from tianping.lib.errors import (
    AmountExceedsRefundable,
    Conflict,
    Forbidden,
    NotFound,
    RuleRefused,
    ValidationFailed,
)


@pytest.fixture
def desk(replica_for, service_db, frozen_clock):
    replica = replica_for("aftersale")
    from tianping.infra import db

    desk = Aftersale(replica, db.database({}, "aftersale"))
    desk.clock = frozen_clock
    frozen_clock.set(datetime.fromisoformat("2026-03-02T10:00:00+08:00"))
    desk.record_order(order(), "order-system")
    return desk


def trail(request: dict) -> list[str]:
    return [s["event"] for s in request["trail"]]


def open_return(desk, kind="no_reason_return", **extra):
    return desk.open({"order_id": "o1", "buyer_id": "b1", "kind": kind, **extra})


@pytest.mark.rule("R-AFT-01")
def test_no_reason_return_happy_path_to_the_refund_R_AFT_01_R_AFT_05_R_AFT_06(desk):
    r = open_return(desk)
    assert r["status"] == "awaiting_merchant" and r["due_kind"] == "respond"
    assert r["deadlines"][0]["rule_id"] == "R-AFT-05" and r["deadlines"][0]["status"] == "pending"
    desk.clock.advance(hours=3)
    r = desk.respond(r["request_id"], {"action": "accept"}, MERCHANT)
    assert r["status"] == "awaiting_return" and r["due_kind"] == "ship_return"
    r = desk.buyer(r["request_id"], {"action": "ship_return", "tracking_number": "SF123"}, BUYER)
    assert r["status"] == "return_in_transit" and r["tracking"]["number"] == "SF123"
    r = desk.respond(r["request_id"], {"action": "confirm_receipt"}, MERCHANT)
    assert r["status"] == "refund_due"
    r = desk.respond(r["request_id"], {"action": "refunded", "reference": "pay-9"}, MERCHANT)
    assert r["status"] == "completed" and r["closed_at"] and r["due_at"] is None
    assert trail(r) == ["opened", "accepted", "return_shipped", "receipt_confirmed", "refunded"]
    assert {d["status"] for d in r["deadlines"]} == {"cancelled"}  # every clock retired by the action that met it
    assert desk.sweep()["fired"] == 0
    changes = desk.events("request_changed")
    assert [c["status"] for c in changes] == ["awaiting_merchant", "awaiting_return", "return_in_transit",
                                              "refund_due", "completed"]
    assert desk.events("signal_observed")[0] == {**desk.events("signal_observed")[0], "kind": "aftersale_response",
                                                 "value": 3.0, "subject_id": "m1"}


def test_no_response_in_48_hours_approves_automatically_and_counts_a_breach_R_AFT_05(desk):
    r = open_return(desk)
    desk.clock.advance(hours=47, minutes=59)
    assert desk.sweep()["fired"] == 0
    desk.clock.advance(minutes=1)
    assert desk.sweep()["fired"] == 1
    r = desk.get(r["request_id"])
    assert r["status"] == "awaiting_return" and trail(r) == ["opened", "deadline_breached", "auto_approved"]
    automatic = desk.audit.collection.find_one({"action": "auto_approved"})
    assert automatic["actor"] == "aftersale" and automatic["rule_ids"] == ["R-AFT-05"] and desk.audit.verify().ok
    assert r["trail"][-1]["actor"] == "aftersale" and r["trail"][-1]["rule_ids"] == ["R-AFT-05"]
    assert r["breaches"] == 1
    assert desk.sweep()["fired"] == 0  # fired once
    assert [s["kind"] for s in desk.events("signal_observed")] == ["deadline_breach"]
    with pytest.raises(Conflict):  # the merchant's late answer finds the request moved on
        desk.respond(r["request_id"], {"action": "reject", "reason": "too late"}, MERCHANT)


@pytest.mark.rule("R-AFT-01")
def test_buyer_who_does_not_ship_in_seven_days_lapses_R_AFT_01(desk):
    r = open_return(desk)
    desk.respond(r["request_id"], {"action": "accept"}, MERCHANT)  # accepted on 2 March, 10:00 local
    desk.clock.set(datetime.fromisoformat("2026-03-09T23:59:59+08:00"))
    assert desk.sweep()["fired"] == 0
    desk.clock.advance(seconds=1)
    assert desk.sweep()["fired"] == 1
    r = desk.get(r["request_id"])
    assert r["status"] == "lapsed" and r["breaches"] == 0 and trail(r)[-1] == "lapsed"


def test_unconfirmed_receipt_is_confirmed_after_72_hours_then_a_missed_refund_is_a_breach_R_AFT_07(desk):
    r = open_return(desk)
    desk.respond(r["request_id"], {"action": "accept"}, MERCHANT)
    desk.buyer(r["request_id"], {"action": "ship_return", "tracking_number": "SF1"}, BUYER)
    desk.clock.advance(hours=72)
    desk.sweep()
    r = desk.get(r["request_id"])
    assert r["status"] == "refund_due" and "receipt_auto_confirmed" in trail(r)
    desk.clock.advance(days=8)
    desk.sweep()
    r = desk.get(r["request_id"])
    assert r["status"] == "refund_due" and trail(r)[-2:] == ["deadline_breached", "refund_overdue"]
    assert r["breaches"] == 2
    # stalled: the buyer may escalate; the dispute service gets the whole history
    r = desk.escalate(r["request_id"], {"reason": "no refund after 8 days"}, BUYER)
    assert r["status"] == "escalated"
    escalated = desk.events("request_escalated")[0]
    assert escalated["previous"] == "refund_due" and len(escalated["history"]) == len(r["history"])
    assert escalated["trail"] == escalated["history"]  # deprecated copy for v1 consumers


def test_a_question_to_the_buyer_stops_the_merchants_clock_and_the_reply_restarts_it(desk):
    r = open_return(desk)
    desk.clock.advance(hours=40)                       # 8 hours of the merchant's 48 left
    r = desk.respond(r["request_id"], {"action": "request_info", "reason": "photo of the seal?"}, MERCHANT)
    assert r["status"] == "awaiting_buyer_info"
    respond_clock = next(d for d in r["deadlines"] if d["kind"] == "respond")
    assert respond_clock["status"] == "paused" and respond_clock["seconds_left"] == 8 * 3600
    desk.clock.advance(days=3)                         # the buyer takes 3 days: the merchant's clock does not run
    assert desk.sweep()["fired"] == 0
    r = desk.buyer(r["request_id"], {"action": "reply", "message": "photo attached"}, BUYER)
    assert r["status"] == "awaiting_merchant"
    desk.clock.advance(hours=7, minutes=59)
    assert desk.sweep()["fired"] == 0
    desk.clock.advance(minutes=1)
    assert desk.sweep()["fired"] == 1
    assert desk.get(r["request_id"])["status"] == "awaiting_return"


def test_a_redelivered_answer_is_applied_once_and_answers_with_the_request(desk):
    """service.respond is keyed by the request key its move records (no command log): a redelivery, even after the
    buyer's reply put the request back where the first delivery found it, asks nothing again and promises no money
    twice; another key's answer to a request that moved on is still refused."""
    r = open_return(desk)
    desk.ctx.request_key = "answer-1"
    asked = desk.respond(r["request_id"], {"action": "request_info", "reason": "photo of the seal?"}, MERCHANT)
    desk.ctx.request_key = "reply-1"
    desk.buyer(r["request_id"], {"action": "reply", "message": "photo attached"}, BUYER)
    desk.ctx.request_key = "answer-1"  # the first answer delivered again: the request is awaiting the merchant again
    again = desk.respond(r["request_id"], {"action": "request_info", "reason": "photo of the seal?"}, MERCHANT)
    assert again["status"] == "awaiting_merchant" and trail(again) == ["opened", "info_requested", "info_provided"]
    assert asked["status"] == "awaiting_buyer_info"
    desk.ctx.request_key = "answer-2"
    accepted = desk.respond(r["request_id"], {"action": "accept"}, MERCHANT)
    assert desk.respond(r["request_id"], {"action": "accept"}, MERCHANT) == accepted  # redelivered: the same answer
    desk.ctx.request_key = "answer-3"  # a new answer to a request that moved on is refused, as before
    with pytest.raises(Conflict):
        desk.respond(r["request_id"], {"action": "accept"}, MERCHANT)
    assert trail(desk.get(r["request_id"])) == ["opened", "info_requested", "info_provided", "accepted"]


def test_a_buyer_who_never_answers_the_question_lapses_and_the_paused_clock_is_retired(desk):
    r = open_return(desk)
    desk.respond(r["request_id"], {"action": "request_info", "reason": "which size?"}, MERCHANT)
    desk.clock.advance(days=9)
    assert desk.sweep()["fired"] == 1
    r = desk.get(r["request_id"])
    assert r["status"] == "lapsed" and {d["kind"]: d["status"] for d in r["deadlines"]} == {
        "respond": "cancelled", "answer_info": "fired"}


def test_partial_refund_proposal_accepted_and_declined_R_AFT_08(desk):
    r = open_return(desk, "quality_return", reason="scratched")
    with pytest.raises(AmountExceedsRefundable) as too_much:
        desk.respond(r["request_id"], {"action": "propose_partial_refund", "amount": "2500.00", "reason": "x"},
                     MERCHANT)
    assert too_much.value.fields["ceiling"] == ["1999.00"] and "at most 1999.00" in too_much.value.message
    r = desk.respond(r["request_id"], {"action": "propose_partial_refund", "amount": "300.00",
                                       "reason": "keep it, 300 back"}, MERCHANT)
    assert r["status"] == "awaiting_buyer_decision" and r["proposal"]["amount"] == "300.00"
    r = desk.buyer(r["request_id"], {"action": "decline_proposal", "message": "no"}, BUYER)
    assert r["status"] == "awaiting_merchant" and r["due_kind"] == "respond"
    r = desk.respond(r["request_id"], {"action": "propose_repair", "reason": "we repair it"}, MERCHANT)
    r = desk.buyer(r["request_id"], {"action": "accept_proposal"}, BUYER)
    assert r["status"] == "awaiting_return" and r["kind"] == "repair"
    desk.buyer(r["request_id"], {"action": "ship_return", "tracking_number": "SF2"}, BUYER)
    r = desk.respond(r["request_id"], {"action": "confirm_receipt"}, MERCHANT)
    assert r["status"] == "fulfilment_due"
    r = desk.respond(r["request_id"], {"action": "fulfilled", "reference": "SF-back-3"}, MERCHANT)
    assert r["status"] == "completed"
    assert [s["kind"] for s in desk.events("signal_observed")] == ["quality_complaint", "aftersale_response"]


def test_rejection_then_escalation_and_one_survey_R_AFT_16_R_AFT_21_R_DSP_01(desk):
    r = open_return(desk)
    with pytest.raises(ValidationFailed):
        desk.respond(r["request_id"], {"action": "reject"}, MERCHANT)  # a rejection gives its reason
    r = desk.respond(r["request_id"], {"action": "reject", "reason": "used goods"}, MERCHANT)
    assert r["status"] == "rejected" and r["trail"][-1]["reasons"] == ["used goods"]
    r = desk.survey(r["request_id"], {"satisfaction": 2, "resolved": False}, BUYER)
    assert r["survey"]["satisfaction"] == 2
    with pytest.raises(Conflict):
        desk.survey(r["request_id"], {"satisfaction": 5, "resolved": True}, BUYER)
    r = desk.escalate(r["request_id"], {"reason": "the goods were sealed"}, BUYER)
    assert r["status"] == "escalated"
    stats = desk.stats("m1", "30d")
    assert stats["requests"] == 1 and stats["acceptance_rate"] == 0.0 and stats["satisfaction_mean"] == 2.0


def test_an_open_request_can_be_withdrawn_but_not_escalated_before_it_stalls(desk):
    r = open_return(desk)
    with pytest.raises(Conflict):
        desk.escalate(r["request_id"], {"reason": "impatient"}, BUYER)
    r = desk.buyer(r["request_id"], {"action": "withdraw", "message": "changed my mind"}, BUYER)
    assert r["status"] == "withdrawn" and r["deadlines"][0]["status"] == "cancelled"
    with pytest.raises(Conflict):
        desk.buyer(r["request_id"], {"action": "withdraw"}, BUYER)


@pytest.mark.rule("R-AFT-01")
def test_refused_requests_are_recorded_with_the_rule_and_can_be_escalated_R_AFT_01(desk):
    desk.record_order(order("o2", exclusion="fresh_perishable"), "order-system")
    r = desk.open({"order_id": "o2", "buyer_id": "b1", "kind": "no_reason_return"})
    assert r["status"] == "refused" and r["decision_rule_ids"] == ["R-AFT-01"] and r["deadlines"] == []
    assert "fresh and perishable" in r["trail"][0]["reasons"][0]
    assert desk.escalate(r["request_id"], {"reason": "it was not fresh food"}, BUYER)["status"] == "escalated"


def test_parties_act_only_on_their_own_requests(desk):
    with pytest.raises(Forbidden):
        desk.open({"order_id": "o1", "buyer_id": "someone-else", "kind": "refund_only"})
    r = open_return(desk)
    with pytest.raises(Forbidden):
        desk.respond(r["request_id"], {"action": "accept"}, {"id": "m2"})
    with pytest.raises(Forbidden):
        desk.buyer(r["request_id"], {"action": "withdraw"}, {"id": "b2"})
    with pytest.raises(Forbidden):
        desk.get(r["request_id"], {"id": "stranger"})
    r = desk.respond(r["request_id"], {"action": "accept"}, OPERATOR)  # an operator acts on the merchant's behalf
    assert r["trail"][-1]["actor"] == "platform:op1"


BAD = [({"order_id": "o1", "buyer_id": "b1", "kind": "teleport"}, "kind"),
       ({"order_id": "o1", "buyer_id": "b1", "kind": "repair"}, "reason"),
       ({"order_id": "o1", "buyer_id": "b1", "kind": "refund_only", "skus": ["not-in-order"]}, "skus"),
       ({"order_id": "o1", "buyer_id": "b1", "kind": "refund_only", "extra": 1}, "extra"),
       ({"order_id": "bad id", "buyer_id": "b1", "kind": "refund_only"}, "order_id")]


@pytest.mark.parametrize("body, field", BAD, ids=[b[1] for b in BAD])
def test_bad_requests_name_the_field_and_store_nothing(desk, body, field):
    with pytest.raises(ValidationFailed) as refused:
        desk.open(body)
    assert field in refused.value.fields
    from services.aftersale import models

    assert models.Request.objects.count() == 0 and desk.book.collection.count_documents({}) == 0


def test_unknown_order_is_404(desk):
    with pytest.raises(NotFound):
        desk.open({"order_id": "o404", "buyer_id": "b1", "kind": "refund_only"})


def test_orders_are_recorded_once_and_only_move_forward_R_XC_01_R_XC_02(desk):
    undelivered = order("o3", delivered=None, paid="2026-03-01T10:00:00.123456+08:00")
    assert desk.record_order(undelivered, "order-system")["delivered_at"] is None
    desk.clock.set(datetime.fromisoformat("2026-03-03T09:00:00+08:00"))  # a delivery is recorded once it happened
    later = desk.record_order({**undelivered, "delivered_at": "2026-03-03T09:00:00+08:00"}, "order-system")
    assert later["delivered_at"] and [s["event"] for s in later["history"]] == ["recorded", "progressed"]
    with pytest.raises(Conflict) as rewritten:
        desk.record_order({**undelivered, "total_amount": "1.00"}, "order-system")
    assert "total_amount" in rewritten.value.fields
    with pytest.raises(ValidationFailed) as no_consent:
        desk.record_order({**order("o4"), "receipt": {"type": "e_receipt", "reference": "x"}}, "order-system")
    assert "receipt" in no_consent.value.fields  # R-AFT-14: an electronic receipt needs the consumer's consent


@pytest.mark.rule("R-AFT-03")
@pytest.mark.rule("R-AFT-16")
@pytest.mark.rule("R-AFT-21")
def test_every_closed_request_is_followed_up_by_a_survey_open_through_its_last_day_R_AFT_16_R_AFT_21(desk):
    """Closed on 2 March (Asia/Shanghai): the survey is open through 9 March, closed from 10 March 00:00; the
    period's statistics report the answers."""
    closed = []
    for _ in range(2):
        r = desk.respond(open_return(desk)["request_id"], {"action": "reject", "reason": "used goods"}, MERCHANT)
        assert r["survey_invitation"]["answer_by"].startswith("2026-03-09T16:00:00")  # 10 March, 00:00 local
        closed.append(r)
    first, second = closed
    desk.clock.set(datetime.fromisoformat("2026-03-09T23:59:00+08:00"))
    answered = desk.survey(first["request_id"], {"satisfaction": 2, "resolved": False}, BUYER)
    assert answered["survey"]["satisfaction"] == 2
    desk.clock.set(datetime.fromisoformat("2026-03-10T00:00:00+08:00"))
    with pytest.raises(Conflict) as late:
        desk.survey(second["request_id"], {"satisfaction": 5, "resolved": True}, BUYER)
    assert late.value.fields["rule_ids"] == ["R-AFT-16"]
    stats = desk.stats("m1", "30d")
    assert (stats["surveys"], stats["satisfaction_mean"], stats["unresolved_share"]) == (1, 2.0, 1.0)


@pytest.mark.rule("R-AFT-14")
def test_an_electronic_receipt_needs_the_consumers_stored_consent_R_AFT_14(desk):
    unconsented = {"type": "e_receipt", "reference": "inv-9", "consumer_consented": False}
    with pytest.raises(ValidationFailed) as refused:
        desk.record_order(order("o-r1") | {"receipt": unconsented}, "order-system")
    assert refused.value.fields["rule_ids"] == ["R-AFT-14"]
    with pytest.raises(NotFound):
        desk.order("o-r1")  # nothing stored
    paper = desk.record_order(order("o-r2") | {"receipt": {"type": "paper_receipt", "reference": "p-1"}}, "ops")
    assert paper["receipt"]["type"] == "paper_receipt"
    stored = desk.record_order(order("o-r3") | {"receipt": {**unconsented, "consumer_consented": True}}, "ops")
    assert stored["receipt"]["consumer_consented"] is True


def test_requests_use_the_terms_in_force_when_the_order_was_paid_R_AFT_03_R_AFT_04(desk):
    terms = {"response_hours": 24, "return_days": 10, "warranty_days": 365, "return_policy": "10 days",
             "warranty_policy": "1 year", "service_hours": "9-18", "repair_contacts": [{"name": "desk",
                                                                                      "phone": "400-123-4567"}]}
    with pytest.raises(RuleRefused) as worse:
        desk.publish_terms("m1", {**terms, "response_hours": 72}, "m1")
    assert "response_hours" in worse.value.fields
    assert desk.terms("m1")["platform_default"] is True
    published = desk.publish_terms("m1", terms, "m1")        # published 2 March: after order o1 was paid
    assert published["version"] == 1 and desk.terms("m1")["response_hours"] == 24
    assert desk.publish_terms("m1", terms, "m1")["version"] == 1  # the same terms again: no new version
    old = open_return(desk)
    assert old["terms"]["response_hours"] == 48               # o1 was paid on 1 March, under the defaults
    desk.clock.set(datetime.fromisoformat("2026-03-02T12:00:00+08:00"))  # o5 is paid and delivered by now
    desk.record_order(order("o5", paid="2026-03-02T11:00:00+08:00", delivered="2026-03-02T12:00:00+08:00"),
                      "order-system")
    new = desk.open({"order_id": "o5", "buyer_id": "b1", "kind": "no_reason_return"})
    assert new["terms"]["response_hours"] == 24 and new["terms"]["version"] == 1


def test_the_services_terms_cache_answers_as_the_store_does_and_reads_once_per_merchant(desk, monkeypatch):
    """The service remembers the terms in force per merchant (usecases/terms_cache.py): the same answers as the
    store, for orders paid before and after a publication, with one read for several requests, none re-read while it
    holds, and a publication in this process forgetting the merchant at once."""
    from services.aftersale import repository
    from services.aftersale.usecases.terms_cache import TermsCache

    reads = []
    read = repository.terms_in_force
    monkeypatch.setattr(repository, "terms_in_force", lambda *args: reads.append(args) or read(*args))
    desk.ctx.terms_cache = TermsCache()
    for n in (2, 3):
        desk.record_order(order(f"o{n}"), "order-system")
    assert [desk.open({"order_id": f"o{n}", "buyer_id": "b1", "kind": "no_reason_return"})["terms"]["response_hours"]
            for n in (1, 2)] == [48, 48]
    assert len(reads) == 1  # the second request's order was paid before what is remembered: no read
    terms = {"response_hours": 24, "return_days": 10, "warranty_days": 365, "return_policy": "10 days",
             "warranty_policy": "1 year", "service_hours": "9-18",
             "repair_contacts": [{"name": "desk", "phone": "400-123-4567"}]}
    desk.publish_terms("m1", terms, "m1")  # 2 March 10:00, after o1-o3 were paid
    assert desk.open({"order_id": "o3", "buyer_id": "b1", "kind": "no_reason_return"})["terms"]["version"] == 0
    desk.clock.set(datetime.fromisoformat("2026-03-02T12:00:00+08:00"))
    desk.record_order(order("o5", paid="2026-03-02T11:00:00+08:00", delivered="2026-03-02T12:00:00+08:00"),
                      "order-system")
    desk.record_order(order("o6", paid="2026-03-02T11:58:00+08:00", delivered="2026-03-02T12:00:00+08:00"),
                      "order-system")  # paid two minutes ago: too recent to remember, read as before
    for order_id in ("o5", "o6"):
        opened = desk.open({"order_id": order_id, "buyer_id": "b1", "kind": "no_reason_return"})
        assert opened["terms"]["version"] == 1 and opened["terms"]["response_hours"] == 24


@pytest.mark.rule("R-AFT-15")
def test_breaches_past_the_threshold_report_one_violation_a_month_R_AFT_15(desk):
    for n in range(4):
        desk.record_order(order(f"ob{n}"), "order-system")
        desk.open({"order_id": f"ob{n}", "buyer_id": "b1", "kind": "refund_only"})
    desk.clock.advance(hours=49)
    swept = desk.sweep()
    assert swept["fired"] == 4, swept
    violations = desk.events("violation_detected")
    assert len(violations) == 2 and {v["dedupe_key"] for v in violations} == {"aftersale-breaches:m1:2026-03"}
    assert violations[0]["rule_id"] == "R-AFT-15"
    assert desk.stats("m1", "30d")["deadline_breaches"] == 4
    assert desk.stats("m1", "90d")["requests"] == 4
    with pytest.raises(ValidationFailed):
        desk.stats("m1", "7d")


def test_blacklisted_merchant_buyers_keep_their_rights_and_the_platform_owns_the_clock(desk):
    from tests.conftest import change

    r = open_return(desk)
    desk.ctx.replica.apply([change(1, "m1")], reaction=desk.react)
    desk.ctx.replica.apply([change(1, "m1")], reaction=desk.react)  # a redelivered change is applied once
    r = desk.get(r["request_id"])
    assert trail(r).count("platform_took_over") == 1
    assert r["deadline_owner"] == "platform" and trail(r)[-1] == "platform_took_over"
    desk.clock.advance(hours=48)
    desk.sweep()
    r = desk.get(r["request_id"])
    assert r["status"] == "awaiting_return" and r["trail"][-1]["actor"] == "platform"
    assert not desk.events("signal_observed")  # the platform's clock is not held against the merchant's score


def test_request_events_follow_their_contract():
    assert {e.name for e in contracts.EVENTS} == {"request_changed", "request_escalated", "violation_detected",
                                                  "signal_observed"}


def test_a_closed_request_carries_its_retention_class_and_earliest_purge_R_XC_02(desk):
    """Transaction data is kept at least 3 calendar years from completion (R-XC-02): a request closed on 2026-03-02
    (Shanghai) is kept through 2029-03-02, the anniversary day included; an open one carries no purge date yet."""
    r = open_return(desk)
    assert r["retain_until"] is None and r["retention_class"] is None
    desk.clock.set(datetime.fromisoformat("2026-03-02T23:59:00+08:00"))
    r = desk.buyer(r["request_id"], {"action": "withdraw", "message": "changed my mind"}, BUYER)
    assert r["retention_class"] == "transaction"
    assert r["retain_until"] == "2029-03-02T16:00:00+00:00"  # 2029-03-03 00:00 in Shanghai: the day after


def test_the_purge_minimises_a_request_only_after_its_three_years_R_XC_02(desk):
    """Through the anniversary day the request is untouched; from the next day the purge replaces the buyer with a
    random token and removes the free texts, keeping kind, amounts, states and rule IDs; once, and audited."""
    from services.aftersale import models
    from tianping.platform import retention

    r = open_return(desk)
    desk.buyer(r["request_id"], {"action": "withdraw", "message": "changed my mind"}, BUYER)
    desk.clock.set(datetime.fromisoformat("2029-03-02T23:59:59+08:00"))  # the third anniversary, still kept
    assert desk.purge()["minimised"] == 0
    desk.clock.set(datetime.fromisoformat("2029-03-03T00:00:00+08:00"))
    assert desk.purge()["request_ids"] == [r["request_id"]]
    assert desk.purge()["minimised"] == 0  # once
    stored = models.Request.objects(request_id=r["request_id"]).first()
    assert stored.buyer_id.startswith("anon:") and stored.reason in ("", retention.REMOVED) and stored.minimised_at
    assert stored.status == "withdrawn" and stored.kind == r["kind"] and stored.trail[-1].event
    assert all(step.reasons == [] for step in stored.trail)
    entry = desk.audit.collection.find_one({"action": "request_personal_data_minimised"})
    assert entry["rule_ids"] == ["R-XC-02"] and entry["record"] == f"request:{r['request_id']}"


def test_an_order_is_kept_three_years_from_its_completion_R_XC_02(desk):
    """Recorded before delivery, an order's window runs from payment (a lower bound); the delivery feed moves it to
    three calendar years after delivery, the anniversary day included."""
    paid = order("ret-o1", delivered=None)
    recorded = desk.record_order(paid, "feed")
    assert recorded["retention_class"] == "transaction"
    at = datetime.fromisoformat
    assert at(recorded["retain_until"]) == at("2029-03-02T00:00:00+08:00")  # paid 2026-03-01 in Shanghai
    desk.clock.set(datetime.fromisoformat("2026-03-05T09:00:00+08:00"))
    delivered = desk.record_order({**paid, "delivered_at": "2026-03-05T09:00:00+08:00"}, "feed")
    assert at(delivered["retain_until"]) == at("2029-03-06T00:00:00+08:00")  # delivered the 5th
