"""Aftersale: orders from the order system, buyers' requests and their moves, merchants' responses, service terms,
merchant statistics. The service checks who may act on a request; the gateway says who is asking."""

from services.aftersale import contracts as aft
from tianping.lib.errors import ValidationFailed
from tianping.lib.schemas import jsonable

from ..api import route
from . import OPERATORS, own_or_operator

ACTING = OPERATORS - {"sre", "service"}  # who may act on a request on a merchant's or buyer's behalf


def actor(principal: dict) -> dict:
    return {"id": principal["sub"], "platform": principal["role"] in ACTING}


def reader(principal: dict) -> dict:
    return {"id": principal["sub"], "platform": principal["role"] in OPERATORS}


class AftersaleRoutes:
    @property
    def aftersale_rpc(self):
        """Aftersale's typed client (its contract's operations) over this request's RPC caller."""
        return aft.OPERATIONS.client(self.rpc)

    @route("POST", "/v1/orders", roles={"service", "platform_admin"}, body=aft.OrderIn, response=aft.OrderOut,
           status=201, tag="aftersale", summary="Record an order from the order system (later feeds add shipment, "
           "delivery, receipt)")
    def record_order(self, request, principal, body):
        return self.aftersale_rpc.record_order(jsonable(body), principal["sub"])

    @route("GET", "/v1/orders/{order_id}/money", roles={"consumer", "merchant", "mediator", "platform_admin"},
           response=aft.MoneyOut, tag="aftersale", summary="The order's money: every refund, decision, advance "
           "compensation and recovery, and what remains refundable per order and line (refunded + compensated <= "
           "committed <= paid)")
    def order_money(self, request, principal, body, order_id):
        return self.aftersale_rpc.order_money(order_id,
                                           {"id": principal["sub"], "platform": principal["role"] in {"mediator", "platform_admin"}})

    @route("POST", "/v1/aftersale/requests", roles={"consumer"}, body=aft.RequestBody, response=aft.RequestOut,
           status=201, tag="aftersale", summary="Open an after-sale request on your own order (refused with the "
           "rule ID where the law excludes it)")
    def open_request(self, request, principal, body):
        return self.aftersale_rpc.open_request({**jsonable(body), "buyer_id": principal["sub"]})

    @route("GET", "/v1/aftersale/requests/{request_id}", roles=OPERATORS | {"consumer", "merchant"},
           response=aft.RequestOut, tag="aftersale", summary="A request with its full history and running deadlines")
    def get_request(self, request, principal, body, request_id):
        return self.aftersale_rpc.get_request(request_id, reader(principal))

    @route("POST", "/v1/aftersale/requests/{request_id}/responses", roles={"merchant"} | ACTING, body=aft.ResponseIn,
           response=aft.RequestOut, tag="aftersale", summary="The merchant's move: accept, reject with a reason, "
           "propose a repair or partial refund, ask the buyer, confirm receipt, report the refund or fulfilment")
    def respond(self, request, principal, body, request_id):
        return self.aftersale_rpc.respond(request_id, jsonable(body), actor(principal))

    @route("POST", "/v1/aftersale/requests/{request_id}/buyer-actions", roles={"consumer"} | ACTING,
           body=aft.BuyerActionIn, response=aft.RequestOut, tag="aftersale",
           summary="The buyer's move: ship the goods back, answer a proposal or a question, withdraw")
    def buyer_action(self, request, principal, body, request_id):
        return self.aftersale_rpc.buyer_action(request_id, jsonable(body), actor(principal))

    @route("POST", "/v1/aftersale/requests/{request_id}/escalation", roles={"consumer"}, body=aft.EscalationIn,
           response=aft.RequestOut, tag="aftersale", summary="Take a rejected or stalled request to mediation")
    def escalate(self, request, principal, body, request_id):
        return self.aftersale_rpc.escalate(request_id, body, actor(principal))

    @route("POST", "/v1/aftersale/requests/{request_id}/survey", roles={"consumer"}, body=aft.SurveyIn,
           response=aft.RequestOut, tag="aftersale", summary="Answer the follow-up survey of a closed request")
    def answer_survey(self, request, principal, body, request_id):
        return self.aftersale_rpc.answer_survey(request_id, body, actor(principal))

    @route("PUT", "/v1/merchants/{merchant_id}/service-terms", roles={"merchant", "platform_admin"},
           body=aft.TermsIn, response=aft.TermsOut, tag="aftersale",
           summary="Publish the merchant's service terms (never worse than the platform minimum)")
    def publish_terms(self, request, principal, body, merchant_id):
        own_or_operator(principal, merchant_id)
        return self.aftersale_rpc.publish_terms(merchant_id, body, principal["sub"])

    @route("GET", "/v1/merchants/{merchant_id}/service-terms", response=aft.TermsOut, tag="aftersale",
           summary="A merchant's service terms in force (public)")
    def get_terms(self, request, principal, body, merchant_id):
        return self.aftersale_rpc.get_terms(merchant_id)

    @route("GET", "/v1/merchants/{merchant_id}/aftersale-stats", roles=OPERATORS | {"merchant"},
           response=aft.StatsOut, tag="aftersale", summary="A merchant's after-sale figures over 30 or 90 days",
           query={"window": {"type": "string", "enum": list(aft.WINDOWS)}})
    def merchant_stats(self, request, principal, body, merchant_id):
        own_or_operator(principal, merchant_id)
        window = request.args.get("window", "30d")
        if window not in aft.WINDOWS:
            raise ValidationFailed("window is 30d or 90d", {"window": list(aft.WINDOWS)})
        return self.aftersale_rpc.merchant_stats(merchant_id, window)

    @route("GET", "/v1/merchants/{merchant_id}/flagged-orders", roles=OPERATORS, response=aft.FlaggedOrdersOut,
           tag="aftersale", summary="A merchant's orders marked as suspected fabricated transactions (R-REP-02), "
                                    "newest first, for review")
    def flagged_orders(self, request, principal, body, merchant_id):
        return self.aftersale_rpc.flagged_orders(merchant_id)
