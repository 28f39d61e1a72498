"""Health, readiness and the API's own documentation."""

import mimetypes
from pathlib import Path

import swagger_ui_bundle
from marshmallow import Schema
from werkzeug.wrappers import Response

from tianping import SERVICE_NAMES
from tianping.infra import broker
from tianping.infra.probes import broker_verdict
from tianping.lib import fields
from tianping.lib.errors import NotFound
from tianping.platform import operations

from ..api import json_response, route
from ..guards import PerKeyLimit
from ..openapi_doc import openapi
from . import OPERATORS

DOCS_DIR = Path(swagger_ui_bundle.swagger_ui_path)
DOCS_HTML = (Path(__file__).resolve().parent.parent / "docs.html").read_text()


PUBLIC_PROBES_PER_S = 5  # per client address, for anyone but the kubelet
PROBE_LIMIT = PerKeyLimit(PUBLIC_PROBES_PER_S, burst=10)


class Readiness(Schema):
    ready = fields.Boolean()
    components = fields.Dict()


class SystemRoutes:
    @route("GET", "/healthz", summary="Process is up")
    def healthz(self, request, principal, body):
        return {"status": "ok"}

    @route("GET", "/readyz", response=Readiness, summary="The gateway can serve: its own broker connection is live")
    def readyz(self, request, principal, body):
        """Only what this gateway needs: a service or the store being down makes the routes that use it answer 503
        or 504, not every gateway unready (which would empty the API at the ingress). Cheap: one look at this
        process's own consumer connection, no I/O; a client other than the kubelet gets PUBLIC_PROBES_PER_S."""
        if not request.headers.get("User-Agent", "").startswith("kube-probe/"):
            PROBE_LIMIT.take(request.headers.get("X-Forwarded-For", request.remote_addr or "-").split(",")[0])
        verdict = broker_verdict(self.request_context.container)
        ready = verdict == "ok"
        body = {"ready": ready, "components": {"broker": {"ready": ready, **({} if ready else {"error": verdict})}}}
        return body if ready else json_response(503, body, "")  # the route sets X-Request-Id

    @route("GET", "/v1/status", response=Readiness, roles=OPERATORS,
           summary="Broker, store and all five services answer (for operators; not a probe)")
    def status(self, request, principal, body):
        components = {}
        waits = {}
        for service in SERVICE_NAMES:  # send all pings first, then wait: one timeout bounds the whole check
            try:
                waits[service] = operations.common(service).client(self.rpc).ping.send()
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
        return {"ready": all(c["ready"] for c in components.values()), "components": components}

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
