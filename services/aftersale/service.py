"""Aftersale service: entrypoints only, each delegating to a use case (services/aftersale/usecases/).
RPC reference: docs/rpc.md (generated)."""

from nameko.timer import timer

from tianping.infra import db
from tianping.infra.rpc import rpc
from tianping.platform import blacklist, health, sweeper, testclock
from tianping.platform.audit import audited
from tianping.platform.commands import command, keyed_command
from tianping.platform.contracts import EventPublisher
from tianping.platform.retention import purge_seconds

from . import models, repository
from .usecases import (
    Context,
    buyer_actions,
    deliveries,
    escalation,
    order_money,
    orders,
    overdue,
    purge,
    reactions,
    requests,
    responses,
    stats,
    surveys,
    terms,
    terms_cache,
)

TERMS = terms_cache.TermsCache()  # the merchants' terms in force, per process (usecases/terms_cache.py)


class AftersaleService(health.ServiceBase, blacklist.BlacklistEnforcing, audited("aftersale"), sweeper.Sweeping,
                       testclock.TestClockRpc):
    name = "aftersale"

    database = db.Database(models)
    publish = EventPublisher()
    on_deadline = staticmethod(overdue.fire)  # the deadlines: sweeper.Sweeping

    @property
    def ctx(self) -> Context:
        return Context(repository, self.blacklist, self.publish, self.commands.request_key, self.deadline_book,
                       audit=self.audit, terms_cache=TERMS)

    # -- orders ---------------------------------------------------------------------------------------
    @keyed_command  # exactly once by the order's own number: a redelivery finds the order and changes nothing
    def record_order(self, data, actor="order-system"):
        """Record an order from the platform's order system (OrderIn); a later feed may add shipment, delivery, receipt."""
        return orders.record(self.ctx, data, actor)

    @rpc
    def get_order(self, order_id):
        """An order with its history."""
        return orders.get(self.ctx, order_id)

    @rpc
    def flagged_orders(self, merchant_id):
        """The merchant's orders marked as suspected fabricated transactions (R-REP-02), newest first, for review."""
        return deliveries.flagged(self.ctx, merchant_id)

    # -- the order's money ---------------------------------------------------------------------------
    @command
    def record_money(self, data):
        """An entry on the order's money ledger (MoneyEntryIn: a dispute decision, the merchant's payment, advance compensation, a release, a recovery or write-off); refused above what remains (amount_exceeds_refundable)."""
        return order_money.record(self.ctx, data)

    @rpc
    def order_money(self, order_id, viewer=None):
        """The order's money (MoneyOut): paid, committed, refunded, compensated, recovered, what remains refundable per order and line, every entry; `viewer` {id, platform}."""
        return order_money.view(self.ctx, order_id, viewer)

    @rpc
    def order_with_money(self, order_id):
        """The order (OrderOut) and its money (MoneyOut) in one call, {order, money}, or None for an unknown order: what dispute reads to open a case."""
        return order_money.with_order(self.ctx, order_id)

    # -- requests -------------------------------------------------------------------------------------
    @keyed_command  # exactly once by the request's number, derived from the request key (requests.open_request)
    def open_request(self, data):
        """Open a buyer's request (RequestIn) on its own order: refused with the rule ID, or put to the merchant with its deadline."""
        return requests.open_request(self.ctx, data)

    @rpc
    def get_request(self, request_id, viewer=None):
        """A request with its full history and its deadlines; `viewer` {id, platform} limits it to its buyer and merchant."""
        return requests.get(self.ctx, request_id, viewer)

    @keyed_command  # exactly once by the request key the move records (responses.respond): no claim and completion
    def respond(self, request_id, data, actor):
        """The merchant's move (ResponseIn); `actor` {id, platform}: the request's merchant, or an operator on its behalf."""
        return responses.respond(self.ctx, request_id, data, actor)

    @command
    def buyer_action(self, request_id, data, actor):
        """The buyer's move (BuyerActionIn): ship the goods back, answer a proposal or a question, withdraw."""
        return buyer_actions.act(self.ctx, request_id, data, actor)

    @command
    def escalate(self, request_id, data, actor):
        """Take a rejected, refused or stalled request to mediation (EscalationIn); publishes request_escalated."""
        return escalation.escalate(self.ctx, request_id, data, actor)

    @command
    def answer_survey(self, request_id, data, actor):
        """The buyer's follow-up survey of a closed request (SurveyIn), once."""
        return surveys.answer(self.ctx, request_id, data, actor)

    # -- merchants ------------------------------------------------------------------------------------
    @command
    def publish_terms(self, merchant_id, data, actor):
        """Publish a new version of a merchant's service terms (TermsIn); worse than the platform minimum is refused."""
        return terms.publish(self.ctx, merchant_id, data, actor)

    @rpc
    def get_terms(self, merchant_id):
        """The merchant's service terms in force (the platform defaults if it published none)."""
        return terms.get(self.ctx, merchant_id)

    @rpc
    def merchant_stats(self, merchant_id, window="30d"):
        """Requests, acceptance rate, response p50/p90, deadline breaches, quality-complaint rate, satisfaction (30d|90d)."""
        return stats.merchant_stats(self.ctx, merchant_id, window)

    @timer(interval=purge_seconds())
    def purge_expired_personal_data(self):
        """Minimise the personal data of requests whose 3-year window (R-XC-02) has ended (audited)."""
        purge.purge(self.ctx)

    def blacklist_reaction(self, changes):
        reactions.react_to_blacklist(self.ctx, changes)
