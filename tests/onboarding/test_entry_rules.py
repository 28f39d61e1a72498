"""Entry rules through the service (services/onboarding/entry_rules.py): qualifications valid on the platform's day,
the party type recorded, the platform's filing for a business, the registration level, and masked identities."""

import copy
import json
from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import publisher
from tianping.lib.errors import Conflict, RuleRefused

from .cases import DOC, PERSON, REGISTRATION_CENTS, community, host, mcn, merchant, replaced
from .usecases import Onboarding

SHANGHAI = timezone(timedelta(hours=8))


@pytest.fixture
def reg(replica_for):
    return Onboarding(replica_for("onboarding"), publisher([]))


def outcomes(application: dict) -> dict:
    return {c["rule_id"]: c["outcome"] for c in application["checks"]}


@pytest.mark.rule("R-ONB-01")
@pytest.mark.parametrize("local_now, expected", [
    ("2026-11-24T23:30", ("approved", "pass")),   # the licence's last valid day, there (15:30 UTC)
    ("2026-11-25T00:30", ("rejected", "fail")),   # the next day there, though still 24 Nov in UTC
])
def test_a_qualification_counts_through_its_last_valid_day_in_the_platform_zone_R_ONB_01(
        reg, frozen_clock, local_now, expected):
    frozen_clock.set(datetime.fromisoformat(local_now).replace(tzinfo=SHANGHAI))
    licence = {**DOC["business_licence"], "valid_until": "2026-11-24"}
    answer = reg.submit(merchant(subject_id=f"q-{local_now[11:13]}", documents=replaced(licence)))
    assert (answer["status"], outcomes(answer)["R-ONB-01"]) == expected
    if expected[1] == "fail":
        check = next(c for c in answer["checks"] if c["rule_id"] == "R-ONB-01")
        assert "business_licence (valid until 2026-11-24)" in check["message"]


@pytest.mark.rule("R-ONB-09")
def test_the_party_type_is_recorded_with_every_application_R_ONB_09(reg):
    cases = [
        (merchant(subject_id="pt-self", enterprise_kind="transactional", online_places=["shop.example.cn"]),
         {"marketer": "organisation", "operation": "self_operated", "enterprise": "transactional"}),
        (merchant(subject_id="pt-mcn", mcn_id="mcn-a", identity={"credit_code": "91440300MA5X2222"},
                  extra_docs=[DOC["mcn_agreement"]]),
         {"marketer": "organisation", "operation": "mcn_operated"}),
        (merchant(subject_id="pt-person", identity={**PERSON, "credit_code": None}), {"marketer": "individual"}),
        (community("community_manager", subject_id="pt-group"), {"community_manager": "non_trading"}),
        (community("community_manager", subject_id="pt-trader", trading=True, identity={"id_number": "440301199202023333"},
                   extra_docs=[DOC["order_service_terms"]]), {"community_manager": "trading"}),
    ]
    for application, party in cases:
        answer = reg.submit(copy.deepcopy(application))
        assert answer["party_type"] == party, answer["subject_id"]
        assert reg.application(answer["application_id"])["party_type"] == party  # stored, not only answered


@pytest.mark.rule("R-ONB-08")
def test_the_platform_opens_an_account_for_a_business_only_with_its_stored_consent_R_ONB_08(reg):
    refused = reg.submit(merchant(subject_id="on-behalf-1", filed_by="platform"))
    assert refused["status"] == "rejected" and outcomes(refused)["R-ONB-08"] == "fail"
    assert reg.ctx.repo.subject("on-behalf-1") is None  # no account was opened
    consent = {"kind": "business_consent", "reference": "doc://consent-of-on-behalf-2"}
    accepted = reg.submit(merchant(subject_id="on-behalf-2", identity={"credit_code": "91440300MA5X3333"},
                                   filed_by="platform", extra_docs=[consent]))
    assert accepted["status"] == "approved" and outcomes(accepted)["R-ONB-08"] == "pass"
    stored = reg.application(accepted["application_id"])
    assert stored["filed_by"] == "platform" and consent in stored["documents"]  # the consent is kept with it
    own = reg.submit(merchant(subject_id="on-behalf-3", identity={"credit_code": "91440300MA5X4444"}))
    assert own["status"] == "approved" and "R-ONB-08" not in outcomes(own)  # its own application is its consent


@pytest.mark.rule("R-ONB-13")
@pytest.mark.parametrize("turnover, held", [(REGISTRATION_CENTS - 1, False), (REGISTRATION_CENTS, True)])
def test_a_natural_person_at_the_registration_level_must_register_before_approval_R_ONB_13(reg, turnover, held):
    application = merchant(subject_id=f"np-{turnover}", identity={**PERSON, "credit_code": None},
                           drop_docs=["business_licence"], annual_turnover_cents=turnover)
    answer = reg.submit(application)
    if not held:
        assert answer["status"] == "approved" and outcomes(answer)["R-ONB-13"] == "pass"
        return
    assert answer["status"] == "pending_review" and outcomes(answer)["R-ONB-13"] == "review"
    with pytest.raises(Conflict) as refused:
        reg.decide(answer["application_id"], {"decision": "approve", "reasons": ["small seller"]}, "reviewer-7")
    assert refused.value.fields["rule_ids"] == ["R-ONB-13"]
    reg.decide(answer["application_id"], {"decision": "resubmit", "reasons": ["register as a market entity"],
                                          "documents_requested": ["business_licence"]}, "reviewer-7")
    reg.resubmit(answer["application_id"], {"documents": [DOC["business_licence"]]}, "applicant")
    assert reg.decide(answer["application_id"], {"decision": "approve", "reasons": ["registered"]},
                      "reviewer-7")["status"] == "approved"


@pytest.mark.rule("R-XC-13")
def test_private_values_never_reach_a_reader_not_entitled_to_them_R_XC_13(reg):
    identity = {"credit_code": "91440300MA5X5555", "legal_representative_id": "440301198001017777",
                "bank_account": "6222021001123456789", "contact_phone": "13800138555"}
    answer = reg.submit(merchant(subject_id="private-1", identity=identity))
    subject = reg.subject_view("private-1")
    for shown in (answer["identity"], reg.application(answer["application_id"])["identity"], subject["identity"]):
        text = json.dumps(shown, ensure_ascii=False)
        for value in (*identity.values(), "Shenzhen Futian 1"):
            assert value not in text, shown
        assert shown["bank_account"].endswith("6789") and shown["real_name"] == "Zhang Wei"
    full = reg.subject_view("private-1", {"sub": "rev-1", "role": "reviewer", "purpose": "review"})
    assert full["identity"]["bank_account"] == identity["bank_account"]


@pytest.mark.rule("R-ONB-36")
def test_the_room_operator_is_the_mcn_of_a_contracted_host_else_the_subject_itself_R_ONB_36(reg):
    assert reg.submit(host(subject_id="ro-host", identity={"id_number": "440301199001018888"}))["status"] == "approved"
    assert reg.submit(mcn(subject_id="ro-mcn", identity={"credit_code": "91440300MA5X6666"}))["status"] == "approved"
    assert reg.submit(merchant(subject_id="ro-shop", identity={"credit_code": "91440300MA5X7676"}))["status"] == \
        "approved"
    assert reg.room_operator("ro-host")["operator_id"] == "ro-host"  # joined directly
    reg.add_contract("ro-mcn", {"host_id": "ro-host", "reference": "doc://hc-ro"})
    contracted = reg.room_operator("ro-host")
    assert (contracted["operator_id"], contracted["rule_ids"]) == ("ro-mcn", ["R-ONB-36"])
    assert reg.room_operator("ro-shop")["operator_id"] == "ro-shop"
    reg.terminate_contract("ro-mcn", "ro-host")
    assert reg.room_operator("ro-host")["operator_id"] == "ro-host"
    reg.submit(community("community_user", subject_id="ro-user", identity={"id_number": "440301199001019999"}))
    with pytest.raises(Conflict) as refused:
        reg.room_operator("ro-user")
    assert refused.value.fields == {"subject_id": ["runs no live room"]}


SUPPLIER = {"supplier_name": "Shenzhen Jade Works", "product": "jade bangle", "identity_reference": "doc://sup-bl",
            "address": "Shenzhen Luohu 3", "contact": "+86 755 8888 0000", "licences": ["doc://sup-precious-metal"],
            "credit_status": "no dishonesty record (credit China, 2026-11-30)", "agreement_reference": "doc://supply-1"}


@pytest.mark.rule("R-ONB-34")
def test_a_supplier_verification_records_every_item_and_is_kept_for_inspection_R_ONB_34(reg):
    reg.submit(mcn(subject_id="sv-mcn", identity={"credit_code": "91440300MA5X9191"}))
    for lacking in ("credit_status", "agreement_reference", "licences"):
        with pytest.raises(RuleRefused) as refused:
            reg.file_supplier_verification("sv-mcn", {k: v for k, v in SUPPLIER.items() if k != lacking}, "sv-mcn")
        assert list(refused.value.fields) == [lacking]
    assert reg.supplier_verifications("sv-mcn")["items"] == []  # nothing incomplete is kept
    kept = reg.file_supplier_verification("sv-mcn", SUPPLIER, "sv-mcn")
    assert kept["rule_ids"] == ["R-ONB-34"] and kept["credit_status"] == SUPPLIER["credit_status"]
    listed = reg.supplier_verifications("sv-mcn")["items"]
    assert [(i["verification_id"], i["agreement_reference"]) for i in listed] == [
        (kept["verification_id"], "doc://supply-1")]
    reg.submit(merchant(subject_id="sv-shop", identity={"credit_code": "91440300MA5X9292"}))
    with pytest.raises(Conflict):
        reg.file_supplier_verification("sv-shop", SUPPLIER, "sv-shop")  # the rule binds MCNs and hosts
