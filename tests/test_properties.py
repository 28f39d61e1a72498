"""Property tests (issue 15, hypothesis): no input makes a request schema raise anything but ValidationFailed naming
fields, and no input makes a rules module raise anything but its typed errors; every rule ID a decision cites is in
the catalogue. (Random bodies at the gateway: schemathesis, tests/gateway.)"""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.aftersale import schemas as aftersale_schemas
from services.dispute import schemas as dispute_schemas
from services.listing import schemas as listing_schemas
from services.onboarding import rules as onboarding
from services.onboarding import schemas as onboarding_schemas
from services.onboarding.usecases import POLICY as ONBOARDING_POLICY
from services.reputation import authority_schemas as reputation_authority_schemas
from services.reputation import credit_rules
from services.reputation import policy_schemas as reputation_policy_schemas
from services.reputation import rules as reputation
from services.reputation import schemas as reputation_schemas
from services.reputation.repository import DEFAULT_POLICY as REPUTATION_POLICY
from tianping.lib import errors, periods
from tianping.lib.schemas import RULES, Strict

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)
MOMENTS = st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2150, 1, 1),
                       timezones=st.sampled_from([UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-11))]))
INPUT_SCHEMAS = sorted({cls for module in (onboarding_schemas, reputation_schemas, reputation_authority_schemas,
                                           reputation_policy_schemas, listing_schemas, aftersale_schemas,
                                           dispute_schemas)
                        for cls in vars(module).values()
                        if isinstance(cls, type) and issubclass(cls, Strict) and cls is not Strict},
                       key=lambda cls: f"{cls.__module__}.{cls.__name__}")


@pytest.mark.parametrize("schema", INPUT_SCHEMAS, ids=[s.__name__ for s in INPUT_SCHEMAS])
@SETTINGS
@given(data=st.data())
def test_any_body_is_loaded_or_refused_naming_fields(schema, data):
    names = list(schema().fields)
    body = data.draw(st.dictionaries(st.sampled_from(names + ["unknown", ""]), JSON, max_size=8) | JSON)
    try:
        errors.load(schema(), body)
    except errors.ValidationFailed as refused:
        assert refused.fields


IDENTITIES = st.fixed_dictionaries({"real_name": st.text(min_size=1, max_size=8)}, optional={
    "id_number": st.from_regex(r"[0-9A-Z]{6,12}", fullmatch=True),
    "credit_code": st.from_regex(r"[0-9A-Z]{6,12}", fullmatch=True),
    "entity_kind": st.sampled_from(["natural_person", "individual_business", "enterprise", "legal_person"]),
    "registered_in_china": st.booleans(), "birth_date": st.dates(date(1900, 1, 1), date(2100, 1, 1)),
    "address": st.text(max_size=12)})
APPLICATIONS = st.fixed_dictionaries({
    "applicant_type": st.sampled_from(onboarding.SUBJECT_TYPES), "identity": IDENTITIES, "subject_id": st.none(),
    "categories": st.lists(st.sampled_from(["jewelry", "precious_metal", "food", "drug", "general"]), max_size=3),
    "brands": st.lists(st.text(max_size=6), max_size=3),
    "documents": st.lists(st.fixed_dictionaries(
        {"kind": st.sampled_from(onboarding.DOCUMENT_KINDS), "reference": st.text(min_size=1, max_size=4)},
        optional={"brand": st.text(max_size=6), "host_id": st.sampled_from(["h1", "h2"])}), max_size=10),
    "penalties": st.lists(st.fixed_dictionaries(
        {"kind": st.sampled_from(onboarding.PENALTY_KINDS), "decided_at": MOMENTS},
        optional={"publicity_ends_at": MOMENTS | st.none()}), max_size=4),
    "hosts": st.lists(st.sampled_from(["h1", "h2", "h3"]), max_size=3), "mcn_id": st.none() | st.just("mcn-1"),
    "trading": st.booleans()})


@SETTINGS
@given(APPLICATIONS, MOMENTS, st.none() | st.just("someone-blacklisted"))
def test_every_application_is_answered_per_catalogue_rule(application, now, match):
    checks = onboarding.check_application(application, ONBOARDING_POLICY, now, match)
    assert checks and {c.outcome for c in checks} <= {onboarding.PASS, onboarding.FAIL, onboarding.REVIEW}
    assert {c.rule_id for c in checks} <= set(RULES), "a check cites a rule ID outside the catalogue"
    assert onboarding.outcome_of(checks) in ("approved", "rejected", "pending_review")


@SETTINGS
@given(st.fixed_dictionaries({k: st.floats(0, 100) for k in ("goods_quality", "service_quality",
                                                             "management_quality", "livestream_quality")},
                             optional={"forged_material": st.booleans()}), st.integers(0, 10))
def test_every_evaluation_has_a_verdict_citing_catalogue_rules(results, failures):
    verdict = onboarding.evaluate(results, ONBOARDING_POLICY, failures)
    assert verdict["outcome"] in ("passed", "failed", "forged") and set(verdict["rule_ids"]) <= set(RULES)


@SETTINGS
@given(st.sampled_from(reputation.SUBJECT_TYPES), st.sampled_from(sorted(RULES)), st.sampled_from(reputation.SEVERITIES),
       MOMENTS)
def test_every_violation_is_assessed_citing_catalogue_rules(subject_type, rule_id, severity, occurred):
    assessment = reputation.assess_violation(REPUTATION_POLICY, reputation.ViolationFacts(
        subject_type, rule_id, severity, occurred))
    assert assessment.points >= 0 and set(assessment.rule_ids) <= set(RULES)
    assert assessment.blacklist == assessment.serious


SIGNALS = st.lists(st.fixed_dictionaries({"kind": st.sampled_from(
    ["quality_complaint", "invalid_certificate", "aftersale_response", "deadline_breach", "aftersale_rejected",
     "dispute_decided", "evaluation_result"]), "value": JSON}), max_size=8)


@SETTINGS
@given(SIGNALS, st.integers(0, 10_000), st.lists(st.fixed_dictionaries({
    "points": st.integers(0, 50), "status": st.sampled_from(["active", "overturned"]), "occurred_at": MOMENTS}),
    max_size=6), MOMENTS)
def test_credit_and_points_are_total_functions(signals, points, rows, now):
    components = credit_rules.credit_components(REPUTATION_POLICY, signals, points)
    assert 0 <= credit_rules.credit_score(components) <= 100
    active = reputation.active_points(REPUTATION_POLICY, rows, now)
    assert active >= 0 and reputation.sanction_for_points(REPUTATION_POLICY, active) in reputation.SANCTION_ORDER


@SETTINGS
@given(st.dictionaries(st.sampled_from(list(reputation.INDICATORS) + ["unknown"]), st.floats(-5, 10), max_size=40))
def test_grading_refuses_only_with_its_typed_error(scores):
    try:
        total = reputation.grading_total(REPUTATION_POLICY, scores)
    except ValueError:
        return
    assert 0 <= total <= 100 and reputation.grade_for_total(REPUTATION_POLICY, total)


@SETTINGS
@given(MOMENTS, MOMENTS, st.integers(0, 10), st.dates(date(1900, 1, 1), date(2100, 1, 1)))
def test_calendar_periods_are_total(event, reference, years, born):
    within = periods.within_years(event, reference, years)
    assert within == (periods.years_before(periods.local_date(reference), years) <= periods.local_date(event)
                      <= periods.local_date(reference))
    assert periods.kept_until(event, years) > event
    periods.full_years(born, reference)
