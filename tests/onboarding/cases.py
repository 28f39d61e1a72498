"""Onboarding rule table: one pass case and one fail (or review) case per rule ID, shared by the service tests
and the gateway tests."""

from datetime import UTC, date, datetime, timedelta

NOW = datetime.now(UTC)
REGISTRATION_CENTS = 10_000_000  # services/onboarding/policy.json market_entity_registration_cents


def years_ago(n: float) -> str:
    return (NOW - timedelta(days=365 * n)).isoformat()


def born(age_years: int) -> str:
    today = date.today()
    return today.replace(year=today.year - age_years).isoformat() if not (today.month == 2 and today.day == 29) \
        else date(today.year - age_years, 2, 28).isoformat()


IDENTITY = {"real_name": "Zhang Wei", "credit_code": "91440300MA5X1234", "address": "Shenzhen Futian 1",
            "contact_phone": "+86 755 1234 5678", "entity_kind": "enterprise", "registered_in_china": True}
PERSON = {"real_name": "Li Na", "id_number": "440301199001011234", "address": "Shenzhen Nanshan 2",
          "contact_phone": "13800138000", "entity_kind": "natural_person", "birth_date": born(30)}
SERVICE_CONTRACT_CLAUSES = ["rights_and_obligations", "breach_liability", "dispute_resolution", "entry_and_exit",
                            "product_quality_and_safety", "consumer_rights", "harmful_information"]
OPERATOR_LAWS = ["consumer_rights_protection_law", "product_quality_law", "anti_unfair_competition_law", "contract_law",
                 "trademark_law", "advertising_law", "tort_liability_law", "online_trading_administrative_measures"]
NOTICE = ["purpose", "method", "scope", "view_and_correct", "refusal_consequences"]
DOC = {"business_licence": {"kind": "business_licence", "reference": "doc://bl"},
       "service_contract": {"kind": "service_contract", "reference": "doc://sc", "clauses": SERVICE_CONTRACT_CLAUSES,
                            "laws": OPERATOR_LAWS},
       "truthfulness_declaration": {"kind": "truthfulness_declaration", "reference": "doc://td"},
       "integrity_policy": {"kind": "integrity_policy", "reference": "doc://ip"},
       "personal_data_consent": {"kind": "personal_data_consent", "reference": "doc://pdc", "told": NOTICE},
       "telecom_licence": {"kind": "telecom_licence", "reference": "doc://tl"},
       "goods_authorisation": {"kind": "goods_authorisation", "reference": "doc://ga"},
       "mcn_agreement": {"kind": "mcn_agreement", "reference": "doc://ma",
                         "clauses": ["rights_and_obligations", "liabilities", "information_security",
                                     "product_quality_review", "consumer_rights"]},
       "order_service_terms": {"kind": "order_service_terms", "reference": "doc://ost",
                               "clauses": ["order_management", "order_query", "order_tracking", "delivery", "timing",
                                           "fees", "precautions"]},
       "consumer_commitment": {"kind": "consumer_commitment", "reference": "doc://cc"},
       "category_qualification": {"kind": "category_qualification", "reference": "doc://cq"},
       "food_licence": {"kind": "food_licence", "reference": "doc://fl"},
       "guardian_consent": {"kind": "guardian_consent", "reference": "doc://gc"},
       "training_certificate": {"kind": "training_certificate", "reference": "doc://tc"},
       "service_quality_policy": {"kind": "service_quality_policy", "reference": "doc://sqp"},
       "product_quality_policy": {"kind": "product_quality_policy", "reference": "doc://pqp"}}


def _without_none(identity: dict) -> dict:
    """None in a case means "leave the field out"."""
    return {k: v for k, v in identity.items() if v is not None}


# What every merchant files (R-ONB-06, R-ONB-18, R-ONB-25, R-ONB-10, R-XC-08): the payloads of the other tests
MERCHANT_FILINGS = ("business_licence", "service_contract", "consumer_commitment", "truthfulness_declaration",
                    "integrity_policy", "personal_data_consent")


def merchant_documents() -> list[dict]:
    return [dict(DOC[k]) for k in MERCHANT_FILINGS]


def replaced(document: dict) -> list[dict]:
    """A merchant's documents with this one in place of the standard document of its kind."""
    return [d for d in merchant_documents() if d["kind"] != document["kind"]] + [document]


def merchant(**over):
    app = {"applicant_type": "merchant", "identity": dict(IDENTITY), "documents": merchant_documents()}
    identity = over.pop("identity", None)
    if identity is not None:
        app["identity"] = _without_none({**app["identity"], **identity})
    extra_docs, dropped = over.pop("extra_docs", []), over.pop("drop_docs", [])
    app["documents"] = [d for d in app["documents"] + extra_docs if d["kind"] not in dropped]
    app.update(over)
    return app


def mcn(**over):
    return merchant(applicant_type="mcn", identity={"entity_kind": "legal_person", **over.pop("identity", {})},
                    extra_docs=[DOC["service_quality_policy"], DOC["product_quality_policy"], DOC["mcn_agreement"]]
                    + over.pop("extra_docs", []),
                    **over)


def host(age=30, **over):
    app = {"applicant_type": "host",
           "identity": _without_none({**PERSON, "birth_date": born(age), **over.pop("identity", {})}),
           "documents": [DOC["training_certificate"], DOC["personal_data_consent"]] + over.pop("extra_docs", [])}
    app.update(over)
    return app


def community(kind, **over):
    app = {"applicant_type": kind, "identity": _without_none({**PERSON, **over.pop("identity", {})}),
           "documents": [DOC["personal_data_consent"]] + over.pop("extra_docs", [])}
    app.update(over)
    return app


# (case id, rule id, application, expected outcome of that rule)
CASES = [
    ("clean merchant", "R-ONB-05", merchant(), "pass"),
    ("marketer identity complete", "R-ONB-04", merchant(), "pass"),
    ("marketer without address", "R-ONB-04", merchant(identity={"address": ""}), "fail"),
    ("enterprise with licence", "R-ONB-11", merchant(), "pass"),
    ("enterprise without licence", "R-ONB-11", merchant(drop_docs=["business_licence"]), "fail"),
    ("natural person with ID", "R-ONB-12", merchant(identity={**PERSON}), "pass"),
    ("natural person without ID", "R-ONB-12",
     merchant(identity={"entity_kind": "natural_person", "id_number": None}), "fail"),
    ("food with licence", "R-ONB-14", merchant(categories=["food"], extra_docs=[DOC["food_licence"]]), "pass"),
    ("food without licence", "R-ONB-14", merchant(categories=["food"]), "fail"),
    ("brand authorised", "R-ONB-26", merchant(brands=["Chow"], extra_docs=[
        {"kind": "brand_authorisation", "reference": "doc://ba", "brand": "Chow"}]), "pass"),
    ("brand not authorised", "R-ONB-26", merchant(brands=["Chow"]), "fail"),
    ("jewelry registered in China", "R-ONB-21",
     merchant(categories=["jewelry"], extra_docs=[DOC["category_qualification"]]), "pass"),
    ("jewelry registered abroad", "R-ONB-21", merchant(categories=["jewelry"], identity={"registered_in_china": False},
                                                      extra_docs=[DOC["category_qualification"]]), "fail"),
    ("jewelry penalty 4 years ago", "R-ONB-22", merchant(categories=["jewelry"], extra_docs=[DOC["category_qualification"]],
                                                         penalties=[{"kind": "jewelry_sales", "decided_at": years_ago(4)}]),
     "pass"),
    ("jewelry penalty 2 years ago", "R-ONB-22", merchant(categories=["jewelry"], extra_docs=[DOC["category_qualification"]],
                                                         penalties=[{"kind": "jewelry_sales", "decided_at": years_ago(2)}]),
     "fail"),
    ("jewelry qualification", "R-ONB-23", merchant(categories=["jewelry"], extra_docs=[DOC["category_qualification"]]),
     "pass"),
    ("jewelry without qualification", "R-ONB-23", merchant(categories=["jewelry"]), "fail"),
    ("service contract signed", "R-ONB-06", merchant(), "pass"),
    ("service contract missing", "R-ONB-06", merchant(drop_docs=["service_contract"]), "review"),
    ("service contract without dispute clause", "R-ONB-06", merchant(documents=replaced(
        {**DOC["service_contract"], "clauses": [c for c in SERVICE_CONTRACT_CLAUSES if c != "dispute_resolution"]})),
     "review"),
    ("consumer commitment", "R-ONB-18", merchant(), "pass"),
    ("consumer commitment missing", "R-ONB-18", merchant(drop_docs=["consumer_commitment"]), "review"),
    ("own site with telecom licence", "R-ONB-11", merchant(own_site=True, extra_docs=[DOC["telecom_licence"]]), "pass"),
    ("own site without telecom licence", "R-ONB-11", merchant(own_site=True), "fail"),
    ("jewelry registration undeclared", "R-ONB-21", merchant(categories=["jewelry"], identity={
        "registered_in_china": None}, extra_docs=[DOC["category_qualification"]]), "fail"),
    ("truthfulness declared", "R-ONB-25", merchant(), "pass"),
    ("truthfulness undeclared", "R-ONB-25", merchant(drop_docs=["truthfulness_declaration"]), "review"),
    ("reseller authorised by the owner", "R-ONB-20", merchant(owns_goods=False, extra_docs=[DOC["goods_authorisation"]]),
     "pass"),
    ("reseller without the owner's authorisation", "R-ONB-20", merchant(owns_goods=False), "review"),
    ("merchant with its MCN agreement", "R-ONB-27", merchant(mcn_id="mcn-a", extra_docs=[DOC["mcn_agreement"]]), "pass"),
    ("MCN agreement without security clause", "R-ONB-27", merchant(mcn_id="mcn-a", extra_docs=[
        {**DOC["mcn_agreement"], "clauses": ["product_quality_review", "consumer_rights"]}]), "review"),
    ("merchant without MCN agreement", "R-ONB-27", merchant(mcn_id="mcn-a"), "review"),
    ("enterprise integrity policy", "R-ONB-10", merchant(), "pass"),
    ("enterprise without integrity policy", "R-ONB-10", merchant(drop_docs=["integrity_policy"]), "review"),
    ("MCN without integrity policy", "R-ONB-10", mcn(drop_docs=["integrity_policy"]), "review"),
    ("consent recorded", "R-XC-08", merchant(), "pass"),
    ("no consent recorded", "R-XC-08", merchant(drop_docs=["personal_data_consent"]), "fail"),
    ("consent without refusal notice", "R-XC-08", host(documents=[DOC["training_certificate"], {
        **DOC["personal_data_consent"], "told": NOTICE[:-1]}]), "fail"),
    ("community user without consent", "R-XC-08", community("community_user", documents=[]), "fail"),
    ("MCN legal person", "R-ONB-28", mcn(), "pass"),
    ("MCN not a legal person", "R-ONB-28", mcn(identity={"entity_kind": "individual_business"}), "fail"),
    ("MCN endorsement penalty 4 years ago", "R-ONB-29",
     mcn(penalties=[{"kind": "false_advertising_endorsement", "decided_at": years_ago(4)}]), "pass"),
    ("MCN endorsement penalty last year", "R-ONB-29",
     mcn(penalties=[{"kind": "false_advertising_endorsement", "decided_at": years_ago(1)}]), "fail"),
    ("MCN hosts contracted", "R-ONB-30", mcn(hosts=["h-a"], extra_docs=[
        {"kind": "host_contract", "reference": "doc://hc", "host_id": "h-a"}]), "pass"),
    ("MCN host without contract", "R-ONB-30", mcn(hosts=["h-a", "h-b"], extra_docs=[
        {"kind": "host_contract", "reference": "doc://hc", "host_id": "h-a"}]), "fail"),
    ("MCN quality policies", "R-ONB-33", mcn(), "pass"),
    ("MCN quality policies missing", "R-ONB-33",
     mcn(drop_docs=["service_quality_policy", "product_quality_policy"]), "review"),
    ("MCN party agreements", "R-ONB-32", mcn(), "pass"),
    ("MCN without party agreements", "R-ONB-32", mcn(drop_docs=["mcn_agreement"]), "review"),
    ("MCN agreement without liabilities", "R-ONB-32", mcn(drop_docs=["mcn_agreement"], extra_docs=[
        {**DOC["mcn_agreement"], "clauses": ["rights_and_obligations"]}]), "review"),
    ("host aged 30", "R-ONB-37", host(30), "pass"),
    ("host aged 15", "R-ONB-37", host(15), "fail"),
    ("host aged 17 without consent", "R-ONB-37", host(17), "fail"),
    ("host aged 17 with consent", "R-ONB-37", host(17, extra_docs=[DOC["guardian_consent"]]), "pass"),
    ("host real-name complete", "R-ONB-38", host(), "pass"),
    ("host without phone", "R-ONB-38", host(identity={"contact_phone": None}), "fail"),
    ("host penalty publicity ended", "R-ONB-39", host(penalties=[
        {"kind": "plagiarism", "decided_at": years_ago(3), "publicity_ends_at": years_ago(1)}]), "pass"),
    ("host penalty still public", "R-ONB-39", host(penalties=[
        {"kind": "indecent_content", "decided_at": years_ago(1), "publicity_ends_at": years_ago(-1)}]), "fail"),
    ("host trained", "R-ONB-41", host(), "pass"),
    ("host training unproven", "R-ONB-41", host(documents=[DOC["personal_data_consent"]]), "review"),
    ("jewelry host assessed at the pass mark", "R-ONB-40", host(categories=["jewelry"], extra_docs=[
        {"kind": "skills_assessment", "reference": "doc://sa", "score": 60}]), "pass"),
    ("jewelry host assessed below the pass mark", "R-ONB-40", host(categories=["jewelry"], extra_docs=[
        {"kind": "skills_assessment", "reference": "doc://sa", "score": 59}]), "fail"),
    ("jewelry host not assessed", "R-ONB-40", host(categories=["jewelry"]), "review"),
    ("host experienced as a consumer", "R-ONB-42", host(categories=["food"], extra_docs=[
        {"kind": "consumer_experience", "reference": "doc://ce", "category": "food"}]), "pass"),
    ("host without consumer experience", "R-ONB-42", host(categories=["food", "cosmetics"], extra_docs=[
        {"kind": "consumer_experience", "reference": "doc://ce", "category": "food"}]), "review"),
    ("group owner real-name", "R-ONB-47", community("community_manager"), "pass"),
    ("group owner without address", "R-ONB-47", community("community_manager", identity={"address": ""}), "fail"),
    ("community user real-name", "R-ONB-48", community("community_user"), "pass"),
    ("community user without name", "R-ONB-48", community("community_user", identity={"real_name": "x",
                                                                                      "contact_phone": None}), "fail"),
    ("trading community manager with order service terms", "R-ONB-15",
     community("community_manager", trading=True, extra_docs=[DOC["order_service_terms"]]), "pass"),
    ("licences valid", "R-ONB-01", merchant(), "pass"),
    ("business licence expired", "R-ONB-01", merchant(documents=replaced(
        {**DOC["business_licence"], "valid_until": "2020-01-01"})), "fail"),
    ("MCN without its business licence", "R-ONB-01", mcn(drop_docs=["business_licence"]), "fail"),
    ("operator contract names every law", "R-ONB-07", merchant(), "pass"),
    ("operator contract without the advertising law", "R-ONB-07", merchant(documents=replaced(
        {**DOC["service_contract"], "laws": [law for law in OPERATOR_LAWS if law != "advertising_law"]})), "review"),
    ("platform files with the business's consent", "R-ONB-08", merchant(filed_by="platform", extra_docs=[
        {"kind": "business_consent", "reference": "doc://consent"}]), "pass"),
    ("platform files without consent", "R-ONB-08", merchant(filed_by="platform"), "fail"),
    ("natural person below the registration level", "R-ONB-13",
     merchant(identity={**PERSON}, drop_docs=["business_licence"], annual_turnover_cents=REGISTRATION_CENTS - 1), "pass"),
    ("natural person at the registration level", "R-ONB-13",
     merchant(identity={**PERSON}, drop_docs=["business_licence"], annual_turnover_cents=REGISTRATION_CENTS), "review"),
    ("natural person at the level and registered", "R-ONB-13",
     merchant(identity={**PERSON}, annual_turnover_cents=REGISTRATION_CENTS + 1), "pass"),
    ("transactional enterprise with its online place", "R-ONB-16",
     merchant(enterprise_kind="transactional", online_places=["shop.example.cn"]), "pass"),
    ("transactional enterprise without an online place", "R-ONB-16", merchant(enterprise_kind="transactional"), "review"),
    ("community merchant with its licences", "R-ONB-17", community("community_manager", trading=True, categories=[
        "food"], extra_docs=[DOC["order_service_terms"], DOC["food_licence"]]), "pass"),
    ("community merchant without its food licence", "R-ONB-17", community("community_manager", trading=True,
                                                                          categories=["food"],
                                                                          extra_docs=[DOC["order_service_terms"]]),
     "review"),
    ("community enterprise without its business licence", "R-ONB-17", community(
        "community_manager", trading=True, identity={"entity_kind": "enterprise"},
        extra_docs=[DOC["order_service_terms"], DOC["integrity_policy"]]), "review"),
    ("trading community manager without terms", "R-ONB-15", community("community_manager", trading=True), "review"),
    ("trading community manager terms without fees", "R-ONB-15", community("community_manager", trading=True, extra_docs=[
        {**DOC["order_service_terms"], "clauses": ["order_management", "order_query", "order_tracking", "delivery",
                                                   "timing", "precautions"]}]), "review"),
]
