"""Payload fields taken literally, once for every schema: `from tianping import fields` in place of marshmallow's.

Every marshmallow field is re-exported; these are replaced:
- String: a number is not a string; a text of whitespace (ASCII, full-width U+3000, tabs) or zero-width characters
  only is empty — refused where the text is required (or has a minimum length), stored as "" where it is optional.
  A datetime dumped through it leaves as ISO-8601 with its offset.
- Integer: only a JSON integer ("5", 5.5 and true are refused). Float: only a finite JSON number.
- Boolean: only true or false ("yes", "false", 1 are refused).
- DateTime / AwareDateTime: loaded only with an offset (a time without one is refused: the sender's zone is unknown);
  dumped as ISO-8601 with the offset (a naive store value is UTC).
- PastDateTime: an AwareDateTime no later than the kit clock's now plus TIANPING_CLOCK_SKEW_SECONDS (default 300);
  a later one is Inconsistent (422: well-formed, but it contradicts the clock).
- Money (tianping.money): exact decimal text or a JSON number, at most 2 places, no exponent, never rounded.
"""

import datetime as dt
import math
from datetime import timedelta
from decimal import Decimal as Exact  # (marshmallow's Decimal field keeps its name here)

from marshmallow import ValidationError, validate
from marshmallow import fields as _m
from marshmallow.fields import *  # noqa: F403 - the kit's fields are marshmallow's, some replaced below

from tianping.lib import clock
from tianping.lib import config as cfg

CENT = Exact("0.01")

# Characters that show nothing: str.isspace() covers ASCII and Unicode spaces (U+3000, tabs, line breaks).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad"
# JSON Schema (ECMA) regex for "has one visible character", declared on required texts in the OpenAPI document.
# Exactly the characters blank() skips — str.isspace() knows more than ECMA's \s (U+001C..U+001F, U+0085).
_INVISIBLE = sorted({chr(c) for c in range(0x3000 + 1) if chr(c).isspace()} | set(ZERO_WIDTH))
VISIBLE_PATTERN = "[^" + "".join(f"\\u{ord(c):04x}" for c in _INVISIBLE) + "]"


def blank(value: str) -> bool:
    """True when `value` shows nothing: empty, or only whitespace and zero-width characters."""
    return all(ch.isspace() or ch in ZERO_WIDTH for ch in value)


def skew_seconds() -> int:
    """How far in the future a past-only time may be (the sender's clock may run ahead of ours)."""
    return int(cfg.env("TIANPING_CLOCK_SKEW_SECONDS", "300"))


def iso(moment: dt.datetime) -> str:
    """ISO-8601 (RFC 3339) with an offset; a naive value (the store gives UTC back naive) is UTC. An offset with
    seconds (a zone's local mean time before 1901, e.g. +08:05:43) has no RFC 3339 form: such a time leaves in UTC."""
    moment = clock.aware(moment)
    offset = moment.utcoffset()
    if offset is not None and offset.total_seconds() % 60:
        moment = moment.astimezone(dt.UTC)
    return moment.isoformat()


def _min_length(field) -> int:
    return max((v.min or 0 for v in field.validators if isinstance(v, validate.Length)), default=0)


class String(_m.String):
    default_error_messages = {"blank": "must have visible content (whitespace or zero-width characters only)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_content = self.required or _min_length(self) >= 1
        has_pattern = any(isinstance(v, validate.Regexp) for v in self.validators)
        if self.needs_content and not has_pattern and "pattern" not in self.metadata:
            self.metadata = {**self.metadata, "pattern": VISIBLE_PATTERN}

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, dt.datetime):
            return iso(value)
        return super()._serialize(value, attr, obj, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if text and blank(text):
            if self.needs_content:
                raise self.make_error("blank")
            return ""
        return text


def _is_json_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class Integer(_m.Integer):
    default_error_messages = {"invalid": "must be a JSON integer (not a text, a decimal or true/false)"}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("strict", True)
        super().__init__(*args, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if not _is_json_integer(value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Float(_m.Float):
    default_error_messages = {"invalid": "must be a finite JSON number (not a text or true/false)"}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.make_error("invalid")
        return super()._deserialize(float(value), attr, data, **kwargs)


class Boolean(_m.Boolean):
    default_error_messages = {"invalid": "must be true or false (not a text or a number)"}

    def _deserialize(self, value, attr, data, **kwargs):
        if value is True or value is False:
            return value
        raise self.make_error("invalid")


class DateTime(_m.DateTime):
    """Dumped as ISO-8601 with the offset; text that is already ISO passes through."""
    default_error_messages = {"not_text": "must be an ISO-8601 text, e.g. 2026-03-02T10:00:00+08:00"}

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None or isinstance(value, str):
            return value
        return iso(value) if isinstance(value, dt.datetime) else super()._serialize(value, attr, obj, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, dt.datetime):  # a record's own time (the store, an RPC peer): JSON never sends one
            return value
        if not isinstance(value, str):
            raise self.make_error("not_text")
        return super()._deserialize(value, attr, data, **kwargs)


class AwareDateTime(DateTime):
    """A time with its offset: one without is refused (default_timezone is never assumed)."""
    default_error_messages = {"naive": "must carry a UTC offset, e.g. 2026-03-02T10:00:00+08:00"}

    def __init__(self, *args, default_timezone=None, **kwargs):
        super().__init__(*args, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise self.make_error("naive")
        return moment


class PastDateTime(AwareDateTime):
    """A time that has happened (paid, delivered, issued): later than now + the clock-skew tolerance is refused."""
    default_error_messages = {"future": "is in the future (more than {skew} s after now, {now})"}

    def __init__(self, *args, **kwargs):
        description = kwargs.pop("metadata", {}).get("description", "")
        note = "a past time with its UTC offset; no later than now plus the clock-skew tolerance"
        super().__init__(*args, metadata={"description": f"{description} ({note})".strip()}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        now, skew = clock.now(), skew_seconds()
        if moment > now + timedelta(seconds=skew):  # well-formed, but contradicts the clock: 422, as in_order
            raise ValidationError(Inconsistent(self.error_messages["future"].format(skew=skew, now=now.isoformat())))
        return moment


class Inconsistent(str):
    """The message of a rule between fields that a schema language cannot state (paid ≤ delivered, from ≤ to): each
    field is well-formed, together they are not. The gateway answers 422 `inconsistent` when every message of a
    refused body is one (tianping.lib.errors.from_marshmallow), so a body valid against the document is never a 400."""


def inconsistent(message: str, field: str) -> ValidationError:
    return ValidationError(Inconsistent(message), field)


def in_order(data: dict, *names: str) -> None:
    """Each present time of `names` is on or after the present ones before it (paid ≤ shipped ≤ delivered):
    a ValidationError naming the first field out of order."""
    earlier = None
    for name in names:
        moment = data.get(name)
        if moment is None:
            continue
        if earlier is not None and moment < data[earlier]:
            raise inconsistent(f"must be on or after {earlier}", name)
        earlier = name


# Money lives in its own module; every schema still takes it from here.
from tianping.lib.money import MONEY_MAX, MONEY_PATTERN, POSITIVE_MONEY_PATTERN, JsonNumber, Money  # noqa: E402,F401
