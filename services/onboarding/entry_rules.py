"""Onboarding's entry rules (pure, no I/O; run by rules.check_application): what a party must hold or declare to be
let in, beyond its identity and its filings.

- R-ONB-01: the qualifications its role needs by law (the policy's list per role, and its categories' licences) on file
  and still valid on the application's day in the platform's time zone.
- R-ONB-07: the operator contract requires the merchant to comply with each of the laws the rule names.
- R-ONB-08: an account the platform files for an outside business needs that business's stored consent.
- R-ONB-09: the party type recorded with every application (`party_type`).
- R-ONB-13: a natural person whose declared yearly turnover reaches the policy's level must register as a market entity.
- R-ONB-16: an enterprise graded transactional declares its fixed online place of business.
- R-ONB-17: a trading community manager (a merchant joining the community) files its qualifications.
"""

from datetime import date, datetime

from tianping.lib import periods
from tianping.lib.enforcement import enforces, rewrite

PASS, FAIL, REVIEW = "pass", "fail", "review"
ORGANISATIONS = {"enterprise", "legal_person", "individual_business"}
# R-ONB-07: the laws the operator contract must require the merchant to comply with (002 Art. 16).
OPERATOR_LAWS = ("consumer_rights_protection_law", "product_quality_law", "anti_unfair_competition_law",
                 "contract_law", "trademark_law", "advertising_law", "tort_liability_law",
                 "online_trading_administrative_measures")
ENTERPRISE_KINDS = ("transactional", "third_party_platform", "support_service")


def _check(rule_id: str, ok: bool, passed: str, failed: str, short: str = REVIEW) -> dict:
    return {"rule_id": rule_id, "outcome": PASS if ok else short, "message": passed if ok else failed}


def _of(application: dict, kind: str) -> list[dict]:
    return [d for d in application.get("documents", []) if d["kind"] == kind]


def _organisation(application: dict) -> bool:
    return application["identity"].get("entity_kind") in ORGANISATIONS


def _passes(results: list, rule_ids: frozenset) -> list:
    return [{**c, "outcome": PASS, "message": "neutralised"} if c["rule_id"] in rule_ids else c for c in results]


ALL_PASS = rewrite(_passes, "every check of the rule passes")


def _valid_on(document: dict, today: date) -> bool:
    """A document counts through its last valid day in the platform's time zone (no end date: no expiry)."""
    until = document.get("valid_until")
    if until is None:
        return True
    return (until if isinstance(until, date) else date.fromisoformat(str(until)[:10])) >= today


@enforces("R-ONB-01", neutral=ALL_PASS, partly="the qualifications of marketers and MCNs (the policy's list per role "
                                               "and each category's licences) are checked; staff qualifications are not")
def qualification_check(application: dict, policy: dict, now: datetime) -> list[dict]:
    """R-ONB-01: every qualification the role needs is on file and valid on the application's day (Asia/Shanghai);
    approval is refused while any is missing or expired."""
    kind = application["applicant_type"]
    if kind not in ("merchant", "mcn"):
        return []
    needed = list(policy["role_qualifications"].get(kind, [])) if _organisation(application) else []
    needed += [lic for c in application.get("categories", []) for lic in policy["category_licences"].get(c, [])]
    today = periods.local_date(now)
    missing, expired = [], []
    for qualification in dict.fromkeys(needed):
        held = _of(application, qualification)
        if not held:
            missing.append(qualification)
        elif not any(_valid_on(d, today) for d in held):
            last = max(str(d["valid_until"])[:10] for d in held)
            expired.append(f"{qualification} (valid until {last})")
    problems = [f"missing: {', '.join(missing)}"] * bool(missing) + [f"expired: {', '.join(expired)}"] * bool(expired)
    return [_check("R-ONB-01", not problems, "every qualification of the role on file and valid",
                   f"qualifications {'; '.join(problems)}", FAIL)]


@enforces("R-ONB-07", neutral=ALL_PASS)
def contract_laws(application: dict) -> list[dict]:
    """R-ONB-07: the operator (platform service) contract requires the merchant to comply with each named law."""
    if application["applicant_type"] != "merchant":
        return []
    contracts = _of(application, "service_contract")
    if not contracts:
        return []  # R-ONB-06 asks for the contract itself
    required = {law for d in contracts for law in d.get("laws", [])}
    lacking = [law for law in OPERATOR_LAWS if law not in required]
    return [_check("R-ONB-07", not lacking, "the operator contract requires every named law",
                   f"the operator contract does not require compliance with: {', '.join(lacking)}")]


@enforces("R-ONB-08", neutral=ALL_PASS)
def platform_filing_consent(application: dict) -> list[dict]:
    """R-ONB-08: the platform files an account for an outside business only with that business's consent on file."""
    if application.get("filed_by") != "platform":
        return []
    return [_check("R-ONB-08", bool(_of(application, "business_consent")),
                   "the business's consent to the account is on file",
                   "the platform may not open an account for a business without its stored application or consent",
                   FAIL)]


@enforces("R-ONB-13", neutral=ALL_PASS, partly="the turnover declared with the application is checked; sales made "
                                               "after activation are not summed here")
def registration_threshold(application: dict, policy: dict) -> list[dict]:
    """R-ONB-13: a natural-person merchant whose yearly turnover reaches the policy's level must register as a market
    entity (its business licence on file) before a reviewer may approve it."""
    turnover = application.get("annual_turnover_cents")
    if application["applicant_type"] != "merchant" or _organisation(application) or turnover is None:
        return []
    level = policy["market_entity_registration_cents"]
    ok = turnover < level or bool(_of(application, "business_licence"))
    return [_check("R-ONB-13", ok, "turnover below the registration level, or registered",
                   f"yearly turnover {turnover} cents reaches the registration level {level} cents: the merchant must "
                   f"register as a market entity and file its business licence")]


@enforces("R-ONB-16", neutral=ALL_PASS, partly="the fixed online place of business is required; the transaction loop "
                                               "and the supply chain are audited outside the system")
def transactional_enterprise(application: dict) -> list[dict]:
    """R-ONB-16: an enterprise graded transactional declares its fixed online place of business (domain or app)."""
    if application.get("enterprise_kind") != "transactional":
        return []
    return [_check("R-ONB-16", bool(application.get("online_places")), "fixed online place of business declared",
                   "a transactional enterprise must declare its fixed online place of business (domain or app)")]


@enforces("R-ONB-17", neutral=ALL_PASS, partly="qualifications are reviewed and filed at entry; conduct afterwards is "
                                               "supervised by listing, after-sale and reputation")
def community_merchant_qualifications(application: dict, policy: dict) -> list[dict]:
    """R-ONB-17: a merchant joining the community (a trading community manager) files its qualifications: an
    organisation's business licence and the licences of the categories it trades in."""
    if application["applicant_type"] != "community_manager" or not application.get("trading"):
        return []
    needed = ["business_licence"] if _organisation(application) else []
    needed += [lic for c in application.get("categories", []) for lic in policy["category_licences"].get(c, [])]
    lacking = [q for q in dict.fromkeys(needed) if not _of(application, q)]
    return [_check("R-ONB-17", not lacking, "the community merchant's qualifications are filed",
                   f"qualifications to file: {', '.join(lacking)}")]


def entry_checks(application: dict, policy: dict, now: datetime) -> list[dict]:
    """Every entry check for this application."""
    return [*qualification_check(application, policy, now), *contract_laws(application),
            *platform_filing_consent(application), *registration_threshold(application, policy),
            *transactional_enterprise(application), *community_merchant_qualifications(application, policy)]


@enforces("R-ONB-09", neutral={})
def party_type(application: dict) -> dict:
    """R-ONB-09: the party type onboarding records: a marketer is an organisation or an individual, and an organisation
    self-operated or MCN-operated; a community manager trading or not; an enterprise's grade when declared."""
    kind, out = application["applicant_type"], {}
    if kind in ("merchant", "mcn", "host"):
        out["marketer"] = "organisation" if _organisation(application) else "individual"
        if out["marketer"] == "organisation":
            out["operation"] = "mcn_operated" if kind == "mcn" or application.get("mcn_id") else "self_operated"
    if kind == "community_manager":
        out["community_manager"] = "trading" if application.get("trading") else "non_trading"
    if application.get("enterprise_kind"):
        out["enterprise"] = application["enterprise_kind"]
    return out
