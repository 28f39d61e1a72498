"""`make manifests`: the Kubernetes manifests as plain YAML under deploy/k8s/ (checked in; a test fails when they are
stale). Two kustomizations a platform team applies and deletes separately:

- base/ + overlays/dev, overlays/prod — the application in namespace `tianping` (pod-security `restricted`):
  ConfigMap, the topology-and-indexes Job, per component a ServiceAccount, Deployment, Service,
  PodDisruptionBudget and autoscaler (workloads.py); NetworkPolicies (policies.py); ServiceMonitor and PrometheusRule.
  No PersistentVolumeClaim: `kubectl delete -k overlays/prod` never deletes data.
- data/base + data/dev, data/prod (prod sizing) — the data plane in namespace `tianping-data` (pod-security `baseline`): broker,
  database, TLS, users, RBAC, budgets, exporter (dataplane.py), its NetworkPolicies, the backup volume and CronJobs
  (backups.py).

Written from the code so every component gets the same treatment and a new service or event queue appears in the
manifests without anyone remembering to add it. No Secret value lives here (docs/operations.md makes them).

    python -m deploy.k8s.generate                                   # write every manifest
    python -m deploy.k8s.generate --pin-digests built-digests.json  # CI: record the image digests, then write

`--pin-digests` takes {"tianping": "<registry>/<repository>@sha256:<64 hex>"} (what the build pushed), stores it as
deploy/k8s/digests.json and writes the prod overlay's kustomize `images:` with that digest.
"""

import json
import re
import sys
from pathlib import Path

import yaml

from tianping.runtime.components import COMPONENTS

from . import backups, dataplane, policies, workloads
from .common import BROKER, DATA_NAMESPACE, HERE, IMAGE, NAMESPACE, PART_OF, ROOT, STORE, kustomization
from .workloads import CONFIG, GRACE_SECONDS, PRE_STOP_SECONDS, REPUTATION_MAX, queues, topology_job_name  # noqa: F401

DIGESTS = HERE / "digests.json"
PINNED = re.compile(r"^(?P<name>[a-z0-9][a-z0-9./:_-]*)@(?P<digest>sha256:[0-9a-f]{64})$")


def monitoring() -> list[dict]:
    rules = yaml.safe_load((ROOT / "deploy" / "prometheus" / "rules.yaml").read_text())
    return [
        {"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor",
         "metadata": {"name": "tianping", "labels": {**PART_OF, "release": "prometheus"}},
         # job="tianping" as in deploy/prometheus/*.yml, so the same alert rules and dashboards apply; the target's
         # `service` label is the component (TianpingComponentAbsent), the metrics' own `service` label wins.
         "spec": {"jobLabel": "app.kubernetes.io/part-of",
                  "selector": {"matchLabels": PART_OF}, "namespaceSelector": {"matchNames": [NAMESPACE]},
                  "endpoints": [{"port": "metrics", "interval": "15s", "path": "/metrics", "honorLabels": True}]}},
        {"apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule",
         "metadata": {"name": "tianping", "labels": {**PART_OF, "release": "prometheus"}},
         "spec": {"groups": rules["groups"]}},
    ]


def base() -> dict[str, list[dict] | dict]:
    files = {
        "namespace.yaml": [policies.namespaces()[0]],
        "config.yaml": [workloads.config_map(), workloads.trigger_authentication()],
        "topology-job.yaml": workloads.topology_objects(),
        "network-policies.yaml": policies.app_policies(),
        "monitoring.yaml": monitoring(),
        **workloads.all_components(),
    }
    files["kustomization.yaml"] = kustomization(list(files), NAMESPACE)
    return files


def data() -> dict[str, list[dict] | dict]:
    files = {
        "namespace.yaml": [policies.namespaces()[1]],
        "rbac.yaml": dataplane.rbac(),
        "tls.yaml": dataplane.tls(),
        "rabbitmq.yaml": [dataplane.rabbitmq()],
        "mongodb.yaml": [dataplane.mongodb()],
        "budgets.yaml": dataplane.budgets(),
        "network-policies.yaml": policies.data_policies(),
        "monitoring.yaml": dataplane.exporter() + dataplane.monitors(),
        "backups.yaml": [backups.volume_claim(), *backups.cron_jobs()],
    }
    files["kustomization.yaml"] = kustomization(list(files), DATA_NAMESPACE)
    return files


def replicas_patch(kind: str, field: str, value: int, names: list[str]) -> list[dict]:
    return [{"target": {"kind": kind, "name": name},
             "patch": json.dumps([{"op": "replace", "path": f"/spec/{field}", "value": value}])}
            for name in names]


def data_dev() -> dict:
    """One broker node, one replica-set member, a small backup volume (dev clusters)."""
    storage = json.dumps([{"op": "replace", "path": "/spec/resources/requests/storage", "value": "5Gi"}])
    return kustomization(["../base"], patches=(
        replicas_patch("RabbitmqCluster", "replicas", 1, [BROKER])
        + replicas_patch("MongoDBCommunity", "members", 1, [STORE])
        + [{"target": {"kind": "PersistentVolumeClaim", "name": backups.PVC}, "patch": storage}]))


def pinned_image() -> dict:
    """The prod overlay's image by digest, from deploy/k8s/digests.json (written by --pin-digests)."""
    recorded = json.loads(DIGESTS.read_text())[IMAGE]
    match = PINNED.match(recorded)
    if not match:
        raise ValueError(f"{DIGESTS.name}: {IMAGE} must be <name>@sha256:<64 hex>, not {recorded!r}")
    return {"name": IMAGE, "newName": match["name"], "digest": match["digest"]}


def overlay(name: str) -> dict:
    components = [c.name for c in COMPONENTS]
    services = [c for c in components if c != "gateway"]
    scaled_out = [c for c in services if c != "reputation"]  # reputation stays within REPUTATION_MAX
    if name == "dev":
        patches = (replicas_patch("ScaledObject", "minReplicaCount", 1, services)
                   + replicas_patch("ScaledObject", "maxReplicaCount", 2, services)
                   + replicas_patch("HorizontalPodAutoscaler", "minReplicas", 1, ["gateway"]))
        return kustomization(["../../base"],
                             labels=[{"pairs": {"tianping.dev/environment": "dev"}, "includeSelectors": False}],
                             configMapGenerator=[{"name": "tianping", "behavior": "merge",
                                                  "literals": ["TIANPING_LOG_LEVEL=DEBUG"]}],
                             generatorOptions={"disableNameSuffixHash": True},
                             images=[{"name": IMAGE, "newName": "registry.local/tianping", "newTag": "dev"}],
                             patches=patches)
    return kustomization(["../../base"],
                         labels=[{"pairs": {"tianping.dev/environment": "prod"}, "includeSelectors": False}],
                         # Production never runs a movable clock: a process with test clocks on and
                         # TIANPING_ENV=production exits.
                         configMapGenerator=[{"name": "tianping", "behavior": "merge",
                                              "literals": ["TIANPING_ENV=production", "TIANPING_TEST_CLOCKS=0"]}],
                         generatorOptions={"disableNameSuffixHash": True},
                         # pinned by digest: `python -m deploy.k8s.generate --pin-digests <built.json>` (CI)
                         images=[pinned_image()],
                         patches=(replicas_patch("ScaledObject", "minReplicaCount", 3, scaled_out)
                                  + replicas_patch("ScaledObject", "maxReplicaCount", 20, scaled_out)
                                  + replicas_patch("HorizontalPodAutoscaler", "minReplicas", 3, ["gateway"])))


class _Dumper(yaml.SafeDumper):
    """Block sequences indented under their key, as kubectl and yamllint's default expect."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _text(dumper, value: str):
    style = "|" if "\n" in value else None  # PromQL and runbooks keep their lines
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(doc) -> str:
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, width=120, allow_unicode=True)


HEADER = "# Generated by `make manifests` (deploy/k8s/generate.py); edit the generator, not this file.\n"


def render() -> dict[Path, str]:
    out = {}
    for folder, files in (("base", base()), ("data/base", data())):
        for name, objects in files.items():
            docs = objects if isinstance(objects, list) else [objects]
            out[HERE / folder / name] = HEADER + "---\n".join(dump(doc) for doc in docs)
    out[HERE / "data" / "dev" / "kustomization.yaml"] = HEADER + dump(data_dev())
    out[HERE / "data" / "prod" / "kustomization.yaml"] = HEADER + dump(kustomization(["../base"]))
    for name in ("dev", "prod"):
        out[HERE / "overlays" / name / "kustomization.yaml"] = HEADER + dump(overlay(name))
    return out


def stale() -> list[Path]:
    return [path for path, text in render().items() if not path.exists() or path.read_text() != text]


def pin_digests(source: Path) -> None:
    """Record the digests CI built (refusing anything but <name>@sha256:<64 hex>) for the prod overlay."""
    recorded = json.loads(source.read_text())
    for image, reference in recorded.items():
        if not PINNED.match(str(reference)):
            raise SystemExit(f"{source}: {image}: {reference!r} is not <name>@sha256:<64 hex>")
    DIGESTS.write_text(json.dumps(recorded, indent=2, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--pin-digests"] and len(argv) == 2:
        pin_digests(Path(argv[1]))
    elif argv:
        print("usage: python -m deploy.k8s.generate [--pin-digests DIGESTS.json]", file=sys.stderr)
        return 2
    for path, text in render().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
