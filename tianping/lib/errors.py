"""Typed domain errors.

Raised in services, carried over RPC as the same type (nameko `deserialize_to_instance`), and mapped in
ERROR_TABLE — the one place — to an HTTP status and a stable machine-readable code at the gateway.
Args stay positional (message, fields) because nameko rebuilds remote exceptions as `cls(*args)`.
"""

from nameko.exceptions import deserialize_to_instance


class TianpingError(Exception):
    def __init__(self, message: str, fields: dict | None = None):
        super().__init__(message, fields or {})

    @property
    def message(self) -> str:
        return self.args[0]

    @property
    def fields(self) -> dict:
        return self.args[1] if len(self.args) > 1 and self.args[1] else {}

    def __str__(self) -> str:
        return self.message


@deserialize_to_instance
class ValidationFailed(TianpingError):
    """Input failed its schema; `fields` maps each bad field to its messages."""


@deserialize_to_instance
class Inconsistent(ValidationFailed):
    """Every field is well-formed, but together they break a rule between fields (paid after delivered, from after
    to): 422, so a body the OpenAPI document allows is never answered 400."""


@deserialize_to_instance
class RuleRefused(TianpingError):
    """Well-formed input that a configurable rule of the platform's policy refuses (terms below the platform minimum,
    a score above the policy's maximum): 422 naming the field and the rule."""


@deserialize_to_instance
class DisclosuresMissing(RuleRefused):
    """A live room may not go live before it shows its disclosures (R-LST-27, R-LST-28); fields name what is missing."""


@deserialize_to_instance
class NotFound(TianpingError):
    pass


@deserialize_to_instance
class Conflict(TianpingError):
    """The request is valid but clashes with current state (e.g. a decision on a decided application)."""


@deserialize_to_instance
class AmountExceedsRefundable(Conflict):
    """An amount promised to a buyer above what remains refundable (the ceiling is in the message and fields)."""


@deserialize_to_instance
class StreamStopped(Conflict):
    """A live session the policy stopped (or that ended) takes no more segments."""


@deserialize_to_instance
class RoomOnAir(Conflict):
    """The room already has a live session: one at a time (fields name it)."""


@deserialize_to_instance
class RequestOpen(Conflict):
    """A refund-type request is already open on this order line (fields name it)."""


@deserialize_to_instance
class RefundedInFull(Conflict):
    """The order or line was refunded in full already: nothing remains to claim."""


@deserialize_to_instance
class Unauthenticated(TianpingError):
    pass


@deserialize_to_instance
class Forbidden(TianpingError):
    pass


@deserialize_to_instance
class SubjectBlacklisted(TianpingError):
    """The acting subject is on the platform blacklist (R-ONB-05, R-REP-13)."""


@deserialize_to_instance
class SubjectNotActive(TianpingError):
    """The subject is not a registered, active subject here (R-ONB-02)."""


@deserialize_to_instance
class PayloadTooLarge(TianpingError):
    pass


@deserialize_to_instance
class UnsupportedMediaType(TianpingError):
    """A body that is not application/json."""


@deserialize_to_instance
class RateLimited(TianpingError):
    pass


@deserialize_to_instance
class UpstreamTimeout(TianpingError):
    """A downstream RPC did not answer within its timeout."""


@deserialize_to_instance
class ServiceUnavailable(TianpingError):
    """A downstream service is not running (no consumer on its queue) or a dependency is down."""


@deserialize_to_instance
class RetentionWindow(TianpingError):
    """A record inside its retention window cannot be deleted or minimised yet (fields name the earliest date)."""


# The single mapping from error type to (HTTP status, stable error code).
ERROR_TABLE: dict[type, tuple[int, str]] = {
    ValidationFailed: (400, "validation_failed"),
    Inconsistent: (422, "inconsistent"),
    Unauthenticated: (401, "unauthenticated"),
    Forbidden: (403, "forbidden"),
    NotFound: (404, "not_found"),
    Conflict: (409, "conflict"),
    AmountExceedsRefundable: (409, "amount_exceeds_refundable"),
    RequestOpen: (409, "request_open"),
    StreamStopped: (409, "stream_stopped"),
    RoomOnAir: (409, "room_on_air"),
    RefundedInFull: (409, "refunded_in_full"),
    RetentionWindow: (409, "retention_window"),
    PayloadTooLarge: (413, "payload_too_large"),
    UnsupportedMediaType: (415, "unsupported_media_type"),
    SubjectBlacklisted: (422, "subject_blacklisted"),
    RuleRefused: (422, "refused_by_policy"),
    DisclosuresMissing: (422, "disclosures_missing"),
    SubjectNotActive: (422, "subject_not_active"),
    RateLimited: (429, "rate_limited"),
    ServiceUnavailable: (503, "service_unavailable"),
    UpstreamTimeout: (504, "upstream_timeout"),
}


# A service whose store connection dropped (a restart, a failover) answers with the driver's error: the request
# may be retried, so it is a 503, not a 500.
STORE_UNAVAILABLE = {"AutoReconnect", "ConnectionFailure", "ServerSelectionTimeoutError", "NetworkTimeout",
                     "NotPrimaryError", "WaitQueueTimeoutError"}


# The broker gone (restarted, unreachable) while a request is sent over RPC: retryable, a 503, not a 500.
BROKER_UNAVAILABLE = {"OperationalError", "RecoverableConnectionError", "ConnectionRefusedError",
                      "ConnectionResetError", "BrokenPipeError"}


def http_status_and_code(error: BaseException) -> tuple[int, str]:
    for cls in type(error).__mro__:
        if cls in ERROR_TABLE:
            return ERROR_TABLE[cls]
        if cls.__name__ in STORE_UNAVAILABLE or getattr(error, "exc_type", None) in STORE_UNAVAILABLE:
            return 503, "store_unavailable"
        if cls.__name__ in BROKER_UNAVAILABLE:
            return 503, "broker_unavailable"
    code = getattr(error, "code", None)  # werkzeug's own refusals (a client that disconnected mid-body: 400)
    if isinstance(code, int) and 400 <= code < 500 and hasattr(error, "get_response"):
        return code, "bad_request"
    return 500, "internal_error"


def found(value, what: str, field: str):
    """`value`, or NotFound naming `what` and the `field` that named it (get-or-404, one way everywhere)."""
    if value is None:
        raise NotFound(f"no {what}", {field: ["unknown"]})
    return value


def from_marshmallow(err) -> ValidationFailed:
    """Turn a marshmallow ValidationError into ValidationFailed naming every bad field."""
    from tianping.lib.fields import Inconsistent as Between

    messages = err.messages if isinstance(err.messages, dict) else {"_schema": err.messages}
    leaves = list(_leaves(messages))
    if leaves and all(isinstance(leaf, Between) for leaf in leaves):
        return Inconsistent("the fields are well-formed but inconsistent with each other", messages)
    return ValidationFailed("request failed validation", messages)


def _leaves(messages):
    if isinstance(messages, dict):
        for value in messages.values():
            yield from _leaves(value)
    elif isinstance(messages, list):
        for value in messages:
            yield from _leaves(value)
    else:
        yield messages


def load(schema, data):
    """schema.load(data), turning marshmallow errors into ValidationFailed (nothing is stored on failure)."""
    from marshmallow import ValidationError

    try:
        return schema.load(data if data is not None else {})
    except ValidationError as err:
        raise from_marshmallow(err) from None


@deserialize_to_instance
class IdempotencyKeyReused(TianpingError):
    """The same Idempotency-Key was sent with a different request."""


ERROR_TABLE[IdempotencyKeyReused] = (422, "idempotency_key_reused")


@deserialize_to_instance
class TestClocksOff(TianpingError):
    """A test-clock call where test clocks are off (TIANPING_TEST_CLOCKS, never on in production)."""

    __test__ = False  # not a pytest class


ERROR_TABLE[TestClocksOff] = (404, "test_clocks_off")
