"""The onboarding use cases bound to one Context, so the tests read as what users do."""

from services.onboarding import repository, usecases
from services.onboarding.usecases import (
    applications,  # noqa: F401, I001 - loads the module
    broadcasts,  # noqa: F401, I001 - loads the module
    evaluations,  # noqa: F401, I001 - loads the module
    mcn_contracts,  # noqa: F401, I001 - loads the module
    reactions,  # noqa: F401, I001 - loads the module
    review,  # noqa: F401, I001 - loads the module
    subjects,  # noqa: F401, I001 - loads the module
)

uc = usecases  # the modules: usecases.applications, .review, ...

BOUND = {"submit": uc.applications.submit, "resubmit": uc.applications.resubmit, "application": uc.applications.get,
         "decide": uc.review.decide, "review_queue": uc.review.queue, "register": uc.subjects.register,
         "subject_view": uc.subjects.view, "deregister": uc.subjects.deregister, "is_allowed": uc.subjects.is_allowed,
         "add_contract": uc.mcn_contracts.add, "terminate_contract": uc.mcn_contracts.terminate,
         "broadcast_check": uc.broadcasts.check, "evaluate": uc.evaluations.evaluate, "evaluations_due": uc.evaluations.due,
         "flag_overdue": uc.evaluations.flag_overdue, "react_to_run": uc.reactions.react_to_run}


class Onboarding:
    def __init__(self, replica, publish, request_key=None):
        self.ctx = uc.Context(repository, replica, publish, request_key)

    def __getattr__(self, name):
        use_case = BOUND[name]
        return lambda *args, **kwargs: use_case(self.ctx, *args, **kwargs)

    @staticmethod
    def get(subject_id: str):
        return repository.subject_or_404(subject_id)
