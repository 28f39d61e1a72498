"""The aftersale use cases bound to one Context (real repository, replica and deadline book on a fresh database,
a contract-checking publisher), so the tests read as what buyers, merchants and the clock do."""

from services.aftersale import repository
from services.aftersale.usecases import (
    Context,
    buyer_actions,
    deliveries,
    escalation,
    orders,
    overdue,
    purge,
    reactions,
    requests,
    responses,
    stats,
    surveys,
    terms,
)
from tests.conftest import publisher
from tianping.platform import audit
from tianping.platform.audit import AuditLog
from tianping.platform.deadlines import COLLECTION, DeadlineBook

BOUND = {"record_order": orders.record, "order": orders.get, "open": requests.open_request, "get": requests.get,
         "respond": responses.respond, "buyer": buyer_actions.act, "escalate": escalation.escalate,
         "survey": surveys.answer, "publish_terms": terms.publish, "terms": terms.get,
         "stats": stats.merchant_stats, "sweep": overdue.sweep, "react": reactions.react_to_blacklist,
         "purge": purge.purge, "flagged": deliveries.flagged}

MERCHANT = {"id": "m1"}
BUYER = {"id": "b1"}
OPERATOR = {"id": "op1", "platform": True}


class Aftersale:
    def __init__(self, replica, database, request_key=None):
        self.published = []
        self.book = DeadlineBook(database[COLLECTION], "aftersale", lease=30)
        self.book.ensure_indexes()
        self.audit = AuditLog(database[audit.COLLECTION], "aftersale")
        self.ctx = Context(repository, replica, publisher(self.published), request_key, self.book, audit=self.audit)

    def __getattr__(self, name):
        use_case = BOUND[name]
        return lambda *args, **kwargs: use_case(self.ctx, *args, **kwargs)

    def events(self, name: str) -> list[dict]:
        return [payload for event, payload in self.published if event == name]


def order(order_id="o1", consumer="b1", merchant="m1", paid="2026-03-01T10:00:00+08:00",
          delivered="2026-03-01T18:00:00+08:00", **item) -> dict:
    return {"order_id": order_id, "consumer_id": consumer, "merchant_id": merchant, "host_id": "h1", "room_id": "r1",
            "items": [{"sku": "sku1", "name": "Jade bracelet", "category": "jewelry", "amount": "1999.00", **item}],
            "total_amount": "1999.00", "paid_at": paid, "shipped_at": paid, "delivered_at": delivered,
            "receipt": {"type": "e_receipt", "reference": "inv-1", "consumer_consented": True}}
