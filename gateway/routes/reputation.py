"""Reputation: violations, the reputation view, grading and appeals."""

from services.reputation import contracts as rep
from tianping.lib import paging
from tianping.lib.schemas import jsonable

from ..api import route
from . import ADMIN, OPERATORS, READERS, limit, own_or_operator

SUBJECT_ID = "[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}"  # tianping.lib.schemas.ID, for the query parameter's pattern


class ReputationRoutes:
    @property
    def reputation_rpc(self):
        """Reputation's typed client (its contract's operations) over this request's RPC caller."""
        return rep.OPERATIONS.client(self.rpc)

    @route("POST", "/v1/violations", response=rep.ViolationResultOut, roles=OPERATORS, body=rep.ViolationIn, status=201, tag="reputation",
           summary="Record a violation (serious ones blacklist at once)")
    def record_violation(self, request, principal, body):
        body["source_service"] = body.get("source_service") or "platform"
        return self.reputation_rpc.record_violation(jsonable(body))

    @route("POST", "/v1/policies/points/dry-run", response=rep.PolicyDryRunOut, roles=ADMIN | {"reviewer"},
           body=rep.PolicyDryRunIn, tag="reputation",
           summary="Try a candidate points policy over the subjects with violations in a period: sanctions that would "
                   "change, subjects that would be blacklisted — changing nothing")
    def dry_run_points_policy(self, request, principal, body):
        return self.reputation_rpc.dry_run_policy(jsonable(body))

    @route("GET", "/v1/subjects/{subject_id}/reputation", response=rep.ReputationOut, roles=READERS | {"merchant", "mcn", "host"},
           tag="reputation", summary="Credit score, its components, points, sanctions and the events behind them")
    def reputation(self, request, principal, body, subject_id):
        own_or_operator(principal, subject_id)
        return self.reputation_rpc.get_reputation(subject_id)

    @route("GET", "/v1/authority-reports", response=rep.AuthorityReportPage, roles=ADMIN | {"reviewer"},
           tag="reputation", summary="Reporting duties to the authorities (R-REP-14), earliest deadline first",
           query={"status": {"type": "string", "enum": ["due", "reported"]}, "cursor": paging.cursor_query("time", "id"),
                  "limit": {"type": "integer", "minimum": 1, "maximum": 200}})
    def authority_reports(self, request, principal, body):
        return self.reputation_rpc.authority_reports(request.args.get("status"), request.args.get("cursor"),
                                                     limit(request, 50))

    @route("POST", "/v1/authority-reports/{report_id}", response=rep.AuthorityReportOut, roles=ADMIN | {"reviewer"},
           body=rep.AuthorityReportIn, tag="reputation",
           summary="Record what was reported to the authorities, to whom, when and under which reference (R-REP-14)")
    def record_authority_report(self, request, principal, body, report_id):
        return self.reputation_rpc.record_authority_report(report_id, jsonable(body), principal["sub"])

    @route("POST", "/v1/enterprises/{enterprise_id}/grading", response=rep.GradingOut, roles=ADMIN | {"reviewer"}, body=rep.GradingIn,
           status=201, tag="reputation", summary="Grade an enterprise's service quality (A–AAAAA)")
    def grading(self, request, principal, body, enterprise_id):
        return self.reputation_rpc.grade_enterprise(enterprise_id, body, principal["sub"])

    @route("GET", "/v1/enterprises/grading/{enterprise_type}", response=rep.GradingRankingOut,
           roles=READERS | ADMIN | {"reviewer"}, tag="reputation",
           summary="The latest grade of every enterprise of one type, ranked within that type (R-REP-08)")
    def grading_ranking(self, request, principal, body, enterprise_type):
        return self.reputation_rpc.grading_ranking(enterprise_type)

    @route("GET", "/v1/staff-records", response=rep.StaffRecordsOut, roles=READERS | {"merchant", "mcn"},
           tag="reputation", query={"subject_ids": {"type": "string", "required": True, "description": "comma-separated, at most 50",
                                          "pattern": f"^{SUBJECT_ID}(,{SUBJECT_ID}){{0,49}}$"}},
           summary="Published host penalties (R-REP-20) and dishonesty records (R-REP-21) of the people a live "
                   "room operator may hire, those without a dishonesty record first (R-ONB-45)")
    def staff_records(self, request, principal, body):
        asked = [s for s in (request.args.get("subject_ids") or "").split(",") if s]
        return self.reputation_rpc.staff_records({"subject_ids": asked})

    @route("POST", "/v1/appeals", response=rep.AppealOut, roles=OPERATORS | {"merchant", "mcn", "host"}, body=rep.AppealIn, status=201,
           tag="reputation", summary="Appeal a violation or a blacklisting")
    def appeal(self, request, principal, body):
        own_or_operator(principal, body["subject_id"])
        return self.reputation_rpc.file_appeal(body, principal["sub"])

    @route("POST", "/v1/appeals/{appeal_id}/decision", response=rep.AppealOut, roles=ADMIN | {"reviewer"}, body=rep.AppealDecisionIn,
           tag="reputation", summary="Uphold or overturn an appeal")
    def appeal_decision(self, request, principal, body, appeal_id):
        return self.reputation_rpc.decide_appeal(appeal_id, body, principal["sub"])
