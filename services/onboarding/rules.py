"""Onboarding rules (pure: no I/O). Each check cites its rule ID from ../shared/RULES.md.

`check_application` runs every automatic check and returns one CheckResult per rule: pass, fail (refuse)
or review (a human must decide). The application's outcome follows: any fail -> rejected, else any review ->
pending_review, else approved.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from tianping.lib import periods
from tianping.lib.enforcement import enforces, rewrite, unless_cited

from .entry_rules import entry_checks, party_type  # noqa: F401 - part of the rules' vocabulary
from .filing_rules import filing_checks, mcn_host_records, unfiled  # noqa: F401 - part of the rules' vocabulary
from .identity import (  # noqa: F401 - part of the rules' vocabulary
    entitled_to_personal_data,
    identity_keys,
    mask,
    masked_fields,
    self_service_fields,
)
from .status_rules import (  # noqa: F401 - part of the rules' vocabulary
    LAPSE_CAUSE,
    blacklist_reaction,
    evaluate,
    reverification_due_at,
    reverification_lapse_at,
    reverification_lapsed,
    room_operator,
)

SUBJECT_TYPES = ("merchant", "mcn", "host", "community_manager", "community_user")
STATUSES = ("active", "restricted", "suspended", "cleared_out", "blacklisted", "deregistered")
ACTIONS = ("sell", "publish_listing", "livestream", "run_community", "apply")
PASS, FAIL, REVIEW = "pass", "fail", "review"
JEWELRY = {"jewelry", "precious_metal"}
HOST_PENALTIES = {"plagiarism", "indecent_content", "policy_breach"}
DOCUMENT_KINDS = (
    "business_licence", "id_document", "category_qualification", "food_licence", "drug_licence",
    "medical_device_licence", "brand_authorisation", "ip_licence", "guardian_consent", "training_certificate",
    "host_contract", "service_contract", "consumer_commitment", "integrity_policy", "service_quality_policy",
    "product_quality_policy", "mcn_agreement", "telecom_licence", "truthfulness_declaration", "goods_authorisation",
    "personal_data_consent", "skills_assessment", "consumer_experience", "order_service_terms", "business_consent",
    "other")
PENALTY_KINDS = ("jewelry_sales", "false_advertising_endorsement", "plagiarism", "indecent_content", "policy_breach",
                 "other")

# What each status still permits (R-REP-13 clear-out, R-REP-18 stop serving, R-REP-15 suspend publishing).
ALLOWED = {
    "active": set(ACTIONS),
    "restricted": {"sell", "livestream", "run_community", "apply"},  # no new listings
    "suspended": {"apply"},
    "cleared_out": set(),
    "blacklisted": set(),
    "deregistered": {"apply"},
}


@dataclass(frozen=True)
class CheckResult:
    rule_id: str
    outcome: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


def _passes(results: list, rule_ids: frozenset) -> list:
    """Neutral of a check (make rules-verify): the neutralised rule's checks all pass."""
    return [CheckResult(c.rule_id, PASS, "neutralised") if c.rule_id in rule_ids else c for c in results]


ALL_PASS = rewrite(_passes, "every check of the rule passes")


def _recent(application: dict, kinds: set[str], now: datetime, years: int) -> list[dict]:
    """Penalties of these kinds decided within the last `years` calendar years (boundary day included)."""
    return [p for p in _penalties(application, kinds) if periods.within_years(p["decided_at"], now, years)]


def _docs(application: dict) -> set[str]:
    return {d["kind"] for d in application.get("documents", [])}


def _penalties(application: dict, kinds: set[str]) -> list[dict]:
    return [p for p in application.get("penalties", []) if p["kind"] in kinds]


@enforces("R-ONB-02", neutral="approved")
def outcome_of(checks: list[CheckResult]) -> str:
    """R-ONB-02: an application is approved (its subject registered) only when every check passed."""
    outcomes = {c.outcome for c in checks}
    if FAIL in outcomes:
        return "rejected"
    return "pending_review" if REVIEW in outcomes else "approved"


@enforces("R-ONB-05", "R-ONB-04", "R-ONB-38", "R-ONB-47", "R-ONB-48", neutral=ALL_PASS)
def check_application(application: dict, policy: dict, now: datetime, blacklisted_match: str | None) -> list[CheckResult]:
    """All automatic checks for one application. `blacklisted_match` names the blacklisted subject that shares
    the applicant's id or identity, if any (looked up by the caller in its replica)."""
    kind = application["applicant_type"]
    identity = application["identity"]
    categories = set(application.get("categories", []))
    docs = _docs(application)
    results = []

    # R-ONB-05: anyone on the blacklist, by subject id or identity, is refused.
    if blacklisted_match:
        results.append(CheckResult("R-ONB-05", FAIL, f"identity matches blacklisted subject {blacklisted_match}"))
    else:
        results.append(CheckResult("R-ONB-05", PASS, "not on the blacklist"))

    # Real-name identity (R-ONB-04 marketers, R-ONB-12 natural persons, R-ONB-38 hosts, R-ONB-47/48 community).
    identity_rule = {"host": "R-ONB-38", "community_manager": "R-ONB-47", "community_user": "R-ONB-48"}.get(
        kind, "R-ONB-04")
    missing = [f for f in ("real_name", "address", "contact_phone") if not identity.get(f)]
    if not identity.get("id_number") and not identity.get("credit_code"):
        missing.append("id_number or credit_code")
    results.append(CheckResult(identity_rule, FAIL if missing else PASS,
                               f"missing identity: {', '.join(missing)}" if missing else "identity complete"))

    if kind == "merchant":
        results += _merchant_checks(application, policy, now, categories, docs)
    elif kind == "mcn":
        results += _mcn_checks(application, policy, now, docs)
    elif kind == "host":
        results += _host_checks(application, policy, now, categories, docs)
    return results + [CheckResult(**c) for c in [*filing_checks(application, policy), *entry_checks(application,
                                                                                                    policy, now)]]


@enforces("R-ONB-11", "R-ONB-12", "R-ONB-14", "R-ONB-21", "R-ONB-22", "R-ONB-23", "R-ONB-26", neutral=ALL_PASS)
def _merchant_checks(application, policy, now, categories, docs) -> list[CheckResult]:
    identity = application["identity"]
    out = []
    natural_person = identity.get("entity_kind") == "natural_person"
    if natural_person:  # R-ONB-12: name, address, valid ID, contact registered
        ok = bool(identity.get("id_number"))
        out.append(CheckResult("R-ONB-12", PASS if ok else FAIL,
                               "natural person registered with ID" if ok else "a natural person needs an ID number"))
    else:  # R-ONB-11: business licence, and the value-added telecom licence when it runs its own site or app
        ok = "business_licence" in docs and bool(identity.get("credit_code"))
        telecom = not application.get("own_site") or "telecom_licence" in docs
        out.append(CheckResult("R-ONB-11", PASS if ok and telecom else FAIL, "business licence on file" if ok and
                               telecom else "an enterprise needs its business licence and unified social credit code"
                               if not ok else "an enterprise running its own site or app needs its value-added "
                                              "telecommunications business licence"))
    # R-ONB-14 / R-ONB-01: every requested category's licences.
    needed = {lic for c in categories for lic in policy["category_licences"].get(c, [])}
    lacking = sorted(needed - docs)
    out.append(CheckResult("R-ONB-14", FAIL if lacking else PASS,
                           f"missing licences: {', '.join(lacking)}" if lacking else "category licences on file"))
    # R-ONB-26: brand goods need the brand authorisation (one per brand).
    brands = application.get("brands", [])
    authorised = {d.get("brand") for d in application.get("documents", []) if d["kind"] == "brand_authorisation"}
    unauthorised = sorted(b for b in brands if b not in authorised)
    if brands:
        out.append(CheckResult("R-ONB-26", FAIL if unauthorised else PASS,
                               f"no brand authorisation for: {', '.join(unauthorised)}" if unauthorised
                               else "brand authorisations on file"))
    if categories & JEWELRY:
        # R-ONB-21: registered in China (declared, never assumed).
        ok = identity.get("registered_in_china") is True
        out.append(CheckResult("R-ONB-21", PASS if ok else FAIL,
                               "registered in China" if ok else "jewelry merchants must be registered in China"))
        # R-ONB-22: no jewelry-sales administrative penalty within 3 calendar years of the application date.
        recent = _recent(application, {"jewelry_sales"}, now, policy["penalty_lookback_years"])
        out.append(CheckResult("R-ONB-22", FAIL if recent else PASS,
                               f"jewelry-sales penalty on {periods.local_date(recent[0]['decided_at'])} (within 3 "
                               f"years)" if recent else "no jewelry-sales penalty in 3 years"))
        out.append(CheckResult("R-ONB-23", PASS if "category_qualification" in docs else FAIL,
                               "jewelry qualification on file" if "category_qualification" in docs
                               else "jewelry goods need the related qualification"))
    return out


@enforces("R-ONB-28", "R-ONB-29", "R-ONB-30", "R-ONB-33", neutral=ALL_PASS)
def _mcn_checks(application, policy, now, docs) -> list[CheckResult]:
    identity = application["identity"]
    out = []
    ok = identity.get("entity_kind") == "legal_person" and identity.get("registered_in_china") is True
    out.append(CheckResult("R-ONB-28", PASS if ok else FAIL, "independent legal person registered in China" if ok
                           else "an MCN must be an independent legal person registered in China"))
    recent = _recent(application, {"false_advertising_endorsement"}, now, policy["penalty_lookback_years"])
    out.append(CheckResult("R-ONB-29", FAIL if recent else PASS,
                           "false-advertising endorsement penalty within 3 years" if recent
                           else "no false-advertising endorsement penalty in 3 years"))
    contracts = {d.get("host_id") for d in application.get("documents", []) if d["kind"] == "host_contract"}
    uncontracted = sorted(h for h in application.get("hosts", []) if h not in contracts)
    out.append(CheckResult("R-ONB-30", FAIL if uncontracted else PASS,
                           f"no signed contract for hosts: {', '.join(uncontracted)}" if uncontracted
                           else "signed contract for every host"))
    lacking = [d for d in ("service_quality_policy", "product_quality_policy") if d not in docs]
    out.append(CheckResult("R-ONB-33", REVIEW if lacking else PASS,
                           f"quality policies to file: {', '.join(lacking)}" if lacking else "quality policies on file"))
    return out


@enforces("R-ONB-37", "R-ONB-39", "R-ONB-41", neutral=ALL_PASS)
def _host_checks(application, policy, now, categories, docs) -> list[CheckResult]:
    identity = application["identity"]
    out = []
    birth = identity.get("birth_date")
    if birth is None:
        out.append(CheckResult("R-ONB-37", FAIL, "a host's birth date is required"))
    else:
        age = periods.full_years(birth, now)  # full years on the application's day in the platform's time zone
        if age < policy["host_min_age"]:
            out.append(CheckResult("R-ONB-37", FAIL, f"host is {age}: under {policy['host_min_age']} is refused"))
        elif age < policy["adult_age"] and "guardian_consent" not in docs:
            out.append(CheckResult("R-ONB-37", FAIL, f"host is {age}: guardian consent is required"))
        else:
            out.append(CheckResult("R-ONB-37", PASS, f"host is {age}" + (" with guardian consent"
                                                                       if age < policy["adult_age"] else "")))
    live = [p for p in _penalties(application, HOST_PENALTIES)
            if p.get("publicity_ends_at") is None or p["publicity_ends_at"] > now]
    out.append(CheckResult("R-ONB-39", FAIL if live else PASS,
                           f"{live[0]['kind']} penalty still in its publicity period" if live
                           else "no penalty in its publicity period"))
    out.append(CheckResult("R-ONB-41", PASS if "training_certificate" in docs else REVIEW,
                           "training certificate on file" if "training_certificate" in docs
                           else "a host must file documentary proof of training"))
    return out


@enforces("R-ONB-05", "R-REP-13", "R-REP-19", neutral=unless_cited((True, []), "allowed"))
def is_allowed(status: str, action: str, blacklisted: bool) -> tuple[bool, list[str]]:
    """Whether a subject in `status` may take `action`; the rule IDs that decide it."""
    if blacklisted:
        return False, ["R-ONB-05", "R-REP-13"]
    if action in ALLOWED.get(status, set()):
        return True, []
    return False, ["R-REP-19"] if status in ("restricted", "suspended", "cleared_out") else ["R-ONB-02"]


@enforces("R-ONB-35", "PB-20", neutral=True)
def on_air_is_registered_host(registered_id_number: str | None, broadcaster_id_number: str) -> bool:
    """R-ONB-35 / PB-20: the person on air is the host whose identity was registered (same normalised number)."""
    registered = identity_keys({"id_number": registered_id_number})
    return bool(registered) and registered == identity_keys({"id_number": broadcaster_id_number})
