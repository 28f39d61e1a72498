"""A subject's platform sanction: the authority's record and how far it has reached each service (issue 24)."""

from marshmallow import Schema

from services.onboarding import contracts as onb
from services.reputation import contracts as rep
from tianping import SERVICE_NAMES
from tianping.lib import fields
from tianping.platform import operations
from tianping.platform.sanction_views import SanctionStateOut

from ..api import route
from . import READERS


class ServiceSanction(SanctionStateOut):
    in_step = fields.Boolean()     # the replica holds the authority's latest sanction change for the subject
    seq_lag = fields.Integer()     # changes of the log the replica has still to apply
    error = fields.String()


class SanctionPropagationOut(Schema):
    subject_id = fields.String()
    authority = fields.Nested(rep.SanctionRecordOut)
    authority_head = fields.Integer()
    services = fields.List(fields.Nested(ServiceSanction))
    all_in_step = fields.Boolean()


class SanctionRoutes:
    @route("GET", "/v1/subjects/{subject_id}/sanction", response=rep.SanctionRecordOut, roles=READERS, tag="reputation",
           summary="The authority's sanction of a subject (level, refused actions, until, rule IDs, decision) and "
                   "its history")
    def sanction_get(self, request, principal, body, subject_id):
        return rep.OPERATIONS.client(self.rpc).sanction_get(subject_id)

    @route("GET", "/v1/subjects/{subject_id}/sanction-propagation", response=SanctionPropagationOut, roles=READERS,
           tag="reputation", summary="Each service's applied sanction of a subject, its answer per action and its lag")
    def sanction_propagation(self, request, principal, body, subject_id):
        head_wait = rep.OPERATIONS.client(self.rpc).blacklist_head.send()
        waits = {s: operations.common(s).client(self.rpc).sanction_state.send(subject_id) for s in SERVICE_NAMES}
        authority = rep.OPERATIONS.client(self.rpc).sanction_get(subject_id)
        head = head_wait()["head"]
        services = []
        for service, wait in waits.items():
            try:
                state = wait()
                services.append({**state, "in_step": state["seq"] == authority.get("seq"),
                                 "seq_lag": max(head - state["applied_seq"], 0)})
            except Exception as exc:  # noqa: BLE001 - a down service shows as such, not a 500
                services.append({"service": service, "subject_id": subject_id, "in_step": False, "error": str(exc)})
        return {"subject_id": subject_id, "authority": authority, "authority_head": head, "services": services,
                "all_in_step": all(s["in_step"] for s in services)}

    @route("GET", "/v1/subjects/{subject_id}/links", response=onb.LinksOut, roles=READERS, tag="onboarding",
           summary="The liability graph around a subject: who shares its identities (which kinds, never the values) "
                   "and the review flags a blacklisting caused")
    def subject_links(self, request, principal, body, subject_id):
        return onb.OPERATIONS.client(self.rpc).subject_links(subject_id)
