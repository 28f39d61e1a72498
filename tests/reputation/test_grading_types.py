"""Service-quality grading by enterprise type (R-REP-08) on the policy's versioned weights (R-REP-11): the same
indicator scores grade differently as a transactional enterprise and as a third-party platform, each run keeps the
weights it was graded on when the policy changes, and grades are ranked within one type only."""

import copy

import pytest

from services.reputation import models, repository, rules
from services.reputation.repository import authority
from tests.conftest import publisher
from tests.reputation.test_ledger import Relay
from tests.reputation.usecases import Reputation
from tianping.infra import db
from tianping.lib.errors import RuleRefused

# Strong on sales and product quality, weak on the platform's own trade management and credit system.
SELLER_PROFILE = {name: 1 for name in rules.INDICATORS} | {
    "own_platform_sales": 3, "annual_online_sales": 3, "product_quality_assurance": 3, "logistics_system": 3,
    "customer_service": 3, "online_trade_management": 0, "credit_system": 0, "platform_security": 0}


@pytest.fixture
def lg(service_db):
    database = service_db("reputation")
    db.ensure_indexes(models)
    return Reputation(authority.Authority(database), Relay(), publisher([]))


def grade(lg, enterprise, kind, scores=SELLER_PROFILE):
    return lg.grade(enterprise, {"enterprise_type": kind, "scores": scores}, "ops")


@pytest.mark.rule("R-REP-08")
def test_each_enterprise_type_is_graded_on_its_own_weights_R_REP_08(lg):
    seller = grade(lg, "ent-shop", "transactional")
    platform = grade(lg, "ent-mall", "third_party_platform")
    # transactional weights: sales, quality, logistics and service weigh 3/2 -> the profile's strengths count more
    assert seller["total"] == 52.03 and seller["grade"] == "A"
    # a platform is judged first on trade management, credit system and security, where this profile scores 0
    assert platform["total"] == 34.15 and platform["grade"] == "ungraded"
    assert seller["basis"]["weights"]["own_platform_sales"] == 3
    assert platform["basis"]["weights"]["own_platform_sales"] == 1
    assert "R-REP-08" in seller["rule_ids"]


@pytest.mark.rule("R-REP-08")
def test_grades_are_ranked_within_one_type_only_R_REP_08(lg):
    full = {name: 3 for name in rules.INDICATORS}
    grade(lg, "ent-a", "transactional")
    grade(lg, "ent-b", "transactional", full)
    grade(lg, "ent-p", "third_party_platform", full)
    grade(lg, "ent-a", "transactional", full | {"website": 0})  # a later run replaces ent-a's place
    ranking = lg.ranking("transactional")
    assert [(r["enterprise_id"], r["position"], r["of"]) for r in ranking["items"]] == [("ent-b", 1, 2),
                                                                                       ("ent-a", 2, 2)]
    assert [r["enterprise_id"] for r in lg.ranking("third_party_platform")["items"]] == ["ent-p"]
    assert lg.ranking("support_service")["items"] == []
    with pytest.raises(RuleRefused) as refused:
        lg.ranking("everyone")
    assert "enterprise_type" in refused.value.fields


@pytest.mark.rule("R-REP-11")
def test_the_weights_of_the_policy_in_force_are_kept_with_each_run_R_REP_11(lg):
    before = grade(lg, "ent-shop", "transactional")
    assert before["policy_version"] == before["basis"]["policy_version"] == repository.DEFAULT_POLICY["version"]
    assert before["basis"]["weights"]["annual_online_sales"] == 3 and before["total"] == 52.03

    changed = copy.deepcopy(repository.DEFAULT_POLICY)
    changed["version"] = "2027-01-01"
    changed["grading"]["weights"]["transactional"] = {"online_trade_management": 5}
    lg.ctx.policy = lambda: changed
    after = grade(lg, "ent-shop", "transactional")
    assert after["basis"]["policy_version"] == "2027-01-01" and after["basis"]["weights"]["online_trade_management"] == 5
    assert after["total"] == 36.04 and after["grade"] == "ungraded"  # the new weights moved the grade

    runs = list(models.Grading.objects(enterprise_id="ent-shop").order_by("at"))
    assert [r.basis["policy_version"] for r in runs] == [repository.DEFAULT_POLICY["version"], "2027-01-01"]
    assert runs[0].basis["weights"]["annual_online_sales"] == 3  # the first run still reads the weights it had
    assert rules.grading_total(runs[0].basis, runs[0].scores) == runs[0].total  # and re-checks against them
