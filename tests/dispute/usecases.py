"""The dispute use cases bound to one Context (real repository, replica and deadline book on a fresh database, a
contract-checking publisher, the other services' order and identity lookups as tables), so the tests read as what
buyers, merchants, mediators and the clock do."""

from services.dispute import repository
from services.dispute.usecases import (
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
from tests.conftest import publisher
from tianping.platform import audit
from tianping.platform.audit import AuditLog
from tianping.platform.deadlines import COLLECTION, DeadlineBook

BOUND = {"open": cases.open_case, "escalated": cases.open_from_escalation, "get": cases.get, "list": cases.listing,
         "evidence": evidence.submit, "propose": mediation.propose, "answer": mediation.answer,
         "resolve": mediation.resolve, "withdraw": mediation.withdraw, "outside": mediation.take_outside,
         "paid": mediation.report_payment, "compensate": compensation.advance, "claims": compensation.claims,
         "settle": compensation.settle, "identity": disclosure.merchant_identity, "stats": stats.public,
         "sweep": overdue.sweep, "react": reactions.react_to_blacklist, "purge": purge.purge,
         "procedure": published.current, "record": published.transaction_record}

def order_money():
    from services.aftersale.usecases import order_money

    return order_money


BUYER = {"id": "b1"}
MERCHANT = {"id": "m1", "role": "merchant"}
MEDIATOR = {"id": "med1", "platform": True}
ORDERS = {"o1": {"order_id": "o1", "consumer_id": "b1", "merchant_id": "m1", "total_amount": "1999.00"},
          "o2": {"order_id": "o2", "consumer_id": "b1", "merchant_id": "m1", "total_amount": "50.00"},
          "o3": {"order_id": "o3", "consumer_id": "b1", "merchant_id": "m1", "total_amount": "1999.00",
                 "room_id": "r1"}}  # sold in a live room
IDENTITIES = {"m1": {"real_name": "Shenzhen Jade Co.", "address": "1 Shennan Rd", "contact_phone": "0755-1234567"}}


def money_desk(replica, aftersale_database):
    """Aftersale holding the orders of ORDERS: the order's money ledger dispute reaches through its contract."""
    from tests.aftersale.usecases import Aftersale, order

    desk = Aftersale(replica, aftersale_database)
    desk.record_order(order("o1"), "order-system")
    desk.record_order(order("o2", amount="50.00") | {"total_amount": "50.00"}, "order-system")
    desk.record_order(order("o3"), "order-system")
    return desk


class Disputes:
    def __init__(self, replica, database, request_key=None, aftersale=None):
        self.published, self.asked = [], []
        self.book = DeadlineBook(database[COLLECTION], "dispute", lease=30)
        self.book.ensure_indexes()

        def identity(merchant_id, purpose):
            self.asked.append((merchant_id, purpose))
            return IDENTITIES.get(merchant_id)

        self.audit = AuditLog(database[audit.COLLECTION], "dispute")
        self.aftersale = aftersale  # the ledger's owner, called as dispute calls it over RPC (the contract's RPCs)
        self.ctx = Context(repository, replica, publisher(self.published), request_key, self.book, ORDERS.get,
                           identity, audit=self.audit)
        self.ctx.money = lambda entry: order_money().record(aftersale.ctx, entry)
        self.ctx.ledger = lambda order_id: order_money().view(aftersale.ctx, order_id)

    def ledger(self, order_id: str) -> dict:
        return order_money().view(self.aftersale.ctx, order_id)

    def __getattr__(self, name):
        use_case = BOUND[name]
        return lambda *args, **kwargs: use_case(self.ctx, *args, **kwargs)

    def events(self, name: str) -> list[dict]:
        return [payload for event, payload in self.published if event == name]
