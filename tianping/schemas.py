"""The base every payload schema builds on: unknown fields refused, rule IDs from the catalogue, printable ids."""

import json
from pathlib import Path

from marshmallow import RAISE, Schema, ValidationError, validate

# The rule IDs the system knows: generated from ../shared/RULES.md by `make docs` (tests/test_docs.py keeps it current).
RULES = json.loads((Path(__file__).with_name("rule_catalogue.json")).read_text())["rules"]


def RULE_ID(value: str) -> None:  # noqa: N802 - used like marshmallow's validators
    """A rule ID of ../shared/RULES.md (R-ONB-01 …) or a prohibited behaviour (PB-01 …)."""
    if value not in RULES:
        raise ValidationError("must be a rule ID of the catalogue (../shared/RULES.md), such as R-REP-13 or PB-22")


# An id: printable ASCII letters, digits and . _ : @ - (no spaces, no control characters), 1 to 128 characters.
ID = validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$",
                     error="must be 1-128 letters, digits or . _ : @ - (starting with a letter or digit)")


class Strict(Schema):
    """Validates the declared fields and refuses any other (a misspelt field is an error, never silently dropped)."""

    class Meta:
        unknown = RAISE


def jsonable(value):
    """`value` with every date and datetime as ISO text, recursively: what RPC and the store both accept."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value
