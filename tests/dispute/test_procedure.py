"""The published complaint procedure (R-DSP-09): served to anyone in the version of the policy in force, with each
step's time limit; every case runs under it — a step the procedure does not allow from the case's state is refused
(409 with the state and the procedure's step) — and each handling step is recorded in the case's history, chained
state to state, and in the audit log."""

from datetime import datetime

import pytest

from services.dispute.usecases import POLICY
from tests.dispute.test_cases import FILE, open_case
from tests.dispute.usecases import BUYER, MEDIATOR, MERCHANT, Disputes, money_desk
from tianping.lib.errors import Conflict, Forbidden


@pytest.fixture
def desk(replica_for, service_db, frozen_clock):
    from tianping.infra import db

    replica = replica_for("dispute")
    frozen_clock.set(datetime.fromisoformat("2026-03-02T10:00:00+08:00"))
    desk = Disputes(replica, db.database({}, "dispute"), aftersale=money_desk(replica, service_db("aftersale")))
    desk.clock = frozen_clock
    return desk


def test_the_procedure_is_published_with_each_steps_time_limit(desk):
    published = desk.procedure()
    assert published["version"] == POLICY["version"]
    steps = {s["action"]: s for s in published["steps"]}
    assert steps["propose"]["after"] == ["evidence", "mediation"] and steps["propose"]["by"] == "mediator"
    assert steps["resolve"]["time_limit_days"] == POLICY["resolve_within_days"]
    assert steps["report_payment"]["after"] == ["resolved"]
    assert open_case(desk)["policy_version"] == published["version"]  # the case runs under this version


@pytest.mark.rule("R-DSP-09")
def test_a_step_out_of_the_published_procedure_is_refused_R_DSP_09(desk):
    case = open_case(desk)
    with pytest.raises(Conflict) as early:  # the mediator cannot propose before the merchant has answered
        desk.propose(case["case_id"], {"outcome": "buyer_favoured", "reasoning": "glass"}, MEDIATOR)
    assert early.value.fields["status"] == ["awaiting_merchant"]
    assert early.value.fields["procedure"] == ["propose: evidence, mediation"]
    with pytest.raises(Conflict):  # nothing was decided yet: nothing to pay
        desk.paid(case["case_id"], {"reference": "pay-1"}, MERCHANT)
    assert desk.get(case["case_id"])["status"] == "awaiting_merchant"

    desk.evidence(case["case_id"], {"text": "it is jade", "files": [FILE]}, MERCHANT)
    desk.propose(case["case_id"], {"outcome": "buyer_favoured", "reasoning": "glass"}, MEDIATOR)
    desk.answer(case["case_id"], {"accept": True}, BUYER)
    closed = desk.answer(case["case_id"], {"accept": True}, MERCHANT)
    assert closed["status"] == "resolved"
    with pytest.raises(Conflict) as late:  # the evidence period is over once the case is decided
        desk.evidence(case["case_id"], {"text": "one more photo", "files": [FILE]}, BUYER)
    assert late.value.fields["status"] == ["resolved"]
    with pytest.raises(Conflict):
        desk.withdraw(case["case_id"], BUYER)

    # each handling step is recorded and kept: the history chains state to state, and the audit log has each move
    trail = desk.get(case["case_id"])["trail"]
    assert [s["event"] for s in trail] == ["opened", "evidence_merchant", "merchant_answered", "proposed",
                                           "proposal_accepted_by_buyer", "proposal_accepted_by_merchant",
                                           "resolved_buyer_favoured"]
    moves = [s for s in trail if s.get("status")]
    assert all(later["previous"] == earlier["status"] for earlier, later in zip(moves, moves[1:], strict=False))
    assert all(s["actor"] and s["at"] for s in trail)
    assert desk.audit.verify().ok


@pytest.mark.rule("R-DSP-14")
def test_the_transaction_record_of_a_live_sold_order_is_retrieved_for_mediation_R_DSP_14(desk):
    case = open_case(desk, order="o3")  # sold in live room r1
    record = desk.record(case["case_id"], MEDIATOR)
    assert record["order"]["order_id"] == "o3" and record["order"]["total_amount"] == "1999.00"
    assert record["room_id"] == "r1" and record["missing"] == ["livestream_recording"]
    recording = dict(FILE, sha256="b" * 64, name="room-r1.mp4", kind="livestream_recording")
    desk.evidence(case["case_id"], {"text": "the recording shows grey jade", "files": [recording]}, MERCHANT)
    record = desk.record(case["case_id"], BUYER)  # the parties read it too
    assert [(r["sha256"], r["side"]) for r in record["recordings"]] == [("b" * 64, "merchant")]
    assert record["missing"] == [] and [s["event"] for s in record["trail"]][0] == "opened"
    with pytest.raises(Forbidden):
        desk.record(case["case_id"], {"id": "someone-else"})
