"""The one way a component starts, in a container and under `make run` alike.

    python -m tianping.runtime.entrypoint <component>   # onboarding | listing | aftersale | dispute | reputation | gateway
    python -m tianping.runtime.entrypoint topology      # declare the durable queues and create every index, then exit

The image's ENTRYPOINT is `python -m tianping.runtime.entrypoint`, the Kubernetes manifests pass the component name as the
only argument, and the launcher (`make run`, the integration tests, the benchmarks) spawns exactly this command, so
what runs in production is what is tested here. A component replaces this process with `nameko run` (exec), so
signals reach nameko directly and it finishes running workers on SIGTERM.
"""

import os
import sys
from pathlib import Path

from tianping.runtime.components import COMPONENTS

USAGE = "usage: python -m tianping.runtime.entrypoint {%s|topology}"


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


def main(argv: list[str]) -> int:
    names = components()
    if len(argv) != 1 or argv[0] not in [*names, "topology"]:
        print(USAGE % "|".join(names), file=sys.stderr)
        return 2
    if argv[0] == "topology":
        topology()
        return 0
    args = command(argv[0])
    os.execv(args[0], args)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
