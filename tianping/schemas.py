"""The base every payload schema builds on."""

from marshmallow import EXCLUDE, Schema, validate

# A rule ID of ../shared/RULES.md (R-ONB-01 …) or a prohibited behaviour (PB-01 …).
RULE_ID = validate.Regexp(r"^(R-[A-Z]{2,3}-\d{2}|PB-\d{2})$", error="must be a rule ID such as R-REP-13 or PB-22")


class Strict(Schema):
    """Validates the declared fields; unknown keys are dropped rather than stored (clients may be newer)."""

    class Meta:
        unknown = EXCLUDE


def jsonable(value):
    """`value` with every date and datetime as ISO text, recursively: what RPC and the store both accept."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value
