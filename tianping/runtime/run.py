"""`make run`: start the whole system (tianping.runtime.launcher.System), print the URLs, restart a component that
dies (with a growing pause), and on Ctrl-C or SIGTERM stop every child cleanly.

    python -m tianping.runtime.run
"""

import os
import signal
import socket
import sys
import time
from pathlib import Path

from tianping import SERVICE_NAMES
from tianping.infra import broker
from tianping.lib import config as cfg
from tianping.lib import logs
from tianping.runtime.components import COMPONENTS
from tianping.runtime.launcher import StartupError, System


def claim_data_dir(settings: cfg.Settings) -> Path:
    """One `make run` per data dir and per set of ports: a second one would answer readiness with the first one's
    components and then crash-loop on taken ports. Refuse it with one line instead."""
    pid_file = settings.data_dir / "launcher.pid"
    try:
        other = int(pid_file.read_text().strip())
        if other != os.getpid() and "tianping.runtime.run" in Path(f"/proc/{other}/cmdline").read_text():
            raise StartupError(f"another `make run` (pid {other}) is using {settings.data_dir}; stop it first "
                               f"or set TIANPING_DATA_DIR")
    except (OSError, ValueError):
        pass  # no pid file, or its process is gone
    ports = [(settings.gateway_port, "GATEWAY_PORT")]
    ports += [(settings.metrics_port(c.name), "TIANPING_METRICS_BASE_PORT") for c in COMPONENTS
              if settings.metrics_port(c.name)]
    if not settings.mongodb_uri:
        ports += [(port, "TIANPING_STORE_PORT") for port in sorted({settings.store_port_for(name)
                                                                     for name in (None, *SERVICE_NAMES)})]
    for port, variable in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                raise StartupError(f"port {port} is already in use (is another `make run` running?); stop it or "
                                   f"set {variable}") from None
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    pid_file.write_text(str(os.getpid()))
    return pid_file


class Restarts:
    """A component that keeps dying is restarted with a growing pause (1 s, 2 s, ... 30 s), not in a hot loop."""

    def __init__(self):
        self.failures: dict[str, tuple[int, float]] = {}

    def due(self, name: str, now: float) -> bool:
        return now >= self.failures.get(name, (0, 0.0))[1]

    def record(self, name: str, now: float) -> float:
        count, _ = self.failures.get(name, (0, 0.0))
        pause = min(2 ** count, 30)
        self.failures[name] = (count + 1, now + pause)
        return pause


def main() -> int:
    settings = cfg.settings()
    logs.configure("launcher")
    log_dir = settings.data_dir / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    system = System(settings, log_dir)
    stopping = []

    def on_signal(signum, _frame):
        stopping.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)  # also when started in the background, where SIGINT is inherited ignored
    pid_file = None
    try:
        pid_file = claim_data_dir(settings)
        print(f"tianping: data in {settings.data_dir}, logs in {log_dir}", flush=True)
        system.start_dependencies()
        print(f"tianping: store {'embedded at ' + system.mongodb_uri if system.store else 'external (MONGODB_URI)'}, "
              f"broker {broker.redact(settings.amqp_uri)}", flush=True)
        for name, uri in system.service_stores.items():
            print(f"tianping: {name}'s own store at {uri}", flush=True)
        system.start_all()
        took = system.wait_ready(timeout=60)
        announce(system, settings, took)
        supervise(system, log_dir)
    except KeyboardInterrupt:
        print("\ntianping: stopping ...", flush=True)
        return 0
    except StartupError as exc:
        print(f"tianping: error: {exc}", file=sys.stderr, flush=True)
        return 2
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt a clean stop
        stop(system, log_dir, pid_file)


def announce(system: System, settings: cfg.Settings, took: dict[str, float]) -> None:
    """Where everything is, once every component is ready."""
    print(f"tianping: all components ready in {max(took.values()):.1f}s", flush=True)
    print(f"  gateway   {system.gateway_url}", flush=True)
    print(f"  API docs  {system.gateway_url}/docs   (spec: {system.gateway_url}/openapi.json)", flush=True)
    print(f"  readiness {system.gateway_url}/readyz", flush=True)
    for c in system.components:
        port = settings.metrics_port(c.name)
        if port:
            print(f"  metrics   {c.name:<10} http://127.0.0.1:{port}/metrics", flush=True)
    print("Ctrl-C stops everything.", flush=True)


def supervise(system: System, log_dir: Path) -> None:
    """Restart a component that exited (Restarts paces one that keeps dying), until a signal interrupts."""
    restarts = Restarts()
    while True:
        now = time.monotonic()
        for name, proc in list(system.processes.items()):
            if proc.poll() is not None and restarts.due(name, now):
                pause = restarts.record(name, now)
                print(f"tianping: {name} exited ({proc.returncode}); restarting it (next restart no sooner "
                      f"than {pause}s; see {log_dir / (name + '.log')})", flush=True)
                system.spawn(system.component(name))
        time.sleep(1)


def stop(system: System, log_dir: Path, pid_file: Path | None) -> None:
    """Stop every child, say which had to be killed, and give the data dir back."""
    system.stop()
    for name in system.killed:
        print(f"tianping: {name} did not stop within 20s of SIGTERM and was killed; see "
              f"{log_dir / (name + '.log')}", flush=True)
    if pid_file is not None:
        pid_file.unlink(missing_ok=True)
    print("tianping: stopped.", flush=True)

if __name__ == "__main__":
    sys.exit(main())
