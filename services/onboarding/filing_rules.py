"""Onboarding's filing rules (pure, no I/O; run by rules.check_application): the contracts, commitments, policies,
declarations and consent an applicant must file before it is activated. A missing or incomplete filing holds the
application for a reviewer, who asks for it (resubmission) and may not approve while it is missing (`unfiled`);
collecting personal data without recorded consent, or a failed assessment, refuses the application.

Documents carry what the rule needs checked: a contract's `clauses`, a consent's `told` (what the applicant was told
before collection), an assessment's `score`, a consumer-experience proof's `category`.
"""

from tianping.lib.enforcement import NO_FINDING, enforces, rewrite

PASS, FAIL, REVIEW = "pass", "fail", "review"
JEWELRY = {"jewelry", "precious_metal"}
ORGANISATIONS = {"enterprise", "legal_person", "individual_business"}
# R-XC-08: before collection the applicant is told the purpose, method and scope, how to view and correct the data,
# and what refusing means.
NOTICE_ITEMS = ("purpose", "method", "scope", "view_and_correct", "refusal_consequences")
# R-ONB-06: what the platform service contract must contain.
SERVICE_CONTRACT_CLAUSES = ("rights_and_obligations", "breach_liability", "dispute_resolution", "entry_and_exit",
                            "product_quality_and_safety", "consumer_rights", "harmful_information")
# R-ONB-27: what a merchant's agreement with its MCN must set out.
MCN_AGREEMENT_CLAUSES = ("information_security", "product_quality_review", "consumer_rights")
# R-ONB-32: what an MCN's agreements with the other parties must define.
MCN_PARTY_CLAUSES = ("rights_and_obligations", "liabilities")
# R-ONB-15: the order services a trading community manager provides and publishes.
ORDER_SERVICE_CLAUSES = ("order_management", "order_query", "order_tracking", "delivery", "timing", "fees",
                         "precautions")
CLAUSED = sorted({*SERVICE_CONTRACT_CLAUSES, *MCN_AGREEMENT_CLAUSES, *MCN_PARTY_CLAUSES, *ORDER_SERVICE_CLAUSES})


def _check(rule_id: str, ok: bool, passed: str, failed: str, short: str = REVIEW) -> dict:
    """One check's result; a filing that falls short holds the application for a reviewer unless `short` says fail."""
    return {"rule_id": rule_id, "outcome": PASS if ok else short, "message": passed if ok else failed}


def _of(application: dict, kind: str) -> list[dict]:
    return [d for d in application.get("documents", []) if d["kind"] == kind]


def _lacking(documents: list[dict], required) -> list[str]:
    """The required clauses none of the documents contains (all of them when there is no document)."""
    held = {c for d in documents for c in d.get("clauses", [])}
    return [c for c in required if c not in held]


def _clauses(rule_id: str, documents: list[dict], required, what: str) -> dict:
    if not documents:
        return _check(rule_id, False, "", f"{what} must be filed before activation")
    lacking = _lacking(documents, required)
    return _check(rule_id, not lacking, f"{what} on file", f"{what} lacks: {', '.join(lacking)}")


def _passes(results: list, rule_ids: frozenset) -> list:
    return [{**c, "outcome": PASS, "message": "neutralised"} if c["rule_id"] in rule_ids else c for c in results]


ALL_PASS = rewrite(_passes, "every check of the rule passes")


@enforces("R-XC-08", neutral=ALL_PASS)
def consent_check(application: dict) -> list[dict]:
    """R-XC-08: personal data is collected only with the applicant's recorded consent, given after being told the
    purpose, method, scope, how to view and correct the data, and what refusing means."""
    consents = _of(application, "personal_data_consent")
    untold = [i for i in NOTICE_ITEMS if not any(i in d.get("told", []) for d in consents)]
    return [_check("R-XC-08", bool(consents) and not untold, "consent to collect personal data recorded",
                   "no recorded consent to collect personal data" if not consents
                   else f"consent given without being told: {', '.join(untold)}", FAIL)]


@enforces("R-ONB-06", "R-ONB-18", "R-ONB-25", "R-ONB-20", "R-ONB-27", neutral=ALL_PASS)
def merchant_filings(application: dict) -> list[dict]:
    """What a merchant files before it sells: the platform service contract with every required clause (R-ONB-06),
    the consumer-protection commitment (R-ONB-18), its declaration that its documents are true and that it accepts
    an operator's obligations to consumers (R-ONB-25), the owner's authorisation when it does not own the goods
    (R-ONB-20), the agreement with the MCN it works with (R-ONB-27) and, for an organisation, its
    integrity-management policy (R-ONB-10)."""
    out = [_clauses("R-ONB-06", _of(application, "service_contract"), SERVICE_CONTRACT_CLAUSES,
                    "platform service contract"),
           _check("R-ONB-18", bool(_of(application, "consumer_commitment")), "consumer-protection commitment on file",
                  "a consumer-protection commitment must be recorded before selling"),
           _check("R-ONB-25", bool(_of(application, "truthfulness_declaration")), "truthfulness declaration on file",
                  "the merchant must declare its documents true and accept its obligations to consumers")]
    if application.get("owns_goods") is False:
        out.append(_check("R-ONB-20", bool(_of(application, "goods_authorisation")), "owner's authorisation on file",
                          "a merchant that does not own the goods must upload the owner's authorisation"))
    if application.get("mcn_id"):
        out.append(_clauses("R-ONB-27", _of(application, "mcn_agreement"), MCN_AGREEMENT_CLAUSES,
                            "written agreement with the MCN"))
    out += organisation_filings(application)
    return out


@enforces("R-ONB-10", neutral=ALL_PASS, partly="organisations must file an integrity-management policy; an "
                                                "individual's professional ethics are not assessed by the system")
def organisation_filings(application: dict) -> list[dict]:
    """R-ONB-10: a merchant or MCN that is an organisation files its integrity-management policy."""
    if application["identity"].get("entity_kind") not in ORGANISATIONS:
        return []
    return [_check("R-ONB-10", bool(_of(application, "integrity_policy")), "integrity-management policy on file",
                   "an organisation must file its integrity-management policy")]


@enforces("R-ONB-32", neutral=ALL_PASS, partly="the truth of the documents its hosts submit is checked by each "
                                               "host's own application")
def mcn_filings(application: dict) -> list[dict]:
    """R-ONB-32: an MCN files its agreements with the other parties, defining rights, obligations and liabilities;
    R-ONB-10: as an organisation, its integrity-management policy."""
    return [_clauses("R-ONB-32", _of(application, "mcn_agreement"), MCN_PARTY_CLAUSES, "agreement with the parties"),
            *organisation_filings(application)]


@enforces("R-ONB-40", "R-ONB-42", neutral=ALL_PASS)
def host_filings(application: dict, policy: dict) -> list[dict]:
    """R-ONB-40: a jewelry host passed the platform's assessment of e-commerce and jewelry knowledge and livestream
    skills (score at or above the policy's pass mark); R-ONB-42: for each category it promotes, a host proves its
    own experience as a consumer of it."""
    categories = set(application.get("categories", []))
    out = []
    if categories & JEWELRY:
        mark = policy["host_skills_pass_mark"]
        best = max((d.get("score", 0) for d in _of(application, "skills_assessment")), default=None)
        out.append(_check("R-ONB-40", best is not None and best >= mark, f"skills assessment passed ({best})",
                          "no jewelry skills assessment on file" if best is None
                          else f"skills assessment {best} is below the pass mark {mark}",
                          REVIEW if best is None else FAIL))
    if categories:
        proven = {d.get("category") for d in _of(application, "consumer_experience")}
        unproven = sorted(categories - proven)
        out.append(_check("R-ONB-42", not unproven, "consumer experience proven for every category",
                          f"no consumer experience proven for: {', '.join(unproven)}"))
    return out


@enforces("R-ONB-15", neutral=ALL_PASS)
def community_filings(application: dict) -> list[dict]:
    """R-ONB-15: a trading community manager files the order services it provides (management, query, tracking,
    delivery) and the published terms of their use (timing, fees, precautions)."""
    if not application.get("trading"):
        return []
    return [_clauses("R-ONB-15", _of(application, "order_service_terms"), ORDER_SERVICE_CLAUSES,
                     "order service terms")]


HOST_RECORD_KINDS = ("plagiarism", "indecent_content", "policy_breach")


@enforces("R-ONB-31", neutral=ALL_PASS, partly="penalties filed with the hosts' applications are checked; violations "
                                               "recorded later at reputation are not looked up")
def mcn_host_records(application: dict, penalties_by_host: dict[str, list[dict]]) -> list[dict]:
    """R-ONB-31 (jewelry): none of an MCN's hosts may have a record of plagiarism, indecent content or breach of
    national policy or law, whenever it was decided."""
    if application["applicant_type"] != "mcn" or not set(application.get("categories", [])) & JEWELRY:
        return []
    marked = sorted(h for h in application.get("hosts", [])
                    if any(p["kind"] in HOST_RECORD_KINDS for p in penalties_by_host.get(h, [])))
    return [_check("R-ONB-31", not marked, "no host with a plagiarism, indecency or policy-breach record",
                   f"hosts with a plagiarism, indecency or policy-breach record: {', '.join(marked)}", FAIL)]


def filing_checks(application: dict, policy: dict) -> list[dict]:
    """Every filing check for this applicant's type, consent first."""
    kind = application["applicant_type"]
    out = consent_check(application)
    if kind == "merchant":
        out += merchant_filings(application)
    elif kind == "mcn":
        out += mcn_filings(application)
    elif kind == "host":
        out += host_filings(application, policy)
    elif kind == "community_manager":
        out += community_filings(application)
    return out


# Filings without which no reviewer may approve (R-ONB-33 and R-ONB-41 are rules.py's MCN and host document checks).
FILING_RULES = ("R-ONB-06", "R-ONB-07", "R-ONB-10", "R-ONB-13", "R-ONB-15", "R-ONB-16", "R-ONB-17", "R-ONB-18",
                "R-ONB-20", "R-ONB-25", "R-ONB-27", "R-ONB-32", "R-ONB-33", "R-ONB-40", "R-ONB-41", "R-ONB-42")


@enforces(*FILING_RULES, neutral=NO_FINDING)
def unfiled(checks: list[dict]) -> list[dict]:
    """The required filings an application still lacks: a reviewer asks for them and cannot approve without them."""
    return [{"rule_id": c["rule_id"], "message": c["message"]} for c in checks
            if c["rule_id"] in FILING_RULES and c["outcome"] != PASS]
