"""What each mediation deadline does when it passes (R-DSP-10: deadlines with consequences), at its boundary day:
a merchant silent for 3 days loses by default, the evidence closes after 5, a side silent on the mediator's
proposal for 5 days is taken to accept it, a missed payment opens advance compensation. And the merchant identity
a buyer is given (R-DSP-05)."""

from datetime import datetime

import pytest

from services.dispute import rules
from services.dispute.usecases import POLICY

OPENED = datetime.fromisoformat("2026-03-01T23:30:00+08:00")


@pytest.mark.parametrize("kind, first_moment_due", [("merchant_response", "2026-03-05"), ("evidence", "2026-03-07"),
                                                    ("answer", "2026-03-07"), ("payment", "2026-03-05")])
def test_each_deadline_falls_due_at_the_local_midnight_after_its_last_day(kind, first_moment_due):
    assert rules.due_at(kind, OPENED, POLICY) == datetime.fromisoformat(f"{first_moment_due}T00:00:00+08:00")


@pytest.mark.rule("R-DSP-10")
def test_a_merchant_silent_past_its_deadline_loses_by_default_R_DSP_10():
    action = rules.on_deadline("merchant_response")
    assert (action["event"], action["outcome"]) == ("merchant_defaulted", "buyer_favoured")


@pytest.mark.rule("R-DSP-10")
def test_the_evidence_period_closes_into_mediation_R_DSP_10():
    action = rules.on_deadline("evidence")
    assert (action["event"], action["status"]) == ("evidence_closed", rules.MEDIATION)


@pytest.mark.rule("R-DSP-10")
def test_silence_on_the_mediators_proposal_accepts_it_R_DSP_10():
    assert rules.on_deadline("answer")["event"] == "proposal_deemed_accepted"


@pytest.mark.rule("R-DSP-05")
def test_the_buyer_gets_the_merchants_true_name_with_an_address_or_contact_or_nothing_R_DSP_05():
    full = {"real_name": "Shenzhen Jade Co.", "address": "Futian, Shenzhen", "contact_phone": "0755-1234567"}
    assert rules.disclosable_identity(full) == {"real_name": "Shenzhen Jade Co.", "address": "Futian, Shenzhen",
                                                "contact": "0755-1234567"}
    assert rules.disclosable_identity({**full, "address": None})["contact"] == "0755-1234567"
    assert rules.disclosable_identity({"real_name": "Shenzhen Jade Co."}) is None  # nowhere to reach it: claim
    assert rules.disclosable_identity(None) is None
