from functools import partial

from services.dispute import repository
from services.dispute.usecases import cases, reactions
from tests.conftest import change
from tianping.usecase import Context


def test_open_cases_flagged_and_advance_compensation_available_R_DSP_06(replica_for):
    replica = replica_for("dispute")
    ctx = Context(repository, replica)
    react = partial(reactions.react_to_blacklist, ctx)
    case = cases.open_case(ctx, {"consumer_id": "c1", "merchant_id": "m1", "order_id": "o1", "claim": "fake jade"})
    assert case["advance_compensation_available"] is False
    replica.apply([change(1, "m1")], reaction=react)
    react([change(1, "m1")])  # re-run: no second flag
    after = cases.get(ctx, case["case_id"])
    assert after["flags"] == ["merchant_blacklisted"] and after["advance_compensation_available"] is True
    assert "R-DSP-06" in after["trail"][-1]["rule_ids"] and len(after["trail"]) == 2
