"""The onboarding use cases bound to one Context, so the tests read as what users do."""

from services.onboarding import repository
from services.onboarding.usecases import (
    Context,
    applications,
    broadcasts,
    evaluations,
    mcn_contracts,
    policy_changes,
    reactions,
    reports,
    retention,
    reverification,
    review,
    rooms,
    subjects,
    suppliers,
)

BOUND = {"submit": applications.submit, "resubmit": applications.resubmit, "application": applications.get,
         "decide": review.decide, "review_queue": review.queue, "review_summary": review.summary, "register": subjects.register,
         "subject_view": subjects.view, "statuses": subjects.statuses, "deregister": subjects.deregister, "is_allowed": subjects.is_allowed,
         "add_contract": mcn_contracts.add, "terminate_contract": mcn_contracts.terminate,
         "broadcast_check": broadcasts.check, "evaluate": evaluations.evaluate, "evaluations_due": evaluations.due,
         "sweep": evaluations.sweep, "react_to_run": reactions.react_to_run,
         "purge": retention.purge, "reverify": reverification.reverify,
         "update_contact": subjects.update_contact, "erase": retention.erase,
         "publish_policy_change": policy_changes.publish, "policy_notices": policy_changes.notices,
         "room_operator": rooms.operator, "publish_reports": reports.publish_due,
         "management_reports": reports.reports, "file_supplier_verification": suppliers.file,
         "supplier_verifications": suppliers.listed}


class Onboarding:
    def __init__(self, replica, publish, request_key=None):
        import mongoengine

        from tianping.platform import audit
        from tianping.platform.deadlines import COLLECTION, DeadlineBook

        book = DeadlineBook(mongoengine.get_db("onboarding")[COLLECTION], "onboarding", lease=30)
        book.ensure_indexes()
        self.audit = audit.AuditLog(mongoengine.get_db("onboarding")[audit.COLLECTION], "onboarding")
        self.audit.ensure_indexes()
        self.ctx = Context(repository, replica, publish, request_key, book, audit=self.audit)

    def __getattr__(self, name):
        use_case = BOUND[name]
        return lambda *args, **kwargs: use_case(self.ctx, *args, **kwargs)

    @staticmethod
    def get(subject_id: str):
        return repository.subject_or_404(subject_id)
