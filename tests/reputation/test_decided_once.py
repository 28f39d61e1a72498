"""An appeal is decided once (R-REP-19): a reviewer's decision read before another's landed is refused, so an appeal
is never both upheld and overturned, nor its reversal done on a decision that did not stand — the interleaving made
certain with monkeypatch."""

import pytest

from services.reputation import models, rules
from tests.reputation.test_ledger import led, violation  # noqa: F401 - the fixture
from tianping.lib.errors import Conflict


def test_an_appeal_decision_read_before_another_reviewer_decided_it_is_refused_R_REP_19(led, monkeypatch):  # noqa: F811
    lg, _ = led
    serious = lg.record_violation(violation(subject="m3", rule="PB-20"))
    appeal = lg.file_appeal({"subject_id": "m3", "violation_id": serious["violation"]["violation_id"],
                             "grounds": "not the host"}, "m3")
    real, done = rules.can_decide_appeal, []

    def upheld_meanwhile(state, outcome):
        if not done:
            done.append(True)
            lg.decide_appeal(appeal["appeal_id"], {"outcome": "upheld", "reason": "the video shows the host"}, "rev-2")
        return real(state, outcome)

    monkeypatch.setattr(rules, "can_decide_appeal", upheld_meanwhile)
    with pytest.raises(Conflict):
        lg.decide_appeal(appeal["appeal_id"], {"outcome": "overturned", "reason": "not the host"}, "rev-1")
    assert lg.blacklist_get("m3")["status"] == "blacklisted"  # the upheld appeal stands: nothing lifted
    outcomes = [d.outcome for d in models.Decision.objects(subject_id="m3", kind="appeal")]
    assert outcomes == ["upheld"], outcomes
