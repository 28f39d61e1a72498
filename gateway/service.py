"""The HTTP gateway: the public API over the five services. Routes delegate to RPC with a timeout."""

import mimetypes
from pathlib import Path

import pymongo
import swagger_ui_bundle
from marshmallow import Schema, fields
from nameko.extensions import DependencyProvider
from werkzeug.wrappers import Response

from services.onboarding import contracts as onb
from services.reputation import contracts as rep
from tianping import SERVICE_NAMES, broker, health
from tianping import config as cfg
from tianping.errors import NotFound
from tianping.logs import WorkerContext
from tianping.rpc import TimedRpc

from .api import json_response, openapi, route
from .auth import Authenticator
from .guards import Idempotency, RateLimiter

DOCS_DIR = Path(swagger_ui_bundle.swagger_ui_path)
DOCS_HTML = (Path(__file__).with_name("docs.html")).read_text()
ADMIN = {"platform_admin"}
OPERATORS = {"platform_admin", "reviewer", "mediator", "sre", "service"}
READERS = OPERATORS | {"lab"}
REVIEWERS = {"platform_admin", "reviewer"}
APPLICANTS = {"merchant", "mcn", "host", "community_manager", "consumer"}


class AuthProvider(DependencyProvider):
    def setup(self):
        config = self.container.config
        self.authenticator = Authenticator(config.get("JWT_SECRET") or "dev-secret-change-me",
                                           config.get("JWT_PUBLIC_KEY") or None, config.get("JWT_JWKS_URL") or None)

    def get_dependency(self, worker_ctx):
        return self.authenticator


class StoreProbe(DependencyProvider):
    """Pings MongoDB for /readyz with a short timeout (the gateway owns no database)."""

    def setup(self):
        uri = self.container.config.get("MONGODB_URI") or cfg.env("MONGODB_URI")
        self.client = pymongo.MongoClient(uri, serverSelectionTimeoutMS=1500, connectTimeoutMS=1500) if uri else None

    def stop(self):
        if self.client is not None:
            self.client.close()

    def get_dependency(self, worker_ctx):
        return self


class PropagationOut(Schema):
    authority_head = fields.Integer()
    services = fields.List(fields.Dict())
    in_step = fields.Boolean()


class Readiness(Schema):
    ready = fields.Boolean()
    components = fields.Dict()


class GatewayService(health.ServiceBase):
    name = "gateway"

    rpc = TimedRpc()
    authenticator = AuthProvider()
    store = StoreProbe()
    request_context = WorkerContext()
    idempotency = Idempotency()
    rate_limiter = RateLimiter()

    # -- system -------------------------------------------------------------------------------------
    @route("GET", "/healthz", summary="Process is up")
    def healthz(self, request, principal, body):
        return {"status": "ok"}

    @route("GET", "/readyz", response=Readiness, summary="Broker, store and all five services answer")
    def readyz(self, request, principal, body):
        components = {}
        waits = {}
        for service in SERVICE_NAMES:  # send all pings first, then wait: one timeout bounds the whole check
            try:
                waits[service] = self.rpc.call_async(service, "ping")
            except Exception as exc:  # noqa: BLE001
                components[service] = {"ready": False, "error": str(exc)}
        try:
            broker.check(self.container_config["AMQP_URI"], timeout=2)
            components["broker"] = {"ready": True}
        except Exception as exc:  # noqa: BLE001
            components["broker"] = {"ready": False, "error": str(exc)}
        try:
            self.store.client.admin.command("ping")
            components["store"] = {"ready": True}
        except Exception as exc:  # noqa: BLE001
            components["store"] = {"ready": False, "error": type(exc).__name__}
        for service, wait in waits.items():
            try:
                components[service] = {"ready": wait(2)["status"] == "ok"}
            except Exception as exc:  # noqa: BLE001
                components[service] = {"ready": False, "error": str(exc)}
        ready = all(c["ready"] for c in components.values())
        body = {"ready": ready, "components": components}
        return body if ready else json_response(503, body, "")  # the route sets X-Request-Id

    @property
    def container_config(self):
        return self.request_context.container.config

    @route("GET", "/openapi.json", summary="This API's OpenAPI 3 document")
    def openapi_json(self, request, principal, body):
        return openapi("Tianping", "1.0.0")

    @route("GET", "/docs", summary="Interactive API documentation (served locally)")
    def docs(self, request, principal, body):
        return Response(DOCS_HTML, mimetype="text/html")

    @route("GET", "/docs/static/{name}", summary="Documentation page assets")
    def docs_static(self, request, principal, body, name):
        path = (DOCS_DIR / name).resolve()
        if path.parent != DOCS_DIR.resolve() or not path.is_file():
            raise NotFound("no such asset", {"name": ["unknown"]})
        return Response(path.read_bytes(), mimetype=mimetypes.guess_type(path.name)[0] or "application/octet-stream")

    # -- onboarding ---------------------------------------------------------------------------------
    @route("POST", "/v1/applications", roles=APPLICANTS | {"platform_admin", "service"}, body=onb.ApplicationIn,
           response=onb.ApplicationOut, status=201, tag="onboarding",
           summary="Apply for onboarding; automatic checks answer per rule ID")
    def submit_application(self, request, principal, body):
        if principal["role"] in APPLICANTS:
            body["subject_id"] = principal["sub"]  # applicants apply for themselves only
        return self.rpc.call("onboarding", "submit_application", _dumpable(body), principal["sub"])

    @route("GET", "/v1/applications/{application_id}", roles=REVIEWERS | APPLICANTS | {"service"}, tag="onboarding",
           response=onb.ApplicationOut, summary="An application with its checks and full history")
    def get_application(self, request, principal, body, application_id):
        found = self.rpc.call("onboarding", "get_application", application_id, _viewer(principal))
        _own_or_operator(principal, found["subject_id"])
        return found

    @route("POST", "/v1/applications/{application_id}/decision", roles=REVIEWERS, body=onb.DecisionIn,
           response=onb.ApplicationOut, tag="onboarding", summary="Approve, reject or ask to resubmit named documents")
    def decide_application(self, request, principal, body, application_id):
        return self.rpc.call("onboarding", "decide", application_id, body, principal["sub"])

    @route("POST", "/v1/applications/{application_id}/resubmission", roles=APPLICANTS, body=onb.ResubmitIn,
           response=onb.ApplicationOut, tag="onboarding", summary="Resubmit the documents a reviewer asked for")
    def resubmit_application(self, request, principal, body, application_id):
        found = self.rpc.call("onboarding", "get_application", application_id)
        _own_or_operator(principal, found["subject_id"])
        return self.rpc.call("onboarding", "resubmit", application_id, _dumpable(body), principal["sub"])

    @route("GET", "/v1/review-queue", roles=REVIEWERS, tag="onboarding", summary="Applications awaiting review, "
           "oldest first", query={"type": {"type": "string", "enum": list(onb.SUBJECT_TYPES)},
                                  "cursor": {"type": "string"},
                                  "limit": {"type": "integer", "minimum": 1, "maximum": 200}})
    def review_queue(self, request, principal, body):
        return self.rpc.call("onboarding", "review_queue", request.args.get("type"), request.args.get("cursor"),
                             _limit(request))

    @route("GET", "/v1/subjects/{subject_id}", roles=READERS | APPLICANTS, response=onb.SubjectOut, tag="onboarding",
           summary="A subject's status and history (personal data masked unless entitled)")
    def get_subject(self, request, principal, body, subject_id):
        _own_or_operator(principal, subject_id)
        return self.rpc.call("onboarding", "get_subject", subject_id, _viewer(principal))

    @route("POST", "/v1/mcns/{mcn_id}/hosts", roles={"platform_admin", "mcn"}, body=onb.ContractIn, status=201,
           tag="onboarding", summary="Record an MCN–host contract")
    def add_contract(self, request, principal, body, mcn_id):
        _own_or_operator(principal, mcn_id)
        return self.rpc.call("onboarding", "add_contract", mcn_id, body)

    @route("POST", "/v1/mcns/{mcn_id}/hosts/{host_id}/termination", roles={"platform_admin", "mcn"},
           tag="onboarding", summary="Terminate an MCN–host contract")
    def terminate_contract(self, request, principal, body, mcn_id, host_id):
        _own_or_operator(principal, mcn_id)
        return self.rpc.call("onboarding", "terminate_contract", mcn_id, host_id)

    @route("POST", "/v1/hosts/{host_id}/broadcast-checks", roles=REVIEWERS | {"service"}, body=onb.BroadcastCheckIn,
           tag="onboarding", summary="Check that the person on air is the registered host (R-ONB-35)")
    def broadcast_check(self, request, principal, body, host_id):
        return self.rpc.call("onboarding", "broadcast_check", host_id, body)

    @route("POST", "/v1/subjects/{subject_id}/evaluations", roles=REVIEWERS, body=onb.EvaluationIn, status=201,
           tag="onboarding", summary="Record a periodic evaluation (goods, service, management, livestream)")
    def evaluate(self, request, principal, body, subject_id):
        return self.rpc.call("onboarding", "evaluate", subject_id, body, principal["sub"])

    @route("GET", "/v1/evaluations/due", roles=REVIEWERS, tag="onboarding", summary="Subjects whose evaluation is due",
           query={"cursor": {"type": "string"}, "limit": {"type": "integer", "minimum": 1, "maximum": 500}})
    def evaluations_due(self, request, principal, body):
        return self.rpc.call("onboarding", "evaluations_due", _limit(request, 100), request.args.get("cursor"))

    @route("POST", "/v1/subjects/{subject_id}/deregistration", roles={"platform_admin"} | APPLICANTS,
           body=onb.DeregisterIn, tag="onboarding", summary="Deregister (the record is kept 2 years, R-XC-03)")
    def deregister(self, request, principal, body, subject_id):
        _own_or_operator(principal, subject_id)
        return self.rpc.call("onboarding", "deregister", subject_id, body, principal["sub"])

    # -- reputation and blacklist -------------------------------------------------------------------
    @route("POST", "/v1/violations", roles=OPERATORS, body=rep.ViolationIn, status=201, tag="reputation",
           summary="Record a violation (serious ones blacklist at once)")
    def record_violation(self, request, principal, body):
        body["source_service"] = body.get("source_service") or "platform"
        return self.rpc.call("reputation", "record_violation", _dumpable(body))

    @route("GET", "/v1/subjects/{subject_id}/reputation", roles=READERS | {"merchant", "mcn", "host"},
           tag="reputation", summary="Credit score, its components, points, sanctions and the events behind them")
    def reputation(self, request, principal, body, subject_id):
        _own_or_operator(principal, subject_id)
        return self.rpc.call("reputation", "get_reputation", subject_id)

    @route("POST", "/v1/enterprises/{enterprise_id}/grading", roles=ADMIN | {"reviewer"}, body=rep.GradingIn,
           status=201, tag="reputation", summary="Grade an enterprise's service quality (A–AAAAA)")
    def grading(self, request, principal, body, enterprise_id):
        return self.rpc.call("reputation", "grade_enterprise", enterprise_id, body, principal["sub"])

    @route("POST", "/v1/appeals", roles=OPERATORS | {"merchant", "mcn", "host"}, body=rep.AppealIn, status=201,
           tag="reputation", summary="Appeal a violation or a blacklisting")
    def appeal(self, request, principal, body):
        _own_or_operator(principal, body["subject_id"])
        return self.rpc.call("reputation", "file_appeal", body, principal["sub"])

    @route("POST", "/v1/appeals/{appeal_id}/decision", roles=ADMIN | {"reviewer"}, body=rep.AppealDecisionIn,
           tag="reputation", summary="Uphold or overturn an appeal")
    def appeal_decision(self, request, principal, body, appeal_id):
        return self.rpc.call("reputation", "decide_appeal", appeal_id, body, principal["sub"])

    @route("POST", "/v1/blacklist", roles=ADMIN, body=rep.BlacklistAddIn, status=201, tag="blacklist",
           summary="Blacklist a subject (reason and rule IDs required)")
    def blacklist_add(self, request, principal, body):
        return self.rpc.call("reputation", "blacklist_add", body, principal["sub"])

    @route("POST", "/v1/blacklist/{subject_id}/lift", roles=ADMIN, body=rep.BlacklistLiftIn, tag="blacklist",
           summary="Lift a blacklisting (reason required)")
    def blacklist_lift(self, request, principal, body, subject_id):
        return self.rpc.call("reputation", "blacklist_lift", subject_id, body, principal["sub"])

    @route("GET", "/v1/blacklist", roles=READERS, tag="blacklist", summary="Blacklist entries, newest first",
           query={"status": {"type": "string", "enum": ["blacklisted", "lifted"]},
                  "subject_type": {"type": "string"}, "cursor": {"type": "string"},
                  "limit": {"type": "integer", "minimum": 1, "maximum": 200}})
    def blacklist_list(self, request, principal, body):
        args = request.args
        return self.rpc.call("reputation", "blacklist_list", args.get("status"), args.get("subject_type"),
                             args.get("cursor"), _limit(request))

    @route("GET", "/v1/blacklist/propagation", roles=READERS, response=PropagationOut, tag="blacklist",
           summary="Authority head and each service's applied sequence and lag")
    def blacklist_propagation(self, request, principal, body):
        head_wait = self.rpc.call_async("reputation", "blacklist_head")
        waits = {s: self.rpc.call_async(s, "blacklist_status") for s in SERVICE_NAMES}
        head = head_wait()["head"]
        services = []
        for service, wait in waits.items():
            try:
                status = wait()
                services.append({**status, "lag": max(head - status["applied_seq"], 0), "reachable": True})
            except Exception as exc:  # noqa: BLE001 - a down service shows as unreachable, not a 500
                services.append({"service": service, "reachable": False, "error": str(exc)})
        return {"authority_head": head, "services": services,
                "in_step": all(s.get("reachable") and s["lag"] == 0 for s in services)}

    @route("GET", "/v1/blacklist/{subject_id}", roles=READERS, tag="blacklist",
           summary="A subject's blacklist entry and its history")
    def blacklist_get(self, request, principal, body, subject_id):
        return self.rpc.call("reputation", "blacklist_get", subject_id)

    @route("GET", "/v1/blacklist/{subject_id}/propagation", roles=READERS, tag="blacklist",
           summary="Which services enforce this subject's blacklisting, and since when")
    def blacklist_subject_propagation(self, request, principal, body, subject_id):
        authority = self.rpc.call("reputation", "blacklist_get", subject_id)
        waits = {s: self.rpc.call_async(s, "blacklist_entry", subject_id) for s in SERVICE_NAMES}
        services = []
        for service, wait in waits.items():
            try:
                found = wait()
                entry = found["entry"]
                in_step = bool(entry) and entry["seq"] == authority["seq"]
                services.append({"service": service, "enforcing": bool(entry) and entry["status"] == "blacklisted",
                                 "seq": entry and entry["seq"], "since": entry and entry["applied_at"],
                                 "in_step": in_step, "history": found["history"]})
            except Exception as exc:  # noqa: BLE001
                services.append({"service": service, "enforcing": None, "in_step": False, "error": str(exc)})
        return {"subject_id": subject_id, "status": authority["status"], "seq": authority["seq"],
                "services": services, "all_in_step": all(s["in_step"] for s in services)}


def _viewer(principal: dict) -> dict:
    return {"sub": principal["sub"], "role": principal["role"], "purpose": "gateway read"}


def _own_or_operator(principal: dict, subject_id: str) -> None:
    from tianping.errors import Forbidden

    if principal["role"] in READERS:
        return
    if principal["sub"] != subject_id:
        raise Forbidden("you may act only on your own records", {"subject_id": ["not yours"]})


def _limit(request, default: int = 50) -> int:
    value = request.args.get("limit", str(default))
    if not value.isdigit() or not 1 <= int(value) <= 500:
        from tianping.errors import ValidationFailed

        raise ValidationFailed("limit must be a whole number from 1 to 500", {"limit": ["1..500"]})
    return int(value)


def _dumpable(body):
    if isinstance(body, dict):
        return {k: _dumpable(v) for k, v in body.items()}
    if isinstance(body, list):
        return [_dumpable(v) for v in body]
    return body.isoformat() if hasattr(body, "isoformat") else body
