"""nameko's publishers without new kombu objects per message.

nameko 2.14's `get_producer` builds a `kombu.Connection` from the AMQP URI on every publish (every RPC request, every
RPC reply, every event) only to look up the producer pool it keys — parsing the URI and hashing the new object each
time: about a twentieth of the gateway's CPU on a read, and as much of a service's reply. The pool never uses that
object except as a template it clones, so one template per (URI, options) serves every publish; the pool lookup, the
acquire and the publish are nameko's and kombu's own, unchanged (a pool reset after a fork still rebuilds pools).
Likewise the RPC exchange: nameko makes a new `kombu.Exchange` for every request and every reply; an unbound exchange
is never changed by publishing (binding makes a bound copy), so one per exchange name serves them all.

kombu's producer pool also acquires a pooled connection, revives the producer on it (a channel promise, a bound exchange)
and undoes all of it on release, every publish: about a twelfth of the gateway's CPU on a read (issue 30). So each
template keeps its own idle producers, each on its own connection, channel and all, ready for the next publish; a
publish that raises discards its producer (closing its connection, as the pool replaces a connection that failed), and
beyond IDLE_MAX producers in use at once the overflow goes through kombu's pool as before.
"""

import functools
import logging
import os
from contextlib import contextmanager

from kombu import Connection, Exchange, Producer
from kombu.pools import producers
from nameko import rpc
from nameko.amqp import publish
from nameko.constants import DEFAULT_TRANSPORT_OPTIONS, RPC_EXCHANGE_CONFIG_KEY

_TEMPLATES: dict[tuple, Connection] = {}
_TEMPLATES_MAX = 64  # distinct (URI, options) a process publishes with: a handful; bounded all the same
IDLE_MAX = 16  # producers (connections) a template keeps ready: about the most publishes a process has in flight
_IDLE: dict[tuple, list[Producer]] = {}
_IN_USE: dict[tuple, int] = {}
log = logging.getLogger(__name__)


def _forget_after_fork() -> None:  # a child must not publish on its parent's sockets
    _IDLE.clear()
    _IN_USE.clear()


os.register_at_fork(after_in_child=_forget_after_fork)


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
    idle = _IDLE.setdefault(key, [])
    if not idle and _IN_USE.get(key, 0) >= IDLE_MAX:
        with producers[template].acquire(block=True) as producer:
            yield producer
        return
    producer = idle.pop() if idle else Producer(template.clone())
    _IN_USE[key] = _IN_USE.get(key, 0) + 1
    try:
        yield producer
    except BaseException:
        _discard(producer)
        raise
    else:
        if _IDLE.get(key) is idle:  # not forgotten meanwhile (fork)
            idle.append(producer)
    finally:
        _IN_USE[key] = max(0, _IN_USE.get(key, 0) - 1)


def _discard(producer: Producer) -> None:
    try:
        producer.connection.close()
    except Exception as exc:  # noqa: BLE001 - a connection that failed may fail to close too; it is dropped either way
        log.debug("closing a failed publisher connection: %s", exc)


@functools.lru_cache(maxsize=16)
def _rpc_exchange(name: str) -> Exchange:
    return Exchange(name, durable=True, type="topic")


def get_rpc_exchange(config) -> Exchange:
    """nameko.rpc.get_rpc_exchange, one Exchange per name."""
    return _rpc_exchange(config.get(RPC_EXCHANGE_CONFIG_KEY, "nameko-rpc"))


def install() -> None:
    publish.get_producer = get_producer
    rpc.get_rpc_exchange = get_rpc_exchange
