"""The components: per component a ServiceAccount, Deployment (an init container that waits for the topology), Service,
PodDisruptionBudget and autoscaler; the ConfigMap; the topology-and-indexes Job ordered before them."""

import hashlib
import json

from tianping.infra import broker
from tianping.runtime.launcher import COMPONENTS

from .common import (
    GATEWAY_PORT,
    IMAGE,
    METRICS_PORT,
    PART_OF,
    disruption_budget,
    labels,
    pod_security_context,
    security_context,
    selector,
)

# nameko finishes running workers on SIGTERM; the longest is a deadline sweep batch or a blacklist cascade batch,
# a few seconds each, and an RPC waits at most TIANPING_RPC_TIMEOUT (5 s). 60 s leaves a wide margin.
GRACE_SECONDS = 60
# The blacklist authority serialises every commit on one counter document: more reputation instances add write
# conflicts and retries, not throughput (group commit batches within one process). Two keep it available in a drain.
REPUTATION_MAX = 2
PRE_STOP_SECONDS = 5  # endpoints and load balancers drop the pod before it stops taking work
# The data plane's CA with the public roots (trust-manager Bundle `tianping-ca-bundle`, deploy/k8s/data): OpenSSL's
# default verify path, so amqps:// (py-amqp) and tls=true (pymongo) verify the broker's and the database's certificates.
TRUST_DIR, TRUST_FILE = "/etc/tianping/trust", "ca-bundle.crt"

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
    "TIANPING_RATE_LIMIT_SHARED": "1",
    "METRICS_PORT": str(METRICS_PORT),
    "GATEWAY_PORT": str(GATEWAY_PORT),
}


def database_secret(name: str) -> str:
    """The Secret the MongoDB operator writes for `name`'s own database user (MongoDBCommunity users, deploy/k8s/data)."""
    return f"tianping-mongodb-{name}"


def env(name: str) -> list[dict]:
    """The broker URI (amqps://, Secret `tianping`), this component's own database user's URI (its operator-written
    Secret) and the trust bundle; the gateway's JWT secret, the console's OIDC client secret and its key (optional keys of
    Secret `tianping`; TIANPING_OIDC_ISSUER and _CLIENT_ID, not secret, go in an overlay's ConfigMap)."""
    values = [{"name": "AMQP_URI", "valueFrom": {"secretKeyRef": {"name": "tianping", "key": "AMQP_URI"}}},
              {"name": "MONGODB_URI", "valueFrom": {"secretKeyRef": {"name": database_secret(name),
                                                                     "key": "connectionString.standard"}}},
              {"name": "SSL_CERT_FILE", "value": f"{TRUST_DIR}/{TRUST_FILE}"}]
    if name == "gateway":  # the console's identity-provider client secret and CSRF / sign-in-flow key, when set
        values += [{"name": key, "valueFrom": {"secretKeyRef": {"name": "tianping", "key": key, "optional": True}}}
                   for key in ("TIANPING_JWT_SECRET", "TIANPING_OIDC_CLIENT_SECRET", "TIANPING_CONSOLE_SECRET")]
    return values


def mounts() -> list[dict]:
    return [{"name": "tmp", "mountPath": "/tmp"}, {"name": "trust", "mountPath": TRUST_DIR, "readOnly": True}]


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
        "env": env(name),
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
        "volumeMounts": mounts(),
    }


def wait_for_topology(name: str) -> dict:
    """Plain `kubectl apply -k` starts everything at once: the pod waits until the topology Job has declared the
    queues this component consumes (`python -m tianping.runtime.entrypoint wait-topology`), so no event is dropped."""
    return {"name": "wait-topology", "image": f"{IMAGE}:latest", "imagePullPolicy": "Always",
            "args": ["wait-topology", name], "envFrom": [{"configMapRef": {"name": "tianping"}}],
            "env": [e for e in env(name) if e["name"] in ("AMQP_URI", "SSL_CERT_FILE")],
            "resources": {"requests": {"cpu": "50m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "256Mi"}},
            "securityContext": security_context(), "volumeMounts": mounts()}


def pod_spec(name: str, containers: list[dict], restart: str | None = None) -> dict:
    spec = {
        "serviceAccountName": name,
        "automountServiceAccountToken": False,
        "securityContext": pod_security_context(),
        "containers": containers,
        "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}},
                    {"name": "trust", "configMap": {"name": "tianping-ca-bundle"}}],
    }
    if restart:
        spec["restartPolicy"] = restart
    return spec


def deployment(name: str) -> dict:
    spec = pod_spec(name, [container(name, [name])])
    spec["initContainers"] = [wait_for_topology(name)]
    spec["terminationGracePeriodSeconds"] = GRACE_SECONDS
    spec["topologySpreadConstraints"] = [
        {"maxSkew": 1, "topologyKey": key, "whenUnsatisfiable": "ScheduleAnyway",
         "labelSelector": {"matchLabels": selector(name)}}
        for key in ("topology.kubernetes.io/zone", "kubernetes.io/hostname")]
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "labels": labels(name)},
        "spec": {
            # no `replicas`: the autoscaler owns it (a re-apply would otherwise reset it and fight KEDA/the HPA)
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


def service_account(name: str, object_labels: dict | None = None) -> dict:
    return {"apiVersion": "v1", "kind": "ServiceAccount",
            "metadata": {"name": name, "labels": object_labels or labels(name)}, "automountServiceAccountToken": False}


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
            "spec": {"scaleTargetRef": {"name": component.name}, "minReplicaCount": 2,
                     "maxReplicaCount": REPUTATION_MAX if component.name == "reputation" else 10,
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
    objects = [service_account(name), deployment(name), service(name),
               disruption_budget(name, selector(name))]
    objects.append(autoscaler(name) if name == "gateway" else scaled_object(component))
    return objects


def config_map() -> dict:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "tianping", "labels": PART_OF},
            "data": dict(CONFIG)}


def topology_job() -> dict:
    job_container = {**container("topology", ["topology"])}
    for field in ("startupProbe", "livenessProbe", "readinessProbe", "lifecycle", "ports"):
        job_container.pop(field)
    spec = pod_spec("topology", [job_container], restart="OnFailure")
    job_labels = {**PART_OF, "app.kubernetes.io/name": "topology"}
    return {"apiVersion": "batch/v1", "kind": "Job",
            "metadata": {"name": topology_job_name(), "labels": job_labels,
                         # Argo CD: a PreSync hook in the earliest wave, so it runs before the services roll out;
                         # under plain `kubectl apply -k` the services' init container waits for what it declares.
                         "annotations": {"argocd.argoproj.io/hook": "PreSync", "argocd.argoproj.io/sync-wave": "-1",
                                         "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation"}},
            "spec": {"backoffLimit": 10, "ttlSecondsAfterFinished": 86400, "activeDeadlineSeconds": 600,
                     "template": {"metadata": {"labels": job_labels}, "spec": spec}}}


def topology_job_name() -> str:
    """Versioned by what the Job declares (config and queues): a Job's pod template is immutable, so re-applying a
    changed Job under one name fails; a new name is a new Job, an unchanged one is left alone."""
    declared = json.dumps({"config": CONFIG, "queues": [queues(c) for c in COMPONENTS if c.name != "gateway"],
                           "image": IMAGE}, sort_keys=True)
    return f"tianping-topology-{hashlib.sha256(declared.encode()).hexdigest()[:10]}"


def trigger_authentication() -> dict:
    """KEDA reads queue depth over amqps:// with the data plane's CA (both copied into Secret `tianping` at install)."""
    return {"apiVersion": "keda.sh/v1alpha1", "kind": "TriggerAuthentication",
            "metadata": {"name": "tianping-rabbitmq", "labels": PART_OF},
            "spec": {"secretTargetRef": [{"parameter": "host", "name": "tianping", "key": "AMQP_URI"},
                                         {"parameter": "ca", "name": "tianping", "key": "ca.crt"}]}}


def topology_objects() -> list[dict]:
    return [service_account("topology", {**PART_OF, "app.kubernetes.io/name": "topology"}), topology_job()]


def all_components() -> dict[str, list[dict]]:
    return {f"{component.name}.yaml": component_objects(component) for component in COMPONENTS}
