"""The onboarding rule table (cases.py) through the pure rules: one pass and one fail (or review) case per rule ID,
each declaring its rule so `make rules-verify` proves the check (the service tests run the same table end to end)."""

import copy

import pytest

from services.onboarding import rules, schemas
from services.onboarding.usecases import POLICY
from tianping.lib import clock

from .cases import CASES


@pytest.mark.parametrize("case, rule_id, application, expected",
                         [pytest.param(*c, id=c[0], marks=pytest.mark.rule(c[1])) for c in CASES])
def test_each_rule_case_decides_as_the_rule_says(case, rule_id, application, expected):
    checks = rules.check_application(schemas.ApplicationIn().load(copy.deepcopy(application)), POLICY, clock.now(),
                                     "old-merchant" if case.startswith("blacklisted") else None)
    outcomes = {c.rule_id: c.outcome for c in checks}
    assert outcomes.get(rule_id) == expected, checks
    status = rules.outcome_of(checks)
    assert status == {"fail": "rejected", "review": status if status != "approved" else "?"}.get(expected, status)
