"""Onboarding's reaction to the blacklist (issue 4): status, MCN cascade, refusing re-entry."""

import pytest
from nameko.testing.services import worker_factory

from services.onboarding import models
from services.onboarding.service import OnboardingService
from services.onboarding.usecases import status_moves
from tests.conftest import change, publisher
from tests.onboarding.usecases import Onboarding
from tianping.lib.errors import SubjectBlacklisted
from tianping.platform.commands import CommandRun


@pytest.fixture
def reg(replica_for):
    published = []
    replica = replica_for("onboarding")
    return Onboarding(replica, publisher(published)), replica, published


@pytest.mark.rule("R-REP-13")
def test_mcn_blacklisted_suspends_its_hosts_once_and_lift_restores_R_REP_13(reg):
    r, replica, published = reg
    r.register({"subject_id": "mcn1", "subject_type": "mcn", "identity": {"credit_code": "91MCN"}})
    for host in ("h1", "h2"):
        r.register({"subject_id": host, "subject_type": "host"})
        r.add_contract("mcn1", {"host_id": host})
    add = change(1, "mcn1", subject_type="mcn")
    replica.apply([add], reaction=r.react_to_run)
    replica.apply([add], reaction=r.react_to_run)  # duplicate delivery
    r.react_to_run([add])                                # even a re-run of the reaction itself
    assert r.get("mcn1").status == "blacklisted"
    assert [r.get(h).status for h in ("h1", "h2")] == ["suspended", "suspended"]
    assert len(r.get("h1").history) == 2  # registered + one suspension: no double cascade
    cascades = [p["items"] for t, p in published if t == "subject_statuses_changed"]
    assert len(cascades) == 1 and sorted(i["subject_id"] for i in cascades[0] if i["status"] == "suspended") == ["h1", "h2"]
    replica.apply([change(2, "mcn1", action="lift", subject_type="mcn")], reaction=r.react_to_run)
    assert r.get("mcn1").status == "active"
    assert [r.get(h).status for h in ("h1", "h2")] == ["active", "active"]


@pytest.mark.rule("R-ONB-05")
def test_blacklisted_identity_is_refused_under_a_new_account_R_ONB_05(reg):
    r, replica, _ = reg
    r.register({"subject_id": "m1", "subject_type": "merchant", "identity": {"id_number": "110101X"}})
    replica.apply([change(1, "m1")], reaction=r.react_to_run)
    with pytest.raises(SubjectBlacklisted) as info:
        r.register({"subject_id": "m1-new", "subject_type": "merchant", "identity": {"id_number": "110101x"}})
    assert "R-ONB-05" in info.value.fields["rule_ids"]
    with pytest.raises(SubjectBlacklisted):
        r.register({"subject_id": "m1", "subject_type": "merchant"})


@pytest.mark.rule("R-ONB-05")
def test_identity_refusal_survives_a_replica_rebuild_and_onboarding_never_writes_the_replica_R_ONB_05(reg):
    """The kit deletes replica entries as derived state when the authority's log changes: onboarding's own
    knowledge of a blacklisted identity must not live there."""
    r, replica, _ = reg
    r.register({"subject_id": "m7", "subject_type": "merchant", "identity": {"id_number": "110107X"}})
    replica.apply([change(1, "m7")], reaction=r.react_to_run)
    assert replica.entry("m7").get("identity_keys", []) == []  # only what the authority published
    replica.entries.delete_many({})  # what a rebuild does
    with pytest.raises(SubjectBlacklisted) as info:
        r.register({"subject_id": "m7-new", "subject_type": "merchant", "identity": {"id_number": "110107x"}})
    assert "R-ONB-05" in info.value.fields["rule_ids"]


@pytest.mark.rule("R-REP-17")
def test_host_blacklisted_reports_joint_liability_of_its_mcn_once_R_REP_17(reg):
    r, replica, published = reg
    r.register({"subject_id": "mcn2", "subject_type": "mcn"})
    r.register({"subject_id": "h9", "subject_type": "host"})
    r.add_contract("mcn2", {"host_id": "h9"})
    replica.apply([change(1, "h9", subject_type="host")], reaction=r.react_to_run)
    replica.apply([change(1, "h9", subject_type="host")], reaction=r.react_to_run)
    violations = [p for t, p in published if t == "violation_detected"]
    assert len(violations) == 1
    assert violations[0]["subject_id"] == "mcn2" and violations[0]["rule_id"] == "R-REP-17"
    assert violations[0]["dedupe_key"] == "joint-liability:1:mcn2"


def test_is_allowed_rpc_delegates_and_cites_rules(replica_for):
    replica = replica_for("onboarding")
    service = worker_factory(OnboardingService, blacklist=replica, commands=CommandRun(None, None))
    service.register_subject({"subject_id": "m5", "subject_type": "merchant"})
    assert service.is_allowed("m5", "sell")["allowed"] is True
    replica.apply([change(1, "m5")])
    assert service.is_allowed("m5", "sell") == {"subject_id": "m5", "action": "sell", "allowed": False,
                                                "status": "active", "rule_ids": ["R-ONB-05", "R-REP-13"]}
    assert models.Subject.objects(subject_id="m5").count() == 1


@pytest.mark.rule("R-ONB-30")
def test_an_mcn_with_many_hosts_cascades_in_a_handful_of_round_trips_not_one_per_host_R_ONB_30(reg):
    """Issues 14 and 30: 300 contracted hosts are suspended a batch at a time — per batch one read, one conditional
    update, one audit insert, one event and the cursor — never a statement per host."""
    from tianping.infra import roundtrips

    r, replica, published = reg
    r.register({"subject_id": "mcn-big", "subject_type": "mcn", "identity": {"credit_code": "91BIG"}})
    hosts = [f"bh{i}" for i in range(300)]
    for host in hosts:
        r.register({"subject_id": host, "subject_type": "host"})
        r.add_contract("mcn-big", {"host_id": host})
    before = sum(roundtrips.COMMANDS.values())
    replica.apply([change(1, "mcn-big", subject_type="mcn")], reaction=r.react_to_run)
    spent = sum(roundtrips.COMMANDS.values()) - before
    batches = -(-300 // status_moves.BATCH)
    assert 0 < spent < 15 + 4 * batches, f"{spent} store round trips for 300 hosts"
    assert models.Subject.objects(subject_id__in=hosts, status="suspended").count() == 300
    events = [p for t, p in published if t == "subject_statuses_changed"]
    items = [i for e in events for i in e["items"]]
    assert len(events) == batches and all(len(e["items"]) <= status_moves.BATCH for e in events)
    assert sorted(i["subject_id"] for i in items) == sorted(hosts)
    assert all(i["rule_ids"] == ["R-REP-13", "R-ONB-30"] and i["previous"] == "active" for i in items)
    assert {i["version"] for i in items} == {2}  # registered, suspended: the history's length after the step
    assert {len(s.history) for s in models.Subject.objects(subject_id__in=hosts)} == {2}
