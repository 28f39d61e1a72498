"""nameko's publishers without new kombu objects per message.

nameko 2.14's `get_producer` builds a `kombu.Connection` from the AMQP URI on every publish (every RPC request, every
RPC reply, every event) only to look up the producer pool it keys — parsing the URI and hashing the new object each
time: about a twentieth of the gateway's CPU on a read, and as much of a service's reply. The pool never uses that
object except as a template it clones, so one template per (URI, options) serves every publish; the pool lookup, the
acquire and the publish are nameko's and kombu's own, unchanged (a pool reset after a fork still rebuilds pools).
Likewise the RPC exchange: nameko makes a new `kombu.Exchange` for every request and every reply; an unbound exchange
is never changed by publishing (binding makes a bound copy), so one per exchange name serves them all.
"""

import functools
from contextlib import contextmanager

from kombu import Connection, Exchange
from kombu.pools import producers
from nameko import rpc
from nameko.amqp import publish
from nameko.constants import DEFAULT_TRANSPORT_OPTIONS, RPC_EXCHANGE_CONFIG_KEY

_TEMPLATES: dict[tuple, Connection] = {}
_TEMPLATES_MAX = 64  # distinct (URI, options) a process publishes with: a handful; bounded all the same


@contextmanager
def get_producer(amqp_uri, confirms=True, ssl=None, login_method=None, transport_options=None):
    options = dict(DEFAULT_TRANSPORT_OPTIONS if transport_options is None else transport_options)
    options["confirm_publish"] = confirms
    key = (amqp_uri, repr(ssl), login_method, repr(sorted(options.items())))
    template = _TEMPLATES.get(key)
    if template is None:
        if len(_TEMPLATES) >= _TEMPLATES_MAX:
            _TEMPLATES.clear()
        template = _TEMPLATES[key] = Connection(amqp_uri, transport_options=options, ssl=ssl,
                                                login_method=login_method)
    with producers[template].acquire(block=True) as producer:
        yield producer


@functools.lru_cache(maxsize=16)
def _rpc_exchange(name: str) -> Exchange:
    return Exchange(name, durable=True, type="topic")


def get_rpc_exchange(config) -> Exchange:
    """nameko.rpc.get_rpc_exchange, one Exchange per name."""
    return _rpc_exchange(config.get(RPC_EXCHANGE_CONFIG_KEY, "nameko-rpc"))


def install() -> None:
    publish.get_producer = get_producer
    rpc.get_rpc_exchange = get_rpc_exchange
