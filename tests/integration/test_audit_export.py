"""An export a regulator can check, over the running system: a merchant's application, a listing, an after-sale
request, a dispute and the violation it led to each leave audit entries in their own service; the export gathers
them from all five, its manifest verifies, and a changed line, a changed file or an entry past its checkpoint is
caught. Bad periods are 400s, and only a platform admin may export."""

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pymongo
from nameko.standalone.rpc import ClusterRpcProxy

from tests.integration.http import call, wait_until
from tests.listing.usecases import product
from tests.onboarding.cases import merchant_documents
from tianping import SERVICE_NAMES
from tianping.lib import clock
from tianping.platform import audit

SYSTEM_ENV = {"TIANPING_AUDIT_CHECKPOINT_SECONDS": "0.5"}
PAID = datetime.now(UTC) - timedelta(days=2)
TODAY = datetime.now(clock.platform_zone()).date()
PERIOD = f"from={(TODAY - timedelta(days=1)).isoformat()}&to={TODAY.isoformat()}"


def test_a_subjects_export_holds_its_records_from_all_five_services_and_verifies(system):
    shop = "exp-shop"
    assert call(system, "POST", "/v1/applications", {
        "applicant_type": "merchant", "subject_id": shop,
        "identity": {"real_name": "Export Jade Ltd", "credit_code": "91441900EXPT00001", "address": "9 Jade St",
                     "contact_phone": "13800138001"},
        "documents": merchant_documents()})[0] == 201
    body = {k: v for k, v in product().items() if k != "operator_id"}  # the gateway takes the operator from the token
    status, listing, _ = call(system, "POST", "/v1/listings", body, role="merchant", sub=shop)
    assert status == 201, listing
    order = {"order_id": "exp-o1", "consumer_id": "exp-buyer", "merchant_id": shop,
             "items": [{"sku": "s1", "category": "jewelry", "amount": "300.00"}], "total_amount": "300.00",
             "paid_at": PAID.isoformat(), "shipped_at": PAID.isoformat(), "delivered_at": PAID.isoformat()}
    assert call(system, "POST", "/v1/orders", order, role="service")[0] == 201
    assert call(system, "POST", "/v1/aftersale/requests", {"order_id": "exp-o1", "kind": "refund_only"},
                role="consumer", sub="exp-buyer")[0] == 201
    status, case, _ = call(system, "POST", "/v1/disputes", {"order_id": "exp-o1", "claim": "glass, not jade",
                                                            "amount_claimed": "300.00"},
                           role="consumer", sub="exp-buyer")
    assert status == 201, case
    assert call(system, "POST", f"/v1/disputes/{case['case_id']}/resolution",
                {"outcome": "buyer_favoured", "reasoning": "glass"}, role="mediator", sub="med-1")[0] == 200

    def exported():
        status, body, _ = call(system, "GET", f"/v1/audit/export?subject_id={shop}&{PERIOD}")
        counts = {f["service"]: f["entries"] for f in body["manifest"]["files"]} if status == 200 else {}
        seen.append(counts)
        return all(counts.get(s) for s in SERVICE_NAMES) and body  # reputation's violation arrives by event

    seen = []

    try:
        bundle = wait_until(exported, timeout=20, interval=0.5)
    except AssertionError:
        raise AssertionError(f"entries per service: {seen[-1:]}") from None
    assert audit.verify_bundle(bundle) == []
    assert bundle["manifest"]["scope"]["subject_id"] == shop
    for line in bundle["files"]["listing.jsonl"].splitlines():
        entry = json.loads(line)
        assert entry["subject"] == shop and entry["rule_ids"] is not None and entry["hash"]

    changed = json.loads(json.dumps(bundle))  # one entry altered, its file's sha256 recomputed to hide it
    lines = changed["files"]["dispute.jsonl"].splitlines(keepends=True)
    entry = json.loads(lines[0])
    entry["after"] = "merchant_favoured"
    lines[0] = json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
    changed["files"]["dispute.jsonl"] = "".join(lines)
    item = next(f for f in changed["manifest"]["files"] if f["name"] == "dispute.jsonl")
    item["sha256"] = hashlib.sha256(changed["files"]["dispute.jsonl"].encode()).hexdigest()
    assert audit.verify_bundle(changed) == [f"dispute.jsonl: entry {entry['seq']} does not match its hash"]
    changed = json.loads(json.dumps(bundle))
    changed["files"]["onboarding.jsonl"] += "{}\n"  # a line slipped in
    assert audit.verify_bundle(changed)[0] == "onboarding.jsonl: sha256 differs from the manifest"
    changed = json.loads(json.dumps(bundle))
    next(f for f in changed["manifest"]["files"] if f["name"] == "reputation.jsonl")["checkpoint"]["count"] = 0
    assert any("past its checkpoint" in p for p in audit.verify_bundle(changed))


def test_a_periods_violation_handling_for_the_authorities_and_refusals(system):
    status, body, _ = call(system, "GET", f"/v1/audit/export?service=reputation&{PERIOD}")
    assert status == 200 and [f["service"] for f in body["manifest"]["files"]] == ["reputation"]
    assert audit.verify_bundle(body) == []
    assert call(system, "GET", f"/v1/audit/export?{PERIOD}", role="sre")[0] == 403
    status, bad, _ = call(system, "GET", "/v1/audit/export?from=2026-13-01&to=2026-12-31")
    assert status == 400 and "from" in bad["error"]["fields"]
    status, bad, _ = call(system, "GET", "/v1/audit/export?from=2026-12-31&to=2026-01-01")
    assert status == 422 and bad["error"]["code"] == "inconsistent" and "to" in bad["error"]["fields"]
    assert call(system, "GET", f"/v1/audit/export?service=billing&{PERIOD}")[0] == 400


def test_each_chain_head_is_kept_by_its_witness_and_a_rewritten_chain_is_caught(system):
    """Every service publishes its chain head; the next service keeps it (tianping.platform.audit.WITNESS). A chain rewritten
    in place — every hash recomputed, so it verifies on its own — no longer matches what its witness kept."""
    client = pymongo.MongoClient(system.mongodb_uri)
    name = system.settings.database_name
    with ClusterRpcProxy({"AMQP_URI": system.settings.amqp_uri}, timeout=10) as cluster:
        def all_kept():
            heads = {s: client[name(s)][audit.COLLECTION].count_documents({}) for s in SERVICE_NAMES}
            kept = {s: [p["count"] for p in getattr(cluster, audit.WITNESS[s]).audit_checkpoints(s)]
                    for s in SERVICE_NAMES}
            seen[:] = [heads, kept]
            return all(heads[s] and heads[s] in kept[s] for s in SERVICE_NAMES) and kept

        seen = []
        try:
            wait_until(all_kept, timeout=20, interval=0.5)
        except AssertionError:
            raise AssertionError(f"chain heads and kept checkpoints: {seen}") from None
    for service in SERVICE_NAMES:
        verdict, kept = audit.verify_service(system.mongodb_uri, name, service)
        assert verdict.ok and kept >= 1, (service, verdict)
    chain = client[name("listing")][audit.COLLECTION]
    prev = audit.GENESIS
    for entry in list(chain.find({}).sort("_id", 1)):
        if entry["_id"] == 1:
            entry["after"] = "rejected"
        entry["prev"] = prev
        entry["hash"] = prev = audit.digest(entry)
        chain.replace_one({"_id": entry["_id"]}, entry)
    assert audit.AuditLog(chain, "listing").verify().ok
    verdict, _ = audit.verify_service(system.mongodb_uri, name, "listing")
    assert not verdict.ok and "differs from its checkpoint" in verdict.problem
