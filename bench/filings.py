"""What a merchant files with its application so the automatic checks approve it (services/onboarding/filing_rules.py):
the licence, the platform service contract with every required clause, the consumer-protection commitment, the
truthfulness declaration, the integrity-management policy and the recorded consent to collect personal data."""

SERVICE_CONTRACT_CLAUSES = ["rights_and_obligations", "breach_liability", "dispute_resolution", "entry_and_exit",
                            "product_quality_and_safety", "consumer_rights", "harmful_information"]
OPERATOR_LAWS = ["consumer_rights_protection_law", "product_quality_law", "anti_unfair_competition_law", "contract_law",
                 "trademark_law", "advertising_law", "tort_liability_law", "online_trading_administrative_measures"]
NOTICE = ["purpose", "method", "scope", "view_and_correct", "refusal_consequences"]
MERCHANT_DOCUMENTS = [{"kind": "business_licence", "reference": "doc://business_licence"},
                      {"kind": "service_contract", "reference": "doc://service_contract",
                       "clauses": SERVICE_CONTRACT_CLAUSES,
                       "laws": OPERATOR_LAWS},
                      {"kind": "consumer_commitment", "reference": "doc://consumer_commitment"},
                      {"kind": "truthfulness_declaration", "reference": "doc://truthfulness_declaration"},
                      {"kind": "integrity_policy", "reference": "doc://integrity_policy"},
                      {"kind": "personal_data_consent", "reference": "doc://personal_data_consent", "told": NOTICE}]
CONSENT = MERCHANT_DOCUMENTS[-1:]  # what every applicant files (R-XC-08), a host with nothing else
