"""The routes `make profile` can drive: for each, what one request is (a callable of the request number that answers
whether it succeeded) and what must exist before it (a subject to read, a blacklist entry, a violation)."""

import json
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta

from gateway.auth import mint

from .filings import MERCHANT_DOCUMENTS

IDENTITY = {"real_name": "Profile Shop", "address": "Shenzhen Futian 1", "contact_phone": "+86 755 1234 5678",
            "entity_kind": "enterprise", "registered_in_china": True}
DOCUMENTS = MERCHANT_DOCUMENTS
TAG = uuid.uuid4().hex[:6]


def http(url: str, method: str = "GET", body=None, token: str = "") -> int:
    return http_json(url, method, body, token)[0]


def http_json(url: str, method: str = "GET", body=None, token: str = "") -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None, method=method,
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}",
                                              "Idempotency-Key": uuid.uuid4().hex})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as err:
        err.read()
        return err.code, {}


def application(i) -> dict:
    return {"applicant_type": "merchant", "subject_id": f"prof-{TAG}-{i}", "documents": DOCUMENTS,
            "identity": {**IDENTITY, "credit_code": f"91PROF{TAG}{i:0>6}"}}


def violation(subject: str) -> dict:
    return {"subject_id": subject, "subject_type": "merchant", "rule_id": "PB-01", "severity": "general",
            "evidence": ["profile://ev"]}


LISTING = {"category": "apparel", "title": "Cotton shirt", "description": "Plain cotton shirt, machine washable.",
           "price": "59.00"}


def system_under_profile(env):
    """A system with rate limits out of the way, its processes' pids (the store's too when embedded) and a token
    per role the routes use: what `make profile` and `make bench ONLY=routes` both start from."""
    system = env.system(TIANPING_RATE_LIMIT_PER_SECOND="100000", TIANPING_RATE_LIMIT_BURST="100000")
    pids = {name: proc.pid for name, proc in system.processes.items()}
    if env.store is not None:
        pids["store"] = env.store.process.pid
    tokens = {role: mint(system.jwt_secret, f"profile-{role}", role, ttl_s=3600)
              for role in ("service", "platform_admin", "sre", "reviewer", "consumer", "merchant")}
    return system, pids, tokens


def prepare(route, url: str, tokens: dict, count: int = 450) -> dict:
    """Records the read routes read: one applied merchant with a violation, one blacklisted merchant, and the
    merchant of the merchant token onboarded with one listing (once listing knows it is active). For the after-sale
    and dispute writes of `route` (one route or a list), `count` paid orders of the consumer token's buyer from the
    merchant token's seller each (a request or a case per order, as in the load scenario), and for the merchant's
    answers `count` requests open on them."""
    routes = [route] if isinstance(route, str) else list(route)
    subject, listed = f"prof-read-{TAG}", f"prof-bl-{TAG}"
    assert http(f"{url}/v1/applications", "POST", {**application("read"), "subject_id": subject},
                tokens["service"]) == 201
    http(f"{url}/v1/violations", "POST", violation(subject), tokens["platform_admin"])
    http(f"{url}/v1/blacklist", "POST", {"subject_id": listed, "subject_type": "merchant", "reason": "profile",
                                         "rule_ids": ["R-REP-13"]}, tokens["platform_admin"])
    assert http(f"{url}/v1/applications", "POST", {**application("seller"), "subject_id": "profile-merchant"},
                tokens["service"]) == 201
    deadline, listing = time.monotonic() + 30, None
    while listing is None and time.monotonic() < deadline:
        status, body = http_json(f"{url}/v1/listings", "POST", LISTING, tokens["merchant"])
        listing = body.get("listing_id") if status == 201 else time.sleep(0.3)
    fixture = {"subject": subject, "blacklisted": listed, "listing": listing}
    fixture["request"], fixture["case"] = aftersale_and_dispute(url, tokens)
    for kind, name in (("orders", "POST /v1/aftersale/requests"), ("disputed", "POST /v1/disputes")):
        if name in routes:
            fixture[kind] = [fed_order(url, tokens, f"prof-{kind}-{TAG}-{n}") for n in range(count)]
    if ANSWER in routes:
        fixture["requests"] = [open_request(url, tokens, fed_order(url, tokens, f"prof-r-{TAG}-{n}"))
                               for n in range(count)]
    return fixture


SELLER, BUYER = "profile-merchant", "profile-consumer"  # the subjects of the merchant and consumer tokens
PAID = "2026-01-05T02:00:00+00:00"
ANSWER = "POST /v1/aftersale/requests/{request_id}/responses"


def order(order_id: str) -> dict:
    """An order as the load scenario feeds them (bench/locustfile.py)."""
    return {"order_id": order_id, "consumer_id": BUYER, "merchant_id": SELLER, "total_amount": "59.00",
            "items": [{"sku": "sku1", "category": "apparel", "amount": "59.00"}], "paid_at": PAID, "shipped_at": PAID}


def fed_order(url: str, tokens: dict, order_id: str) -> str:
    assert http(f"{url}/v1/orders", "POST", order(order_id), tokens["service"]) == 201
    return order_id


def open_request(url: str, tokens: dict, order_id: str) -> str:
    status, body = http_json(f"{url}/v1/aftersale/requests", "POST", {"order_id": order_id, "kind": "refund_only"},
                             tokens["consumer"])
    assert status == 201, status
    return body["request_id"]


def nth(fixture: dict, kind: str, i: int) -> str:
    """The i-th prepared order or request (the warm-up call, i = 999_999, takes the last)."""
    items = fixture[kind]
    return items[min(i, len(items) - 1)]


def recent_order(url: str, tokens: dict, name: str) -> str:
    """An order of the consumer token's subject from the merchant token's, paid and shipped an hour ago."""
    paid = (datetime.now(UTC) - timedelta(hours=1)).isoformat(timespec="seconds")
    order_id = f"prof-o-{TAG}-{name}"
    assert http(f"{url}/v1/orders", "POST", {
        "order_id": order_id, "consumer_id": "profile-consumer", "merchant_id": "profile-merchant",
        "items": [{"sku": "sku1", "category": "apparel", "amount": "59.00"}], "total_amount": "59.00",
        "paid_at": paid, "shipped_at": paid}, tokens["service"]) == 201
    return order_id


def aftersale_and_dispute(url: str, tokens: dict) -> tuple[str | None, str | None]:
    """One after-sale request and one dispute case of the consumer token's subject (the request and case reads)."""
    status, request = http_json(f"{url}/v1/aftersale/requests", "POST",
                                {"order_id": recent_order(url, tokens, "request"), "kind": "refund_only"}, tokens["consumer"])
    status_case, case = http_json(f"{url}/v1/disputes", "POST", {"order_id": recent_order(url, tokens, "case"),
                                                                 "claim": "not as described",
                                                                 "amount_claimed": "59.00"}, tokens["consumer"])
    return request.get("request_id") if status == 201 else None, case.get("case_id") if status_case == 201 else None


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
    "POST /v1/listings": lambda url, t, f: lambda i: http(
        f"{url}/v1/listings", "POST", {**LISTING, "title": f"Cotton shirt {i}"}, t["merchant"]) == 201,
    "GET /v1/listings/{listing_id}": lambda url, t, f: lambda i: http(
        f"{url}/v1/listings/{f['listing']}", token=t["merchant"]) == 200,
    "GET /v1/aftersale/requests/{request_id}": lambda url, t, f: lambda i: http(
        f"{url}/v1/aftersale/requests/{f['request']}", token=t["consumer"]) == 200,
    "GET /v1/disputes/{case_id}": lambda url, t, f: lambda i: http(
        f"{url}/v1/disputes/{f['case']}", token=t["consumer"]) == 200,
    "GET /v1/review-queue": lambda url, t, f: lambda i: http(
        f"{url}/v1/review-queue?limit=20", token=t["reviewer"]) == 200,
    "POST /v1/orders": lambda url, t, f: lambda i: http(
        f"{url}/v1/orders", "POST", order(f"prof-fed-{TAG}-{i}"), t["service"]) == 201,
    "POST /v1/aftersale/requests": lambda url, t, f: lambda i: http(
        f"{url}/v1/aftersale/requests", "POST", {"order_id": nth(f, "orders", i), "kind": "refund_only"},
        t["consumer"]) == 201,
    ANSWER: lambda url, t, f: lambda i: http(
        f"{url}/v1/aftersale/requests/{nth(f, 'requests', i)}/responses", "POST", {"action": "accept"},
        t["merchant"]) == 200,
    "POST /v1/disputes": lambda url, t, f: lambda i: http(
        f"{url}/v1/disputes", "POST", {"order_id": nth(f, "disputed", i),
                                       "claim": "not as described", "amount_claimed": "59.00"}, t["consumer"]) == 201,
    "GET /healthz": lambda url, t, f: lambda i: http(f"{url}/healthz") == 200,
}
