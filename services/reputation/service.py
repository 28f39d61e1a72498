"""Reputation service entrypoints: violations, points, credit, grading, appeals and the blacklist authority.
Each entrypoint delegates to ledger.Ledger; the rules live in rules.py."""

import logging

import eventlet
from nameko.extensions import DependencyProvider

from services.onboarding import contracts as onboarding
from tianping import blacklist, db, health
from tianping.commands import command
from tianping.contracts import EventPublisher, subscribe
from tianping.outbox import OutboxRelay
from tianping.rpc import rpc

from . import authority, contracts, ledger, models, schemas

log = logging.getLogger(__name__)


def _batch_payload(records):
    return {"changes": schemas.ChangeOut(many=True).dump(records)}


class AuthorityProvider(DependencyProvider):
    def setup(self):
        self.authority = authority.Authority(db.database(self.container.config, self.container.service_name))
        self.authority.ensure_log()
        # one Authority (and so one writer lock and one session) per process

    def start(self):
        self.container.spawn_managed_thread(self._beat, identifier="authority-heartbeat")

    def _beat(self):
        while True:
            try:
                self.authority.heartbeat()
            except Exception:  # noqa: BLE001 - store briefly away: the next beat retries
                log.warning("authority heartbeat failed", exc_info=True)
            eventlet.sleep(authority.HEARTBEAT_SECONDS)

    def get_dependency(self, worker_ctx):
        return self.authority


class ReputationService(health.ServiceBase, blacklist.BlacklistEnforcing):
    name = "reputation"

    database = db.Database(models)
    authority = AuthorityProvider()
    relay = OutboxRelay("blacklist_changes", contracts.BLACKLIST_CHANGED.name, _batch_payload)
    publish = EventPublisher()

    @property
    def ledger(self) -> ledger.Ledger:
        return ledger.Ledger(self.authority, self.relay, self.correlation_id, self.publish, self.commands.request_key)

    # -- violations and reputation --------------------------------------------------------------
    @command
    def record_violation(self, data):
        """Record a violation (ViolationIn); serious ones blacklist at once; answer lists decisions, rule IDs, policy version."""
        return self.ledger.record_violation(data)

    @subscribe(onboarding.VIOLATION_DETECTED)
    def on_violation_detected(self, message):
        self.ledger.record_violation(onboarding.VIOLATION_DETECTED.load(message))

    @command
    def record_signal(self, data):
        """Record a credit-score input (quality complaint, after-sale response hours, dispute outcome, evaluation result)."""
        return self.ledger.record_signal(data)

    @rpc
    def get_reputation(self, subject_id):
        """Score 0–100 with components, points, sanction, frozen state and the decisions behind them."""
        return self.ledger.reputation(subject_id)

    @command
    def grade_enterprise(self, enterprise_id, data, actor="platform"):
        """Grade the 33 indicators of 004 (A–AAAAA, R-REP-09)."""
        return self.ledger.grade(enterprise_id, data, actor)

    @command
    def file_appeal(self, data, actor="platform"):
        """Appeal a violation or blacklisting."""
        return self.ledger.file_appeal(data, actor)

    @command
    def decide_appeal(self, appeal_id, data, actor="platform"):
        """Uphold or overturn; overturning reverses points and lifts the blacklist (propagates)."""
        return self.ledger.decide_appeal(appeal_id, data, actor)

    # -- blacklist authority --------------------------------------------------------------------
    @command
    def blacklist_add(self, data, actor="platform"):
        """Blacklist a subject (BlacklistAddIn); returns the committed change with its sequence number."""
        return self.ledger.blacklist_add(data, actor)

    @command
    def blacklist_lift(self, subject_id, data, actor="platform"):
        """Lift a blacklisting (reason required)."""
        return self.ledger.blacklist_lift(subject_id, data, actor)

    @rpc
    def blacklist_get(self, subject_id):
        """The authority's entry and full change history for a subject."""
        return self.ledger.blacklist_get(subject_id)

    @rpc
    def blacklist_list(self, status=None, subject_type=None, cursor=None, limit=50):
        """Authority entries, newest first, cursor paging, filter by status and subject type."""
        return self.ledger.blacklist_page(status, subject_type, cursor, limit)

    @rpc
    def blacklist_head(self):
        """The authority's head sequence number."""
        return self.authority.head()

    @rpc
    def blacklist_changes(self, after, limit=500):
        """Changes after a sequence number (gap fill and anti-entropy)."""
        return self.ledger.changes_after(after, limit)

    # The authority reads its own log directly: an RPC to itself could wait on its own busy workers.
    def _fetch_from_authority(self, after, limit):
        return self.ledger.changes_after(after, limit)

    def _authority_head(self):
        return self.authority.head()

    def blacklist_reaction(self, changes):
        self.ledger.freeze(changes)  # R-REP-13: a blacklisted operator's grade and score stop moving
