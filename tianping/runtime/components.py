"""What runs: the five services and the gateway, each a nameko service class started by `nameko run` with its
config file. The launcher, the entrypoint, the topology step, the manifests and the docs all read this list."""

import importlib
from dataclasses import dataclass
from pathlib import Path

from tianping import SERVICE_NAMES

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Component:
    name: str
    target: str          # module:Class for `nameko run`
    config_path: Path

    @property
    def service_class(self):
        module, cls = self.target.split(":")
        return getattr(importlib.import_module(module), cls)


COMPONENTS = tuple(
    Component(name, f"services.{name}.service:{name.capitalize()}Service", ROOT / "services" / name / "config.yaml")
    for name in SERVICE_NAMES
) + (Component("gateway", "gateway.service:GatewayService", ROOT / "gateway" / "config.yaml"),)
