"""Exports a regulator can check: every audit entry about a subject (or every decision of a period, e.g. violation
handling for reporting to the authorities) from all five services, as one bundle — a JSON-lines file per service and
a manifest with each file's sha256 and the checkpoint of the chain its entries fall under
(`python -m tianping.platform.audit verify-export` checks one)."""

from datetime import UTC, date

from marshmallow import Schema

from tianping import SERVICE_NAMES
from tianping.lib import fields, periods
from tianping.lib.errors import Inconsistent, ServiceUnavailable, ValidationFailed
from tianping.lib.schemas import ID
from tianping.platform import audit, operations

from ..api import route
from . import ADMIN

MAX_DAYS = 3 * 366 + 1  # the longest retention window (R-XC-02: 3 years) in one export


class ManifestFile(Schema):
    name = fields.String()
    service = fields.String()
    entries = fields.Integer()
    sha256 = fields.String()
    checkpoint = fields.Nested(audit.CheckpointOut)
    truncated = fields.Boolean()


class Manifest(Schema):
    scope = fields.Dict()
    generated_at = fields.String()
    files = fields.List(fields.Nested(ManifestFile))


class ExportOut(Schema):
    manifest = fields.Nested(Manifest)
    files = fields.Dict(keys=fields.String(), values=fields.String(),
                        metadata={"description": "file name -> JSON lines, one audit entry per line"})


def day(request, name: str) -> date:
    value = request.args.get(name)
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationFailed(f"{name} is a calendar day, YYYY-MM-DD", {name: ["YYYY-MM-DD"]}) from None


def utc_text(day_start) -> str:
    return day_start.astimezone(UTC).isoformat(timespec="milliseconds")


class AuditRoutes:
    @route("GET", "/v1/audit/export", roles=ADMIN, response=ExportOut, tag="audit",
           summary="Every audit entry about a subject (or every decision) in a period, from all five services, "
                   "with a manifest of sha256 and chain checkpoints",
           query={"subject_id": {"type": "string", "pattern": ID.regex.pattern},
                  "from": {"type": "string", "format": "date", "required": True},
                  "to": {"type": "string", "format": "date", "required": True},
                  "service": {"type": "string", "enum": list(SERVICE_NAMES)}})
    def audit_export(self, request, principal, body):
        first, last = day(request, "from"), day(request, "to")
        if last < first or (last - first).days >= MAX_DAYS:
            raise Inconsistent("to must be on or after from, at most 3 years later", {"to": ["out of range"]})
        services = [request.args["service"]] if request.args.get("service") else list(SERVICE_NAMES)
        if not set(services) <= set(SERVICE_NAMES):
            raise ValidationFailed("unknown service", {"service": list(SERVICE_NAMES)})
        subject = request.args.get("subject_id") or None
        # Calendar days in the platform's time zone, `to` included.
        start, end = periods.day_range(first, last)
        since, until = utc_text(start), utc_text(end)
        waits = {s: operations.common(s).client(self.rpc).audit_entries.send(subject, since, until) for s in services}
        parts = []
        for service, wait in waits.items():
            try:
                parts.append(wait())
            except Exception as exc:  # an export missing a service would mislead: refuse it whole
                raise ServiceUnavailable(f"{service} did not answer; the export would be incomplete ({exc})") from exc
        scope = {"subject_id": subject, "from": first.isoformat(), "to": last.isoformat(), "services": services,
                 "requested_by": principal["sub"]}
        return audit.bundle(parts, scope)
