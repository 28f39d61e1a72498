"""The base every payload schema builds on: unknown fields refused, rule IDs from the catalogue, printable ids."""

import json
from decimal import Decimal
from pathlib import Path

from marshmallow import RAISE, Schema, ValidationError, validate, validates_schema

from tianping.lib import fields

# The rule IDs the system knows: generated from ../shared/RULES.md by `make docs` (tests/test_docs.py keeps it current).
RULES = json.loads((Path(__file__).with_name("rule_catalogue.json")).read_text())["rules"]


def RULE_ID(value: str) -> None:  # noqa: N802 - used like marshmallow's validators
    """A rule ID of ../shared/RULES.md (R-ONB-01 …) or a prohibited behaviour (PB-01 …)."""
    if value not in RULES:
        raise ValidationError("must be a rule ID of the catalogue (../shared/RULES.md), such as R-REP-13 or PB-22")


# An id: printable ASCII letters, digits and . _ : @ - (no spaces, no control characters), 1 to 128 characters.
ID = validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$",
                     error="must be 1-128 letters, digits or . _ : @ - (starting with a letter or digit)")


# Amounts travel as exact decimal text ("1999.00"; a JSON number is accepted on input), documented as such.
DECIMAL_TEXT = {"type": "string", "format": "decimal", "pattern": r"^[0-9]{1,8}(\.[0-9]{1,2})?$"}
# A file referenced by content: the bytes live in the platform's object store.
SHA256 = validate.Regexp(r"^[0-9a-f]{64}$", error="64 hex digits")


def money(positive: bool = False, **kwargs) -> fields.Money:
    """An amount of money taken literally (tianping.lib.fields.Money): at most 2 places, no exponent, never rounded,
    0 (or above 0) to 10,000,000."""
    return fields.Money(positive, **kwargs)


class Strict(Schema):
    """Validates the declared fields and refuses any other (a misspelt field is an error, never silently dropped)."""

    class Meta:
        unknown = RAISE


class PeriodIn(Strict):
    """Calendar days in the platform's time zone, both included, at most a year (dry runs of a policy)."""
    since = fields.Date(required=True, metadata={"description": "first calendar day of the period (platform time zone)"})
    until = fields.Date(required=True, metadata={"description": "last calendar day of the period, included"})

    @validates_schema
    def period(self, data, **_):
        if data["until"] < data["since"] or (data["until"] - data["since"]).days > 366:
            raise ValidationError("until must be on or after since, at most a year later", "until")


def jsonable(value):
    """`value` with every date and datetime as ISO text and every Decimal as its exact text, recursively: what RPC
    and the store both accept."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value.isoformat() if hasattr(value, "isoformat") else value
