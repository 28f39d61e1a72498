"""The whole system as separate processes (the way it runs in production): the store, the broker check, all five
services and the gateway; wait until each answers; stop every child cleanly — services first, the embedded store
last. `make run` (tianping.runtime.run), the integration tests and the benchmarks start it with this System class.
"""

import functools
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field, replace
from pathlib import Path

from nameko.standalone.rpc import ClusterRpcProxy

from tianping import SERVICE_NAMES
from tianping.infra import broker, db, jwt_secret
from tianping.infra.store import EmbeddedStore, StoreError
from tianping.lib import config as cfg
from tianping.runtime.components import COMPONENTS, ROOT, Component


class StartupError(RuntimeError):
    pass


@functools.cache
def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=5).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


@dataclass
class System:
    settings: cfg.Settings
    log_dir: Path
    extra_env: dict = field(default_factory=dict)
    components: tuple = COMPONENTS
    store: EmbeddedStore | None = None
    mongodb_uri: str | None = None
    processes: dict = field(default_factory=dict)
    killed: list = field(default_factory=list)   # components that did not stop on SIGTERM in time (last stop)
    jwt_secret: str | None = None
    service_stores: dict = field(default_factory=dict)  # component -> its own store's URI (TIANPING_STORES, bench)
    service_store_processes: dict = field(default_factory=dict)  # the embedded stores this launcher started for them

    # -- dependencies -------------------------------------------------------------------------------
    def start_dependencies(self, log=print) -> None:
        if not (cfg.env("TIANPING_JWT_PUBLIC_KEY") or cfg.env("TIANPING_JWT_JWKS_URL")):
            try:  # the gateway's signing secret: configured (>= 32 bytes) or generated into the data dir
                self.jwt_secret = jwt_secret.resolve(self.settings.data_dir, self.extra_env.get("TIANPING_JWT_SECRET")
                                                     or cfg.env("TIANPING_JWT_SECRET"))
            except jwt_secret.SecretRefused as exc:
                raise StartupError(str(exc)) from None
        try:
            broker.ensure_broker(self.settings.amqp_uri, log=log)
        except broker.BrokerUnavailable as exc:
            raise StartupError(str(exc)) from None
        if self.settings.mongodb_uri:
            try:
                db.ping(self.settings.mongodb_uri)
            except Exception as exc:  # noqa: BLE001
                raise StartupError(f"MongoDB does not answer at MONGODB_URI ({type(exc).__name__}: "
                                   f"{str(exc).splitlines()[0][:160]}); fix MONGODB_URI or unset it "
                                   f"to use the embedded store") from None
            self.mongodb_uri = self.settings.mongodb_uri
        else:
            self.store = EmbeddedStore(self.settings.data_dir / "store", self.settings.store_port,
                                       self.log_dir / "store.log")
            try:
                self.mongodb_uri = self.store.start()
                self.start_service_stores()
            except StoreError as exc:
                raise StartupError(str(exc)) from None
        # With the queue type the children will declare (their environment may set it, not only ours).
        broker.declare_topology(self.settings.amqp_uri, [c.service_class for c in self.components],
                                queue_type=self.extra_env.get("TIANPING_QUEUE_TYPE"))

    def start_service_stores(self) -> None:
        """TIANPING_STORES=per-service: each service's database in an embedded store of its own, on the ports after
        the shared one's (one store process is one core at most; five let the services' writes use both)."""
        if (self.extra_env.get("TIANPING_STORES") or self.settings.stores) != "per-service":
            return
        for name in SERVICE_NAMES:
            port = replace(self.settings, stores="per-service").store_port_for(name)
            store = EmbeddedStore(self.settings.data_dir / f"store-{name}", port, self.log_dir / f"store-{name}.log")
            self.service_store_processes[name] = store
            self.service_stores[name] = store.start()

    # -- processes ----------------------------------------------------------------------------------
    def env_for(self, component: Component) -> dict:
        env = dict(os.environ)
        env.update({
            "AMQP_URI": self.settings.amqp_uri,
            "MONGODB_URI": self.service_stores.get(component.name, self.mongodb_uri),
            "TIANPING_DB_PREFIX": self.settings.db_prefix,
            "GATEWAY_PORT": str(self.settings.gateway_port),
            "METRICS_PORT": str(self.settings.metrics_port(component.name)),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
            "PYTHONUNBUFFERED": "1",
            "PYTHONWARNINGS": "ignore",
        })
        env.setdefault("TIANPING_COMMIT", _commit())  # tianping_build_info{version,commit} on every component
        if component.name == "gateway" and self.jwt_secret:
            env["TIANPING_JWT_SECRET"] = self.jwt_secret  # only the gateway verifies tokens
        env.update({k: v for k, v in self.extra_env.items() if k != "TIANPING_JWT_SECRET"})
        return env

    def spawn(self, component: Component) -> subprocess.Popen:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_dir / f"{component.name}.log", "ab")  # noqa: SIM115 - lives with the child
        # The container's entrypoint, with the argument the Kubernetes manifests give it: one way to start.
        proc = subprocess.Popen(
            [sys.executable, "-m", "tianping.runtime.entrypoint", component.name],
            cwd=ROOT, env=self.env_for(component), stdout=log, stderr=log, start_new_session=True)
        self.processes[component.name] = proc
        return proc

    def start_all(self) -> None:
        for component in self.components:
            self.spawn(component)

    def component(self, name: str) -> Component:
        return next(c for c in self.components if c.name == name)

    def wait_ready(self, names=None, timeout: float = 60.0) -> dict[str, float]:
        """Block until each named component answers (RPC ping / gateway /healthz). Returns seconds each."""
        names = list(names or [c.name for c in self.components])
        started, ready = time.monotonic(), {}
        deadline = started + timeout
        with ClusterRpcProxy({"AMQP_URI": self.settings.amqp_uri}, timeout=2) as cluster:
            while len(ready) < len(names):
                for name in names:
                    if name in ready:
                        continue
                    proc = self.processes.get(name)
                    if proc is not None and proc.poll() is not None:
                        raise StartupError(f"{name} exited with code {proc.returncode}; "
                                           f"see {self.log_dir / (name + '.log')}")
                    if self._answers(cluster, name):
                        ready[name] = time.monotonic() - started
                if time.monotonic() > deadline:
                    missing = sorted(set(names) - set(ready))
                    raise StartupError(f"not ready within {timeout:.0f}s: {', '.join(missing)}; "
                                       f"see logs in {self.log_dir}")
                if len(ready) < len(names):
                    time.sleep(0.2)
        return ready

    def _answers(self, cluster, name: str) -> bool:
        try:
            if name == "gateway":
                with urllib.request.urlopen(f"{self.gateway_url}/healthz", timeout=1) as resp:
                    return resp.status == 200
            return getattr(cluster, name).ping()["status"] == "ok"
        except Exception:  # noqa: BLE001 - not up yet
            return False

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.gateway_port}"

    def stop_component(self, name: str, sig=signal.SIGTERM, timeout: float = 20.0, signalled: bool = False) -> bool:
        """Stop one component; False when it had to be killed because it did not stop within `timeout`."""
        proc = self.processes.pop(name, None)
        if proc is None or proc.poll() is not None:
            return True
        try:
            if not signalled:  # once: a second SIGTERM makes nameko stop its timers twice and hang until killed
                os.killpg(proc.pid, sig)
            proc.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return False
        except ProcessLookupError:
            return True

    def stop(self) -> None:
        for name in list(self.processes):
            proc = self.processes[name]
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)  # nameko stops gracefully: workers finish, then exit
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 20
        self.killed = [name for name in list(self.processes)
                       if not self.stop_component(name, timeout=max(0.1, deadline - time.monotonic()), signalled=True)]
        for store in [*self.service_store_processes.values(), self.store]:
            if store is not None:
                store.stop()
