"""The kit's strict fields (tianping.lib.fields, tianping.lib.quantities), each rule at its boundary: input taken literally."""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from marshmallow import ValidationError, validate

from tianping.lib import fields
from tianping.lib.quantities import grams
from tianping.lib.schemas import Strict, money


class Payload(Strict):
    amount = money(required=True)
    positive = money(True, load_default=None)
    count = fields.Integer(load_default=None)
    ratio = fields.Float(load_default=None)
    flag = fields.Boolean(load_default=None)
    title = fields.String(load_default=None, validate=validate.Length(min=1, max=20))
    note = fields.String(load_default="", validate=validate.Length(max=20))
    paid_at = fields.PastDateTime(load_default=None)
    shipped_at = fields.PastDateTime(load_default=None)


def load(**values):
    return Payload().load({"amount": "1.00", **values})


def refused(field, **values):
    with pytest.raises(ValidationError) as err:
        load(**values)
    assert field in err.value.messages, err.value.messages
    return err.value.messages[field]


def parsed(text: str) -> dict:
    """A body as the gateway parses it (JSON numbers keep the text they were sent as)."""
    return json.loads(text, parse_float=fields.JsonNumber.parse, parse_constant=fields.JsonNumber.parse)


@pytest.mark.parametrize("value, expected", [("19.99", "19.99"), ("19.9", "19.90"), ("0", "0.00"), (19, "19.00"),
                                             ("10000000.00", "10000000.00")])
def test_money_takes_decimal_text_and_integers_exactly(value, expected):
    assert load(amount=value)["amount"] == Decimal(expected)


def test_money_at_two_places_is_taken_and_at_three_refused_text_and_number():
    assert load(amount="0.01")["amount"] == Decimal("0.01")
    refused("amount", amount="0.001")
    refused("amount", amount="1.005")
    assert Payload().load(parsed('{"amount": 1.25}'))["amount"] == Decimal("1.25")
    with pytest.raises(ValidationError):
        Payload().load(parsed('{"amount": 1.255}'))


@pytest.mark.parametrize("body", ['{"amount": 1e2}', '{"amount": 1E2}', '{"amount": NaN}', '{"amount": Infinity}',
                                  '{"amount": -Infinity}', '{"amount": 1.0e0}'])
def test_money_as_an_exponent_nan_or_infinity_number_is_refused(body):
    with pytest.raises(ValidationError) as err:
        Payload().load(parsed(body))
    assert "amount" in err.value.messages


@pytest.mark.parametrize("value", ["1e2", "NaN", "Infinity", " 1.00", "1.00 ", "-1.00", "+1", "1,00", "", True,
                                   False, None, [], {}, "１.00"])
def test_money_in_any_other_form_is_refused(value):
    refused("amount", amount=value)


def test_money_range_bounds():
    refused("amount", amount="10000000.01")
    refused("positive", positive="0.00")
    refused("positive", positive=0)
    assert load(positive="0.01")["positive"] == Decimal("0.01")


@pytest.mark.parametrize("value", ["5", 5.5, True, False, "true"])
def test_integer_is_a_json_integer_only(value):
    refused("count", count=value)
    assert load(count=5)["count"] == 5


@pytest.mark.parametrize("value", ["yes", "false", "true", 1, 0, "1", "on"])
def test_boolean_is_true_or_false_only(value):
    refused("flag", flag=value)
    assert load(flag=False)["flag"] is False


@pytest.mark.parametrize("value", ["0.5", True, float("nan"), float("inf")])
def test_float_is_a_finite_number_only(value):
    refused("ratio", ratio=value)
    assert load(ratio=1)["ratio"] == 1.0


@pytest.mark.parametrize("text", [" ", "\t", "\u3000", "\u3000 \t\n", "\u200b", "\ufeff\u200d"])
def test_a_required_text_of_whitespace_or_zero_width_characters_is_empty(text):
    refused("title", title=text)
    assert load(note=text)["note"] == ""  # optional: shows nothing, so it is empty


def test_text_with_one_visible_character_is_kept_and_a_number_is_not_a_text():
    assert load(title="\u3000天\u3000")["title"] == "\u3000天\u3000"
    refused("title", title=5)


def test_a_future_time_is_refused_beyond_the_skew_at_the_bound_it_is_taken(frozen_clock, monkeypatch):
    monkeypatch.setenv("TIANPING_CLOCK_SKEW_SECONDS", "300")
    at_bound = frozen_clock.now + timedelta(seconds=300)
    assert load(paid_at=at_bound.isoformat())["paid_at"] == at_bound
    refused("paid_at", paid_at=(at_bound + timedelta(seconds=1)).isoformat())
    frozen_clock.advance(seconds=1)  # the clock moves: the same time is now within the tolerance
    assert load(paid_at=(at_bound + timedelta(seconds=1)).isoformat())["paid_at"]


def test_the_skew_tolerance_is_configured(frozen_clock, monkeypatch):
    monkeypatch.setenv("TIANPING_CLOCK_SKEW_SECONDS", "0")
    refused("paid_at", paid_at=(frozen_clock.now + timedelta(seconds=1)).isoformat())
    assert load(paid_at=frozen_clock.now.isoformat())


@pytest.mark.parametrize("value", ["2026-03-01T10:00:00", "2026-03-01", 1772330400, "yesterday"])
def test_a_time_without_an_offset_or_not_a_time_is_refused(frozen_clock, value):
    refused("paid_at", paid_at=value)


def test_times_in_order(frozen_clock):
    paid = frozen_clock.now - timedelta(days=1)
    data = {"paid_at": paid, "shipped_at": paid - timedelta(seconds=1)}
    with pytest.raises(ValidationError) as err:
        fields.in_order(data, "paid_at", "shipped_at", "delivered_at")
    assert err.value.field_name == "shipped_at"
    fields.in_order({"paid_at": paid, "shipped_at": paid, "delivered_at": None}, "paid_at", "shipped_at",
                    "delivered_at")


def test_datetimes_leave_as_iso_8601_with_an_offset():
    naive = datetime(2026, 11, 30, 0, 48, 6, 849000)

    class Out(Strict):
        at = fields.DateTime()
        said = fields.String()

    dumped = Out().dump({"at": naive, "said": naive.replace(tzinfo=UTC)})
    assert dumped == {"at": "2026-11-30T00:48:06.849000+00:00", "said": "2026-11-30T00:48:06.849000+00:00"}


@pytest.mark.parametrize("value, expected", [("10.00g", "10.00"), ("10 克", "10"), ("2.5ct", "0.50"),
                                             ("1克拉", "0.2"), (10, "10"), (9.75, "9.75"), ("0.5kg", "500.0")])
def test_a_weight_with_a_known_unit_is_read_in_grams(value, expected):
    assert grams(value) == Decimal(expected)


@pytest.mark.parametrize("value", ["10,00", "约10克", "10g±1", "ten g", "10 lb", "", True, float("nan"), "0g", -1])
def test_an_ambiguous_weight_is_refused(value):
    with pytest.raises(ValueError):
        grams(value)
