"""The gateway over the running system: authorisation matrix, idempotency, rate limits, onboarding rule table
through HTTP, the blacklisted-MCN cascade, and schemathesis over the whole OpenAPI document."""

import copy
import re
import uuid

import eventlet
import pytest

import gateway.service  # noqa: F401 - registers the routes
from gateway.api import ROUTES
from gateway.auth import ROLES
from tests.integration.http import call, wait_until
from tests.onboarding.cases import CASES, DOC, host, mcn, merchant

SYSTEM_ENV = {"TIANPING_RATE_LIMIT_PER_SECOND": "50", "TIANPING_RATE_LIMIT_BURST": "80"}
OWNER = "owner-1"


def _path(route) -> str:
    return re.sub(r"\{[^}]+\}", OWNER, route["path"])


SECURED = [r for r in ROUTES if r["roles"] is not None]
MATRIX = [(r, role) for r in SECURED for role in ROLES]


@pytest.mark.parametrize("route, role", MATRIX, ids=[f"{r['method']} {r['path']} as {role}" for r, role in MATRIX])
def test_every_route_by_every_role(system, route, role):
    status, body, headers = call(system, route["method"].upper(), _path(route),
                                 {} if route["method"] == "post" else None, role=role, sub=OWNER)
    if role in route["roles"]:
        assert status not in (401, 403), body
        assert status < 500 or status in (503, 504), body
    else:
        assert status == 403 and body["error"]["code"] == "forbidden"
    assert headers["X-Request-Id"]


@pytest.mark.parametrize("route", SECURED, ids=[f"{r['method']} {r['path']}" for r in SECURED])
def test_every_secured_route_needs_a_valid_token(system, route):
    method, path = route["method"].upper(), _path(route)
    assert call(system, method, path, {}, role=None)[0] == 401
    status, body, _ = call(system, method, path, {}, role=None, headers={"Authorization": "Bearer not.a.jwt"})
    assert status == 401 and body["error"]["code"] == "unauthenticated"


def test_owner_rules_keep_merchants_to_their_own_records(system):
    assert call(system, "GET", "/v1/subjects/someone-else", role="merchant", sub="me")[0] == 403
    assert call(system, "GET", "/v1/subjects/someone-else/reputation", role="merchant", sub="me")[0] == 403
    status, body, _ = call(system, "POST", "/v1/applications", merchant(subject_id="someone-else"),
                           role="merchant", sub="me-shop")
    assert status == 201 and body["subject_id"] == "me-shop"  # an applicant applies only for itself


def test_same_post_20_times_concurrently_creates_one_record(system):
    key = uuid.uuid4().hex
    body = {"subject_id": f"idem-{key[:6]}", "subject_type": "merchant", "reason": "idempotency test",
            "rule_ids": ["R-REP-13"]}
    pool = eventlet.GreenPool(20)
    results = list(pool.imap(lambda _: call(system, "POST", "/v1/blacklist", body,
                                            headers={"Idempotency-Key": key}), range(20)))
    assert {r[0] for r in results} == {201}
    assert len({r[1]["seq"] for r in results}) == 1
    assert sum(1 for r in results if r[2].get("Idempotent-Replayed") == "true") == 19
    history = call(system, "GET", f"/v1/blacklist/{body['subject_id']}", role="sre")[1]["history"]
    assert len(history) == 1
    status, err, _ = call(system, "POST", "/v1/blacklist", dict(body, reason="another body"),
                          headers={"Idempotency-Key": key})
    assert status == 422 and err["error"]["code"] == "idempotency_key_reused"


def test_rate_limit_answers_429_with_retry_after(system):
    first = call(system, "GET", "/v1/blacklist?limit=1", role="sre", sub="greedy")
    assert first[0] == 200
    pool = eventlet.GreenPool(40)
    limited = []
    for _ in range(10):  # bounded rounds: on a loaded machine one round may be slower than the bucket refills
        results = list(pool.imap(lambda _: call(system, "GET", "/v1/blacklist?limit=1", role="sre", sub="greedy"),
                                 range(200)))
        limited = [r for r in results if r[0] == 429]
        if limited:
            break
    assert limited, [r[0] for r in results]
    assert all(int(r[2]["Retry-After"]) >= 1 and r[1]["error"]["code"] == "rate_limited" for r in limited)
    assert call(system, "GET", "/v1/blacklist?limit=1", role="sre", sub="patient")[0] == 200  # others unaffected


def test_body_limit_and_bad_json(system):
    status, body, _ = call(system, "POST", "/v1/violations", raw=b"{" + b" " * 300_000 + b"}")
    assert status == 413 and body["error"]["code"] == "payload_too_large"
    status, body, _ = call(system, "POST", "/v1/violations", raw=b"{not json")
    assert status == 400 and body["error"]["fields"] == {"body": ["invalid JSON"]}


@pytest.mark.parametrize("case, rule_id, application, expected", CASES, ids=[c[0] for c in CASES])
def test_each_onboarding_rule_through_the_gateway(system, case, rule_id, application, expected):
    app = copy.deepcopy(application)
    app["subject_id"] = f"gw-{uuid.uuid4().hex[:10]}"
    if app["applicant_type"] == "merchant":  # distinct identities: approved cases must not collide
        app["identity"]["credit_code"] = "91" + uuid.uuid4().hex[:14].upper()
    status, body, _ = call(system, "POST", "/v1/applications", app)
    assert status == 201, body
    assert {c["rule_id"]: c["outcome"] for c in body["checks"]}[rule_id] == expected


@pytest.mark.parametrize("bad, field", [
    ({}, "applicant_type"), ({"applicant_type": "wizard", "identity": {}}, "applicant_type"),
    ({"applicant_type": "merchant", "identity": "me"}, "identity"),
    ({"applicant_type": "merchant", "identity": {"real_name": "x", "id_number": "123456"},
      "documents": [{"kind": "other", "reference": "r"}] * 51}, "documents"),
])
def test_bad_applications_get_400_with_fields(system, bad, field):
    status, body, _ = call(system, "POST", "/v1/applications", bad)
    assert status == 400 and field in body["error"]["fields"]


def test_blacklisted_mcn_hosts_suspended_and_same_identity_refused(system):
    tag = uuid.uuid4().hex[:6]
    credit = "91MCN" + tag.upper()
    assert call(system, "POST", "/v1/applications", mcn(subject_id=f"mcn-{tag}", identity={"credit_code": credit}))[1][
        "status"] == "approved"
    hosted = call(system, "POST", "/v1/applications", host(subject_id=f"host-{tag}", mcn_id=f"mcn-{tag}",
                                                             identity={"id_number": f"4403{tag}0101"}))[1]
    assert hosted["status"] == "approved"
    status, body, _ = call(system, "POST", "/v1/violations", {
        "subject_id": f"mcn-{tag}", "subject_type": "mcn", "rule_id": "PB-10", "severity": "serious",
        "evidence": ["traffic fraud report 77"]})
    assert status == 201 and body["blacklist_seq"]
    wait_until(lambda: call(system, "GET", f"/v1/subjects/host-{tag}", role="reviewer")[1]["status"] == "suspended")
    assert call(system, "GET", f"/v1/subjects/mcn-{tag}", role="reviewer")[1]["status"] == "blacklisted"
    again = call(system, "POST", "/v1/applications", mcn(subject_id=f"mcn2-{tag}", identity={"credit_code": credit}))[1]
    assert again["status"] == "rejected"
    assert {c["rule_id"]: c["outcome"] for c in again["checks"]}["R-ONB-05"] == "fail"


def test_review_queue_decision_and_history_over_http(system):
    app = call(system, "POST", "/v1/applications", host(subject_id=f"rq-{uuid.uuid4().hex[:6]}",
                                                        documents=[DOC["personal_data_consent"]]),
               role="host", sub="rq-host")[1]
    assert app["status"] == "pending_review" and app["identity"]["id_number"].startswith("*")
    queue = call(system, "GET", "/v1/review-queue?type=host&limit=200", role="reviewer")[1]
    assert app["application_id"] in [a["id"] for a in queue["items"] if a["kind"] == "application"]
    decision = f"/v1/applications/{app['application_id']}/decision"
    refused = call(system, "POST", decision, {"decision": "approve", "reasons": ["training verified by phone"]},
                   role="reviewer", sub="rev-9")
    assert refused[0] == 409 and "R-ONB-41" in str(refused[1])  # no approval while the proof is not filed
    call(system, "POST", decision, {"decision": "resubmit", "reasons": ["file the proof"],
                                    "documents_requested": ["training_certificate"]}, role="reviewer", sub="rev-9")
    call(system, "POST", f"/v1/applications/{app['application_id']}/resubmission",
         {"documents": [DOC["training_certificate"]]}, role="host", sub="rq-host")
    decided = call(system, "POST", decision, {"decision": "approve", "reasons": ["training certificate filed"],
                                              "rule_ids": ["R-ONB-41"]}, role="reviewer", sub="rev-9")[1]
    assert decided["status"] == "approved" and decided["history"][-1]["actor"] == "rev-9"
    own = call(system, "GET", f"/v1/applications/{app['application_id']}", role="host", sub="rq-host")
    assert own[0] == 200 and own[1]["identity"]["id_number"].startswith("*")
    full = call(system, "GET", f"/v1/applications/{app['application_id']}", role="reviewer", sub="rev-9")[1]
    assert not full["identity"]["id_number"].startswith("*")
    assert call(system, "GET", f"/v1/applications/{app['application_id']}", role="host", sub="other")[0] == 403


def test_openapi_document_validates_and_lists_every_route(system):
    from openapi_spec_validator import validate

    spec = call(system, "GET", "/openapi.json", role=None)[1]
    validate(spec)
    documented = {(method, path) for path, ops in spec["paths"].items() for method in ops}
    assert documented == {(r["method"], r["path"]) for r in ROUTES}
    for route in SECURED:
        assert "Roles:" in spec["paths"][route["path"]][route["method"]]["description"]


def test_schemathesis_finds_no_5xx_and_no_schema_violations(system):
    """Property-based run over every route of /openapi.json, tokens of several roles, bounded examples."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    from tests.tokens import bearer

    schema = schemathesis.openapi.from_url(f"{system.gateway_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= len(ROUTES) - 1  # (schemathesis leaves out the docs asset route)
    failures = []
    def runner(operation, headers, role):
        @settings(max_examples=4, deadline=None, database=None, suppress_health_check=list(HealthCheck),
                  derandomize=True)
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(headers=headers, timeout=20)
            try:
                case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
            except Exception as exc:  # noqa: BLE001 - collect every failure, report them together
                failures.append(f"{role} {operation.label} -> {response.status_code}: {str(exc)[:300]}")

        return run

    for role in ("platform_admin", "reviewer", "merchant"):
        for operation in operations:
            runner(operation, bearer(role, OWNER), role)()
    assert not failures, "\n".join(failures[:20])


VIOLATION = {"subject_id": "hostile-1", "subject_type": "merchant", "rule_id": "PB-01", "severity": "general"}
HOSTILE = [  # (what an attacker sends, the field the 4xx must name) — issue 15
    ("nested 5,000 levels", None, '{"a": ' + "[" * 5000 + "]" * 5000 + "}", "body"),
    ("nested 40 levels", None, '{"evidence": ' + "[" * 40 + "]" * 40 + "}", "body"),
    ("an unknown field", {**VIOLATION, "points": 0}, None, "points"),
    ("a rule ID not in the catalogue", {**VIOLATION, "rule_id": "PB-99"}, None, "rule_id"),
    ("an id with a NUL", {**VIOLATION, "subject_id": "m\u00001"}, None, "subject_id"),
    ("an id with spaces", {**VIOLATION, "subject_id": "m 1"}, None, "subject_id"),
    ("an id of 129 characters", {**VIOLATION, "subject_id": "m" * 129}, None, "subject_id"),
]


@pytest.mark.parametrize("what, body, raw, field", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_bodies_are_refused_with_the_field_named_and_nothing_stored(system, what, body, raw, field):
    status, answer, _ = call(system, "POST", "/v1/violations", body, raw=raw.encode() if raw else None)
    assert status == 400, answer
    assert answer["error"]["code"] == "validation_failed" and field in answer["error"]["fields"], answer
    assert call(system, "GET", "/v1/subjects/hostile-1/reputation", role="sre")[0] == 404  # nothing stored


def test_a_body_that_is_not_json_is_415_and_a_bad_path_id_is_400(system):
    status, answer, _ = call(system, "POST", "/v1/violations", raw=b"subject_id=x",
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 415 and answer["error"]["code"] == "unsupported_media_type"
    status, answer, _ = call(system, "GET", "/v1/blacklist/bad%00id", role="sre")
    assert status == 400 and "subject_id" in answer["error"]["fields"]


def test_test_clocks_are_off_unless_turned_on(system):
    """Off by default (tianping.platform.testclock): every test-clock route answers 404 test_clocks_off, and the clock stays."""
    for method, path, body in (("GET", "/v1/test-clock", None), ("POST", "/v1/test-clock/advance", {"seconds": 60}),
                               ("POST", "/v1/test-clock/sync", {})):
        status, err, _ = call(system, method, path, body)
        assert status == 404 and err["error"]["code"] == "test_clocks_off", (path, err)
    assert call(system, "POST", "/v1/test-clock/advance", {"seconds": 60}, role="sre")[0] == 403
