"""Prometheus metrics: one registry per process, served on the component's own port.

The Metrics provider records every entrypoint's count, outcome and latency; the Probes provider
(tianping.infra.probes) serves the registry on the component's port. Domain metrics are module-level
objects declared here so all services share one set of names.
"""

import importlib.metadata
import time

from nameko.extensions import DependencyProvider
from prometheus_client import Counter, Gauge, Histogram

from tianping.lib import clock
from tianping.lib import config as cfg
from tianping.lib.errors import http_status_and_code

ENTRYPOINT_CALLS = Counter("tianping_entrypoint_calls_total", "Entrypoint invocations",
                           ["service", "entrypoint", "outcome"])
ENTRYPOINT_LATENCY = Histogram("tianping_entrypoint_seconds", "Entrypoint latency", ["service", "entrypoint"],
                               buckets=(.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5))
BLACKLIST_SIZE = Gauge("tianping_blacklist_size", "Subjects currently blacklisted (per replica)", ["service"])
BLACKLIST_APPLIED_SEQ = Gauge("tianping_blacklist_applied_seq", "Last blacklist sequence applied", ["service"])
BLACKLIST_AUTHORITY_HEAD = Gauge("tianping_blacklist_authority_head", "Authority head sequence as last seen",
                                 ["service"])
BLACKLIST_LAG = Gauge("tianping_blacklist_lag", "Authority head minus applied sequence", ["service"])
BLACKLIST_PROPAGATION = Histogram(
    "tianping_blacklist_propagation_seconds", "Decision commit -> applied in a service replica", ["service"],
    buckets=(.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30))
BLACKLIST_REPAIRS = Counter("tianping_blacklist_repairs_total",
                            "Changes applied by gap fill or anti-entropy rather than by the event", ["service"])
BLACKLIST_LOST = Counter("tianping_blacklist_lost_in_restore_total",
                         "Changes a replica had applied that its authority's restored log no longer holds", ["service"])
BLACKLIST_EPOCH_ROTATIONS = Counter("tianping_blacklist_epoch_rotations_total",
                                    "Times the authority started a new log epoch (a restore was detected)", ["reason"])
BLACKLIST_COMMIT_BATCH = Histogram("tianping_blacklist_commit_batch_size",
                                   "Changes committed together in one authority transaction (group commit)",
                                   buckets=(1, 2, 5, 10, 20, 50, 100, 200))
DEAD_LETTERS = Counter("tianping_dead_letters_total", "Event messages parked after their handler gave up",
                       ["service", "event"])
DEADLINES_FIRED = Counter("tianping_deadlines_fired_total", "Deadlines fired by the sweeper, by kind and outcome",
                          ["service", "kind", "outcome"])
DEADLINE_LAG = Histogram("tianping_deadline_lag_seconds", "How late a deadline fired after it fell due", ["service"],
                         buckets=(.5, 1, 2.5, 5, 10, 30, 60, 300, 900))
STORE_COMMANDS = Counter("tianping_store_commands_total", "Store round trips (pymongo commands) by the service "
                         "whose database they address and the kind of work that sent them", ["service", "work"])
STORE_SLOW_COMMANDS = Counter("tianping_store_slow_commands_total", "Store commands slower than "
                              "TIANPING_SLOW_STORE_COMMAND_MS (each also logged with its collection)",
                              ["service", "command"])
STORE_WORK_HANDLED = Counter("tianping_store_work_changes_total", "Blacklist changes handled by a kind of work "
                             "(committed by the authority, applied by a replica): divide round trips by it",
                             ["service", "work"])
OUTBOX_PENDING = Gauge("tianping_outbox_pending", "Blacklist changes committed but not yet confirmed published")

HTTP_REQUESTS = Counter("tianping_http_requests_total", "Gateway requests by route template",
                        ["route", "method", "status_class"])
HTTP_SERVER_ERRORS = Counter("tianping_http_server_errors_total", "Gateway 5xx responses by route template and "
                              "status code (504: a service did not answer in time; 503: not running or store down)",
                              ["route", "method", "status"])
HTTP_LATENCY = Histogram("tianping_http_request_seconds", "Gateway request latency by route template",
                         ["route", "method"], buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10))
# Domain metrics, named once here, bounded labels only (kinds, outcomes, rule IDs of the catalogue; never ids).
DECISIONS = Counter("tianping_decisions_total", "Decisions by what was decided and the outcome (applications, "
                    "listings, after-sale requests, dispute cases)", ["service", "kind", "outcome"])
FINDINGS = Counter("tianping_review_findings_total", "Listing review findings by kind and rule", ["kind", "rule_id"])
REVIEW_QUEUE_DEPTH = Gauge("tianping_review_queue_depth", "Items waiting for a reviewer", ["service", "kind"])
REVIEW_QUEUE_OLDEST = Gauge("tianping_review_queue_oldest_seconds", "Age of the oldest item waiting for a reviewer",
                            ["service", "kind"])
DEADLINES_DUE = Gauge("tianping_deadlines_due", "Deadlines due and not yet fired, as the last sweep found", ["service"])
AFTERSALE_BREACHES = Counter("tianping_aftersale_breaches_total", "After-sale deadlines missed, by deadline kind",
                             ["kind"])
DISPUTES_OPEN = Gauge("tianping_disputes_open", "Open dispute cases by state", ["state"])
COMPENSATION_PAID = Counter("tianping_advance_compensation_paid_cents_total",
                            "Advance compensation paid to buyers (cents of CNY)")
LIVE_SEGMENTS_IN = Counter("tianping_live_segments_in_total", "Live-room segments received, by path (http, amqp)",
                           ["source"])
LIVE_SEGMENTS_DECIDED = Counter("tianping_live_segments_decided_total", "Live-room segments decided (new ones; a "
                                "redelivered seq is not decided twice), by segment kind and decision",
                                ["kind", "decision"])
LIVE_SEGMENTS_HIDDEN = Counter("tianping_live_segments_hidden_total", "Viewers' comments hidden from live rooms")
LIVE_SEGMENTS_REFUSED = Counter("tianping_live_segments_refused_total",
                                "Live-room segments refused over AMQP (session stopped, ended or unknown)")
LIVE_DECISION_SECONDS = Histogram("tianping_live_decision_seconds", "A batch of live-room segments from receipt "
                                  "to decisions stored and the policy applied",
                                  buckets=(.005, .01, .025, .05, .1, .2, .35, .5, 1, 2.5, 5))
LIVE_SESSIONS = Gauge("tianping_live_sessions", "Live sessions on air, as the last count found")
LIVE_SESSIONS_OPENED = Counter("tianping_live_sessions_opened_total", "Live sessions opened")
LIVE_WARNINGS = Counter("tianping_live_host_warnings_total", "Hosts warned by a live session's policy")
LIVE_STOPS = Counter("tianping_live_streams_stopped_total", "Live streams stopped by policy, by reason", ["reason"])


def observe_queue(service: str, kind: str, depth: int, oldest_at) -> None:
    """A review queue's depth and the age of its oldest item (0 when empty)."""
    REVIEW_QUEUE_DEPTH.labels(service, kind).set(depth)
    REVIEW_QUEUE_OLDEST.labels(service, kind).set(
        (clock.now() - clock.aware(oldest_at)).total_seconds() if oldest_at else 0)


BUILD_INFO = Gauge("tianping_build_info", "Which build this process runs (always 1)", ["version", "commit"])


def build() -> tuple[str, str]:
    try:
        version = importlib.metadata.version("tianping")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    return version, cfg.env("TIANPING_COMMIT", "unknown")


def outcome(exc_info, result=None) -> str:
    """ok, expected_error (a typed 4xx-style refusal: the system working as it should) or error. An HTTP entrypoint
    answers every failure with a response rather than raising: its status decides (a 504 from a service that did not
    answer is an error of the gateway's call, not "ok")."""
    if not exc_info:
        status = getattr(result, "status_code", None)
        if isinstance(status, int) and status >= 400:
            return "expected_error" if status < 500 else "error"
        return "ok"
    status, _ = http_status_and_code(exc_info[1])
    return "expected_error" if status < 500 else "error"


def observe_http(route: str, method: str, status: int, seconds: float) -> None:
    HTTP_REQUESTS.labels(route, method, f"{status // 100}xx").inc()
    if status >= 500:
        HTTP_SERVER_ERRORS.labels(route, method, str(status)).inc()
    HTTP_LATENCY.labels(route, method).observe(seconds)


class Metrics(DependencyProvider):
    def setup(self):
        BUILD_INFO.labels(*build()).set(1)
        self._started = {}
        # Series that count rare things start at 0, so rates, dashboards and alerts see 0 rather than nothing.
        service = self.container.service_name
        for entrypoint in self.container.entrypoints:
            for result in ("ok", "expected_error", "error"):
                ENTRYPOINT_CALLS.labels(service, entrypoint.method_name, result)
            event_type = getattr(entrypoint, "event_type", None)
            if event_type:
                DEAD_LETTERS.labels(service, event_type)
        BLACKLIST_REPAIRS.labels(service)
        BLACKLIST_LOST.labels(service)
        DEADLINE_LAG.labels(service)

    def worker_setup(self, worker_ctx):
        self._started[worker_ctx] = time.perf_counter()

    def worker_result(self, worker_ctx, result=None, exc_info=None):
        started = self._started.pop(worker_ctx, None)
        service, name = self.container.service_name, worker_ctx.entrypoint.method_name
        ENTRYPOINT_CALLS.labels(service, name, outcome(exc_info, result)).inc()
        if started is not None:
            ENTRYPOINT_LATENCY.labels(service, name).observe(time.perf_counter() - started)
