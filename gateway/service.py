"""The HTTP gateway: the public API over the five services. Routes delegate to RPC with a timeout."""

import mimetypes
from pathlib import Path

import pymongo
import swagger_ui_bundle
from marshmallow import Schema, fields
from nameko.extensions import DependencyProvider
from werkzeug.wrappers import Response

from services.reputation import schemas as rep
from tianping import SERVICE_NAMES, broker, health
from tianping import config as cfg
from tianping.errors import NotFound
from tianping.logs import WorkerContext
from tianping.rpc import TimedRpc

from .api import json_response, openapi, route
from .auth import Authenticator

DOCS_DIR = Path(swagger_ui_bundle.swagger_ui_path)
DOCS_HTML = (Path(__file__).with_name("docs.html")).read_text()
ADMIN = {"platform_admin"}
OPERATORS = {"platform_admin", "reviewer", "mediator", "sre", "service"}
READERS = OPERATORS | {"lab"}


class AuthProvider(DependencyProvider):
    def setup(self):
        config = self.container.config
        self.authenticator = Authenticator(config.get("JWT_SECRET") or "dev-secret-change-me",
                                           config.get("JWT_PUBLIC_KEY") or None)

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
        limit = args.get("limit", "50")
        return self.rpc.call("reputation", "blacklist_list", args.get("status"), args.get("subject_type"),
                             args.get("cursor"), int(limit) if limit.isdigit() else 50)

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


def _own_or_operator(principal: dict, subject_id: str) -> None:
    from tianping.errors import Forbidden

    if principal["role"] in READERS:
        return
    if principal["sub"] != subject_id:
        raise Forbidden("you may act only on your own records", {"subject_id": ["not yours"]})


def _dumpable(body: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in body.items()}
