"""The one way a component starts, in a container and under `make run` alike.

    python -m tianping.runtime.entrypoint <component>   # onboarding | listing | aftersale | dispute | reputation | gateway
    python -m tianping.runtime.entrypoint topology      # declare the durable queues and create every index, then exit
    python -m tianping.runtime.entrypoint wait-topology <component> [seconds]   # exit 0 once its queues are declared

The image's ENTRYPOINT is `python -m tianping.runtime.entrypoint`, the Kubernetes manifests pass the component name as the
only argument, and the launcher (`make run`, the integration tests, the benchmarks) spawns exactly this command, so
what runs in production is what is tested here. A component replaces this process with `nameko run` (exec), so
signals reach nameko directly and it finishes running workers on SIGTERM.
"""

import os
import sys
from pathlib import Path

from tianping.runtime.components import COMPONENTS

USAGE = "usage: python -m tianping.runtime.entrypoint {%s|topology|wait-topology <component> [seconds]}"
WAIT_SECONDS = 600  # the topology Job's own activeDeadlineSeconds


def components() -> dict:
    return {c.name: c for c in COMPONENTS}


def command(name: str) -> list[str]:
    """The argv that runs component `name` (what this entrypoint execs)."""
    component = components()[name]
    nameko = Path(sys.executable).with_name("nameko")
    return [str(nameko), "run", "--config", str(component.config_path), component.target]


def topology() -> None:
    """Before a rollout: the broker's durable queues (events sent before a queue exists are dropped) and each
    service's indexes, created by the same providers that create them when a service starts."""
    # Only this step needs the providers: a component execs `nameko run` without loading them here first.
    from nameko.containers import ServiceContainer

    from tianping.infra import broker, db
    from tianping.lib import config as cfg
    from tianping.platform import audit, blacklist, deadlines

    settings = cfg.settings()
    classes = [c.service_class for c in components().values()]
    broker.declare_topology(settings.amqp_uri, classes)
    config = {"AMQP_URI": settings.amqp_uri, "MONGODB_URI": settings.mongodb_uri or db.mongo_uri({})}
    for cls in classes:
        container = ServiceContainer(cls, config)
        for provider in container.dependencies:
            if isinstance(provider, (db.Database, deadlines.Deadlines, blacklist.BlacklistReplica, audit.AuditTrail)):
                provider.setup()
        print(f"topology: {cls.name} queues declared, indexes created", flush=True)


def wait_topology(name: str, seconds: float, poll: float = 2.0) -> int:
    """The services' init container under plain `kubectl apply -k` (no Argo CD wave to order them): wait until the
    topology Job has declared every queue `name` consumes (the dead-letter queue, its event queues), so no event
    is published before its queue exists. Exit 0 when they are there, 1 naming the missing ones after `seconds`."""
    import time

    from tianping.infra import broker
    from tianping.lib import config as cfg

    component = components()[name]
    wanted = broker.topology_queues(component.service_class)
    deadline = time.monotonic() + seconds
    while True:
        try:
            missing = broker.missing_queues(cfg.settings().amqp_uri, wanted)
        except Exception as exc:  # noqa: BLE001 - the broker may not be up yet: keep waiting
            missing = [f"(broker: {exc.__class__.__name__})"]
        if not missing:
            print(f"wait-topology: {name}: {len(wanted)} queues declared", flush=True)
            return 0
        if time.monotonic() >= deadline:
            print(f"wait-topology: {name}: still missing after {seconds:g}s: {', '.join(missing)}", file=sys.stderr,
                  flush=True)
            return 1
        time.sleep(poll)


def main(argv: list[str]) -> int:
    names = components()
    if len(argv) in (2, 3) and argv[0] == "wait-topology" and argv[1] in names:
        return wait_topology(argv[1], float(argv[2]) if len(argv) == 3 else WAIT_SECONDS)
    if len(argv) != 1 or argv[0] not in [*names, "topology"]:
        print(USAGE % "|".join(names), file=sys.stderr)
        return 2
    if argv[0] == "topology":
        topology()
        return 0
    from tianping.platform.testclock import refusal

    problem = refusal()
    if problem:  # a production process never runs with a movable clock
        print(f"{argv[0]}: {problem}", file=sys.stderr)
        return 2
    args = command(argv[0])
    os.execv(args[0], args)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
