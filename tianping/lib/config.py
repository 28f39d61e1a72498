"""Configuration from environment variables. Every variable the system reads is listed here once."""

import os
from dataclasses import dataclass
from pathlib import Path

from tianping import SERVICE_NAMES

DEFAULT_AMQP_URI = "amqp://guest:guest@127.0.0.1:5672/"
DEFAULT_STORE_PORT = 27717
DEFAULT_GATEWAY_PORT = 8000
# Each service exposes Prometheus metrics on its own port: base + index in SERVICE_NAMES; gateway = base + 5.
DEFAULT_METRICS_BASE_PORT = 9101
STORE_LAYOUTS = ("per-service", "shared")

# (variable, default, meaning) — rendered into the README's configuration table.
VARIABLES = (
    ("AMQP_URI", DEFAULT_AMQP_URI, "RabbitMQ connection URI (vhost included)."),
    ("MONGODB_URI", "(unset)", "MongoDB URI; unset starts the embedded SecantusDB store under the data dir."),
    ("TIANPING_DATA_DIR", "var/", "Where the embedded store, logs and pid files live."),
    ("TIANPING_STORE_PORT", str(DEFAULT_STORE_PORT), "Loopback port of the embedded store."),
    ("TIANPING_STORES", "per-service", "Without MONGODB_URI: `per-service` puts each service's database in an embedded "
     "store process of its own (ports TIANPING_STORE_PORT+1..+5; the gateway keeps the one at TIANPING_STORE_PORT), "
     "2.1x the completed requests/s of one store at 150/s offered on 2 cores (README, issue 30); `shared`: one "
     "store for every database. verify-audit and backup find each database's store the same way."),
    ("TIANPING_DB_PREFIX", "tianping", "Database name prefix; each service uses `<prefix>_<service>`."),
    ("GATEWAY_PORT", str(DEFAULT_GATEWAY_PORT), "HTTP port of the gateway."),
    ("METRICS_PORT", "(from the base port)", "Port of one component's /metrics, /livez and /readyz (0: none). The "
     "launcher sets it per component from TIANPING_METRICS_BASE_PORT; the Kubernetes manifests use 9100."),
    ("TIANPING_METRICS_BASE_PORT", str(DEFAULT_METRICS_BASE_PORT),
     "First Prometheus port; services use base+0..4, the gateway base+5. 0 disables metrics servers."),
    ("TIANPING_RPC_TIMEOUT", "5", "Seconds any RPC waits for a reply before failing (504 at the gateway)."),
    ("TIANPING_JWT_SECRET", "(generated)", "HS256 secret for gateway tokens, at least 32 bytes; unset: a random one is "
     "generated into the data dir (mode 0600) on first use."),
    ("TIANPING_JWT_PUBLIC_KEY", "(unset)", "PEM public key; when set the gateway accepts RS256 tokens only."),
    ("TIANPING_JWT_JWKS_URL", "(unset)", "JWKS URL of the identity provider; when set the gateway accepts RS256 tokens "
     "signed by its keys."),
    ("TIANPING_JWT_AUDIENCE", "(unset)", "Audience tokens must name; required with a public key or JWKS URL."),
    ("TIANPING_JWT_ISSUER", "(unset)", "Issuer tokens must name; required with a public key or JWKS URL."),
    ("TIANPING_LOG_LEVEL", "INFO", "Log level of every process (JSON lines on stderr)."),
    ("TIANPING_JWT_SECRET_PREVIOUS", "(unset)", "The HS256 secret being rotated out: it still verifies (never signs) "
     "until unset, so tokens issued before a rotation stay valid through the window."),
    ("TIANPING_JWT_JWKS_FILE", "(unset)", "A JWKS document on disk (e.g. a mounted ConfigMap); RS256 keys chosen by "
     "the token's kid. Needs the audience and issuer like a JWKS URL."),
    ("TIANPING_CONSOLE_SECRET", "(unset)", "Key of the staff console's CSRF tokens (the same in every gateway replica); "
     "unset: derived from TIANPING_JWT_SECRET, or (RS256 only) random per gateway process. Also seals the sign-in "
     "flow cookie of the identity provider's flow: set it when several gateway replicas use one."),
    ("TIANPING_OIDC_ISSUER", "(unset)", "Issuer URL of the identity provider the staff console signs in through "
     "(OpenID Connect authorization-code flow with PKCE; endpoints from its /.well-known/openid-configuration; https "
     "but on localhost). Unset: the console's sign-in page takes a pasted bearer token."),
    ("TIANPING_OIDC_CLIENT_ID", "(unset)", "The console's client ID at the identity provider: the audience its ID "
     "tokens must name."),
    ("TIANPING_OIDC_CLIENT_SECRET", "(unset)", "The console's client secret (client_secret_basic at the token "
     "endpoint); unset: a public client (PKCE only). From a Secret, never a ConfigMap."),
    ("TIANPING_OIDC_REDIRECT_URI", "(from the request)", "The callback URL registered at the identity provider, "
     "e.g. https://console.example.com/console/callback; unset: the request's own host + /console/callback."),
    ("TIANPING_RATE_LIMIT_PER_SECOND", "200", "Gateway requests per second per principal (token bucket, per instance)."),
    ("TIANPING_RATE_LIMIT_SHARED", "0", "1: the per-principal limit also holds across gateway replicas (a 10 s "
     "fixed-window counter in the gateway's database, one atomic upsert per request; fails open if the store is "
     "down). The Kubernetes manifests set 1."),
    ("TIANPING_RATE_LIMIT_BURST", "400", "Gateway burst size per principal."),
    ("TIANPING_REPUTATION_WORKERS", "100", "Concurrent workers of a reputation process: the blacklist's group commit "
     "batches what they bring, so more workers mean larger batches under load."),
    ("TIANPING_LIVE_INGEST_WORKERS", "2", "Of listing's 20 workers, how many live ingestion over AMQP may take at once "
     "(the prefetch of its segment queue's own consumer): a backlog of segment batches leaves the rest to the RPCs — "
     "replay, reviews, draft checks — and the other handlers. At most 19."),
    ("TIANPING_LIVE_HTTP_INGEST_WORKERS", "6", "How many segment batches posted over HTTP listing works on at once, with "
     "a queue as long (at most 2 s in it); past both a batch is refused 429 with Retry-After, storing nothing — a "
     "flood of posts holds at most twice this many of listing's 20 workers. A batch's time in the system, not its "
     "CPU, fills the slots: at 9 batches/s and ~0.4 s each under a full load, 2 slots refused some (make load)."),
    ("TIANPING_CASCADE_BATCH", "200", "Listings whose stored status one batch of an MCN cascade writes (at most 500); "
     "the cascade itself holds for every reader as soon as it is applied."),
    ("TIANPING_STATUS_MOVE_BATCH", "100", "Subjects onboarding moves per batch when many change status for one cause "
     "(an MCN's hosts suspended at its blacklisting, restored at the lift): per batch one read, one conditional "
     "update, one audit insert, one event and the cursor (at most 500; the embedded store compares each document "
     "with every id of an `_id $in`, so larger batches cost it quadratically)."),
    ("TIANPING_CASCADE_PAUSE_SECONDS", "0.3", "Listing's least pause between two batches of a cascade's stored "
     "statuses (it waits as long as the batch took, at least this), so other requests get the store between them."),
    ("TIANPING_STORE_OPLOG", "0", "1: the embedded store writes its oplog (for change streams, which nothing here "
     "uses). Off by default: an oplog entry per document written cost a fifth of the store's CPU on each insert and "
     "update. MongoDB in production keeps its own."),
    ("TIANPING_SLOW_STORE_COMMAND_MS", "250", "A store command slower than this is logged (with its collection) and "
     "counted in tianping_store_slow_commands_total."),
    ("TIANPING_ANTI_ENTROPY_SECONDS", "2", "How often each service compares its blacklist replica with the authority."),
    ("TIANPING_COMMIT", "(git HEAD)", "The build's commit, reported by tianping_build_info; the launcher sets it."),
    ("TIANPING_SWEEP_SECONDS", "2", "How often each service sweeps its due deadlines (tianping.platform.deadlines)."),
    ("TIANPING_DEADLINE_LEASE_SECONDS", "60", "How long a sweeper's claim on a deadline lasts; a claimer that died "
     "holds its deadlines this long before another sweep fires them."),
    ("TIANPING_PROMISE_SETTLE_SECONDS", "300", "Aftersale: how old a refund promise no move took up (the process "
     "died between the promise and the move, or the move and its payout) must be before its check releases or pays "
     "it; longer than any request runs."),
    ("TIANPING_READY_REPLICA_SECONDS", "30", "A service reports not ready (/readyz on its metrics port) while its "
     "blacklist replica has been behind the authority's head for longer than this."),
    ("TIANPING_QUEUE_TYPE", "classic", "Type of the durable event and dead-letter queues: classic, or quorum on a "
     "RabbitMQ cluster (replicated; set it before the queues are first declared: a queue's type cannot change)."),
    ("TIANPING_AUDIT_CHECKPOINT_SECONDS", "60", "How often each service publishes its audit chain's head (count, "
     "hash) for another service to keep (tianping.platform.audit.WITNESS), so a rewritten chain is detected."),
    ("TIANPING_PURGE_SECONDS", "3600", "How often onboarding minimises the personal data of subjects whose "
     "retention window (R-XC-03) has ended."),
    ("TIANPING_TTL_PURGE_SECONDS", "60", "How often each process (every service and the gateway) deletes what its "
     "collections' TTL indexes expire (command log, idempotency keys, rate windows, buyer days), in batches of 50 "
     "through the index (tianping.infra.ttlpurge): the embedded store runs with its own TTL sweeper off, which held "
     "the whole store 1.9 s a minute at 100,000 such records. Harmless beside MongoDB's TTL monitor."),
    ("TIANPING_TIMEZONE", "Asia/Shanghai", "The platform's time zone: calendar periods of the rules are counted in it."),
    ("TIANPING_CLOCK_SKEW_SECONDS", "300", "How far in the future a time that must have happened (paid, delivered, "
     "issued, occurred) may be and still be taken: the sender's clock may run ahead. Later ones are refused "
     "(422 inconsistent, naming the field)."),
    ("TIANPING_ENV", "development", "The environment: `production` (set by the prod overlay) refuses test clocks at "
     "start-up."),
    ("TIANPING_TEST_CLOCKS", "0", "1 turns on test clocks for QA (tianping.platform.testclock): POST /v1/test-clock/advance "
     "moves every service's clock forward and fires the deadlines now due. Never in production: a process started "
     "with it and TIANPING_ENV=production exits with code 2."),
)


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def durable_queue_arguments(queue_type: str | None = None) -> dict:
    """Arguments of every durable queue Tianping declares (every declaration of a queue must carry the same: a
    mismatch is PRECONDITION_FAILED and the consumer never starts). `queue_type` defaults to TIANPING_QUEUE_TYPE."""
    queue_type = queue_type or env("TIANPING_QUEUE_TYPE", "classic")
    if queue_type not in ("classic", "quorum"):
        raise ValueError(f"TIANPING_QUEUE_TYPE must be classic or quorum, not {queue_type!r}")
    return {"x-queue-type": "quorum"} if queue_type == "quorum" else {}


@dataclass(frozen=True)
class Settings:
    amqp_uri: str
    mongodb_uri: str | None
    data_dir: Path
    store_port: int
    db_prefix: str
    gateway_port: int
    metrics_base_port: int
    rpc_timeout: float
    stores: str = "per-service"

    def database_name(self, service: str) -> str:
        return f"{self.db_prefix}_{service}"

    def store_port_for(self, service: str | None) -> int:
        """The embedded store holding `service`'s database: its own with per-service stores (the ports after the shared
        one's, in SERVICE_NAMES order); the shared one otherwise, and for anything that is not a service."""
        if self.stores == "per-service" and service in SERVICE_NAMES:
            return self.store_port + SERVICE_NAMES.index(service) + 1
        return self.store_port

    def store_uri(self, service: str | None = None) -> str:
        """Where `service`'s database lives: MONGODB_URI when set (every database in it), else its embedded store."""
        return self.mongodb_uri or embedded_store_uri(self.store_port_for(service))

    def metrics_port(self, component: str) -> int:
        if not self.metrics_base_port:
            return 0
        names = (*SERVICE_NAMES, "gateway")
        return self.metrics_base_port + names.index(component)


def embedded_store_uri(port: int) -> str:
    """Without retryable writes: the embedded store keeps a record of them that it scans twice on every retryable
    write (27% of its CPU on a merchant's answer), one store on loopback has no failover for a retry to ride, and every
    write of ours is once-only by its own key or condition, so a redelivered message repeats it safely instead."""
    return f"mongodb://127.0.0.1:{port}/?directConnection=true&retryWrites=false"


def store_layout() -> str:
    layout = env("TIANPING_STORES", STORE_LAYOUTS[0])
    if layout not in STORE_LAYOUTS:
        raise ValueError(f"TIANPING_STORES must be one of {', '.join(STORE_LAYOUTS)}, not {layout!r}")
    return layout


def settings() -> Settings:
    return Settings(
        amqp_uri=env("AMQP_URI", DEFAULT_AMQP_URI),
        mongodb_uri=env("MONGODB_URI"),
        data_dir=Path(env("TIANPING_DATA_DIR", "var")).resolve(),
        store_port=int(env("TIANPING_STORE_PORT", str(DEFAULT_STORE_PORT))),
        db_prefix=env("TIANPING_DB_PREFIX", "tianping"),
        gateway_port=int(env("GATEWAY_PORT", str(DEFAULT_GATEWAY_PORT))),
        metrics_base_port=int(env("TIANPING_METRICS_BASE_PORT", str(DEFAULT_METRICS_BASE_PORT))),
        rpc_timeout=float(env("TIANPING_RPC_TIMEOUT", "5")),
        stores=store_layout(),
    )


def rpc_timeout(config: dict | None = None) -> float:
    """RPC timeout from a nameko container config (set by the YAML) or the environment."""
    if config and config.get("RPC_TIMEOUT"):
        return float(config["RPC_TIMEOUT"])
    return float(env("TIANPING_RPC_TIMEOUT", "5"))
