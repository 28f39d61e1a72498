"""The liability graph across shared identities (issue 24, R-ONB-05 extended): linked subjects are flagged for
review — not sanctioned — when one is blacklisted, the lift clears the flags it caused, and a new application sharing
a blacklisted subject's identities goes to a reviewer. The graph keeps digests, never the values."""

import pytest

from services.onboarding import models
from services.onboarding.usecases import links
from tests.conftest import change, publisher
from tests.onboarding.cases import merchant
from tests.onboarding.usecases import Onboarding


@pytest.fixture
def reg(replica_for):
    replica = replica_for("onboarding")
    return Onboarding(replica, publisher([])), replica


def shop(subject_id, credit_code, **identity):
    return merchant(subject_id=subject_id, identity={"credit_code": credit_code, **identity})


def blacklist(r, replica, seq, subject_id, action="add"):
    replica.apply([change(seq, subject_id, action=action)], reaction=r.react_to_run)


def test_linked_subjects_are_flagged_not_sanctioned_and_the_lift_clears_the_flags_R_ONB_05(reg):
    r, replica = reg
    r.submit(shop("la", "91110000LA0000001X", contact_phone="+86 755 1111 2222", bank_account="6222 0000 1111 2222",
                  address="深圳市 福田区 1号"))
    r.submit(shop("lb", "91110000LB0000001X", contact_phone="+86-755-11112222"))          # the same phone
    r.submit(shop("lc", "91110000LC0000001X", contact_phone="13900000000", address="深圳市福田区1号"))  # the address
    r.submit(shop("ld", "91110000LD0000001X", contact_phone="13700000000", address="北京"))  # nothing shared
    graph = r.ctx.repo.links_of("la")
    assert all("755" not in link["key"] and "深圳" not in link["key"] for link in graph)  # digests only
    assert links.view(r.ctx, "la")["links"] == [{"subject_id": "lb", "shared": ["phone"]},
                                                {"subject_id": "lc", "shared": ["address"]}]
    blacklist(r, replica, 1, "la")
    flagged = links.view(r.ctx, "lb")["flags"]
    assert [(f["flagged_by"], f["cause"], f["kinds"], f["status"]) for f in flagged] == \
        [("la", "blacklist:1", ["phone"], "open")]
    assert links.view(r.ctx, "lc")["flags"][0]["kinds"] == ["address"] and links.view(r.ctx, "ld")["flags"] == []
    assert r.get("lb").status == "active"  # flagged for review, not sanctioned
    blacklist(r, replica, 1, "la")  # redelivered: no second flag
    assert models.LiabilityFlag.objects(subject_id="lb").count() == 1
    blacklist(r, replica, 2, "la", action="lift")
    cleared = links.view(r.ctx, "lb")["flags"][0]
    assert cleared["status"] == "cleared" and cleared["cleared_by"] == "blacklist:2"


def test_a_new_application_sharing_a_blacklisted_subjects_bank_account_goes_to_review_R_ONB_05(reg):
    r, replica = reg
    r.submit(shop("ba", "91110000BA0000001X", bank_account="6222000011112222"))
    blacklist(r, replica, 1, "ba")
    out = r.submit(shop("bb", "91110000BB0000001X", bank_account="6222-0000-1111-2222"))
    assert out["status"] == "pending_review"
    check = next(c for c in out["checks"] if c["rule_id"] == "R-ONB-05" and c["outcome"] == "review")
    assert "bank_account" in check["message"] and "ba" in check["message"]
    unrelated = shop("bc", "91110000BC0000001X", bank_account="6222000099998888", contact_phone="13600000000",
                     address="杭州市西湖区")
    assert r.submit(unrelated)["status"] == "approved"
