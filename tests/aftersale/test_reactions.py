from services.aftersale import desk
from tests.conftest import change


def test_buyers_keep_their_requests_and_platform_takes_over_deadlines_R_AFT_05(replica_for):
    replica = replica_for("aftersale")
    d = desk.Desk(replica)
    open_req = d.open({"order_id": "o1", "buyer_id": "b1", "merchant_id": "m1", "kind": "no_reason_return"})
    assert open_req["deadline_owner"] == "merchant"
    replica.apply([change(1, "m1")], reaction=d.react_to_blacklist)
    replica.apply([change(1, "m1")], reaction=d.react_to_blacklist)
    after = d.get(open_req["request_id"])
    assert after["deadline_owner"] == "platform" and after["status"] == "open"
    assert [s["event"] for s in after["trail"]] == ["opened", "platform_took_over"]
    new = d.open({"order_id": "o2", "buyer_id": "b2", "merchant_id": "m1", "kind": "refund"})
    assert new["deadline_owner"] == "platform" and "R-AFT-05" in new["trail"][0]["rule_ids"]
