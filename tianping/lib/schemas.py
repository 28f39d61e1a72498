"""The base every payload schema builds on: unknown fields refused, rule IDs from the catalogue, printable ids."""

import json
from decimal import Decimal
from pathlib import Path

from marshmallow import RAISE, Schema, ValidationError, validate, validates_schema
from marshmallow.schema import SchemaMeta

from tianping.lib import fields


def reuse_schema_instances() -> None:
    """`SomeSchema()` without arguments answers one instance per class, made at its first call, instead of a new one.

    A marshmallow schema is configured when it is made (its fields deep-copied and bound: 2-3 ms for an application's
    schemas, measured) and holds no state between load and dump calls; every request loaded its body and dumped its
    answer through new instances, in the gateway and again in the service. Instances with arguments (`many=True`,
    `only=...`, the nested fields' own) are made as before. The schemas of this code base keep nothing on the
    instance (tests/kit/test_schema_reuse.py), so one instance serves every greenthread; a class made later (a test's)
    gets its own on its first call. Installed when this module is imported: every service and the gateway do."""
    if getattr(SchemaMeta, "_instances", None) is not None:
        return
    make = SchemaMeta.__call__
    instances: dict[type, Schema] = {}

    def call(cls, *args, **kwargs):
        if args or kwargs:
            return make(cls, *args, **kwargs)
        instance = instances.get(cls)
        if instance is None:
            instance = instances[cls] = make(cls)
        return instance

    SchemaMeta._instances = instances
    SchemaMeta.__call__ = call


reuse_schema_instances()

# The rule IDs the system knows: generated from ../shared/RULES.md by `make docs` (tests/test_docs.py keeps it current).
RULES = json.loads((Path(__file__).with_name("rule_catalogue.json")).read_text())["rules"]


# A rule ID of ../shared/RULES.md (R-ONB-01 …) or a prohibited behaviour (PB-01 …): an enum in the OpenAPI document.
RULE_ID = validate.OneOf(sorted(RULES), error="must be a rule ID of the catalogue (../shared/RULES.md), such as "
                                              "R-REP-13 or PB-22")


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
    """Validates the declared fields and refuses any other (a misspelt field is an error, never silently dropped).

    Requirements between fields are declared, not coded, so the OpenAPI document states exactly what is enforced
    (gateway/openapi_variants.py turns them into variants):
    - REQUIRED_WHEN = (field, {(value, ...): {name: why}}): when `field` has one of the values, each `name` must
      have content (a visible text, a non-empty list, an amount above 0, true);
    - ONE_OF_REQUIRED = ((name, ...), why): at least one of the names has content.
    """
    REQUIRED_WHEN: tuple[str, dict] | None = None
    ONE_OF_REQUIRED: tuple[tuple, str] | None = None

    class Meta:
        unknown = RAISE

    @validates_schema
    def _declared_requirements(self, data, **_):
        if self.REQUIRED_WHEN:
            field, cases = self.REQUIRED_WHEN
            for values, needs in cases.items():
                if data.get(field) in values:
                    for name, why in needs.items():
                        if not data.get(name):
                            raise ValidationError(f"{data[field]}: {why}", name)
        if self.ONE_OF_REQUIRED:
            names, why = self.ONE_OF_REQUIRED
            if not any(data.get(name) for name in names):
                raise ValidationError(why, names[0])


class PeriodIn(Strict):
    """Calendar days in the platform's time zone, both included, at most a year (dry runs of a policy)."""
    since = fields.Date(required=True, metadata={"description": "first calendar day of the period (platform time zone)"})
    until = fields.Date(required=True, metadata={"description": "last calendar day of the period, included"})

    @validates_schema
    def period(self, data, **_):
        if data["until"] < data["since"] or (data["until"] - data["since"]).days > 366:
            raise fields.inconsistent("must be on or after since, at most a year later", "until")


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
