"""The order's money: the RPC input of an entry another service records (dispute: decisions, payments, advance
compensation, recoveries) and the outputs (every answer leaves through one). Amounts are exact decimal text."""

from marshmallow import Schema, ValidationError, validate, validates_schema

from tianping.lib import fields
from tianping.lib.schemas import DECIMAL_TEXT, ID, RULE_ID, Strict, money

from . import ledger_rules as lr

EXTERNAL_KINDS = ("dispute_decision", "merchant_paid", "advance_compensation", "release", "recovery", "write_off")


class MoneyEntryIn(Strict):
    """An entry on an order's ledger. `amount` omitted: all that is left (a decision of everything refundable, a
    payment of all that is owed). `cap`: an automatic step takes what is left instead of being refused."""
    order_id = fields.String(required=True, validate=ID)
    entry_id = fields.String(required=True, validate=ID)
    source = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9_:@-]{1,128}$"))
    kind = fields.String(required=True, validate=validate.OneOf(EXTERNAL_KINDS))
    amount = money(True, load_default=None, allow_none=True)
    cap = fields.Boolean(load_default=False)
    actor = fields.String(required=True, validate=validate.Length(min=1, max=200))
    reason = fields.String(load_default="", validate=validate.Length(max=2000))
    rule_ids = fields.List(fields.String(validate=RULE_ID), load_default=list)

    @validates_schema
    def settlement_names_amount(self, data, **_):
        if data.get("kind") in lr.SETTLEMENTS and data.get("amount") is None:
            raise ValidationError("a recovery or write-off names its amount", "amount")


class EntryOut(Schema):
    entry_id = fields.String()
    kind = fields.String()
    amount = fields.Function(lambda e: lr.text(e["cents"]), metadata=DECIMAL_TEXT)
    requested = fields.Function(lambda e: None if e.get("requested") is None else lr.text(e["requested"]),
                                allow_none=True, metadata=DECIMAL_TEXT)
    source = fields.String()
    lines = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={"description": "cents per line"})
    actor = fields.String()
    reason = fields.String()
    rule_ids = fields.List(fields.String())
    at = fields.DateTime()


class MoneyEntryOut(EntryOut):
    refundable = fields.String(metadata=DECIMAL_TEXT)      # what the order has left after this entry
    owed = fields.String(allow_none=True, metadata=DECIMAL_TEXT)  # what the entry's promise has left to pay


def _cents(name):
    return fields.Function(lambda d: lr.text(d.get(name, 0)), metadata=DECIMAL_TEXT)


class LineMoneyOut(Schema):
    line = fields.String()
    sku = fields.String(allow_none=True)
    paid = _cents("paid")
    committed = fields.Function(lambda d: lr.text(d["paid"] - d["left"]), metadata=DECIMAL_TEXT)
    refunded = _cents("refunded")
    compensated = _cents("compensated")
    refundable = _cents("left")
    open_request = fields.String(allow_none=True)


class PromiseOut(Schema):
    source = fields.String()
    kind = fields.String()
    amount = _cents("cents")
    owed = _cents("left")
    open = fields.Boolean()


class MoneyOut(Schema):
    order_id = fields.String()
    currency = fields.String()
    paid = _cents("paid")
    committed = _cents("committed")
    refunded = _cents("refunded")
    compensated = _cents("compensated")
    recovered = _cents("recovered")
    written_off = _cents("written_off")
    unrecovered = _cents("unrecovered")
    refundable = _cents("left")
    invariant = fields.String()
    lines = fields.List(fields.Nested(LineMoneyOut))
    promises = fields.List(fields.Nested(PromiseOut))
    entries = fields.List(fields.Nested(EntryOut))
