"""Embedded MongoDB-wire store: runs the SecantusDB server (WiredTiger under the data dir) on loopback.

Only the launcher and the tests use this, and only when MONGODB_URI is unset; nothing else in the code
knows which server is behind MONGODB_URI.

The store runs with its TTL sweeper off (`[storage] ttl_sweep_seconds = 0` in the secantusd.toml written beside its
data): the sweeper decodes every document of every TTL-indexed collection under the store's one lock each minute
(1.9 s at 100,000 records, every other command waiting; bench/ttl_sweep.py). Each process purges its own TTL
collections in small batches instead (tianping.infra.ttlpurge).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pymongo

from tianping.lib import config as cfg

CONFIG = """# Written by tianping.infra.store at each start.
[storage]
ttl_sweep_seconds = 0   # no TTL sweeper: each process purges its own TTL collections (tianping.infra.ttlpurge)
"""


class StoreError(RuntimeError):
    pass


def server_factory(config_path: Path):
    """SecantusDBServer with the config file's `ttl_sweep_seconds` (secantus 0.7.0b3 reads the key from the file, but
    its command line never hands it to the server: the sweeper ran every 60 s whatever the file said), and without its
    oplog unless TIANPING_STORE_OPLOG=1. The store advertises a single-node replica set (transactions need one) and
    so wrote an oplog entry for every document written, which nothing here reads (no change streams; backups dump
    the databases): a fifth of its CPU on an insert or an update, measured on this machine (issue 30)."""
    from secantus.config import load_config
    from secantus.server import SecantusDBServer

    config, _ = load_config(Path(config_path))
    keep_oplog = cfg.env("TIANPING_STORE_OPLOG", "0") == "1"

    def server(*args, **kwargs):
        made = SecantusDBServer(*args, ttl_sweep_seconds=config.ttl_sweep_seconds, **kwargs)
        made.storage.enable_oplog = keep_oplog  # its tables stay: switching it on again later is safe
        return made

    return server


def serve() -> None:
    """The store process: SecantusDB's own command line, its server made by server_factory."""
    from secantus import cli

    cli.SecantusDBServer = server_factory(cli.build_parser().parse_args().config)
    sys.exit(cli.main())


class EmbeddedStore:
    def __init__(self, data_dir: Path, port: int, log_path: Path | None = None):
        self.data_dir = Path(data_dir)
        self.port = port
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @property
    def config_path(self) -> Path:
        return self.data_dir.with_name(f"{self.data_dir.name}.secantusd.toml")

    @property
    def uri(self) -> str:
        return cfg.embedded_store_uri(self.port)

    def start(self, timeout: float = 30.0) -> str:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(CONFIG)
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        cmd = [sys.executable, "-c", "from tianping.infra.store import serve; serve()", "--config", str(self.config_path),
               "--host", "127.0.0.1", "--port", str(self.port),
               "--storage-path", str(self.data_dir), "--log-level", "WARNING"]
        # Own session: a Ctrl-C in the terminal reaches the launcher, which stops the store last.
        self.process = subprocess.Popen(cmd, stdout=log, stderr=log, start_new_session=True)
        self.wait_ready(timeout)
        return self.uri

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise StoreError(f"embedded store exited with code {self.process.returncode}"
                                 f" (port {self.port} in use? see {self.log_path})")
            try:
                client = pymongo.MongoClient(self.uri, serverSelectionTimeoutMS=500, connectTimeoutMS=500)
                client.admin.command("ping")
                client.close()
                return
            except Exception as exc:  # noqa: BLE001 - not up yet
                last = exc
                time.sleep(0.2)
        self.stop()
        raise StoreError(f"embedded store did not answer ping on port {self.port} within {timeout:.0f}s ({last})")

    def stop(self, timeout: float = 15.0) -> None:
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)  # WiredTiger checkpoints and closes on SIGTERM
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
