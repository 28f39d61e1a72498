import pytest

from services.onboarding import rules


@pytest.mark.rule("R-ONB-05")
def test_identity_keys_are_normalised_R_ONB_05():
    assert rules.identity_keys({"id_number": " 11010119900101123x ", "credit_code": "91440300abc"}) == \
        ["id:11010119900101123X", "uscc:91440300ABC"]


@pytest.mark.rule("R-ONB-05", "R-REP-13")
def test_blacklisted_subject_may_do_nothing_R_ONB_05():
    assert rules.is_allowed("active", "sell", True) == (False, ["R-ONB-05", "R-REP-13"])


@pytest.mark.rule("R-REP-19")
def test_restricted_subject_may_not_publish_listings_R_REP_19():
    assert rules.is_allowed("restricted", "publish_listing", False)[0] is False
    assert rules.is_allowed("restricted", "sell", False)[0] is True


@pytest.mark.rule("R-REP-13", "R-REP-17")
def test_mcn_blacklist_suspends_hosts_and_host_blacklist_implicates_mcn_R_REP_13_R_REP_17():
    assert rules.blacklist_reaction("mcn", "add")["suspend_hosts"]
    assert rules.blacklist_reaction("host", "add")["joint_liability"]
    assert rules.blacklist_reaction("mcn", "lift")["restore_hosts"]


@pytest.mark.rule("R-ONB-35", "PB-20")
def test_the_person_on_air_must_be_the_registered_host_R_ONB_35():
    assert rules.on_air_is_registered_host("440301199001011234", "440301199001011234")
    assert not rules.on_air_is_registered_host("440301199001011234", "110101200001019999")
    assert not rules.on_air_is_registered_host(None, "110101200001019999")  # no registered identity: no match


EVALUATION = {"evaluation": {"pass_mark": 60, "failures_to_clear_out": 2, "rectification_days": 30}}
SCORES = {"goods_quality": 80, "service_quality": 75, "management_quality": 90, "livestream_quality": 60}


@pytest.mark.rule("R-REP-01")
def test_the_periodic_evaluation_restricts_then_clears_out_and_blacklists_forgery_R_REP_01():
    assert rules.evaluate(SCORES, EVALUATION, 0)["outcome"] == "passed"  # at the pass mark: passes
    low = {**SCORES, "livestream_quality": 59}
    first = rules.evaluate(low, EVALUATION, 0)
    assert (first["status"], first["failed"], first["rectify_within_days"]) == \
        ("restricted", ["livestream_quality"], 30)
    assert rules.evaluate(low, EVALUATION, 1)["status"] == "cleared_out"
    assert rules.evaluate({**SCORES, "forged_material": True}, EVALUATION, 0)["status"] == "blacklisted"
