"""Onboarding: applications, review, subjects, MCN–host contracts, evaluations, deregistration."""

from services.onboarding import contracts as onb
from tianping.lib import paging
from tianping.lib.schemas import jsonable

from ..api import route
from . import APPLICANTS, READERS, REVIEWERS, limit, own_or_operator, viewer


class OnboardingRoutes:
    @property
    def onboarding_rpc(self):
        """Onboarding's typed client (its contract's operations) over this request's RPC caller."""
        return onb.OPERATIONS.client(self.rpc)

    @route("POST", "/v1/applications", roles=APPLICANTS | {"platform_admin", "service"}, body=onb.ApplicationIn,
           response=onb.ApplicationOut, status=201, tag="onboarding",
           summary="Apply for onboarding; automatic checks answer per rule ID")
    def submit_application(self, request, principal, body):
        if principal["role"] in APPLICANTS:
            body["subject_id"] = principal["sub"]  # applicants apply for themselves only
        return self.onboarding_rpc.submit_application(jsonable(body), principal["sub"])

    @route("GET", "/v1/applications/{application_id}", roles=REVIEWERS | APPLICANTS | {"service"}, tag="onboarding",
           response=onb.ApplicationOut, summary="An application with its checks and full history")
    def get_application(self, request, principal, body, application_id):
        found = self.onboarding_rpc.get_application(application_id, viewer(principal))
        own_or_operator(principal, found["subject_id"])
        return found

    @route("POST", "/v1/applications/{application_id}/decision", roles=REVIEWERS, body=onb.DecisionIn,
           response=onb.ApplicationOut, tag="onboarding", summary="Approve, reject or ask to resubmit named documents")
    def decide_application(self, request, principal, body, application_id):
        return self.onboarding_rpc.decide(application_id, body, principal["sub"])

    @route("POST", "/v1/applications/{application_id}/resubmission", roles=APPLICANTS, body=onb.ResubmitIn,
           response=onb.ApplicationOut, tag="onboarding", summary="Resubmit the documents a reviewer asked for")
    def resubmit_application(self, request, principal, body, application_id):
        found = self.onboarding_rpc.get_application(application_id)
        own_or_operator(principal, found["subject_id"])
        return self.onboarding_rpc.resubmit(application_id, jsonable(body), principal["sub"])

    @route("GET", "/v1/subjects/{subject_id}", roles=READERS | APPLICANTS, response=onb.SubjectOut, tag="onboarding",
           summary="A subject's status and history (personal data masked unless entitled)")
    def get_subject(self, request, principal, body, subject_id):
        own_or_operator(principal, subject_id)
        return self.onboarding_rpc.get_subject(subject_id, viewer(principal))

    @route("POST", "/v1/mcns/{mcn_id}/hosts", response=onb.ContractOut, roles={"platform_admin", "mcn"}, body=onb.ContractIn, status=201,
           tag="onboarding", summary="Record an MCN–host contract")
    def add_contract(self, request, principal, body, mcn_id):
        own_or_operator(principal, mcn_id)
        return self.onboarding_rpc.add_contract(mcn_id, body)

    @route("POST", "/v1/mcns/{mcn_id}/hosts/{host_id}/termination", response=onb.ContractOut, roles={"platform_admin", "mcn"},
           tag="onboarding", summary="Terminate an MCN–host contract")
    def terminate_contract(self, request, principal, body, mcn_id, host_id):
        own_or_operator(principal, mcn_id)
        return self.onboarding_rpc.terminate_contract(mcn_id, host_id)

    @route("POST", "/v1/hosts/{host_id}/broadcast-checks", response=onb.BroadcastCheckOut, roles=REVIEWERS | {"service"}, body=onb.BroadcastCheckIn,
           tag="onboarding", summary="Check that the person on air is the registered host (R-ONB-35)")
    def broadcast_check(self, request, principal, body, host_id):
        return self.onboarding_rpc.broadcast_check(host_id, body)

    @route("POST", "/v1/subjects/{subject_id}/evaluations", response=onb.EvaluationOut, roles=REVIEWERS, body=onb.EvaluationIn, status=201,
           tag="onboarding", summary="Record a periodic evaluation (goods, service, management, livestream)")
    def evaluate(self, request, principal, body, subject_id):
        return self.onboarding_rpc.evaluate(subject_id, body, principal["sub"])

    @route("PUT", "/v1/subjects/{subject_id}/contact", response=onb.SubjectOut, roles=APPLICANTS - {"consumer"},
           body=onb.ContactIn, tag="onboarding",
           summary="Change your own contact details: address, phone, bank account (R-XC-14, self-service)")
    def update_contact(self, request, principal, body, subject_id):
        return self.onboarding_rpc.update_contact(subject_id, jsonable(body), principal["sub"])

    @route("POST", "/v1/subjects/{subject_id}/reverification", response=onb.SubjectOut, roles=REVIEWERS,
           body=onb.ReverificationIn, tag="onboarding",
           summary="Record the re-verification of a registration file (R-ONB-03): next date set, a lapse restriction "
                   "lifted")
    def reverify(self, request, principal, body, subject_id):
        return self.onboarding_rpc.reverify(subject_id, jsonable(body), principal["sub"])

    @route("GET", "/v1/evaluations/due", response=onb.DuePage, roles=REVIEWERS, tag="onboarding", summary="Subjects whose evaluation is due",
           query={"cursor": paging.cursor_query("time", "id"), "limit": {"type": "integer", "minimum": 1, "maximum": 500}})
    def evaluations_due(self, request, principal, body):
        return self.onboarding_rpc.evaluations_due(limit(request, 100), request.args.get("cursor"))

    @route("POST", "/v1/subjects/{subject_id}/erasure", response=onb.ErasedOut, roles={"platform_admin"},
           body=onb.EraseIn, tag="onboarding",
           summary="Minimise a deregistered subject's personal data after its 2-year window (409 retention_window "
                   "before, R-XC-03); the record stays")
    def erase_personal_data(self, request, principal, body, subject_id):
        return self.onboarding_rpc.erase_personal_data(subject_id, body, principal["sub"])

    @route("POST", "/v1/subjects/{subject_id}/deregistration", response=onb.SubjectOut, roles={"platform_admin"} | APPLICANTS,
           body=onb.DeregisterIn, tag="onboarding", summary="Deregister (the record is kept 2 years, R-XC-03)")
    def deregister(self, request, principal, body, subject_id):
        own_or_operator(principal, subject_id)
        return self.onboarding_rpc.deregister(subject_id, body, principal["sub"])

    @route("POST", "/v1/onboarding/policy-changes", response=onb.PolicyChangeOut, roles={"platform_admin"},
           body=onb.PolicyChangeIn, status=201, tag="onboarding",
           summary="Publish a change to onboarding's policy as a public notice (in force on its day, R-XC-23)")
    def publish_policy_change(self, request, principal, body):
        return self.onboarding_rpc.publish_policy_change(jsonable(body), principal["sub"])

    @route("GET", "/v1/onboarding/policy-changes", response=onb.PolicyNoticesOut, roles=READERS | APPLICANTS,
           tag="onboarding", summary="The public notices of onboarding's policy changes and the version in force")
    def policy_notices(self, request, principal, body):
        return self.onboarding_rpc.policy_notices()

    @route("GET", "/v1/subjects/{subject_id}/room-operator", response=onb.RoomOperatorOut, roles=READERS | APPLICANTS,
           tag="onboarding", summary="Who must be set as the operator of the subject's live rooms (R-ONB-36)")
    def room_operator(self, request, principal, body, subject_id):
        own_or_operator(principal, subject_id)
        return self.onboarding_rpc.room_operator(subject_id)

    @route("GET", "/v1/onboarding/management-reports", response=onb.ManagementReportsOut, roles=READERS | APPLICANTS,
           tag="onboarding", summary="The published reports of how the platform managed its merchants (R-XC-31)")
    def management_reports(self, request, principal, body):
        return self.onboarding_rpc.management_reports()

    @route("POST", "/v1/subjects/{subject_id}/supplier-verifications", response=onb.SupplierVerificationOut,
           roles={"platform_admin", "mcn", "host"}, body=onb.SupplierVerificationIn, status=201, tag="onboarding",
           summary="File the verification of a supplier, kept for inspection (R-ONB-34)")
    def file_supplier_verification(self, request, principal, body, subject_id):
        own_or_operator(principal, subject_id)
        return self.onboarding_rpc.file_supplier_verification(subject_id, jsonable(body), principal["sub"])

    @route("GET", "/v1/subjects/{subject_id}/supplier-verifications", response=onb.SupplierVerificationsOut,
           roles=READERS | {"mcn", "host"}, tag="onboarding",
           summary="A subject's supplier verifications, for inspection (R-ONB-34)")
    def supplier_verifications(self, request, principal, body, subject_id):
        own_or_operator(principal, subject_id)
        return self.onboarding_rpc.supplier_verifications(subject_id)
