"""The routes `make profile` can drive: for each, what one request is (a callable of the request number that answers
whether it succeeded) and what must exist before it (a subject to read, a blacklist entry, a violation)."""

import json
import urllib.error
import urllib.request
import uuid

from .filings import MERCHANT_DOCUMENTS

IDENTITY = {"real_name": "Profile Shop", "address": "Shenzhen Futian 1", "contact_phone": "+86 755 1234 5678",
            "entity_kind": "enterprise", "registered_in_china": True}
DOCUMENTS = MERCHANT_DOCUMENTS
TAG = uuid.uuid4().hex[:6]


def http(url: str, method: str = "GET", body=None, token: str = "") -> int:
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None, method=method,
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}",
                                              "Idempotency-Key": uuid.uuid4().hex})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            answer.read()
            return answer.status
    except urllib.error.HTTPError as err:
        err.read()
        return err.code


def application(i) -> dict:
    return {"applicant_type": "merchant", "subject_id": f"prof-{TAG}-{i}", "documents": DOCUMENTS,
            "identity": {**IDENTITY, "credit_code": f"91PROF{TAG}{i:0>6}"}}


def violation(subject: str) -> dict:
    return {"subject_id": subject, "subject_type": "merchant", "rule_id": "PB-01", "severity": "general",
            "evidence": ["profile://ev"]}


def prepare(route: str, url: str, tokens: dict) -> dict:
    """Records the read routes read: one applied merchant with a violation, one blacklisted merchant."""
    subject, listed = f"prof-read-{TAG}", f"prof-bl-{TAG}"
    assert http(f"{url}/v1/applications", "POST", {**application("read"), "subject_id": subject},
                tokens["service"]) == 201
    http(f"{url}/v1/violations", "POST", violation(subject), tokens["platform_admin"])
    http(f"{url}/v1/blacklist", "POST", {"subject_id": listed, "subject_type": "merchant", "reason": "profile",
                                         "rule_ids": ["R-REP-13"]}, tokens["platform_admin"])
    return {"subject": subject, "blacklisted": listed}


ROUTES = {
    "POST /v1/applications": lambda url, t, f: lambda i: http(
        f"{url}/v1/applications", "POST", application(i), t["service"]) == 201,
    "POST /v1/violations": lambda url, t, f: lambda i: http(
        f"{url}/v1/violations", "POST", violation(f"prof-v-{TAG}-{i % 200}"), t["platform_admin"]) == 201,
    "POST /v1/blacklist": lambda url, t, f: lambda i: http(
        f"{url}/v1/blacklist", "POST", {"subject_id": f"prof-bl-{TAG}-{i}", "subject_type": "merchant",
                                        "reason": "profile", "rule_ids": ["R-REP-13"]}, t["platform_admin"]) == 201,
    "GET /v1/subjects/{subject_id}": lambda url, t, f: lambda i: http(
        f"{url}/v1/subjects/{f['subject']}", token=t["sre"]) == 200,
    "GET /v1/subjects/{subject_id}/reputation": lambda url, t, f: lambda i: http(
        f"{url}/v1/subjects/{f['subject']}/reputation", token=t["sre"]) == 200,
    "GET /v1/blacklist/{subject_id}": lambda url, t, f: lambda i: http(
        f"{url}/v1/blacklist/{f['blacklisted']}", token=t["sre"]) == 200,
    "GET /v1/review-queue": lambda url, t, f: lambda i: http(
        f"{url}/v1/review-queue?limit=20", token=t["reviewer"]) == 200,
    "GET /healthz": lambda url, t, f: lambda i: http(f"{url}/healthz") == 200,
}
