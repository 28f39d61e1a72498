"""Witnesses: each service's chain head (count, hash) is published and kept by another service, so a chain
rewritten or cut at its tail is detected against checkpoints held in another database."""

from marshmallow import Schema
from nameko.extensions import DependencyProvider
from nameko.timer import timer

from tianping.infra import db
from tianping.infra.rpc import rpc
from tianping.lib import clock, fields
from tianping.lib import config as cfg
from tianping.platform.audit.chain import COLLECTION, CheckpointOut, Verdict, verify
from tianping.platform.audit.export import AuditExport
from tianping.platform.contracts import Event, EventPublisher, subscribe

WITNESS_COLLECTION = "audit_witness"   # the checkpoints of another service's chain, kept here
# Who keeps whose checkpoints: each service's chain head is kept by the next one, so rewriting a chain means
# rewriting another service's database too.
WITNESS = {"onboarding": "listing", "listing": "aftersale", "aftersale": "dispute", "dispute": "reputation",
           "reputation": "onboarding"}
WITNESSED = {witness: service for service, witness in WITNESS.items()}


def checkpoint_seconds() -> float:
    return float(cfg.env("TIANPING_AUDIT_CHECKPOINT_SECONDS", "60"))


class CheckpointPayload(Schema):
    service = fields.String(required=True)
    count = fields.Integer(required=True)
    hash = fields.String(required=True)
    at = fields.String(required=True)


def checkpoint_event(service: str) -> Event:
    return Event(service, "audit_checkpoint", CheckpointPayload,
                 f"{service}'s audit chain head (count, hash), kept by {WITNESS[service]}")


class Witness:
    """The checkpoints of another service's chain, as this service received them (idempotent by count)."""

    def __init__(self, collection):
        self.collection = collection

    def keep(self, point: dict) -> bool:
        result = self.collection.update_one({"_id": f"{point['service']}:{point['count']}"},
                                            {"$setOnInsert": dict(point)}, upsert=True)
        return result.upserted_id is not None

    def checkpoints(self, service: str) -> list[dict]:
        return list(self.collection.find({"service": service}, {"_id": 0}).sort("count", 1))


class WitnessProvider(DependencyProvider):
    def setup(self):
        self.witness = Witness(db.database(self.container.config, self.container.service_name)[WITNESS_COLLECTION])

    def get_dependency(self, worker_ctx):
        return self.witness


def audited(service: str) -> type:
    """The audit mixin of `service`: its log and export RPC, its chain head published every
    TIANPING_AUDIT_CHECKPOINT_SECONDS (when it moved), and the checkpoints of the service it witnesses kept."""
    own, kept = checkpoint_event(service), checkpoint_event(WITNESSED[service])

    class Audited(AuditExport):
        audit_events = EventPublisher()
        witness = WitnessProvider()
        _published = {"count": -1}

        @timer(interval=checkpoint_seconds())
        def publish_audit_checkpoint(self):
            """Publish this service's chain head for its witness to keep (only when it moved)."""
            point = self.audit.checkpoint()
            if point["count"] != self._published["count"]:
                self.audit_events(own, {**point, "at": clock.now().isoformat(timespec="milliseconds")})
                self._published["count"] = point["count"]

        @subscribe(kept)
        def keep_audit_checkpoint(self, message):
            self.witness.keep(kept.load(message))

        @rpc
        def audit_checkpoints(self, service):
            """The checkpoints this service keeps of `service`'s audit chain (the service it witnesses)."""
            return CheckpointOut(many=True).dump(self.witness.checkpoints(service))

    Audited.__name__ = f"Audited{service.capitalize()}"
    return Audited


def verify_service(uri, database_name, service: str) -> tuple[Verdict, int]:
    """A service's chain, against the checkpoints its witness keeps (read from the witness's own database). `uri`:
    one URI holding every database, or a function from a service to the URI of its database (per-service stores)."""
    uri_of = uri if callable(uri) else (lambda _service: uri)
    chain = db.connect(f"audit-{service}", uri_of(service), database_name(service))[COLLECTION]
    witness = db.connect(f"audit-witness-{service}", uri_of(WITNESS[service]),
                         database_name(WITNESS[service]))[WITNESS_COLLECTION]
    checkpoints = Witness(witness).checkpoints(service)
    return verify(chain.find({}).sort("_id", 1), checkpoints), len(checkpoints)
