"""A service's RPC operations, declared in its contracts.py, and the typed client made from them.

    OPERATIONS = Operations("onboarding",
        command("submit_application", ("data", "actor"), ApplicationIn, ApplicationOut, "Submit an application"),
        query("get_application", ("application_id", "viewer"), None, ApplicationOut),
        ...)

    onboarding.OPERATIONS.client(self.rpc).submit_application(data, actor)

A caller names an operation as an attribute of the client, never a service or a method in a string: a typo or an
operation the service dropped is an AttributeError where it is written, and the arguments are checked against the
declared parameters before anything is sent. `client.get_application.send(...)` sends without waiting and returns the
`wait(timeout=None)` of TimedCaller.call_async. A test holds each contract to its service class: the same operations,
the same parameters, the same kind (a `@command` changes state, an `@rpc` query does not).
"""

import functools
import inspect
from dataclasses import dataclass

from marshmallow import Schema

from tianping.platform.audit.chain import CheckpointOut
from tianping.platform.audit.export import ServiceExportOut
from tianping.platform.blacklist_schemas import ReplicaStatusOut, ReplicaViewOut
from tianping.platform.sanction_views import SanctionStateOut
from tianping.platform.testclock import TestClockOut

COMMAND, QUERY = "command", "query"


@dataclass(frozen=True)
class Operation:
    name: str
    kind: str                       # COMMAND (takes effect once per request) or QUERY (changes nothing)
    params: tuple[str, ...]         # the entrypoint's parameters, in order (without self)
    input: type[Schema] | None      # the payload parameter's schema, if it takes one
    output: type[Schema] | None     # what it answers (the service dumps through it)
    summary: str = ""

    @functools.cached_property
    def signature(self) -> inspect.Signature:  # built once: every call binds its arguments to it
        return inspect.Signature([inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None)
                                  for p in self.params])


def command(name: str, params: tuple[str, ...] = (), input: type[Schema] | None = None,  # noqa: A002
            output: type[Schema] | None = None, summary: str = "") -> Operation:
    return Operation(name, COMMAND, tuple(params), input, output, summary)


def query(name: str, params: tuple[str, ...] = (), input: type[Schema] | None = None,  # noqa: A002
          output: type[Schema] | None = None, summary: str = "") -> Operation:
    return Operation(name, QUERY, tuple(params), input, output, summary)


class Operations:
    """Every RPC operation one service offers; `client(caller)` makes the typed client over a TimedCaller."""

    def __init__(self, service: str, *operations: Operation):
        operations = (*COMMON, *operations)
        names = [op.name for op in operations]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"{service}: operations declared twice: {duplicates}")
        self.service = service
        self.by_name = {op.name: op for op in operations}
        self._client_class = _client_class(service, operations)

    def __iter__(self):
        return iter(self.by_name.values())

    def __getitem__(self, name: str) -> Operation:
        return self.by_name[name]

    def client(self, caller, timeout: float | None = None):
        return self._client_class(caller, timeout)


class _Call:
    """One operation bound to a caller: call it to wait for the answer, `.send(...)` to wait later."""

    def __init__(self, service: str, operation: Operation, caller, timeout: float | None):
        self.service, self.operation, self.caller, self.timeout = service, operation, caller, timeout
        self.__signature__ = operation.signature
        self.__doc__ = operation.summary

    def __call__(self, *args, **kwargs):
        return self.send(*args, **kwargs)(self.timeout)

    def send(self, *args, **kwargs):
        self.operation.signature.bind(*args, **kwargs)  # a TypeError names an unknown or doubled argument
        send = self.caller.call_async
        if self.operation.kind == QUERY:  # a caller that can send a query more cheaply (TimedCaller.query_async)
            send = getattr(self.caller, "query_async", send)
        return send(self.service, self.operation.name, *args, **kwargs)


def _client_class(service: str, operations) -> type:
    """A class with one attribute per operation (what `dir()`, editors and a typo's AttributeError see)."""

    def __init__(self, caller, timeout=None):
        self._caller, self._timeout = caller, timeout

    def attribute(op: Operation):
        return property(lambda self: _Call(service, op, self._caller, self._timeout), doc=op.summary)

    namespace = {"__init__": __init__, "__doc__": f"Typed client of {service}'s RPC operations.",
                 **{op.name: attribute(op) for op in operations}}
    return type(f"{service.capitalize()}Client", (), namespace)



# The operations every service offers through the kit's mixins (health, blacklist replica, audit).
COMMON = (query("ping", (), None, None, "Health: service name, pid, uptime"),
          query("blacklist_status", (), None, ReplicaStatusOut, "This service's blacklist replica"),
          query("blacklist_entry", ("subject_id",), None, ReplicaViewOut, "A subject's replica entry and history"),
          query("audit_entries", ("subject_id", "since", "until"), None, ServiceExportOut,
                "Audit entries about a subject in a time window, with the chain's checkpoint"),
          query("audit_checkpoints", ("service",), None, CheckpointOut,
                "The checkpoints this service keeps of another service's audit chain"),
          command("advance_test_clock", ("offset_seconds",), None, TestClockOut,
                  "Test clocks only: move this service's clock to an absolute offset (never back) and sweep"),
          query("test_clock_status", (), None, TestClockOut, "Test clocks only: this service's offset and now"),
          query("sanction_state", ("subject_id",), None, SanctionStateOut,
                "This service's replicated sanction of a subject and its answer for every action"))


@functools.cache
def common(service: str) -> Operations:
    """The kit's operations of `service` alone (ping, blacklist replica, audit): what a fan-out over every service
    calls without importing each service's contract."""
    return Operations(service)
