"""Onboarding through the service: one case per rule ID (pass and fail), review, resubmission, bad input."""

import copy

import pytest
from nameko.testing.services import worker_factory

from services.onboarding import models
from services.onboarding.service import OnboardingService
from tests.conftest import change, publisher
from tianping.lib.errors import Conflict, Forbidden, SubjectBlacklisted, ValidationFailed
from tianping.platform.commands import CommandRun

from .cases import CASES, DOC, host, mcn, merchant, years_ago
from .usecases import Onboarding


@pytest.fixture
def reg(replica_for):
    published = []
    replica = replica_for("onboarding")
    return Onboarding(replica, publisher(published)), replica, published


@pytest.mark.parametrize("case, rule_id, application, expected", CASES, ids=[c[0] for c in CASES])
def test_each_rule_id_through_the_service(reg, case, rule_id, application, expected):
    r, _, _ = reg
    result = r.submit(copy.deepcopy(application))
    outcomes = {c["rule_id"]: c["outcome"] for c in result["checks"]}
    assert outcomes.get(rule_id) == expected, result["checks"]
    expected_status = {"fail": "rejected"}.get(expected)
    if expected_status:
        assert result["status"] == "rejected" and rule_id in result["rule_ids_fired"]
    if expected == "review":
        assert result["status"] in ("pending_review", "rejected")


@pytest.mark.rule("R-ONB-31")
def test_a_jewelry_mcn_whose_host_has_a_plagiarism_record_is_refused_R_ONB_31(reg):
    """The host's own penalty is past its publicity period (the host may work), but its record bars a jewelry MCN."""
    r, _, _ = reg
    marked = r.submit(host(subject_id="h-marked", identity={"id_number": "440301199001015555"}, penalties=[
        {"kind": "plagiarism", "decided_at": years_ago(5), "publicity_ends_at": years_ago(4)}]))
    clean = r.submit(host(subject_id="h-clean", identity={"id_number": "440301199001016666"}))
    assert marked["status"] == clean["status"] == "approved"

    def contracted(*hosts):
        return [{"kind": "host_contract", "reference": f"doc://hc-{h}", "host_id": h} for h in hosts]

    refused = r.submit(mcn(subject_id="mcn-j1", categories=["jewelry"], hosts=["h-clean", "h-marked"],
                           extra_docs=contracted("h-clean", "h-marked")))
    check = next(c for c in refused["checks"] if c["rule_id"] == "R-ONB-31")
    assert refused["status"] == "rejected" and check["outcome"] == "fail" and "h-marked" in check["message"]
    accepted = r.submit(mcn(subject_id="mcn-j2", identity={"credit_code": "91440300MA5X9999"}, categories=["jewelry"],
                            hosts=["h-clean"], extra_docs=contracted("h-clean")))
    assert {c["rule_id"]: c["outcome"] for c in accepted["checks"]}["R-ONB-31"] == "pass"
    other = r.submit(mcn(subject_id="mcn-n1", identity={"credit_code": "91440300MA5X7777"}, hosts=["h-marked"],
                         extra_docs=contracted("h-marked")))
    assert "R-ONB-31" not in {c["rule_id"] for c in other["checks"]}  # the rule is jewelry's


@pytest.mark.rule("R-XC-14")
def test_a_subject_manages_its_own_contact_details_R_XC_14(reg):
    r, _, _ = reg
    r.submit(merchant(subject_id="self-1"))
    view = r.update_contact("self-1", {"address": "Shenzhen Luohu 9", "contact_phone": "13900139000"}, "self-1")
    assert view["history"][-1]["event"] == "contact_updated" and view["history"][-1]["rule_ids"] == ["R-XC-14"]
    stored = r.get("self-1").identity
    assert (stored["address"], stored["contact_phone"], stored["real_name"]) == (
        "Shenzhen Luohu 9", "13900139000", "Zhang Wei")
    with pytest.raises(Forbidden):
        r.update_contact("self-1", {"address": "elsewhere"}, "someone-else")
    with pytest.raises(ValidationFailed):
        r.update_contact("self-1", {"real_name": "Someone Else"}, "self-1")  # a verified fact: a new application
    assert r.audit.collection.find_one({"action": "contact_updated", "subject": "self-1"}) is not None


@pytest.mark.rule("R-ONB-05")
def test_blacklisted_identity_is_refused_R_ONB_05(reg):
    r, replica, _ = reg
    replica.apply([change(1, "old-merchant", identity_keys=["uscc:91440300MA5X1234"])])
    result = r.submit(merchant())
    check = next(c for c in result["checks"] if c["rule_id"] == "R-ONB-05")
    assert check["outcome"] == "fail" and "old-merchant" in check["message"]
    assert result["status"] == "rejected"


@pytest.mark.rule("R-ONB-02")
def test_clean_application_is_approved_and_subject_activated_R_ONB_02(reg):
    r, _, published = reg
    result = r.submit(merchant(subject_id="shop-1"))
    assert result["status"] == "approved"
    subject = r.subject_view("shop-1")
    assert subject["status"] == "active" and subject["next_reverification_at"]
    assert subject["identity"]["credit_code"].startswith("*") and subject["identity"]["credit_code"].endswith("1234")
    assert [t for t, _ in published] == ["application_submitted", "subject_status_changed"]


@pytest.mark.rule("R-ONB-02")
def test_review_queue_oldest_first_decision_and_history(reg):
    r, _, _ = reg
    first = r.submit(merchant(drop_docs=["service_contract"]))
    second = r.submit(host(documents=[DOC["personal_data_consent"]]))
    queue = r.review_queue(None, None, 10)["items"]
    assert [a["application_id"] for a in queue] == [first["application_id"], second["application_id"]]
    assert [a["application_id"] for a in r.review_queue("host", None, 10)["items"]] == [second["application_id"]]
    page = r.review_queue(None, None, 1)
    assert len(page["items"]) == 1 and r.review_queue(None, page["next_cursor"], 1)["items"][0]["application_id"] == \
        second["application_id"]
    assert r.review_summary() == {"waiting": 2, "oldest_waiting_since": queue[0]["submitted_at"]}
    file_missing_then_approve(r, first["application_id"], "service_contract")
    decided = r.decide(first["application_id"], {"decision": "approve", "reasons": ["contract filed"],
                                                 "rule_ids": ["R-ONB-06"]}, "reviewer-7")
    assert decided["status"] == "approved"
    step = decided["history"][-1]
    assert step["actor"] == "reviewer-7" and step["rule_ids"] == ["R-ONB-06"] and step["at"]
    assert r.get(first["subject_id"]).status == "active"
    with pytest.raises(Conflict):
        r.decide(first["application_id"], {"decision": "reject", "reasons": ["again"]}, "reviewer-8")
    assert r.review_summary() == {"waiting": 1, "oldest_waiting_since": queue[1]["submitted_at"]}  # the decided left


def file_missing_then_approve(r, application_id: str, kind: str) -> None:
    """A reviewer asks for the missing filing and the applicant files it (the caller approves)."""
    r.decide(application_id, {"decision": "resubmit", "reasons": [f"file the {kind}"], "documents_requested": [kind]},
             "reviewer-7")
    assert r.resubmit(application_id, {"documents": [DOC[kind]]}, "applicant")["status"] == "pending_review"


@pytest.mark.rule("R-ONB-06")
@pytest.mark.rule("R-ONB-41")
@pytest.mark.rule("R-ONB-33")
@pytest.mark.parametrize("application, kind, rule_id", [
    (merchant(drop_docs=["service_contract"]), "service_contract", "R-ONB-06"),
    (host(documents=[DOC["personal_data_consent"]]), "training_certificate", "R-ONB-41"),
    (mcn(drop_docs=["product_quality_policy"]), "product_quality_policy", "R-ONB-33")])
def test_no_reviewer_approves_while_a_required_filing_is_missing(reg, application, kind, rule_id):
    """A missing contract, policy or proof holds the application for a reviewer, who cannot approve it ("collected
    offline" is not a filing) until the applicant files it."""
    r, _, _ = reg
    app = r.submit(application)
    assert app["status"] == "pending_review"
    with pytest.raises(Conflict) as refused:
        r.decide(app["application_id"], {"decision": "approve", "reasons": ["collected offline"]}, "reviewer-7")
    assert refused.value.fields["rule_ids"] == [rule_id]
    assert r.application(app["application_id"])["status"] == "pending_review"
    file_missing_then_approve(r, app["application_id"], kind)
    approved = r.decide(app["application_id"], {"decision": "approve", "reasons": ["filed"]}, "reviewer-7")
    assert approved["status"] == "approved"


def test_resubmission_of_named_documents_returns_to_the_queue(reg):
    r, _, _ = reg
    app = r.submit(host(documents=[DOC["personal_data_consent"]]))
    with pytest.raises(ValidationFailed) as info:
        r.decide(app["application_id"], {"decision": "resubmit", "reasons": ["need proof"]}, "rev")
    assert "documents_requested" in info.value.fields
    asked = r.decide(app["application_id"], {"decision": "resubmit", "reasons": ["training proof"],
                                             "documents_requested": ["training_certificate"]}, "rev")
    assert asked["status"] == "resubmission_requested"
    again = r.resubmit(app["application_id"], {"documents": [DOC["training_certificate"]]}, "applicant")
    assert again["status"] == "pending_review"
    assert {c["rule_id"]: c["outcome"] for c in again["checks"]}["R-ONB-41"] == "pass"


@pytest.mark.rule("R-REP-13")
def test_forged_documents_reject_and_report_a_serious_violation_R_REP_13(reg):
    r, _, published = reg
    app = r.submit(mcn(drop_docs=["service_quality_policy"]))
    r.decide(app["application_id"], {"decision": "reject", "reasons": ["licence scan forged"], "forged": True}, "rev")
    violation = next(p for t, p in published if t == "violation_detected")
    assert violation["rule_id"] == "PB-22" and violation["severity"] == "serious"
    assert violation["identity_keys"] == ["uscc:91440300MA5X1234"]


@pytest.mark.parametrize("bad, fields", [
    ({}, {"applicant_type", "identity"}),
    ({"applicant_type": "alien", "identity": {"real_name": "x", "id_number": "123456"}}, {"applicant_type"}),
    ({"applicant_type": "merchant", "identity": {"real_name": 5}}, {"identity"}),
    ({"applicant_type": "merchant", "identity": {"real_name": "x", "id_number": "123456"}, "documents": "many"},
     {"documents"}),
    ({"applicant_type": "merchant", "identity": {"real_name": "x", "id_number": "123456"},
      "documents": [{"kind": "other", "reference": "r"}] * 51}, {"documents"}),
    ({"applicant_type": "host", "identity": {"real_name": "x", "id_number": "123456", "birth_date": "yesterday"}},
     {"identity"}),
])
def test_bad_input_names_fields_and_stores_nothing(reg, bad, fields):
    r, _, _ = reg
    before = (models.Application.objects.count(), models.Subject.objects.count())
    with pytest.raises(ValidationFailed) as info:
        r.submit(bad)
    assert fields <= set(info.value.fields)
    assert (models.Application.objects.count(), models.Subject.objects.count()) == before


def test_periodic_evaluation_rectify_then_clear_out_and_forged_R_REP_01(reg):
    r, _, published = reg
    r.submit(merchant(subject_id="ev-1"))
    good = {"goods_quality": 90, "service_quality": 80, "management_quality": 70, "livestream_quality": 75}
    assert r.evaluate("ev-1", good, "auditor")["outcome"] == "passed"
    bad = dict(good, service_quality=40)
    first = r.evaluate("ev-1", bad, "auditor")
    assert first["status"] == "restricted" and first["rectify_within_days"] == 30
    assert r.get("ev-1").status == "restricted" and r.get("ev-1").rectify_by
    assert r.evaluate("ev-1", bad, "auditor")["status"] == "cleared_out"
    assert r.get("ev-1").status == "cleared_out"
    r.submit(merchant(subject_id="ev-2", identity={"credit_code": "91440300OTHER1"}))
    assert r.evaluate("ev-2", dict(good, forged_material=True), "auditor")["outcome"] == "forged"
    assert any(t == "violation_detected" and p["rule_id"] == "PB-22" for t, p in published)


@pytest.mark.rule("R-ONB-03")
def test_evaluation_and_reverification_deadlines_fire_on_their_day_R_REP_01_R_ONB_03(reg, frozen_clock):
    from datetime import timedelta

    r, _, _ = reg
    r.submit(merchant(subject_id="due-1"))  # approved and activated now: evaluation in 180 days, files in 365
    evaluation_due = r.get("due-1").next_evaluation_at
    frozen_clock.set(evaluation_due - timedelta(seconds=1))
    assert r.sweep()["fired"] == 0 and r.subject_view("due-1")["reverification_due"] is False
    frozen_clock.set(evaluation_due)
    assert r.sweep()["fired"] == 1 and r.sweep()["fired"] == 0
    assert r.evaluations_due() == {"items": [{"subject_id": "due-1", "subject_type": "merchant",
                                              "due_at": evaluation_due.isoformat(), "overdue": True}],
                                   "next_cursor": None}
    assert r.subject_view("due-1")["reverification_due"] is False
    r.evaluate("due-1", {"goods_quality": 90, "service_quality": 80, "management_quality": 70,
                         "livestream_quality": 75}, "auditor")  # evaluated: the next one is 180 days on
    assert r.evaluations_due()["items"] == []
    kinds = [(d["kind"], d["status"]) for d in r.ctx.deadlines.of_subject("due-1")]
    assert kinds.count(("evaluation", "pending")) == 1 and kinds.count(("evaluation", "fired")) == 1
    frozen_clock.set(r.get("due-1").next_reverification_at)  # day 365: files, and the evaluation of day 360
    assert r.sweep()["fired"] == 2
    assert r.subject_view("due-1")["reverification_due"] is True  # R-ONB-03


@pytest.mark.rule("R-ONB-03")
def test_a_file_not_reverified_by_the_last_grace_day_restricts_until_a_reviewer_reverifies_it_R_ONB_03(
        reg, frozen_clock):
    """Due on 1 March 2027 (activated 1 March 2026, 10:00 Asia/Shanghai): 30 grace days run through 31 March; at
    1 April 00:00 local the subject is restricted; re-verifying lifts it and sets the next date a year on. A subject
    registered directly gets a re-verification date too."""
    from datetime import datetime, timedelta

    r, _, _ = reg
    frozen_clock.set(datetime.fromisoformat("2026-03-01T10:00:00+08:00"))
    r.submit(merchant(subject_id="rv-1"))
    r.submit(merchant(subject_id="rv-2", identity={"credit_code": "91440300MA5X2222"}))
    due = r.get("rv-1").next_reverification_at
    frozen_clock.set(due)
    r.sweep()
    assert r.subject_view("rv-1")["reverification_due"] is True and r.get("rv-1").status == "active"
    r.reverify("rv-2", {"documents": ["doc://bl-2027"]}, "rev-1")  # within the grace period: never restricted
    frozen_clock.set(datetime.fromisoformat("2027-03-31T23:59:59+08:00"))  # the last grace day
    r.sweep()
    assert r.get("rv-1").status == "active"
    frozen_clock.set(datetime.fromisoformat("2027-04-01T00:00:00+08:00"))
    r.sweep()
    assert r.get("rv-1").status == "restricted" and r.get("rv-2").status == "active"
    assert r.is_allowed("rv-1", "publish_listing")["allowed"] is False
    view = r.reverify("rv-1", {"documents": ["doc://bl-2027"], "note": "licence renewed"}, "rev-1")
    assert view["status"] == "active" and view["reverification_due"] is False
    assert datetime.fromisoformat(view["next_reverification_at"]) == frozen_clock.now + timedelta(days=365)
    direct = r.register({"subject_id": "rv-3", "subject_type": "merchant", "identity": {}})
    assert direct["next_reverification_at"]


def test_deregistration_keeps_the_record_two_years_R_XC_03(reg):
    r, _, _ = reg
    r.submit(merchant(subject_id="bye-1"))
    view = r.deregister("bye-1", {"reason": "closing the shop"}, "ops")
    assert view["status"] == "deregistered"
    from datetime import datetime
    kept = datetime.fromisoformat(view["retain_until"]) - datetime.fromisoformat(view["deregistered_at"])
    assert kept.days >= 730 and models.Subject.objects(subject_id="bye-1").count() == 1


@pytest.mark.rule("R-ONB-35", "PB-20")
def test_broadcast_identity_mismatch_reports_the_mcn_R_ONB_35(reg):
    r, _, published = reg
    r.register({"subject_id": "mcn-b", "subject_type": "mcn"})
    r.submit(host(subject_id="host-b", mcn_id="mcn-b"))
    assert r.broadcast_check("host-b", {"broadcaster_id_number": "440301199001011234"})["match"] is True
    result = r.broadcast_check("host-b", {"broadcaster_id_number": "110101200001019999", "room_id": "r1"})
    assert result["match"] is False and result["reported"] == "mcn-b"
    violation = [p for t, p in published if t == "violation_detected"][-1]
    assert violation["rule_id"] == "PB-20" and violation["subject_id"] == "mcn-b"


@pytest.mark.rule("R-XC-10")
def test_full_identity_reads_are_for_entitled_roles_and_logged(reg):
    r, _, _ = reg
    r.submit(merchant(subject_id="pii-1"))
    assert r.subject_view("pii-1", {"sub": "m", "role": "merchant"})["identity"]["credit_code"].startswith("*")
    assert models.PiiAccess.objects.count() == 0
    full = r.subject_view("pii-1", {"sub": "rev-1", "role": "reviewer"})
    assert full["identity"]["credit_code"] == "91440300MA5X1234"
    assert models.PiiAccess.objects(subject_id="pii-1", actor="rev-1").count() == 1
    read = r.audit.collection.find_one({"action": "personal_data_read", "subject": "pii-1"})  # and audited (R-XC-10)
    assert read["actor"] == "rev-1" and read["rule_ids"] == ["R-XC-10"] and read["detail"]["role"] == "reviewer"


def test_rpc_entrypoints_delegate(replica_for):
    service = worker_factory(OnboardingService, blacklist=replica_for("onboarding"), commands=CommandRun(None, None))
    result = service.submit_application(merchant(subject_id="rpc-1"))
    assert result["status"] == "approved"
    assert service.get_subject("rpc-1")["status"] == "active"
    assert service.is_allowed("rpc-1", "sell")["allowed"] is True
    with pytest.raises(SubjectBlacklisted):
        service.blacklist.apply([change(1, "rpc-1")])
        service.register_subject({"subject_id": "rpc-1", "subject_type": "merchant"})


def test_statuses_page_for_other_services_replicas_and_registration_is_announced_R_ONB_02(reg):
    r, _, published = reg
    r.register({"subject_id": "reg-1", "subject_type": "merchant"})
    r.submit(merchant(subject_id="reg-2"))
    announced = [p for t, p in published if t == "subject_status_changed"]
    assert {(p["subject_id"], p["status"], p["version"]) for p in announced} == {("reg-1", "active", 1),
                                                                                 ("reg-2", "active", 1)}
    first = r.statuses(None, 1)
    assert first["items"] == [{"subject_id": "reg-1", "subject_type": "merchant", "status": "active", "version": 1}]
    assert [i["subject_id"] for i in r.statuses(first["next_cursor"], 1)["items"]] == ["reg-2"]


def test_every_decision_is_in_the_audit_chain_with_rules_and_policy_version_R_XC_04(reg):
    """The automatic check, the reviewer's decision and the subject's activation are each one audit entry: who,
    what, which rules, the policy version, before and after; the chain verifies."""
    r, _, _ = reg
    submitted = r.submit(merchant(drop_docs=["service_contract"]))  # a reviewer must decide
    log = r.audit.collection
    auto = log.find_one({"record": f"application:{submitted['application_id']}"})
    assert auto["actor"] == "onboarding" and auto["action"] == f"application_auto_{submitted['status']}"
    assert auto["rule_ids"] == sorted(submitted["rule_ids_fired"]) and auto["versions"]["policy"]
    assert submitted["status"] == "pending_review"
    file_missing_then_approve(r, submitted["application_id"], "service_contract")
    r.decide(submitted["application_id"], {"decision": "approve", "reasons": ["contract filed"]}, "alice")
    decided = log.find_one({"action": "application_approve"})
    assert decided["actor"] == "alice" and (decided["before"], decided["after"]) == ("pending_review", "approved")
    activated = log.find_one({"action": "subject_activated", "subject": submitted["subject_id"]})
    assert activated is not None and activated["rule_ids"] == ["R-ONB-02", "R-ONB-17"]
    assert r.audit.verify().ok
