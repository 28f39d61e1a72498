"""The reputation use cases bound to one Context, so the tests read as what users do."""

from services.reputation import repository
from services.reputation.usecases import (
    Context,
    appeals,
    blacklist,
    dry_runs,
    grading,
    reports,
    scores,
    staff,
    violations,
)

BOUND = {"record_violation": violations.record, "record_signal": scores.record_signal, "reputation": scores.view,
         "grade": grading.grade, "file_appeal": appeals.file, "decide_appeal": appeals.decide,
         "blacklist_add": blacklist.add, "blacklist_lift": blacklist.lift, "blacklist_get": blacklist.get,
         "blacklist_page": blacklist.page, "freeze": blacklist.freeze, "ranking": grading.ranking, "staff_records": staff.records,
         "dry_run": dry_runs.policy, "withdraw_notified": appeals.withdraw_notified,
         "record_authority_report": reports.record, "authority_reports": reports.listing}


class Reputation:
    def __init__(self, authority, relay, publish, correlation_id="corr-1", request_key=None):
        import mongoengine

        from tianping.platform import audit

        self.authority, self.relay = authority, relay
        self.audit = audit.AuditLog(mongoengine.get_db("reputation")[audit.COLLECTION], "reputation")
        self.audit.ensure_indexes()
        if getattr(authority, "audit", "absent") is None:  # as the service wires it: decisions audited per batch
            authority.audit = self.audit
        self.ctx = Context(repository, publish=publish, request_key=request_key, audit=self.audit, authority=authority,
                           relay=relay, correlation_id=correlation_id)

    def __getattr__(self, name):
        use_case = BOUND[name]
        return lambda *args, **kwargs: use_case(self.ctx, *args, **kwargs)
