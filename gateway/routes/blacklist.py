"""The platform-wide blacklist: decisions, reads, and how far each change has propagated."""

from marshmallow import Schema

from services.reputation import contracts as rep
from tianping import SERVICE_NAMES
from tianping.lib import fields, paging
from tianping.platform import operations
from tianping.platform.blacklist_schemas import ReplicaStatusOut

from ..api import route
from . import ADMIN, READERS, limit


class ServicePropagation(Schema):
    service = fields.String()
    enforcing = fields.Boolean(allow_none=True)
    seq = fields.Integer(allow_none=True)
    since = fields.String(allow_none=True)
    in_step = fields.Boolean()
    history = fields.List(fields.Dict())
    error = fields.String()


class SubjectPropagationOut(Schema):
    subject_id = fields.String()
    status = fields.String()
    seq = fields.Integer()
    services = fields.List(fields.Nested(ServicePropagation))
    all_in_step = fields.Boolean()


class ReplicaPropagation(ReplicaStatusOut):
    """A replica's status as its service reports it, with how far behind the authority it is."""
    reachable = fields.Boolean()
    lag = fields.Integer()
    error = fields.String()


class PropagationOut(Schema):
    """The authority's head and group commit (batch sizes, round trips per change) and each replica's progress and
    round trips per change applied — each process's figures since it started."""
    authority_head = fields.Integer()
    authority_epoch = fields.String(allow_none=True)
    lost_in_restore = fields.Integer()  # changes replicas had applied that a restore of the authority lost (runbook)
    authority = fields.Nested(rep.CommitStatsOut, allow_none=True)
    services = fields.List(fields.Nested(ReplicaPropagation))
    in_step = fields.Boolean()


class BlacklistRoutes:
    @route("POST", "/v1/blacklist", response=rep.ChangeOut, roles=ADMIN, body=rep.BlacklistAddIn, status=201, tag="blacklist",
           summary="Blacklist a subject (reason and rule IDs required)")
    def blacklist_add(self, request, principal, body):
        return rep.OPERATIONS.client(self.rpc).blacklist_add(body, principal["sub"])

    @route("POST", "/v1/blacklist/{subject_id}/lift", response=rep.ChangeOut, roles=ADMIN, body=rep.BlacklistLiftIn, tag="blacklist",
           summary="Lift a blacklisting (reason required)")
    def blacklist_lift(self, request, principal, body, subject_id):
        return rep.OPERATIONS.client(self.rpc).blacklist_lift(subject_id, body, principal["sub"])

    @route("GET", "/v1/blacklist", response=rep.EntryPage, roles=READERS, tag="blacklist", summary="Blacklist entries, newest first",
           query={"status": {"type": "string", "enum": ["blacklisted", "lifted"]},
                  "subject_type": {"type": "string", "enum": list(rep.SUBJECT_TYPES)}, "cursor": paging.cursor_query("int"),
                  "limit": {"type": "integer", "minimum": 1, "maximum": 200}})
    def blacklist_list(self, request, principal, body):
        args = request.args
        return rep.OPERATIONS.client(self.rpc).blacklist_list(args.get("status"), args.get("subject_type"),
                             args.get("cursor"), limit(request))

    @route("GET", "/v1/blacklist/propagation", roles=READERS, response=PropagationOut, tag="blacklist",
           summary="Authority head and each service's applied sequence and lag")
    def blacklist_propagation(self, request, principal, body):
        head_wait = rep.OPERATIONS.client(self.rpc).blacklist_head.send()
        stats_wait = rep.OPERATIONS.client(self.rpc).blacklist_commit_stats.send()
        waits = {s: operations.common(s).client(self.rpc).blacklist_status.send() for s in SERVICE_NAMES}
        authority_head = head_wait()
        head, epoch = authority_head["head"], authority_head.get("epoch")
        services = []
        for service, wait in waits.items():
            try:
                status = wait()
                services.append({**status, "lag": max(head - status["applied_seq"], 0), "reachable": True})
            except Exception as exc:  # noqa: BLE001 - a down service shows as unreachable, not a 500
                services.append({"service": service, "reachable": False, "error": str(exc)})
        try:
            stats = stats_wait()
        except Exception:  # noqa: BLE001 - the figures are a convenience; the head above is what matters
            stats = None
        # in step: every replica follows the authority's current log (a restore rotates it) and has applied its head
        return {"authority_head": head, "authority_epoch": epoch, "authority": stats, "services": services,
                "lost_in_restore": sum(s.get("lost_in_restore", 0) for s in services),
                "in_step": all(s.get("reachable") and s["lag"] == 0 and s.get("epoch") == epoch for s in services)}

    @route("GET", "/v1/blacklist/{subject_id}", response=rep.BlacklistRecordOut, roles=READERS, tag="blacklist",
           summary="A subject's blacklist entry and its history")
    def blacklist_get(self, request, principal, body, subject_id):
        return rep.OPERATIONS.client(self.rpc).blacklist_get(subject_id)

    @route("GET", "/v1/blacklist/{subject_id}/propagation", response=SubjectPropagationOut, roles=READERS, tag="blacklist",
           summary="Which services enforce this subject's blacklisting, and since when")
    def blacklist_subject_propagation(self, request, principal, body, subject_id):
        authority_wait = rep.OPERATIONS.client(self.rpc).blacklist_get.send(subject_id)  # asked with the replicas
        waits = {s: operations.common(s).client(self.rpc).blacklist_entry.send(subject_id) for s in SERVICE_NAMES}
        authority = authority_wait()
        services = []
        for service, wait in waits.items():
            try:
                found = wait()
                entry = found["entry"]
                # the entry's seq is its subject's last change of any kind (a sanction too): at or past the authority's
                in_step = bool(entry) and entry["seq"] >= authority["seq"]
                services.append({"service": service, "enforcing": bool(entry) and entry["status"] == "blacklisted",
                                 "seq": entry and entry["seq"], "since": entry and entry["applied_at"],
                                 "in_step": in_step, "history": found["history"]})
            except Exception as exc:  # noqa: BLE001
                services.append({"service": service, "enforcing": None, "in_step": False, "error": str(exc)})
        return {"subject_id": subject_id, "status": authority["status"], "seq": authority["seq"],
                "services": services, "all_in_step": all(s["in_step"] for s in services)}
