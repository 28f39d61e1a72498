"""Mediation, every transition and every deadline driven by the controllable clock (nothing sleeps), on the real
store: opening (own order, one open case per order, from an after-sale escalation), evidence, proposals and answers,
resolution, defaults, withdrawal, external routes, advance compensation and recovery, identity disclosure, public
statistics from the daily aggregate, and the blacklist reaction."""

from datetime import datetime, timedelta

import pytest

from tests.conftest import change
from tests.dispute.usecases import BUYER, MEDIATOR, MERCHANT, Disputes, money_desk
from tianping.lib.errors import AmountExceedsRefundable, Conflict, Forbidden, NotFound, ValidationFailed

FILE = {"sha256": "a" * 64, "bytes": 2048, "name": "unboxing.mp4"}


@pytest.fixture
def desk(replica_for, service_db, frozen_clock):
    from tianping.infra import db

    replica = replica_for("dispute")
    frozen_clock.set(datetime.fromisoformat("2026-03-02T10:00:00+08:00"))
    desk = Disputes(replica, db.database({}, "dispute"), aftersale=money_desk(replica, service_db("aftersale")))
    desk.clock = frozen_clock
    frozen_clock.set(datetime.fromisoformat("2026-03-02T10:00:00+08:00"))
    return desk


def open_case(desk, order="o1", amount="1999.00"):
    return desk.open({"order_id": order, "consumer_id": "b1", "claim": "the jade is glass", "amount_claimed": amount})


def events(case):
    return [s["event"] for s in case["trail"]]


@pytest.mark.rule("R-DSP-01", "R-DSP-04")
def test_open_answer_evidence_proposal_accepted_by_both_R_DSP_02_R_DSP_04_R_DSP_09_R_DSP_13(desk):
    case = open_case(desk)
    assert case["status"] == "awaiting_merchant" and case["deadlines"][0]["kind"] == "merchant_response"
    assert "R-DSP-02" in case["trail"][0]["rule_ids"]
    case = desk.evidence(case["case_id"], {"text": "test report attached", "files": [FILE]}, BUYER)
    assert case["status"] == "awaiting_merchant" and case["evidence"][0]["side"] == "buyer"
    case = desk.evidence(case["case_id"], {"text": "it is jade"}, MERCHANT)  # the merchant's answer
    assert case["status"] == "evidence" and case["due_kind"] == "evidence"
    with pytest.raises(Forbidden):
        desk.propose(case["case_id"], {"outcome": "buyer_favoured", "reasoning": "x"}, BUYER)
    case = desk.propose(case["case_id"], {"outcome": "partial_refund", "amount": "500.00",
                                          "reasoning": "the lab report is ambiguous"}, MEDIATOR)
    assert case["status"] == "mediation" and case["due_kind"] == "answer"
    case = desk.answer(case["case_id"], {"accept": True}, BUYER)
    assert case["status"] == "mediation"
    with pytest.raises(Conflict):
        desk.answer(case["case_id"], {"accept": False}, BUYER)  # once per side
    case = desk.answer(case["case_id"], {"accept": True}, MERCHANT)
    assert case["status"] == "resolved" and case["outcome"] == "partial_refund" and case["decided_amount"] == "500.00"
    assert case["due_kind"] == "payment"
    assert [v["rule_id"] for v in desk.events("violation_detected")] == ["R-AFT-06"]
    assert [(s["subject_id"], s["kind"], s["value"]) for s in desk.events("signal_observed")] == [
        ("m1", "dispute_decided", "merchant_fault"), ("b1", "buyer_dispute_decided", "merchant_fault")]  # R-REP-05
    audited = [e["action"] for e in desk.audit.collection.find().sort("_id", 1)]
    assert audited == ["opened", "merchant_answered", "proposed", "resolved_partial_refund"]
    assert desk.audit.verify().ok
    case = desk.paid(case["case_id"], {"reference": "pay-1"}, MERCHANT)
    assert case["paid_by_merchant"] == "pay-1" and case["due_at"] is None
    assert desk.sweep()["fired"] == 0
    with pytest.raises(AmountExceedsRefundable) as above:  # 500.00 of the 1999.00 paid was decided
        open_case(desk)
    assert above.value.fields["ceiling"] == ["1499.00"]
    open_case(desk, amount="1499.00")  # the first case is closed: the order may be disputed again, for what is left


@pytest.mark.rule("R-DSP-01", "R-DSP-04")
def test_a_rejected_proposal_goes_back_to_the_mediator_who_resolves_R_DSP_01_R_REP_05(desk):
    case = open_case(desk)
    desk.evidence(case["case_id"], {"text": "it is jade"}, MERCHANT)
    desk.propose(case["case_id"], {"outcome": "buyer_favoured", "reasoning": "glass"}, MEDIATOR)
    case = desk.answer(case["case_id"], {"accept": False, "comment": "no"}, MERCHANT)
    assert case["status"] == "mediation" and case["proposal"] == {} and case["due_at"] is None
    case = desk.resolve(case["case_id"], {"outcome": "merchant_favoured", "reasoning": "lab says jade"}, MEDIATOR)
    assert case["outcome"] == "merchant_favoured" and case["decided_amount"] is None and case["due_at"] is None
    assert desk.events("signal_observed")[0]["value"] == "consumer_fault" and not desk.events("violation_detected")


def test_a_merchant_who_never_answers_loses_by_default_on_the_day_R_DSP_10(desk):
    case = open_case(desk)  # opened 2 March: 3 days counted from the 3rd, ends at midnight of the 5th/6th
    desk.clock.set(datetime.fromisoformat("2026-03-05T23:59:59+08:00"))
    assert desk.sweep()["fired"] == 0
    desk.clock.set(datetime.fromisoformat("2026-03-06T00:00:00+08:00"))
    assert desk.sweep()["fired"] == 1
    case = desk.get(case["case_id"])
    assert case["status"] == "resolved" and case["outcome"] == "buyer_favoured"
    assert case["decided_amount"] == "1999.00" and case["advance_compensation_available"] is True
    assert "merchant_unreachable" in case["flags"] and case["trail"][-1]["actor"] == "dispute"
    assert desk.sweep()["fired"] == 0


def test_evidence_period_closes_into_mediation_and_silence_accepts_the_proposal(desk):
    case = open_case(desk)
    desk.evidence(case["case_id"], {"text": "it is jade"}, MERCHANT)
    desk.clock.advance(days=6)
    assert desk.sweep()["fired"] == 1
    case = desk.get(case["case_id"])
    assert case["status"] == "mediation" and "evidence_closed" in events(case)
    with pytest.raises(Conflict):
        desk.evidence(case["case_id"], {"text": "late"}, BUYER)
    desk.propose(case["case_id"], {"outcome": "buyer_favoured", "reasoning": "glass"}, MEDIATOR)
    desk.answer(case["case_id"], {"accept": True}, BUYER)
    desk.clock.advance(days=6)
    assert desk.sweep()["fired"] == 1
    case = desk.get(case["case_id"])
    assert case["status"] == "resolved" and case["outcome"] == "buyer_favoured"
    assert "proposal_deemed_accepted" in events(case)


@pytest.mark.rule("R-DSP-06")
def test_unpaid_decision_opens_advance_compensation_capped_at_the_decided_amount_and_a_recovery_claim_R_DSP_06(desk):
    case = open_case(desk, amount="800.00")
    desk.evidence(case["case_id"], {"text": "no"}, MERCHANT)
    with pytest.raises(Conflict):  # not decided yet
        desk.compensate(case["case_id"], {"amount": "1.00", "reason": "x"}, MEDIATOR)
    case = desk.resolve(case["case_id"], {"outcome": "buyer_favoured", "reasoning": "glass"}, MEDIATOR)
    with pytest.raises(Conflict):  # the merchant may still pay
        desk.compensate(case["case_id"], {"amount": "1.00", "reason": "x"}, MEDIATOR)
    desk.clock.advance(days=5)
    assert desk.sweep()["fired"] == 1
    case = desk.get(case["case_id"])
    assert case["advance_compensation_available"] and "merchant_refused_payment" in case["flags"]
    paid = desk.compensate(case["case_id"], {"amount": "600.00", "reason": "merchant refused"}, MEDIATOR)
    with pytest.raises(AmountExceedsRefundable) as too_much:  # the ledger: never above what the decision owes
        desk.compensate(case["case_id"], {"amount": "200.01", "reason": "more"}, MEDIATOR)
    assert too_much.value.fields["amount"] == ["at most 200.00"]
    desk.compensate(case["case_id"], {"amount": "200.00", "reason": "the rest"}, MEDIATOR)
    assert desk.get(case["case_id"])["compensated"] == "800.00"
    claims = desk.claims("m1", "open", None)["items"]
    assert len(claims) == 2 and {c["amount"] for c in claims} == {"600.00", "200.00"}
    settled = desk.settle(paid["recovery_claim_id"], {"status": "recovered", "reference": "deducted"}, MEDIATOR)
    assert settled["status"] == "recovered"
    with pytest.raises(Conflict):
        desk.settle(paid["recovery_claim_id"], {"status": "written_off", "reference": "x"}, MEDIATOR)
    assert desk.stats("2026-03-01", "2026-03-31")["advance_compensation_paid"] == "800.00"
    money = desk.ledger("o1")  # the order's ledger (aftersale's) holds the decision, both payouts, the recovery
    assert (money["paid"], money["committed"], money["compensated"], money["recovered"], money["unrecovered"],
            money["refundable"]) == ("1999.00", "800.00", "800.00", "600.00", "200.00", "1199.00")
    assert [e["kind"] for e in money["entries"]] == ["dispute_decision", "advance_compensation",
                                                     "advance_compensation", "recovery"]


@pytest.mark.rule("R-DSP-06", "R-DSP-07")
def test_blacklisted_merchant_opens_advance_compensation_on_open_cases_R_DSP_06_R_DSP_07(desk):
    case = open_case(desk)
    assert case["advance_compensation_available"] is False
    desk.ctx.replica.apply([change(1, "m1")], reaction=desk.react)
    desk.react([change(1, "m1")])  # re-run: no second flag
    case = desk.get(case["case_id"])
    assert case["flags"] == ["merchant_blacklisted"] and case["advance_compensation_available"] is True
    assert events(case).count("merchant_blacklisted") == 1


def test_parties_see_only_their_own_cases_and_one_open_case_per_order(desk):
    case = open_case(desk)
    with pytest.raises(Forbidden):
        desk.get(case["case_id"], {"id": "b2"})
    with pytest.raises(Forbidden):
        desk.get(case["case_id"], {"id": "m2", "role": "merchant"})
    assert desk.get(case["case_id"], MERCHANT)["case_id"] == case["case_id"]
    with pytest.raises(Conflict):
        open_case(desk)
    with pytest.raises(Forbidden):
        desk.open({"order_id": "o1", "consumer_id": "b2", "claim": "x", "amount_claimed": "1.00"})
    with pytest.raises(NotFound):
        desk.open({"order_id": "o404", "consumer_id": "b1", "claim": "x", "amount_claimed": "1.00"})
    assert [c["case_id"] for c in desk.list(BUYER)["items"]] == [case["case_id"]]
    assert desk.list({"id": "b2"})["items"] == []
    assert desk.list(MERCHANT)["items"][0]["case_id"] == case["case_id"]
    assert desk.list(MEDIATOR, "awaiting_merchant")["items"][0]["case_id"] == case["case_id"]


BAD = [({"order_id": "o2", "consumer_id": "b1", "claim": "x", "amount_claimed": "51.00"}, "amount_claimed"),
       ({"order_id": "o2", "consumer_id": "b1", "claim": "", "amount_claimed": "1.00"}, "claim"),
       ({"order_id": "o2", "consumer_id": "b1", "claim": "x", "amount_claimed": "NaN"}, "amount_claimed"),
       ({"order_id": "o2", "consumer_id": "b1", "claim": "x"}, "amount_claimed"),
       ({"order_id": "o2", "consumer_id": "b1", "claim": "x", "amount_claimed": "1", "x": 1}, "x")]


@pytest.mark.parametrize("body, field", BAD, ids=[b[1] + str(i) for i, b in enumerate(BAD)])
def test_bad_cases_name_the_field_and_store_nothing(desk, body, field):
    with pytest.raises(ValidationFailed) as refused:
        desk.open(body)
    assert field in refused.value.fields
    from services.dispute import models

    assert models.Case.objects.count() == 0 and desk.book.collection.count_documents({}) == 0


def test_evidence_files_are_limited_per_side_R_DSP_15(desk):
    case = open_case(desk)
    desk.evidence(case["case_id"], {"files": [dict(FILE, sha256=f"{i:064x}") for i in range(10)]}, BUYER)
    with pytest.raises(ValidationFailed):
        desk.evidence(case["case_id"], {"files": [FILE]}, BUYER)
    with pytest.raises(ValidationFailed):
        desk.evidence(case["case_id"], {"files": [dict(FILE, sha256="not-hex")]}, MERCHANT)
    desk.evidence(case["case_id"], {"files": [FILE]}, MERCHANT)  # the merchant's own allowance


@pytest.mark.rule("R-DSP-13")
def test_a_merchant_answering_on_a_live_sold_order_provides_the_livestream_recording_R_DSP_13(desk):
    case = open_case(desk, order="o3")
    assert case["room_id"] == "r1"
    with pytest.raises(ValidationFailed) as refused:
        desk.evidence(case["case_id"], {"text": "it is jade", "files": [FILE]}, MERCHANT)
    assert refused.value.fields["rule_ids"] == ["R-DSP-13"]
    assert desk.get(case["case_id"])["status"] == "awaiting_merchant" and not desk.get(case["case_id"])["evidence"]
    desk.evidence(case["case_id"], {"text": "the buyer's view", "files": [FILE]}, BUYER)  # the buyer needs none
    recording = dict(FILE, sha256="b" * 64, name="room-r1.mp4", kind="livestream_recording")
    case = desk.evidence(case["case_id"], {"text": "it is jade, as shown live", "files": [recording]}, MERCHANT)
    assert case["status"] == "evidence" and case["evidence"][-1]["files"][0]["kind"] == "livestream_recording"
    case = desk.evidence(case["case_id"], {"text": "more"}, MERCHANT)  # later evidence: the answer is given
    plain = open_case(desk, order="o2", amount="50.00")  # not sold live: the answer needs no recording
    assert desk.evidence(plain["case_id"], {"text": "it is jade"}, MERCHANT)["status"] == "evidence"


@pytest.mark.rule("R-DSP-15")
@pytest.mark.parametrize("kind", ["electronic_receipt", "packing_video", "deviation_consent"])
def test_receipts_packing_videos_and_deviation_consents_are_attachable_R_DSP_15(desk, kind):
    case = open_case(desk)
    record = dict(FILE, sha256="c" * 64, name=f"{kind}.bin", kind=kind)
    case = desk.evidence(case["case_id"], {"files": [record]}, BUYER if kind != "packing_video" else MERCHANT)
    assert case["evidence"][-1]["files"][0]["kind"] == kind
    with pytest.raises(ValidationFailed):
        desk.evidence(case["case_id"], {"files": [dict(record, kind="hearsay")]}, BUYER)


def test_withdrawal_and_external_routes_R_DSP_03(desk):
    case = open_case(desk)
    with pytest.raises(Forbidden):
        desk.withdraw(case["case_id"], MERCHANT)
    case = desk.withdraw(case["case_id"], BUYER)
    assert case["outcome"] == "withdrawn" and not desk.events("signal_observed")
    case = open_case(desk)
    case = desk.outside(case["case_id"], {"route": "market_regulator", "reference": "12315-2026-0001"}, BUYER)
    assert case["status"] == "escalated_external" and case["external"]["reference"] == "12315-2026-0001"
    assert desk.stats("2026-03-02", "2026-03-02")["escalated_external"] == 1


@pytest.mark.rule("R-DSP-03")
def test_a_buyer_going_to_the_regulator_is_supplied_the_cases_records_R_DSP_03(desk):
    case = open_case(desk)
    desk.evidence(case["case_id"], {"text": "lab report", "files": [dict(FILE, kind="lab_report")]}, BUYER)
    desk.evidence(case["case_id"], {"text": "it is jade"}, MERCHANT)
    desk.clock.set(datetime.fromisoformat("2026-03-03T09:00:00+08:00"))
    case = desk.outside(case["case_id"], {"route": "court", "reference": "(2026)粤0304民初1"}, BUYER)
    supplied = case["external"]["records_supplied"]
    assert case["external"]["records_supplied_to"] == "b1"
    assert supplied["order_id"] == "o1" and supplied["amount_claimed"] == "1999.00"
    assert [(e["side"], [f["kind"] for f in e["files"]]) for e in supplied["evidence"]] == [
        ("buyer", ["lab_report"]), ("merchant", [])]
    assert [s["event"] for s in supplied["trail"]] == ["opened", "evidence_buyer", "evidence_merchant",
                                                       "merchant_answered"]
    assert desk.get(case["case_id"])["external"]["records_supplied"] == supplied  # kept with the case


@pytest.mark.rule("R-DSP-05")
def test_merchant_identity_is_disclosed_to_the_buyer_and_logged_R_DSP_05(desk):
    case = open_case(desk)
    with pytest.raises(Forbidden):
        desk.identity(case["case_id"], {"id": "b2"}, "sue")
    found = desk.identity(case["case_id"], BUYER, "to file a complaint")
    assert found["found"] and found["real_name"] == "Shenzhen Jade Co." and found["contact"] == "0755-1234567"
    assert desk.asked == [("m1", f"dispute {case['case_id']}: to file a complaint")]
    from services.dispute import models

    assert models.Disclosure.objects(case_id=case["case_id"]).count() == 1


@pytest.mark.parametrize("carried_as", ["history", "trail"])  # `trail` only: an event from before `history`
def test_escalation_from_aftersale_opens_one_case_with_the_request_history(desk, carried_as):
    escalated = {"request_id": "as_1", "order_id": "o1", "buyer_id": "b1", "merchant_id": "m1", "kind": "refund_only",
                 "previous": "rejected", "reason": "rejected unfairly", "amount": None,
                 carried_as: [{"event": "opened", "actor": "b1",
                               "at": datetime.fromisoformat("2026-03-01T10:00:00+08:00")}],
                 "escalated_at": datetime.fromisoformat("2026-03-02T09:00:00+08:00")}
    desk.escalated(escalated)
    desk.escalated(escalated)  # redelivered: still one case
    cases = desk.list(BUYER)["items"]
    assert len(cases) == 1
    case = desk.get(cases[0]["case_id"])
    assert case["aftersale_request_id"] == "as_1" and case["aftersale_history"][0]["event"] == "opened"
    assert case["amount_claimed"] == "1999.00"


def test_public_stats_read_the_daily_aggregate(desk):
    for n in range(3):
        case = open_case(desk, amount="100.00")
        desk.evidence(case["case_id"], {"text": "no"}, MERCHANT)
        desk.clock.advance(hours=10 * (n + 1))
        desk.resolve(case["case_id"], {"outcome": ("buyer_favoured", "merchant_favoured", "partial_refund")[n],
                                       "amount": "10.00", "reasoning": "r"}, MEDIATOR)
    s = desk.stats("2026-03-01", "2026-03-31")
    assert s["opened"] == 3 and s["resolved"] == 3 and s["resolved_within_deadline_share"] == 1.0
    assert s["by_outcome"] == {"buyer_favoured": 1, "merchant_favoured": 1, "partial_refund": 1}
    assert s["resolution_hours_median"] == 24.0 and s["resolution_hours_p90"] == 48.0
    assert "consumer" not in str(s) and "b1" not in str(s)  # no personal data
    with pytest.raises(ValidationFailed):
        desk.stats("2026-04-01", "2026-03-01")


def test_a_resolved_case_is_kept_three_years_from_its_resolution_R_XC_01(desk):
    """Complaint and dispute handling records are kept at least 3 years (R-XC-01): the case carries its retention
    class and earliest purge date from the moment it is resolved, the whole anniversary day included."""
    case = open_case(desk)
    assert case["retain_until"] is None
    desk.clock.set(datetime.fromisoformat("2026-03-03T00:00:00+08:00"))  # resolved on the 3rd, Shanghai
    case = desk.resolve(case["case_id"], {"outcome": "merchant_favoured", "reasoning": "lab says jade"}, MEDIATOR)
    assert case["retention_class"] == "complaint"
    assert case["retain_until"] == "2029-03-03T16:00:00+00:00"  # 2029-03-04 00:00 in Shanghai


def test_the_purge_minimises_a_case_only_after_its_three_years_R_XC_01(desk):
    """Kept through the third anniversary of its resolution; from the next day the buyer becomes a random token and
    the claim and evidence texts go, while outcome, amounts, states and rule IDs stay; once, and audited."""
    from services.dispute import models
    from tianping.platform import retention

    case = open_case(desk)
    desk.evidence(case["case_id"], {"text": "it is jade, lab report attached"}, MERCHANT)
    desk.resolve(case["case_id"], {"outcome": "merchant_favoured", "reasoning": "lab says jade"}, MEDIATOR)
    desk.clock.set(datetime.fromisoformat("2029-03-02T23:59:59+08:00"))
    assert desk.purge()["minimised"] == 0
    desk.clock.set(datetime.fromisoformat("2029-03-03T00:00:00+08:00"))
    assert desk.purge()["case_ids"] == [case["case_id"]]
    assert desk.purge()["minimised"] == 0
    stored = models.Case.objects(case_id=case["case_id"]).first()
    assert stored.consumer_id.startswith("anon:") and stored.claim == retention.REMOVED and stored.minimised_at
    assert all(e.text == retention.REMOVED for e in stored.evidence) and stored.outcome == "merchant_favoured"
    entry = desk.audit.collection.find_one({"action": "case_personal_data_minimised"})
    assert entry["rule_ids"] == ["R-XC-01"] and entry["subject"] == stored.merchant_id


def test_cases_due_before_a_time_are_the_open_ones_about_to_lapse_soonest_first(desk):
    """What a mediator's home page asks: asked by deadline, not by age, so a case opened later but due sooner shows."""
    first = open_case(desk, "o1", "100.00")  # awaiting the merchant: three calendar days
    desk.clock.advance(days=1)
    second = open_case(desk, "o2", "10.00")
    second = desk.evidence(second["case_id"], {"text": "it is as described"}, MERCHANT)  # evidence: five days
    desk.clock.advance(hours=1)
    third = open_case(desk, "o3", "10.00")  # awaiting the merchant too, a day after the first

    def due(before, **kwargs):
        return [c["case_id"] for c in desk.list(MEDIATOR, due_before=before.isoformat(), **kwargs)["items"]]

    now = desk.clock.now  # deadlines end at local midnight: the first's after 3-05, the third's after 3-06
    assert due(now) == []
    assert due(now + timedelta(days=3)) == [first["case_id"]]  # opened first, due first
    assert due(now + timedelta(days=4)) == [first["case_id"], third["case_id"]]
    assert due(now + timedelta(days=6)) == [first["case_id"], third["case_id"], second["case_id"]]
    assert due(now + timedelta(days=6), limit=2) == [first["case_id"], third["case_id"]]
    assert due(now + timedelta(days=6), status="evidence") == [second["case_id"]]
    other = desk.list({"id": "m2", "role": "merchant"}, due_before=(now + timedelta(days=6)).isoformat())["items"]
    assert other == []  # a merchant sees only its own cases
    desk.evidence(first["case_id"], {"text": "answered"}, MERCHANT)  # its deadline moves on with its state
    assert due(now + timedelta(days=4)) == [third["case_id"]]
    page = desk.list(MEDIATOR, due_before=(now + timedelta(days=6)).isoformat())
    assert page["next_cursor"] is None and all(c["due_at"] for c in page["items"])


def test_due_before_pages_soonest_first_and_refuses_a_time_without_an_offset(desk):
    cases = [open_case(desk, order, "10.00")["case_id"] for order in ("o1", "o2", "o3")]  # due together, by id then
    before = (desk.clock.now + timedelta(days=10)).isoformat()
    first = desk.list(MEDIATOR, due_before=before, limit=2)
    second = desk.list(MEDIATOR, due_before=before, limit=2, cursor=first["next_cursor"])
    assert [c["case_id"] for c in first["items"] + second["items"]] == sorted(cases)
    assert second["next_cursor"] is None
    assert desk.list(MEDIATOR, status="resolved", due_before=before)["items"] == []  # no running deadline when closed
    with pytest.raises(ValidationFailed) as naive:
        desk.list(MEDIATOR, due_before="2026-03-05T10:00:00")
    assert naive.value.fields == {"due_before": ["not a time with an offset"]}
