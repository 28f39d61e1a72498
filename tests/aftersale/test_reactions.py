from functools import partial

from services.aftersale import repository
from services.aftersale.usecases import reactions, requests
from tests.conftest import change
from tianping.usecase import Context


def test_buyers_keep_their_requests_and_platform_takes_over_deadlines_R_AFT_05(replica_for):
    replica = replica_for("aftersale")
    ctx = Context(repository, replica)
    react = partial(reactions.react_to_blacklist, ctx)
    open_req = requests.open_request(ctx, {"order_id": "o1", "buyer_id": "b1", "merchant_id": "m1",
                                           "kind": "no_reason_return"})
    assert open_req["deadline_owner"] == "merchant"
    replica.apply([change(1, "m1")], reaction=react)
    replica.apply([change(1, "m1")], reaction=react)
    after = requests.get(ctx, open_req["request_id"])
    assert after["deadline_owner"] == "platform" and after["status"] == "open"
    assert [s["event"] for s in after["trail"]] == ["opened", "platform_took_over"]
    new = requests.open_request(ctx, {"order_id": "o2", "buyer_id": "b2", "merchant_id": "m1", "kind": "refund"})
    assert new["deadline_owner"] == "platform" and "R-AFT-05" in new["trail"][0]["rule_ids"]
