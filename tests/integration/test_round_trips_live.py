"""Store round trips of going live (issue 30), counted by command monitoring on the real store: the gates on everyone
on air — blacklist (R-REP-13), registered and active (R-ONB-02), sanction (R-REP-18) — read both replicas once."""

import collections
import uuid

from tests.listing.usecases import Listings

from .flatcost import client, measure  # noqa: F401 (client: the fixture)

ROOM = {"licence_info": "营业执照 91440300MA5XXXXX", "dispute_channel": "平台消费纠纷调解入口",
        "service_hotline": "400-800-1234"}


def test_going_live_reads_the_blacklist_status_and_sanction_of_everyone_on_air_in_one_read(
        replica_for, client):  # noqa: F811
    desk = Listings(replica_for("listing"), request_key="warm-up")
    desk.put_room("room-1", ROOM, "m1")
    for n, subject in enumerate(("h1", "m1", "mcnA"), start=1):
        desk.status(subject, "active", n)
    desk.ctx.request_key = uuid.uuid4().hex
    answers = []
    cost = measure(client, lambda: answers.append(
        desk.go_live("room-1", {"host_id": "h1", "operator_id": "m1", "mcn_id": "mcnA"}, {"id": "h1"})))
    sent = collections.Counter(cost.commands)
    assert answers[0]["status"] == "live"
    # one `$documents` aggregate joined to both replicas by _id (was a find of the blacklist entry per role, one of
    # the statuses and one of the sanction entries: five for a host, its operator and its MCN)
    assert sent[("find", "blacklist_replica")] == 0 and sent[("find", "subject_statuses")] == 0, sent
    assert sent[("aggregate", "")] == 1, sent
    assert all(plan != "COLLSCAN" for _, _, plan, _ in cost.examined), cost
