"""A stateful property on the real store: concurrent clients interleave after-sale and dispute money operations on
one order — full and partial refunds, mediators' proposals and decisions, the merchant's payments, advance
compensations and recoveries — and after every step the buyer has never been given more than was paid, per order
and per line, and nothing is counted twice (R-AFT-06, R-DSP-06, R-XC-02).

The oracle reads each service's own records (completed refund requests, merchant-paid decisions, compensation
payouts), so it holds the services to the invariant whatever the ledger says; the ledger is then checked against
the same records (its totals equal them: no double count) and against its own entries."""

import itertools
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from services.aftersale import models as aftersale_models
from services.aftersale import rules as aftersale_rules
from services.dispute import models as dispute_models
from tests.aftersale.usecases import Aftersale
from tests.conftest import concurrently
from tests.dispute.usecases import BUYER, MEDIATOR, MERCHANT, Disputes
from tianping.lib.errors import TianpingError

ORDER_IDS = itertools.count()
MONEY = st.integers(min_value=1, max_value=30000).map(lambda c: f"{Decimal(c) / 100:.2f}")
OPS = st.lists(st.tuples(st.sampled_from(("refund", "partial", "dispute", "compensate", "pay", "recover")),
                         MONEY, st.integers(0, 2)), min_size=2, max_size=5)


def flow(step_fn):
    """A client's whole flow; the domain's refusals (4xx) are answers, not failures."""
    def run():
        try:
            return step_fn()
        except TianpingError as refused:
            return refused
    return run


def money_machine(aftersale: Aftersale, disputes: Disputes):
    class OrderMoney(RuleBasedStateMachine):
        @initialize(lists=st.lists(st.integers(100, 20000), min_size=1, max_size=3), discount=st.integers(0, 50))
        def order(self, lists, discount):
            self.order_id = f"sm{next(ORDER_IDS)}"
            listed = sum(lists)
            self.paid = Decimal(listed * (100 - discount) // 100) / 100
            self.skus = [f"s{i}" for i in range(len(lists))]
            aftersale.record_order({
                "order_id": self.order_id, "consumer_id": "b1", "merchant_id": "m1",
                "items": [{"sku": s, "category": "jewelry", "amount": f"{Decimal(a) / 100:.2f}"}
                          for s, a in zip(self.skus, lists, strict=True)],
                "total_amount": f"{self.paid:.2f}", "paid_at": "2026-03-01T10:00:00+08:00",
                "delivered_at": "2026-03-01T18:00:00+08:00"}, "order-system")

        @rule(ops=OPS)
        def clients(self, ops):
            concurrently([flow(lambda op=op: getattr(self, op[0])(op[1], op[2])) for op in ops])

        # -- what a client does ------------------------------------------------------------------------------
        def refund(self, _amount, line):
            r = aftersale.open({"order_id": self.order_id, "buyer_id": "b1", "kind": "refund_only",
                                "skus": [self.skus[line % len(self.skus)]]})
            r = aftersale.respond(r["request_id"], {"action": "accept"}, MERCHANT)
            aftersale.respond(r["request_id"], {"action": "refunded", "reference": "p"}, MERCHANT)

        def partial(self, amount, line):
            r = aftersale.open({"order_id": self.order_id, "buyer_id": "b1", "kind": "quality_return",
                                "skus": [self.skus[line % len(self.skus)]], "reason": "scratched"})
            r = aftersale.respond(r["request_id"], {"action": "propose_partial_refund", "amount": amount,
                                                    "reason": "offer"}, MERCHANT)
            r = aftersale.buyer(r["request_id"], {"action": "accept_proposal"}, BUYER)
            aftersale.respond(r["request_id"], {"action": "refunded", "reference": "p"}, MERCHANT)

        def dispute(self, amount, how):
            case = disputes.open({"order_id": self.order_id, "consumer_id": "b1", "claim": "broken",
                                  "amount_claimed": f"{self.paid:.2f}"})
            disputes.evidence(case["case_id"], {"text": "no"}, MERCHANT)
            if how == 0:
                disputes.resolve(case["case_id"], {"outcome": "partial_refund", "amount": amount, "reasoning": "r"},
                                 MEDIATOR)
            else:
                disputes.propose(case["case_id"], {"outcome": "partial_refund" if how == 1 else "buyer_favoured",
                                                   "amount": amount if how == 1 else None, "reasoning": "r"},
                                 MEDIATOR)
                concurrently([lambda: disputes.answer(case["case_id"], {"accept": True}, BUYER),
                              lambda: disputes.answer(case["case_id"], {"accept": True}, MERCHANT)])
            # the merchant refuses to pay (as the payment deadline would find): the platform may advance, while the
            # merchant reports paying after all — payouts racing on one decision
            dispute_models.Case.objects(case_id=case["case_id"]).update_one(set__advance_compensation_available=True)
            concurrently([flow(lambda: disputes.compensate(case["case_id"], {"amount": amount, "reason": "x"},
                                                           MEDIATOR)) for _ in range(2)] +
                         [flow(lambda: disputes.paid(case["case_id"], {"reference": "paid"}, MERCHANT))])

        def _decided(self):
            return [c for c in dispute_models.Case.objects(order_id=self.order_id, decided_amount__ne=None)]

        def compensate(self, amount, pick):
            cases = self._decided()
            if cases:
                disputes.compensate(cases[pick % len(cases)].case_id, {"amount": amount, "reason": "x"}, MEDIATOR)

        def pay(self, _amount, pick):
            cases = self._decided()
            if cases:
                disputes.paid(cases[pick % len(cases)].case_id, {"reference": "paid"}, MERCHANT)

        def recover(self, _amount, pick):
            claims = list(dispute_models.RecoveryClaim.objects(
                case_id__in=[c.case_id for c in self._decided()], status="open"))
            if claims:
                disputes.settle(claims[pick % len(claims)].claim_id, {"status": "recovered", "reference": "r"},
                                MEDIATOR)

        # -- what must hold after every step -----------------------------------------------------------------
        def _given(self) -> tuple[Decimal, Decimal, dict[str, Decimal]]:
            """(refunded by merchants, compensated by the platform, refunded per sku) from each service's records."""
            per_sku = {s: Decimal(0) for s in self.skus}
            listed = {i.sku: Decimal(str(i.amount)) for i in aftersale_models.Order.objects.get(
                order_id=self.order_id).items}
            for r in aftersale_models.Request.objects(order_id=self.order_id, status="completed"):
                if r.kind in aftersale_rules.REFUNDS:  # a full refund without an amount: the line's price
                    amount = r.refund_amount
                    per_sku[r.skus[0]] += listed[r.skus[0]] if amount is None else Decimal(str(amount))
            cases = dispute_models.Case.objects(order_id=self.order_id)
            merchant_paid = sum((Decimal(getattr(c, "merchant_paid_amount", None) or c.decided_amount)
                                 for c in cases if c.paid_by_merchant), Decimal(0))
            compensated = sum((Decimal(x.amount) for x in dispute_models.Compensation.objects(
                case_id__in=[c.case_id for c in cases])), Decimal(0))
            return sum(per_sku.values(), Decimal(0)) + merchant_paid, compensated, per_sku

        @invariant()
        def never_more_than_paid(self):
            if not hasattr(self, "order_id"):
                return
            refunded, compensated, per_sku = self._given()
            assert refunded + compensated <= self.paid, (refunded, compensated, self.paid)
            money = disputes.ledger(self.order_id)
            assert Decimal(money["refunded"]) == refunded and Decimal(money["compensated"]) == compensated
            assert Decimal(money["refunded"]) + Decimal(money["compensated"]) <= Decimal(money["committed"]) \
                <= Decimal(money["paid"]) == self.paid
            for line in money["lines"]:
                assert Decimal(line["refunded"]) + Decimal(line["compensated"]) <= Decimal(line["committed"]) \
                    <= Decimal(line["paid"])
                if line["sku"] in per_sku:
                    assert per_sku[line["sku"]] <= Decimal(line["paid"])
            entries = money["entries"]
            assert len({e["entry_id"] for e in entries}) == len(entries)  # nothing counted twice

            def total(*kinds):
                return sum((Decimal(e["amount"]) for e in entries if e["kind"] in kinds), Decimal(0))
            assert total("refund_due", "partial_refund", "dispute_decision") - total("release") == \
                Decimal(money["committed"])
            assert total("refunded", "merchant_paid") == refunded and total("advance_compensation") == compensated

    return OrderMoney


@pytest.fixture
def desks(replica_for, service_db, frozen_clock):
    from tianping.infra import db

    frozen_clock.set(datetime.fromisoformat("2026-03-02T10:00:00+08:00"))
    aftersale = Aftersale(replica_for("aftersale"), db.database({}, "aftersale"))
    disputes = Disputes(replica_for("dispute"), db.database({}, "dispute"), aftersale=aftersale)
    disputes.ctx.orders = lambda order_id: aftersale.order(order_id)
    return aftersale, disputes


def test_concurrent_clients_never_give_the_buyer_more_than_was_paid_R_AFT_06_R_DSP_06(desks):
    run_state_machine_as_test(money_machine(*desks), settings=settings(
        max_examples=12, stateful_step_count=5, deadline=None, database=None, derandomize=True,
        suppress_health_check=list(HealthCheck)))
    kinds = {e["kind"] for doc in aftersale_models.OrderMoney.objects for e in doc.entries}
    # the run exercised every kind of money movement (a property that moved no money would prove nothing); which of
    # the platform's advance and the merchant's payment wins a decision's race is the interleaving's (1 run in ~8
    # had the merchant win every race), so the run needs one of the two
    assert {"refund_due", "partial_refund", "refunded", "dispute_decision"} <= kinds, kinds
    assert kinds & {"advance_compensation", "merchant_paid"}, kinds
