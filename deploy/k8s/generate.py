"""`make manifests`: the Kubernetes manifests as plain YAML under deploy/k8s/ (checked in; a test fails when they are
stale), one Kustomize base and the `dev` and `prod` overlays.

Written from the code rather than by hand so that every component gets the same treatment and a new service or a new
event queue appears in the manifests (its Deployment, probes, PodDisruptionBudget, KEDA trigger on each of its
queues) without anyone remembering to add it:

- base/: Namespace, ConfigMap, the topology-and-indexes Job, per component a ServiceAccount, Deployment, Service and
  PodDisruptionBudget; per service a KEDA ScaledObject on its RabbitMQ queues and CPU, for the gateway a CPU
  HorizontalPodAutoscaler; NetworkPolicies; ServiceMonitor and PrometheusRule (the rules of deploy/prometheus/
  rules.yaml); the production data plane: a RabbitmqCluster (Cluster Operator) and a MongoDBCommunity replica set.
- overlays/dev: one replica of everything, a one-node broker and a one-member replica set, small requests.
- overlays/prod: three of each data-plane member, more replicas, the image pinned by the release.

No Secret value lives here: the pods read the Secret `tianping` (AMQP_URI, MONGODB_URI, TIANPING_JWT_SECRET), made
at install time as docs/operations.md shows.
"""

import json
import sys
from pathlib import Path

import yaml

from tianping.infra import broker
from tianping.runtime.components import COMPONENTS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NAMESPACE = "tianping"
IMAGE = "tianping"
PART_OF = {"app.kubernetes.io/part-of": "tianping"}
METRICS_PORT, GATEWAY_PORT = 9100, 8000
BROKER, STORE = "tianping-rabbitmq", "tianping-mongodb"
# nameko finishes running workers on SIGTERM; the longest is a deadline sweep batch or a blacklist cascade batch,
# a few seconds each, and an RPC waits at most TIANPING_RPC_TIMEOUT (5 s). 60 s leaves a wide margin.
GRACE_SECONDS = 60
PRE_STOP_SECONDS = 5  # endpoints and load balancers drop the pod before it stops taking work

CONFIG = {
    "TIANPING_DB_PREFIX": "tianping",
    "TIANPING_RPC_TIMEOUT": "5",
    "TIANPING_LOG_LEVEL": "INFO",
    "TIANPING_TIMEZONE": "Asia/Shanghai",
    "TIANPING_ANTI_ENTROPY_SECONDS": "2",
    "TIANPING_SWEEP_SECONDS": "2",
    "TIANPING_DEADLINE_LEASE_SECONDS": "60",
    "TIANPING_READY_REPLICA_SECONDS": "30",
    "TIANPING_QUEUE_TYPE": "quorum",
    "METRICS_PORT": str(METRICS_PORT),
    "GATEWAY_PORT": str(GATEWAY_PORT),
}


def labels(name: str) -> dict:
    return {"app.kubernetes.io/name": name, "app.kubernetes.io/component": "gateway" if name == "gateway"
            else "service", **PART_OF}


def selector(name: str) -> dict:
    return {"app.kubernetes.io/name": name}


def security_context() -> dict:
    return {"runAsNonRoot": True, "runAsUser": 10001, "runAsGroup": 10001, "readOnlyRootFilesystem": True,
            "allowPrivilegeEscalation": False, "privileged": False, "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"}}


def container(name: str, args: list[str]) -> dict:
    ports = [{"name": "metrics", "containerPort": METRICS_PORT}]
    if name == "gateway":
        ports.insert(0, {"name": "http", "containerPort": GATEWAY_PORT})
        ready = {"httpGet": {"path": "/readyz", "port": "http"}}
    else:
        ready = {"httpGet": {"path": "/readyz", "port": "metrics"}}
    return {
        "name": name,
        "image": f"{IMAGE}:latest",
        "imagePullPolicy": "Always",
        "args": args,
        "envFrom": [{"configMapRef": {"name": "tianping"}}],
        "env": [{"name": key, "valueFrom": {"secretKeyRef": {"name": "tianping", "key": key,
                                                             "optional": key == "TIANPING_JWT_SECRET"}}}
                for key in (["AMQP_URI", "MONGODB_URI"] + (["TIANPING_JWT_SECRET"] if name == "gateway" else []))],
        "ports": ports,
        # The event loop answers on the metrics port (tianping.infra.probes); a starting process gets 2 minutes.
        "startupProbe": {"httpGet": {"path": "/livez", "port": "metrics"}, "periodSeconds": 5,
                         "failureThreshold": 24, "timeoutSeconds": 3},
        "livenessProbe": {"httpGet": {"path": "/livez", "port": "metrics"}, "periodSeconds": 10,
                          "failureThreshold": 3, "timeoutSeconds": 3},
        "readinessProbe": {**ready, "periodSeconds": 10, "failureThreshold": 2, "timeoutSeconds": 5},
        "lifecycle": {"preStop": {"sleep": {"seconds": PRE_STOP_SECONDS}}},
        "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"cpu": "1", "memory": "1Gi"}},
        "securityContext": security_context(),
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
    }


def pod_spec(name: str, containers: list[dict], restart: str | None = None) -> dict:
    spec = {
        "serviceAccountName": name,
        "automountServiceAccountToken": False,
        "securityContext": {"runAsNonRoot": True, "runAsUser": 10001, "runAsGroup": 10001, "fsGroup": 10001,
                            "seccompProfile": {"type": "RuntimeDefault"}},
        "containers": containers,
        "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}],
    }
    if restart:
        spec["restartPolicy"] = restart
    return spec


def deployment(name: str) -> dict:
    spec = pod_spec(name, [container(name, [name])])
    spec["terminationGracePeriodSeconds"] = GRACE_SECONDS
    spec["topologySpreadConstraints"] = [
        {"maxSkew": 1, "topologyKey": key, "whenUnsatisfiable": "ScheduleAnyway",
         "labelSelector": {"matchLabels": selector(name)}}
        for key in ("topology.kubernetes.io/zone", "kubernetes.io/hostname")]
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "labels": labels(name)},
        "spec": {
            "replicas": 2,
            "revisionHistoryLimit": 5,
            "selector": {"matchLabels": selector(name)},
            # One new pod at a time, none taken away before its replacement is ready: consumers hand over.
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}},
            "template": {"metadata": {"labels": labels(name)}, "spec": spec},
        },
    }


def service(name: str) -> dict:
    ports = [{"name": "metrics", "port": METRICS_PORT, "targetPort": "metrics"}]
    if name == "gateway":
        ports.insert(0, {"name": "http", "port": 80, "targetPort": "http"})
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "labels": labels(name)},
            "spec": {"selector": selector(name), "ports": ports}}


def service_account(name: str) -> dict:
    return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "labels": labels(name)},
            "automountServiceAccountToken": False}


def disruption_budget(name: str) -> dict:
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": name, "labels": labels(name)},
            "spec": {"maxUnavailable": 1, "selector": {"matchLabels": selector(name)}}}


def queues(component) -> list[str]:
    """The queues a service consumes: its RPC queue and one durable queue per event it subscribes to."""
    return [f"rpc-{component.name}"] + [queue for _, queue, _ in broker.event_queues(component.service_class)]


def scaled_object(component) -> dict:
    triggers = [{"type": "rabbitmq", "name": queue[:63].rstrip("-."),
                 "metadata": {"protocol": "amqp", "queueName": queue, "mode": "QueueLength", "value": "50"},
                 "authenticationRef": {"name": "tianping-rabbitmq"}}
                for queue in queues(component)]
    triggers.append({"type": "cpu", "metricType": "Utilization", "metadata": {"value": "70"}})
    return {"apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject",
            "metadata": {"name": component.name, "labels": labels(component.name)},
            "spec": {"scaleTargetRef": {"name": component.name}, "minReplicaCount": 2, "maxReplicaCount": 10,
                     "pollingInterval": 15, "cooldownPeriod": 300, "triggers": triggers}}


def autoscaler(name: str) -> dict:
    return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": name, "labels": labels(name)},
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
                     "minReplicas": 2, "maxReplicas": 10,
                     "metrics": [{"type": "Resource", "resource": {
                         "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}]}}


def component_objects(component) -> list[dict]:
    name = component.name
    objects = [service_account(name), deployment(name), service(name), disruption_budget(name)]
    objects.append(autoscaler(name) if name == "gateway" else scaled_object(component))
    return objects


def namespace() -> dict:
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE, "labels": {
        **PART_OF, "pod-security.kubernetes.io/enforce": "restricted"}}}


def config_map() -> dict:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "tianping", "labels": PART_OF},
            "data": dict(CONFIG)}


def topology_job() -> dict:
    spec = pod_spec("topology", [{**container("topology", ["topology"]), "ports": []}], restart="OnFailure")
    job_container = spec["containers"][0]
    for probe in ("startupProbe", "livenessProbe", "readinessProbe", "lifecycle"):
        job_container.pop(probe)
    job_container.pop("ports")
    return {"apiVersion": "batch/v1", "kind": "Job",
            "metadata": {"name": "tianping-topology", "labels": {**PART_OF, "app.kubernetes.io/name": "topology"},
                         # Argo CD / Flux: run before the services roll out, again on every sync.
                         "annotations": {"argocd.argoproj.io/hook": "PreSync",
                                         "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation"}},
            "spec": {"backoffLimit": 10, "ttlSecondsAfterFinished": 86400, "activeDeadlineSeconds": 600,
                     "template": {"metadata": {"labels": {**PART_OF, "app.kubernetes.io/name": "topology"}},
                                  "spec": spec}}}


def trigger_authentication() -> dict:
    return {"apiVersion": "keda.sh/v1alpha1", "kind": "TriggerAuthentication",
            "metadata": {"name": "tianping-rabbitmq", "labels": PART_OF},
            "spec": {"secretTargetRef": [{"parameter": "host", "name": "tianping", "key": "AMQP_URI"}]}}


def service_account_topology() -> dict:
    return {"apiVersion": "v1", "kind": "ServiceAccount",
            "metadata": {"name": "topology", "labels": {**PART_OF, "app.kubernetes.io/name": "topology"}},
            "automountServiceAccountToken": False}


def network_policies() -> list[dict]:
    app_pods = {"matchLabels": PART_OF}
    broker_pods = {"matchLabels": {"app.kubernetes.io/name": BROKER}}
    store_pods = {"matchLabels": {"app": f"{STORE}-svc"}}
    dns = {"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
                   "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}],
           "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]}

    def from_namespace(name):
        return {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": name}}}

    def policy(name, pod_selector, ingress=None, egress=None):
        types = [t for t, rules in (("Ingress", ingress), ("Egress", egress)) if rules is not None]
        spec = {"podSelector": pod_selector, "policyTypes": types}
        if ingress is not None:
            spec["ingress"] = ingress
        if egress is not None:
            spec["egress"] = egress
        return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                "metadata": {"name": name, "labels": PART_OF}, "spec": spec}

    return [
        # Nothing in or out unless a policy below allows it.
        policy("default-deny", {}, ingress=[], egress=[]),
        # Only the gateway is reachable from outside the namespace (its HTTP port).
        policy("gateway-ingress", {"matchLabels": selector("gateway")},
               ingress=[{"ports": [{"protocol": "TCP", "port": GATEWAY_PORT}]}]),
        # Prometheus (namespace monitoring) scrapes every component's metrics port.
        policy("prometheus-scrape", app_pods,
               ingress=[{"from": [from_namespace("monitoring")],
                         "ports": [{"protocol": "TCP", "port": METRICS_PORT}]}]),
        # Components reach the broker, their database and DNS, nothing else.
        policy("components-egress", app_pods, egress=[
            {"to": [{"podSelector": broker_pods}], "ports": [{"protocol": "TCP", "port": 5672}]},
            {"to": [{"podSelector": store_pods}], "ports": [{"protocol": "TCP", "port": 27017}]},
            dns]),
        # The broker: clients on 5672, KEDA reads queue depth, its nodes cluster among themselves, the operator
        # manages it, Prometheus scrapes its metrics.
        policy("rabbitmq", broker_pods,
               ingress=[{"from": [{"podSelector": app_pods}], "ports": [{"protocol": "TCP", "port": 5672}]},
                        {"from": [from_namespace("keda")], "ports": [{"protocol": "TCP", "port": 5672},
                                                                    {"protocol": "TCP", "port": 15672}]},
                        {"from": [from_namespace("rabbitmq-system")],
                         "ports": [{"protocol": "TCP", "port": 15672}]},
                        {"from": [from_namespace("monitoring")], "ports": [{"protocol": "TCP", "port": 15692}]},
                        {"from": [{"podSelector": broker_pods}]}],
               egress=[{"to": [{"podSelector": broker_pods}]}, dns]),
        # The replica set: clients and members on 27017, the operator's agents among the members.
        policy("mongodb", store_pods,
               ingress=[{"from": [{"podSelector": app_pods}, {"podSelector": store_pods}],
                         "ports": [{"protocol": "TCP", "port": 27017}]},
                        {"from": [from_namespace("mongodb-operator")]}],
               egress=[{"to": [{"podSelector": store_pods}]}, dns]),
    ]


def monitoring() -> list[dict]:
    rules = yaml.safe_load((ROOT / "deploy" / "prometheus" / "rules.yaml").read_text())
    return [
        {"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor",
         "metadata": {"name": "tianping", "labels": {**PART_OF, "release": "prometheus"}},
         # job="tianping" as in deploy/prometheus/*.yml, so the same alert rules and dashboards apply.
         "spec": {"jobLabel": "app.kubernetes.io/part-of",
                  "selector": {"matchLabels": PART_OF}, "namespaceSelector": {"matchNames": [NAMESPACE]},
                  "endpoints": [{"port": "metrics", "interval": "15s", "path": "/metrics"}]}},
        {"apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule",
         "metadata": {"name": "tianping", "labels": {**PART_OF, "release": "prometheus"}},
         "spec": {"groups": rules["groups"]}},
    ]


def data_plane() -> list[dict]:
    return [
        # RabbitMQ Cluster Operator. Durable event queues are quorum queues (TIANPING_QUEUE_TYPE in the ConfigMap):
        # replicated on the nodes, so a node lost keeps every event.
        {"apiVersion": "rabbitmq.com/v1beta1", "kind": "RabbitmqCluster",
         "metadata": {"name": BROKER, "labels": PART_OF},
         "spec": {"replicas": 3, "image": "rabbitmq:3.13.7-management",
                  "resources": {"requests": {"cpu": "1", "memory": "2Gi"}, "limits": {"cpu": "2", "memory": "2Gi"}},
                  "persistence": {"storage": "20Gi"},
                  "rabbitmq": {"additionalConfig": "cluster_partition_handling = pause_minority\n"
                                                   "vm_memory_high_watermark.relative = 0.8\n"},
                  "override": {"statefulSet": {"spec": {"template": {"spec": {"topologySpreadConstraints": [
                      {"maxSkew": 1, "topologyKey": "kubernetes.io/hostname",
                       "whenUnsatisfiable": "DoNotSchedule",
                       "labelSelector": {"matchLabels": {"app.kubernetes.io/name": BROKER}}}]}}}}}}},
        # MongoDB Community Operator: a replica set; the user's password comes from a Secret made at install time.
        {"apiVersion": "mongodbcommunity.mongodb.com/v1", "kind": "MongoDBCommunity",
         "metadata": {"name": STORE, "labels": PART_OF},
         "spec": {"members": 3, "type": "ReplicaSet", "version": "7.0.14",
                  "security": {"authentication": {"modes": ["SCRAM"]}},
                  "users": [{"name": "tianping", "db": "admin",
                             "passwordSecretRef": {"name": "tianping-mongodb-password"},
                             "roles": [{"name": "readWriteAnyDatabase", "db": "admin"},
                                       {"name": "clusterMonitor", "db": "admin"}],
                             "scramCredentialsSecretName": "tianping-mongodb-scram"}],
                  "additionalMongodConfig": {"storage.wiredTiger.engineConfig.journalCompressor": "zstd"}}},
    ]


def base() -> dict[str, list[dict] | dict]:
    files = {
        "namespace.yaml": [namespace()],
        "config.yaml": [config_map(), trigger_authentication()],
        "topology-job.yaml": [service_account_topology(), topology_job()],
        "network-policies.yaml": network_policies(),
        "monitoring.yaml": monitoring(),
        "data-plane.yaml": data_plane(),
    }
    for component in COMPONENTS:
        files[f"{component.name}.yaml"] = component_objects(component)
    files["kustomization.yaml"] = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "namespace": NAMESPACE,
        "resources": [name for name in files],
    }
    return files


def replicas_patch(kind: str, field: str, value: int, names: list[str]) -> list[dict]:
    return [{"target": {"kind": kind, "name": name},
             "patch": json.dumps([{"op": "replace", "path": f"/spec/{field}", "value": value}])}
            for name in names]


def overlay(name: str) -> dict:
    components = [c.name for c in COMPONENTS]
    services = [c for c in components if c != "gateway"]
    if name == "dev":
        patches = (replicas_patch("Deployment", "replicas", 1, components)
                   + replicas_patch("ScaledObject", "minReplicaCount", 1, services)
                   + replicas_patch("ScaledObject", "maxReplicaCount", 2, services)
                   + replicas_patch("HorizontalPodAutoscaler", "minReplicas", 1, ["gateway"])
                   + replicas_patch("RabbitmqCluster", "replicas", 1, [BROKER])
                   + replicas_patch("MongoDBCommunity", "members", 1, [STORE]))
        return {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
                "resources": ["../../base"],
                "labels": [{"pairs": {"tianping.dev/environment": "dev"}, "includeSelectors": False}],
                "configMapGenerator": [{"name": "tianping", "behavior": "merge",
                                        "literals": ["TIANPING_LOG_LEVEL=DEBUG"]}],
                "generatorOptions": {"disableNameSuffixHash": True},
                "images": [{"name": IMAGE, "newName": "registry.local/tianping", "newTag": "dev"}],
                "patches": patches}
    return {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
            "resources": ["../../base"],
            "labels": [{"pairs": {"tianping.dev/environment": "prod"}, "includeSelectors": False}],
            # The release pipeline pins the image it built: kustomize edit set image tianping=…@sha256:…
            "images": [{"name": IMAGE, "newName": "registry.example.com/tianping/tianping", "newTag": "0.1.0"}],
            "patches": (replicas_patch("Deployment", "replicas", 3, components)
                        + replicas_patch("ScaledObject", "minReplicaCount", 3, services)
                        + replicas_patch("ScaledObject", "maxReplicaCount", 20, services)
                        + replicas_patch("HorizontalPodAutoscaler", "minReplicas", 3, ["gateway"]))}


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
    for name, objects in base().items():
        docs = objects if isinstance(objects, list) else [objects]
        out[HERE / "base" / name] = HEADER + "---\n".join(dump(doc) for doc in docs)
    for name in ("dev", "prod"):
        out[HERE / "overlays" / name / "kustomization.yaml"] = HEADER + dump(overlay(name))
    return out


def stale() -> list[Path]:
    return [path for path, text in render().items() if not path.exists() or path.read_text() != text]


def main() -> int:
    for path, text in render().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
