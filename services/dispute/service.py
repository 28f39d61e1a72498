"""Dispute service: entrypoints only, each delegating to a use case (services/dispute/usecases/).
RPC reference: docs/rpc.md (generated)."""

from nameko.timer import timer

from services.aftersale import contracts as aftersale
from services.onboarding import contracts as onboarding
from tianping.infra import db
from tianping.infra.rpc import TimedRpc, rpc
from tianping.lib.errors import NotFound
from tianping.platform import blacklist, health, sweeper, testclock
from tianping.platform.audit import audited
from tianping.platform.commands import command, keyed_command
from tianping.platform.contracts import EventPublisher, subscribe
from tianping.platform.retention import purge_seconds

from . import models, repository
from .usecases import (
    Context,
    cases,
    compensation,
    disclosure,
    evidence,
    mediation,
    overdue,
    published,
    purge,
    reactions,
    stats,
)


class DisputeService(health.ServiceBase, blacklist.BlacklistEnforcing, audited("dispute"), sweeper.Sweeping,
                     testclock.TestClockRpc):
    name = "dispute"

    database = db.Database(models)
    publish = EventPublisher()
    on_deadline = staticmethod(overdue.fire)  # the deadlines: sweeper.Sweeping
    calls = TimedRpc()

    @property
    def ctx(self) -> Context:
        return Context(repository, self.blacklist, self.publish, self.commands.request_key, self.deadline_book,
                       self._order, self._identity, self._money, self._ledger, self._order_with_money,
                       audit=self.audit)

    def _order_with_money(self, order_id):
        return aftersale.OPERATIONS.client(self.calls).order_with_money(order_id)

    def _money(self, entry):
        return aftersale.OPERATIONS.client(self.calls).record_money(entry)  # the one ledger is aftersale's

    def _ledger(self, order_id):
        return aftersale.OPERATIONS.client(self.calls).order_money(order_id)

    def _order(self, order_id):
        try:
            return aftersale.OPERATIONS.client(self.calls).get_order(order_id)
        except NotFound:
            return None

    def _identity(self, merchant_id, purpose):
        try:  # onboarding logs each full read of personal data with its purpose
            viewer = {"sub": "dispute", "role": "dispute", "purpose": purpose}
            return onboarding.OPERATIONS.client(self.calls).get_subject(merchant_id, viewer)["identity"]
        except NotFound:
            return None

    # -- cases ----------------------------------------------------------------------------------------
    @keyed_command  # exactly once by the case's number, derived from the request key (cases.open_case)
    def open_dispute(self, data):
        """A buyer asks the platform to mediate (DisputeIn): its own order, one open dispute per order (R-DSP-02)."""
        return cases.open_case(self.ctx, data)

    @subscribe(aftersale.REQUEST_ESCALATED)
    def on_request_escalated(self, message):
        cases.open_from_escalation(self.ctx, aftersale.REQUEST_ESCALATED.load(message))

    @rpc
    def get_case(self, case_id, viewer=None):
        """A case with evidence, proposal, outcome, deadlines and full history; `viewer` {id, platform} limits it to its parties."""
        return cases.get(self.ctx, case_id, viewer)

    @rpc
    def list_cases(self, viewer, status=None, cursor=None, limit=50, due_before=None):
        """A buyer's or merchant's own cases; for mediators (`viewer.platform`) the queue, oldest first, by state;
        `due_before` (ISO-8601 with offset): open cases whose deadline falls before it, soonest first."""
        return cases.listing(self.ctx, viewer, status, cursor, limit, due_before)

    @command
    def submit_evidence(self, case_id, data, actor):
        """Evidence from the buyer or the merchant (EvidenceIn); the merchant's first is its answer to the claim."""
        return evidence.submit(self.ctx, case_id, data, actor)

    # -- mediation ------------------------------------------------------------------------------------
    @command
    def propose(self, case_id, data, actor):
        """The mediator proposes an outcome (ProposalIn); each side has until the answer deadline."""
        return mediation.propose(self.ctx, case_id, data, actor)

    @command
    def answer_proposal(self, case_id, data, actor):
        """A side accepts or rejects the proposal (AnswerIn); both accepting resolves the case."""
        return mediation.answer(self.ctx, case_id, data, actor)

    @command
    def resolve(self, case_id, data, actor):
        """The mediator resolves the case (ResolutionIn): buyer favoured, merchant favoured, partial refund, withdrawn."""
        return mediation.resolve(self.ctx, case_id, data, actor)

    @command
    def withdraw(self, case_id, actor):
        """The buyer withdraws its case."""
        return mediation.withdraw(self.ctx, case_id, actor)

    @command
    def take_outside(self, case_id, data, actor):
        """The case goes to the regulator, arbitration or court (ExternalIn), recorded with its reference (R-DSP-03)."""
        return mediation.take_outside(self.ctx, case_id, data, actor)

    @command
    def report_payment(self, case_id, data, actor):
        """The merchant reports paying the decided amount (PaymentIn)."""
        return mediation.report_payment(self.ctx, case_id, data, actor)

    # -- compensation, disclosure, statistics ---------------------------------------------------------
    @command
    def advance_compensation(self, case_id, data, actor):
        """The platform pays the buyer first (CompensationIn, never above the decided amount) and opens a recovery claim."""
        return compensation.advance(self.ctx, case_id, data, actor)

    @rpc
    def recovery_claims(self, merchant_id=None, status=None, cursor=None, limit=50):
        """Recovery claims against merchants, oldest first; filter by merchant and status."""
        return compensation.claims(self.ctx, merchant_id, status, cursor, limit)

    @command
    def settle_recovery(self, claim_id, data, actor):
        """A recovery claim recovered or written off (SettlementIn), with its reference."""
        return compensation.settle(self.ctx, claim_id, data, actor)

    @command
    def merchant_identity(self, case_id, viewer, purpose):
        """R-DSP-05: the merchant's true name, address and contact for the case's buyer; each disclosure logged."""
        return disclosure.merchant_identity(self.ctx, case_id, viewer, purpose)

    @rpc
    def procedure(self):
        """The published complaint and dispute procedure (R-DSP-09): steps, who takes them, after which states, time limits."""
        return published.current(self.ctx)

    @rpc
    def transaction_record(self, case_id, viewer):
        """The order, live room, host, livestream recordings and histories a case is handled on (R-DSP-14); `viewer` {id, platform}."""
        return published.transaction_record(self.ctx, case_id, viewer)

    @rpc
    def stats(self, since=None, until=None):
        """Public statistics over local days: cases by outcome, resolution time median/p90, within deadline, compensation paid."""
        return stats.public(self.ctx, since, until)

    # -- deadlines ------------------------------------------------------------------------------------
    @timer(interval=30, eager=True)
    def observe_open_cases(self):
        stats.observe_open_cases(self.ctx)

    @timer(interval=purge_seconds())
    def purge_expired_personal_data(self):
        """Minimise the personal data of cases whose 3-year window (R-XC-01) has ended (audited)."""
        purge.purge(self.ctx)

    def blacklist_reaction(self, changes):
        reactions.react_to_blacklist(self.ctx, changes)
