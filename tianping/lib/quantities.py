"""Numbers typed by people, read only where unambiguous: a weight such as "10.00g", "10 克", "2.5ct" or 10 is a
number of grams; "10,00" (decimal comma or thousands separator?), "约10克" (about 10 g) or "10g±1" are refused."""

import math
import re
from decimal import Decimal

from marshmallow import ValidationError, fields

# grams per unit; a carat is exactly 0.2 g
GRAMS_PER_UNIT = {"": Decimal(1), "g": Decimal(1), "克": Decimal(1), "kg": Decimal(1000), "千克": Decimal(1000),
                  "mg": Decimal("0.001"), "毫克": Decimal("0.001"), "ct": Decimal("0.2"), "克拉": Decimal("0.2")}
WEIGHT_TEXT = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(g|克|kg|千克|mg|毫克|ct|克拉)?\s*$", re.IGNORECASE)
# The texts the document admits: a positive number (at most 6 digits before the point, 6 after) with one unit. The
# largest, 999999.999999 kg, is under a tonne; the code also reads upper-case units.
WEIGHT_PATTERN = (r"^\s*(0*[1-9][0-9]{0,5}(\.[0-9]{1,6})?|0+\.[0-9]{0,5}[1-9])\s*"
                  r"(g|克|kg|千克|mg|毫克|ct|克拉)?\s*$")
MAX_GRAMS = Decimal(1_000_000_000)
UNITS_SAID = "a number of grams, optionally with its unit: g, 克, kg, 千克, mg, 毫克, ct or 克拉 (e.g. 10.00g)"


def grams(value) -> Decimal:
    """`value` (a JSON number or a text with an optional unit) in grams; ValueError when it is not unambiguously
    one positive, finite weight."""
    if isinstance(value, bool) or value is None:
        raise ValueError(UNITS_SAID)
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(UNITS_SAID)
        number, unit = Decimal(str(value)), ""
    elif isinstance(value, str):
        match = WEIGHT_TEXT.match(value)
        if match is None:
            raise ValueError(UNITS_SAID)
        number, unit = Decimal(match.group(1)), (match.group(2) or "").lower()
    else:
        raise ValueError(UNITS_SAID)
    weight = number * GRAMS_PER_UNIT[unit]
    if weight <= 0:
        raise ValueError("a weight is above 0")
    return weight


WEIGHT_SCHEMA = {"anyOf": [{"type": "string", "pattern": WEIGHT_PATTERN},
                           {"type": "number", "exclusiveMinimum": True, "minimum": 0, "maximum": 999_999_999}],
                 "description": UNITS_SAID}


class Grams(fields.Field):
    """A weight in grams on input (tianping.lib.quantities.grams), its exact decimal text on output."""
    default_error_messages = {"invalid": UNITS_SAID}

    def __init__(self, **kwargs):
        metadata = {"anyOf": [WEIGHT_SCHEMA["anyOf"][0], WEIGHT_SCHEMA["anyOf"][1]],
                    "description": UNITS_SAID, **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            weight = grams(value)
        except ValueError:
            raise self.make_error("invalid") from None
        if weight > MAX_GRAMS:
            raise ValidationError("at most 1,000,000 kg")
        return weight

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else str(value)
