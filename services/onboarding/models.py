"""Onboarding documents. Nothing is deleted: deregistration is a status and the registration record is kept
at least 2 years after it (R-XC-03); applications and their decisions are append-only history."""

import mongoengine as me

from tianping.lib.trail import Step, utcnow

ALIAS = "onboarding"



class Subject(me.Document):
    meta = {"db_alias": ALIAS, "collection": "subjects",
            # (status, identity_keys): the re-entry check asks for blacklisted holders of any of a list of keys,
            # and the embedded store serves an `$in` only on an index's trailing field (a leading one scans).
            "indexes": ["identity_keys", {"fields": ["status", "identity_keys"]}, {"fields": ["subject_type", "status"]}, {"fields": ["retain_until"]},
                        {"fields": ["next_evaluation_at"]}, {"fields": ["next_reverification_at"]}]}
    subject_id = me.StringField(primary_key=True)
    subject_type = me.StringField(required=True)
    status = me.StringField(default="active")
    display_name = me.StringField()
    identity = me.DictField()  # personal data: masked in responses unless the role is entitled
    identity_keys = me.ListField(me.StringField())
    application_id = me.StringField()
    history = me.EmbeddedDocumentListField(Step)
    created_at = me.DateTimeField(default=utcnow)
    next_evaluation_at = me.DateTimeField()
    evaluation_overdue = me.BooleanField(default=False)
    failed_evaluations = me.IntField(default=0)
    rectify_by = me.DateTimeField()
    next_reverification_at = me.DateTimeField()
    reverification_due = me.BooleanField(default=False)
    reverified_at = me.DateTimeField()
    deregistered_at = me.DateTimeField()
    retain_until = me.DateTimeField()      # earliest purge: the registration archive's window (R-XC-03)
    minimised_at = me.DateTimeField()      # personal data removed after the window; the record itself stays


class Contract(me.Document):
    """MCN–host contract (R-ONB-30)."""
    meta = {"db_alias": ALIAS, "collection": "contracts",
            "indexes": [{"fields": ["mcn_id", "status"]}, {"fields": ["host_id", "status"]}]}
    mcn_id = me.StringField(required=True)
    host_id = me.StringField(required=True)
    reference = me.StringField()
    status = me.StringField(default="active")  # active | terminated
    signed_at = me.DateTimeField(default=utcnow)
    terminated_at = me.DateTimeField()


class StatusMove(me.Document):
    """How far moving many subjects to one status for one cause has got (usecases/status_moves.py): the last subject
    id done, so a re-run after a crash resumes after it, and `done` once every batch is (a redelivery moves nothing)."""
    meta = {"db_alias": ALIAS, "collection": "status_moves"}
    key = me.StringField(primary_key=True)  # "<cause>|<status>"
    after = me.StringField()
    done = me.BooleanField(default=False)
    at = me.DateTimeField(default=utcnow)


class Application(me.Document):
    meta = {"db_alias": ALIAS, "collection": "applications",
            "indexes": [{"fields": ["status", "applicant_type", "submitted_at"]},
                        {"fields": ["status", "submitted_at"]}, "subject_id",
                        {"fields": ["request_key"], "unique": True, "sparse": True}]}
    application_id = me.StringField(primary_key=True)
    request_key = me.StringField()  # the request that submitted it: a redelivery resumes this application
    applicant_type = me.StringField(required=True)
    subject_id = me.StringField(required=True)
    status = me.StringField(required=True)
    identity = me.DictField()
    categories = me.ListField(me.StringField())
    brands = me.ListField(me.StringField())
    documents = me.ListField(me.DictField())
    retention_class = me.StringField()   # "registration" once its subject deregisters (R-XC-03)
    retain_until = me.DateTimeField()    # earliest purge: the subject's archive window
    penalties = me.ListField(me.DictField())
    hosts = me.ListField(me.StringField())
    mcn_id = me.StringField()
    trading = me.BooleanField()
    owns_goods = me.BooleanField()
    own_site = me.BooleanField()
    filed_by = me.StringField()
    annual_turnover_cents = me.IntField()
    enterprise_kind = me.StringField()
    online_places = me.ListField(me.StringField())
    party_type = me.DictField()  # R-ONB-09
    checks = me.ListField(me.DictField())
    rule_ids_fired = me.ListField(me.StringField())
    policy_version = me.StringField()
    history = me.EmbeddedDocumentListField(Step)
    submitted_at = me.DateTimeField(default=utcnow)
    decided_at = me.DateTimeField()


class Evaluation(me.Document):
    meta = {"db_alias": ALIAS, "collection": "evaluations", "indexes": [{"fields": ["subject_id", "-at"]}]}
    subject_id = me.StringField(required=True)
    results = me.DictField()
    outcome = me.StringField()
    rule_ids = me.ListField(me.StringField())
    evaluator = me.StringField()
    policy_version = me.StringField()
    at = me.DateTimeField(default=utcnow)


class PiiAccess(me.Document):
    """Each full read of personal data (R-XC-10): who, what, when."""
    meta = {"db_alias": ALIAS, "collection": "pii_access", "indexes": [{"fields": ["subject_id", "-at"]}]}
    subject_id = me.StringField(required=True)
    actor = me.StringField(required=True)
    role = me.StringField()
    purpose = me.StringField()
    at = me.DateTimeField(default=utcnow)


class IdentityLink(me.Document):
    """One identity a subject registered, as a digest (identity.link_keys): subjects holding the same key are linked
    in the liability graph. Looked up by equality on `key` (indexed), one query per key."""
    meta = {"db_alias": ALIAS, "collection": "identity_links", "indexes": ["key", "subject_id"]}
    link_id = me.StringField(primary_key=True)  # "<key>|<subject_id>": written once however often asked
    key = me.StringField(required=True)
    kind = me.StringField(required=True)
    subject_id = me.StringField(required=True)
    at = me.DateTimeField(default=utcnow)


class BlacklistedLink(me.Document):
    """An identity key (identity.link_keys) held by subjects blacklisted here: their links, copied when the blacklisting
    is applied and pulled at its lift, so an application's shared-identity check reads only these — one `_id $in`,
    however many subjects share an address or a phone. A holder is confirmed against the replica before it counts."""
    meta = {"db_alias": ALIAS, "collection": "blacklisted_links"}
    key = me.StringField(primary_key=True)
    kind = me.StringField()
    holders = me.ListField(me.StringField())


class LiabilityFlag(me.Document):
    """A subject flagged for review (not sanctioned) because a subject it shares identities with was blacklisted;
    cleared, never deleted, when that blacklisting is lifted."""
    meta = {"db_alias": ALIAS, "collection": "liability_flags",
            "indexes": [{"fields": ["subject_id", "-at"]}, {"fields": ["flagged_by", "status"]}]}
    flag_id = me.StringField(primary_key=True)  # "<cause>|<subject_id>"
    subject_id = me.StringField(required=True)
    flagged_by = me.StringField(required=True)   # the blacklisted subject
    cause = me.StringField(required=True)        # the decision: "blacklist:<seq>"
    kinds = me.ListField(me.StringField())       # which identities they share
    rule_ids = me.ListField(me.StringField())
    status = me.StringField(default="open")      # open -> cleared
    at = me.DateTimeField(default=utcnow)
    cleared_at = me.DateTimeField()
    cleared_by = me.StringField()                # the lift that cleared it


class PolicyChange(me.Document):
    """A published change to onboarding's platform policy: a public notice, in force from its day (R-XC-23)."""
    meta = {"db_alias": ALIAS, "collection": "policy_changes", "indexes": ["effective_from"]}
    change_id = me.StringField(primary_key=True)
    changes = me.DictField()
    effective_from = me.StringField(required=True)  # ISO calendar day in the platform's time zone
    published_at = me.DateTimeField(required=True)
    published_by = me.StringField()
    reason = me.StringField()


class ManagementReport(me.Document):
    """A published report of how the platform managed its merchants in one closed period (R-XC-31)."""
    meta = {"db_alias": ALIAS, "collection": "management_reports", "indexes": ["-period_end"]}
    report_id = me.StringField(primary_key=True)  # <first day>/<end day>: one report per period
    period_start = me.StringField(required=True)  # ISO calendar days in the platform's time zone, end excluded
    period_end = me.StringField(required=True)
    applications = me.DictField()
    measures = me.DictField()
    published_at = me.DateTimeField(default=utcnow)


class SupplierVerification(me.Document):
    """An MCN's or host's verification of a supplier, kept for inspection (R-ONB-34)."""
    meta = {"db_alias": ALIAS, "collection": "supplier_verifications", "indexes": [{"fields": ["subject_id", "-at"]}]}
    verification_id = me.StringField(primary_key=True)
    subject_id = me.StringField(required=True)
    record = me.DictField()
    filed_by = me.StringField()
    at = me.DateTimeField(default=utcnow)
