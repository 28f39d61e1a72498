"""Contracts declare operations: each declared operation is one RPC of its service with the same parameters and kind
(command or query), every RPC of the service is declared, the typed client refuses an unknown operation or argument
before sending, and no caller names a converted service's methods in a string."""

import inspect
import re
from importlib import import_module
from pathlib import Path

import pytest
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from nameko.rpc import Rpc

from tianping import SERVICE_NAMES
from tianping.platform import operations
from tianping.platform.operations import COMMAND, QUERY, Operations, command, query
from tianping.runtime.components import COMPONENTS

ROOT = Path(__file__).resolve().parents[2]
DECLARED = [name for name in SERVICE_NAMES if hasattr(import_module(f"services.{name}.contracts"), "OPERATIONS")]


def rpc_entrypoints(cls) -> dict:
    return {name: fn for name, fn in inspect.getmembers(cls, inspect.isfunction)
            if any(isinstance(e, Rpc) for e in getattr(fn, ENTRYPOINT_EXTENSIONS_ATTR, ()))}


@pytest.mark.parametrize("service", DECLARED)
def test_the_contract_declares_exactly_the_services_rpcs_with_their_parameters_and_kind(service):
    operations = import_module(f"services.{service}.contracts").OPERATIONS
    cls = next(c.service_class for c in COMPONENTS if c.name == service)
    entrypoints = rpc_entrypoints(cls)
    assert set(operations.by_name) == set(entrypoints)
    for name, fn in entrypoints.items():
        declared = operations[name]
        assert declared.params == tuple(inspect.signature(fn).parameters)[1:], name
        assert declared.kind == (COMMAND if getattr(fn, "changes_state", False) else QUERY), name


class Recorder:
    def __init__(self):
        self.sent = []

    def call_async(self, service, method, *args, **kwargs):
        self.sent.append((service, method, args, kwargs))
        return lambda timeout=None: {"answered": method, "timeout": timeout}


def test_the_client_sends_the_declared_operation_and_refuses_what_is_not_declared():
    operations = Operations("demo", command("submit", ("data", "actor")), query("get", ("record_id", "viewer")))
    caller = Recorder()
    client = operations.client(caller, timeout=3)
    assert client.submit({"a": 1}, actor="alice") == {"answered": "submit", "timeout": 3}
    assert client.get.send("r1")() == {"answered": "get", "timeout": None}
    assert caller.sent == [("demo", "submit", ({"a": 1},), {"actor": "alice"}), ("demo", "get", ("r1",), {})]
    with pytest.raises(AttributeError):
        client.sumbit  # noqa: B018 - a typo fails where it is written
    with pytest.raises(TypeError):
        client.get("r1", "viewer", "one too many")
    with pytest.raises(TypeError):
        client.get(record=1)
    assert len(caller.sent) == 2, "nothing is sent for a refused call"
    assert "ping" in operations.by_name, "every service's common operations are declared by the kit"


def test_an_operation_declared_twice_is_refused():
    with pytest.raises(ValueError):
        Operations("demo", query("get"), query("get"))


def test_every_service_declares_its_operations():
    assert DECLARED == list(SERVICE_NAMES)


def test_no_caller_in_the_gateway_or_the_services_names_a_method_in_a_string():
    """(The blacklist replica in the kit still asks the authority by name: the kit cannot import reputation's
    contract; its replication protocol's two operations are the one exception.)"""
    pattern = re.compile(r"""\.call(_async)?\([^,()]+,\s*["'][a-z_]+["']""")
    callers = [p for top in ("gateway", "services") for p in (ROOT / top).rglob("*.py")]
    named = [str(p.relative_to(ROOT)) for p in callers if pattern.search(p.read_text())]
    assert not named, f"call a service through its contract's OPERATIONS.client(rpc): {named}"


def test_the_kit_operations_of_a_service_are_its_common_ones():
    assert set(operations.common("listing").by_name) == {op.name for op in operations.COMMON}
