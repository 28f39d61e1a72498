"""Staff records for live room operators: a host's penalty for indecent content, plagiarism or a breach of law is
published until the end of its publication period, counted in calendar days in Shanghai (R-REP-20, eligibility of
R-ONB-39), and findings of dishonesty are kept as dishonesty records that put the person behind the others when an
operator hires (R-REP-21, R-ONB-45)."""

from datetime import UTC, datetime

import pytest

from services.reputation import models, repository
from services.reputation.repository import authority
from tests.conftest import publisher
from tests.reputation.test_ledger import Relay
from tests.reputation.usecases import Reputation
from tianping.infra import db
from tianping.lib.errors import ValidationFailed

ON_AIR = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)  # 23:30 on 2 March in Shanghai
DAYS = repository.DEFAULT_POLICY["host_penalties"]["publication_days"]  # 180: published through 29 August


@pytest.fixture
def lg(service_db, frozen_clock):
    frozen_clock.set(ON_AIR)
    database = service_db("reputation")
    db.ensure_indexes(models)
    lg = Reputation(authority.Authority(database), Relay(), publisher([]))
    lg.clock = frozen_clock
    return lg


def host_violation(subject, rule, **extra):
    return {"subject_id": subject, "subject_type": "host", "rule_id": rule, "severity": "general",
            "evidence": [f"live_session:{subject}"], **extra}


def standing(lg, *subjects):
    return {item["subject_id"]: item for item in lg.staff_records({"subject_ids": list(subjects)})["items"]}


@pytest.mark.rule("R-REP-20")
def test_a_hosts_penalty_is_published_to_the_end_of_its_last_day_then_it_may_host_again_R_REP_20(lg):
    assert DAYS == 180
    recorded = lg.record_violation(host_violation("h-indecent", "PB-12"))["violation"]
    assert "R-REP-20" in recorded["rule_ids"]
    assert recorded["published_until"] == "2026-08-30T00:00:00+08:00"  # the first moment after 29 August
    lg.record_violation(host_violation("h-other", "PB-11", subject_type="host"))  # harassment: not such a penalty

    lg.clock.set(datetime(2026, 8, 29, 15, 59, 59, tzinfo=UTC))  # 23:59:59 on 29 August, the last day
    seen = standing(lg, "h-indecent", "h-other")
    assert seen["h-indecent"]["eligible_for_jewelry_hosting"] is False
    assert [p["rule_id"] for p in seen["h-indecent"]["published_penalties"]] == ["PB-12"]
    assert seen["h-other"]["eligible_for_jewelry_hosting"] is True and seen["h-other"]["published_penalties"] == []

    lg.clock.set(datetime(2026, 8, 29, 16, 0, tzinfo=UTC))  # 30 August 00:00: the publication period has ended
    assert standing(lg, "h-indecent")["h-indecent"]["eligible_for_jewelry_hosting"] is True


@pytest.mark.rule("R-REP-20")
def test_only_hosts_penalties_are_published_and_an_overturned_one_is_not_R_REP_20(lg):
    merchant = lg.record_violation({**host_violation("m-1", "PB-03"), "subject_type": "merchant"})["violation"]
    assert merchant["published_until"] is None
    appealed = lg.record_violation(host_violation("h-appeal", "PB-13"))["violation"]
    assert standing(lg, "h-appeal")["h-appeal"]["eligible_for_jewelry_hosting"] is False
    models.Violation.objects(violation_id=appealed["violation_id"]).update(set__status="overturned")
    assert standing(lg, "h-appeal")["h-appeal"]["eligible_for_jewelry_hosting"] is True


@pytest.mark.rule("R-REP-21")
def test_dishonesty_records_put_a_person_behind_the_others_when_an_operator_hires_R_REP_21(lg):
    fake = lg.record_violation(host_violation("h-fake", "PB-08"))["violation"]  # a fake host persona
    assert fake["dishonesty"] == "fake host persona or staged sales scene" and "R-REP-21" in fake["rule_ids"]
    lg.record_violation(host_violation("h-rude", "PB-12"))  # improper remarks: a penalty, not dishonesty
    answer = lg.staff_records({"subject_ids": ["h-fake", "h-rude", "h-clean"]})
    assert [i["subject_id"] for i in answer["items"]] == ["h-rude", "h-clean", "h-fake"]
    by_id = {i["subject_id"]: i for i in answer["items"]}
    assert by_id["h-fake"]["preferred"] is False
    assert [r["rule_id"] for r in by_id["h-fake"]["dishonesty_records"]] == ["PB-08"]
    assert by_id["h-rude"]["preferred"] is True and by_id["h-rude"]["dishonesty_records"] == []

    lg.clock.set(datetime(2028, 1, 1, tzinfo=UTC))  # kept: a dishonesty record does not lapse with the points
    assert standing(lg, "h-fake")["h-fake"]["preferred"] is False
    with pytest.raises(ValidationFailed) as refused:
        lg.staff_records({"subject_ids": []})
    assert "subject_ids" in refused.value.fields
