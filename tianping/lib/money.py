"""Money taken literally (re-exported by tianping.lib.fields): decimal text or a JSON number with at most 2 places,
no exponent, NaN or Infinity, never rounded; and the JSON number that remembers the text it was sent as."""

import re
from decimal import Decimal as Exact

from marshmallow import fields as _m

CENT = Exact("0.01")


class JsonNumber(float):
    """A JSON number as the gateway parsed it, remembering its text ("1e2", "1.005") so exactness is judged on what
    was sent (json.loads(..., parse_float=JsonNumber.parse, parse_constant=JsonNumber.parse))."""

    text: str

    @classmethod
    def parse(cls, text: str) -> "JsonNumber":
        number = cls(text)
        number.text = text
        return number


MONEY_MAX = Exact("10000000")
NUMBER_TEXT = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")
# The decimal text an amount travels as: exactly the amounts the field takes (a pattern wider than the range would
# let a client send what the server refuses).
MONEY_PATTERN = r"^(10000000(\.0{1,2})?|[0-9]{1,7}(\.[0-9]{1,2})?)$"
POSITIVE_MONEY_PATTERN = r"^(10000000(\.0{1,2})?|[1-9][0-9]{0,6}(\.[0-9]{1,2})?|0\.([1-9][0-9]?|0[1-9]))$"


class Money(_m.Field):
    """An amount of money, never rounded: decimal text ("1999.00") or a JSON number, at most 2 places, no exponent,
    NaN or Infinity, 0 (or above 0) to 10,000,000. Loads as a Decimal with 2 places; dumps as its exact text."""
    default_error_messages = {
        "invalid": "an amount: decimal text like \"19.99\" or a JSON number, at most 2 decimal places, no exponent",
        "range": "an amount {low} 0 and at most 10,000,000"}

    def __init__(self, positive: bool = False, **kwargs):
        self.positive = positive
        self.pattern = re.compile(POSITIVE_MONEY_PATTERN if positive else MONEY_PATTERN)
        number = {"type": "number", "maximum": 10_000_000, "multipleOf": 0.01,
                  **({"exclusiveMinimum": True, "minimum": 0} if positive else {"minimum": 0})}
        text = {"type": "string", "format": "decimal", "pattern": self.pattern.pattern}
        metadata = {"anyOf": [text, number], "description": "an amount: decimal text or a JSON number, at most 2 "
                    "decimal places", **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            if not self.pattern.match(value):
                raise self.make_error("invalid") if not NUMBER_TEXT.match(value) else self._range_error()
            return Exact(value).quantize(CENT)
        text = self._number_text(value)
        if text is None or not NUMBER_TEXT.match(text):
            raise self.make_error("invalid")
        amount = Exact(text)
        if amount > MONEY_MAX or (self.positive and amount == 0):
            raise self._range_error()
        return amount.quantize(CENT)  # exact: at most 2 places were sent

    def _range_error(self):
        return self.make_error("range", low="above" if self.positive else "from")

    @staticmethod
    def _number_text(value) -> str | None:
        if isinstance(value, bool):
            return None
        if isinstance(value, JsonNumber):
            return value.text
        if isinstance(value, int | Exact):
            return str(value)
        return repr(value) if isinstance(value, float) else None

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return f"{Exact(str(value)):.2f}" if not isinstance(value, str) else value
