"""JSON structured logging with a correlation id carried gateway -> RPC -> events.

nameko copies `worker_ctx.context_data` into AMQP headers on every RPC and event it sends, so a
correlation id placed there travels on its own; the Correlation provider puts it there (new if absent)
and into a greenlet-local so every log line of the worker carries it.
"""

import json
import logging
import os
import re
import sys
import threading
import uuid
from datetime import UTC, datetime

from nameko.extensions import DependencyProvider

CONTEXT_KEY = "correlation_id"
_local = threading.local()  # greenlet-local once eventlet has monkey-patched threading


def current_correlation_id() -> str | None:
    return getattr(_local, "correlation_id", None)


def set_correlation_id(value: str | None) -> None:
    _local.correlation_id = value


# Personal data never reaches a log in clear (R-XC-10): one scrubber, applied to every line every component writes.
_PII_FIELDS = re.compile(r"""(["']?(?:real_name|address|id_number|credit_code|contact_phone|legal_representative_id"""
                         r"""|legal_representative|birth_date|broadcaster_id_number)["']?\s*[:=]\s*)(["'])(.*?)\2""")
_PII_PATTERNS = (
    re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])"),                        # resident ID number
    re.compile(r"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])"),  # credit code
    re.compile(r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d{9}(?!\d)"),                              # mobile number
    re.compile(r"\+86[ -]?\d{2,4}[ -]?\d{3,4}[ -]?\d{4}"),                                 # landline with country code
)


def scrub(text: str) -> str:
    """`text` with identity fields' values and anything shaped like an ID number, credit code or phone masked."""
    text = _PII_FIELDS.sub(lambda m: f"{m.group(1)}{m.group(2)}***{m.group(2)}", text)
    for pattern in _PII_PATTERNS:
        text = pattern.sub(lambda m: "*" * max(len(m.group(0)) - 4, 0) + m.group(0)[-4:], text)
    return text


class JsonFormatter(logging.Formatter):
    def __init__(self, component: str = ""):
        super().__init__()
        self.component = component

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "component": self.component,
            "logger": record.name,
            "msg": scrub(record.getMessage()),
            "correlation_id": current_correlation_id(),
        }
        entrypoint = getattr(_local, "entrypoint", None)
        if entrypoint:
            line["entrypoint"] = entrypoint
        for key in ("event", "subject_id", "seq", "rule_ids", "service"):
            if hasattr(record, key):
                line[key] = getattr(record, key)
        if record.exc_info:
            line["exc"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def configure(component: str, level: str | None = None) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(component))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level or os.environ.get("TIANPING_LOG_LEVEL", "INFO"))
    logging.getLogger("pika").setLevel(logging.CRITICAL)  # broker failures are reported by us, in one line
    logging.getLogger("amqp").setLevel(logging.ERROR)  # "method during closing channel" on unknown-service pings


class Correlation(DependencyProvider):
    """Ensures every worker has a correlation id and exposes it to the service."""

    def worker_setup(self, worker_ctx):
        data = worker_ctx.data  # worker_ctx.context_data is a copy; nameko sends .data as headers
        if not data.get(CONTEXT_KEY):
            data[CONTEXT_KEY] = uuid.uuid4().hex
        set_correlation_id(data[CONTEXT_KEY])
        _local.entrypoint = getattr(worker_ctx.entrypoint, "method_name", None)

    def worker_teardown(self, worker_ctx):
        set_correlation_id(None)
        _local.entrypoint = None

    def get_dependency(self, worker_ctx):
        return worker_ctx.context_data.get(CONTEXT_KEY)


class WorkerContext(DependencyProvider):
    """Gives an entrypoint its own worker context (e.g. to set the correlation id from X-Request-Id)."""

    def get_dependency(self, worker_ctx):
        return worker_ctx
