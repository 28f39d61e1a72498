"""Test clocks (tianping.platform.testclock): QA moves the platform's clock forward through the API and sees what fired.
Every route answers 404 test_clocks_off unless the gateway runs with TIANPING_TEST_CLOCKS=1."""

from marshmallow import ValidationError
from marshmallow.validate import Range

from tianping import SERVICE_NAMES
from tianping.lib import clock, fields
from tianping.lib.errors import ServiceUnavailable
from tianping.lib.schemas import Strict
from tianping.platform import operations
from tianping.platform.testclock import MAX_ADVANCE_SECONDS, TestClockOut

from ..api import route
from . import ADMIN, OPERATORS

SWEEP_TIMEOUT_S = 60  # a service sweeps its whole due backlog before it answers
PING_TIMEOUT_S = 2


class WholeNumber(fields.Integer):
    """A JSON integer, taken literally: "5", 5.0 and true are refused."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError("must be a JSON integer")
        return super()._deserialize(value, attr, data, **kwargs)


class ClockAdvanceIn(Strict):
    seconds = WholeNumber(required=True, validate=Range(1, MAX_ADVANCE_SECONDS), metadata={
        "description": f"how far to move the platform's clock: whole seconds, 1 to {MAX_ADVANCE_SECONDS} (400 days)"})


class ServiceClockOut(TestClockOut):
    error = fields.String(allow_none=True)


class ClockStatusOut(Strict):
    offset_seconds = fields.Integer(metadata={"description": "seconds the platform lives ahead of the wall clock"})
    now = fields.DateTime(metadata={"description": "the platform's now (the gateway's clock)"})
    consistent = fields.Boolean(metadata={"description": "every service answered with the platform's offset"})
    services = fields.Dict(keys=fields.String(), values=fields.Nested(ServiceClockOut))


class ClockAdvanceOut(ClockStatusOut):
    advanced_seconds = fields.Integer()


class TestClockRoutes:
    __test__ = False  # not a pytest class

    @route("GET", "/v1/test-clock", response=ClockStatusOut, roles=OPERATORS, tag="test-clock",
           summary="Test clocks: the platform's offset, its now, and each service's clock")
    def test_clock_view(self, request, principal, body):
        offset = self.test_clock.require().store.read()
        return self._answer(offset, self._broadcast(SERVICE_NAMES, lambda client: client.test_clock_status, PING_TIMEOUT_S))

    @route("POST", "/v1/test-clock/advance", response=ClockAdvanceOut, roles=ADMIN, body=ClockAdvanceIn, tag="test-clock",
           summary="Test clocks: move every service's clock forward, sweep the deadlines now due, answer what fired")
    def test_clock_advance(self, request, principal, body):
        offset = self.test_clock.require().store.add(body["seconds"])
        return {**self._move_all(offset), "advanced_seconds": body["seconds"]}

    @route("POST", "/v1/test-clock/sync", response=ClockAdvanceOut, roles=ADMIN, tag="test-clock",
           summary="Test clocks: send the platform's offset again to every service (one that missed an advance) "
                   "and sweep")
    def test_clock_sync(self, request, principal, body):
        offset = self.test_clock.require().store.read()
        return {**self._move_all(offset), "advanced_seconds": 0}

    def _move_all(self, offset: int) -> dict:
        clock.set_offset(max(offset, clock.offset_seconds()))
        alive = {name for name, out in self._broadcast(SERVICE_NAMES, lambda client: client.ping, PING_TIMEOUT_S).items()
                 if not out.get("error")}  # a stopped service is named at once, not after the sweep timeout
        services = {name: {"service": name, "error": "did not answer a ping"} for name in SERVICE_NAMES
                    if name not in alive}
        services.update(self._broadcast(sorted(alive), lambda client: client.advance_test_clock, SWEEP_TIMEOUT_S, offset))
        missed = {name: [out["error"]] for name, out in services.items() if out.get("error")}
        if missed:  # never silent: the platform's clock moved, these services did not follow
            raise ServiceUnavailable(f"the platform's clock is at +{offset}s but {', '.join(sorted(missed))} did not "
                                     "follow; POST /v1/test-clock/sync sends it again", missed)
        return self._answer(offset, services)

    @staticmethod
    def _answer(offset: int, services: dict) -> dict:
        consistent = all(out.get("offset_seconds") == offset for out in services.values())
        return {"offset_seconds": offset, "now": clock.now().isoformat(), "consistent": consistent,
                "services": {name: services[name] for name in SERVICE_NAMES if name in services}}

    def _broadcast(self, names, operation, timeout: float, *args) -> dict:
        """Call `method` on each named service at once, then wait for each answer (or its error)."""
        waits, services = {}, {}
        for name in names:
            try:
                waits[name] = operation(operations.common(name).client(self.rpc)).send(*args)
            except Exception as exc:  # noqa: BLE001 - reported per service
                services[name] = {"service": name, "error": f"{type(exc).__name__}: {exc}"}
        for name, wait in waits.items():
            try:
                services[name] = wait(timeout)
            except Exception as exc:  # noqa: BLE001 - reported per service
                services[name] = {"service": name, "error": f"{type(exc).__name__}: {exc}"}
        return services
