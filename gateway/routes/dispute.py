"""Dispute: mediation cases, evidence, proposals and answers, resolution, external routes, advance compensation and
recovery, the merchant's identity for the buyer (R-DSP-05), and public statistics. The service checks who may act on
a case; the gateway says who is asking."""

from services.dispute import contracts as dsp
from tianping.lib import fields, paging
from tianping.lib.errors import ValidationFailed
from tianping.lib.schemas import ID, jsonable

from ..api import route
from . import limit

MEDIATORS = {"mediator", "platform_admin"}
PARTIES = {"consumer", "merchant"}


def actor(principal: dict) -> dict:
    return {"id": principal["sub"], "role": principal["role"], "platform": principal["role"] in MEDIATORS}


class DisputeRoutes:
    @property
    def dispute_rpc(self):
        """Dispute's typed client (its contract's operations) over this request's RPC caller."""
        return dsp.OPERATIONS.client(self.rpc)

    @route("POST", "/v1/disputes", roles={"consumer"}, body=dsp.DisputeBody, response=dsp.CaseOut, status=201,
           tag="dispute", summary="Ask the platform to mediate a dispute on your own order (R-DSP-02)")
    def open_dispute(self, request, principal, body):
        return self.dispute_rpc.open_dispute({**jsonable(body), "consumer_id": principal["sub"]})

    @route("GET", "/v1/disputes", roles=PARTIES | MEDIATORS | {"sre"}, response=dsp.CasePage, tag="dispute",
           summary="Your own cases; for mediators the queue, oldest first, by state; with due_before, the open "
                   "cases whose running deadline falls before that time, soonest first",
           query={"status": {"type": "string", "enum": list(dsp.CASE_STATES)}, "cursor": paging.cursor_query("time", "id"),
                  "limit": {"type": "integer", "minimum": 1, "maximum": 200},
                  "due_before": {"type": "string", "format": "date-time"}})
    def list_disputes(self, request, principal, body):
        viewer = actor(principal) | ({"platform": True} if principal["role"] == "sre" else {})
        return self.dispute_rpc.list_cases(viewer, request.args.get("status"), request.args.get("cursor"),
                                           limit(request), request.args.get("due_before"))

    @route("GET", "/v1/disputes/stats", response=dsp.StatsOut, tag="dispute",
           summary="Public mediation statistics over local days: outcomes, resolution time, compensation (no token)",
           query={"from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"}})
    def dispute_stats(self, request, principal, body):
        return self.dispute_rpc.stats(request.args.get("from"), request.args.get("to"))

    @route("GET", "/v1/disputes/procedure", response=dsp.ProcedureOut, tag="dispute",
           summary="The published complaint and dispute procedure (R-DSP-09): each step, who takes it, after which "
                   "states, its time limit (no token)")
    def dispute_procedure(self, request, principal, body):
        return self.dispute_rpc.procedure()

    @route("GET", "/v1/disputes/{case_id}", roles=PARTIES | MEDIATORS | {"sre"}, response=dsp.CaseOut,
           tag="dispute", summary="A case with evidence, proposal, outcome, deadlines and full history")
    def get_dispute(self, request, principal, body, case_id):
        viewer = actor(principal) | ({"platform": True} if principal["role"] == "sre" else {})
        return self.dispute_rpc.get_case(case_id, viewer)

    @route("GET", "/v1/disputes/{case_id}/transaction-record", roles=PARTIES | MEDIATORS, response=dsp.TransactionRecordOut,
           tag="dispute", summary="The livestream transaction's record the case is handled on: order, live room, host, "
                                  "recordings, after-sale and case histories, and what is missing (R-DSP-14)")
    def transaction_record(self, request, principal, body, case_id):
        return self.dispute_rpc.transaction_record(case_id, actor(principal))

    @route("POST", "/v1/disputes/{case_id}/evidence", roles=PARTIES, body=dsp.EvidenceIn, response=dsp.CaseOut,
           tag="dispute", summary="Add evidence: text and files by sha256 and size (the merchant's first answers)")
    def submit_evidence(self, request, principal, body, case_id):
        return self.dispute_rpc.submit_evidence(case_id, body, actor(principal))

    @route("POST", "/v1/disputes/{case_id}/proposal", roles=MEDIATORS, body=dsp.ProposalIn, response=dsp.CaseOut,
           tag="dispute", summary="The mediator proposes an outcome; each side accepts or rejects")
    def propose(self, request, principal, body, case_id):
        return self.dispute_rpc.propose(case_id, jsonable(body), actor(principal))

    @route("POST", "/v1/disputes/{case_id}/proposal-answers", roles=PARTIES, body=dsp.AnswerIn,
           response=dsp.CaseOut, tag="dispute", summary="Accept or reject the mediator's proposal")
    def answer_proposal(self, request, principal, body, case_id):
        return self.dispute_rpc.answer_proposal(case_id, body, actor(principal))

    @route("POST", "/v1/disputes/{case_id}/resolution", roles=MEDIATORS, body=dsp.ResolutionIn,
           response=dsp.CaseOut, tag="dispute", summary="Resolve: buyer favoured, merchant favoured, partial refund")
    def resolve(self, request, principal, body, case_id):
        return self.dispute_rpc.resolve(case_id, jsonable(body), actor(principal))

    @route("POST", "/v1/disputes/{case_id}/withdrawal", roles={"consumer"}, response=dsp.CaseOut, tag="dispute",
           summary="The buyer withdraws its case")
    def withdraw(self, request, principal, body, case_id):
        return self.dispute_rpc.withdraw(case_id, actor(principal))

    @route("POST", "/v1/disputes/{case_id}/external", roles={"consumer"} | MEDIATORS, body=dsp.ExternalIn,
           response=dsp.CaseOut, tag="dispute",
           summary="Record the case going to the regulator, arbitration or court, with its reference (R-DSP-03)")
    def take_outside(self, request, principal, body, case_id):
        return self.dispute_rpc.take_outside(case_id, body, actor(principal))

    @route("POST", "/v1/disputes/{case_id}/payment", roles={"merchant", "platform_admin"}, body=dsp.PaymentIn,
           response=dsp.CaseOut, tag="dispute", summary="The merchant reports paying the decided amount")
    def report_payment(self, request, principal, body, case_id):
        return self.dispute_rpc.report_payment(case_id, body, actor(principal))

    @route("POST", "/v1/disputes/{case_id}/advance-compensation", roles=MEDIATORS, body=dsp.CompensationIn,
           response=dsp.CompensationOut, status=201, tag="dispute",
           summary="Pay the buyer first (never above the decided amount) and open a recovery claim (R-DSP-06)")
    def advance_compensation(self, request, principal, body, case_id):
        return self.dispute_rpc.advance_compensation(case_id, jsonable(body), actor(principal))

    @route("GET", "/v1/disputes/{case_id}/merchant-identity", roles={"consumer"} | MEDIATORS,
           response=dsp.IdentityOut, tag="dispute", query={"purpose": {"type": "string", "minLength": 1,
                                                             "maxLength": 200, "pattern": fields.VISIBLE_PATTERN,
                                                             "required": True}},
           summary="The merchant's true name, address and contact for the case's buyer; each disclosure logged")
    def merchant_identity(self, request, principal, body, case_id):
        purpose = (request.args.get("purpose") or "").strip()
        if not purpose or len(purpose) > 200:
            raise ValidationFailed("say why you need the merchant's identity", {"purpose": ["1-200 characters"]})
        return self.dispute_rpc.merchant_identity(case_id, actor(principal), purpose)

    @route("GET", "/v1/recovery-claims", roles=MEDIATORS | {"sre"}, response=dsp.RecoveryPage, tag="dispute",
           summary="Recovery claims against merchants after advance compensation",
           query={"merchant_id": {"type": "string", "pattern": ID.regex.pattern}, "status": {"type": "string",
                                                                  "enum": ["open", "recovered", "written_off"]},
                  "cursor": paging.cursor_query("time", "id"), "limit": {"type": "integer", "minimum": 1, "maximum": 200}})
    def recovery_claims(self, request, principal, body):
        return self.dispute_rpc.recovery_claims(request.args.get("merchant_id"),
                             request.args.get("status"), request.args.get("cursor"), limit(request))

    @route("POST", "/v1/recovery-claims/{claim_id}/settlement", roles={"platform_admin"}, body=dsp.SettlementIn,
           response=dsp.RecoveryClaimOut, tag="dispute", summary="A recovery claim recovered or written off")
    def settle_recovery(self, request, principal, body, claim_id):
        return self.dispute_rpc.settle_recovery(claim_id, body, actor(principal))
