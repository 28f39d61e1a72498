"""What every module of the manifest generator shares: names, namespaces, labels, the restricted security context."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NAMESPACE = "tianping"          # the components: pod-security `restricted`
DATA_NAMESPACE = "tianping-data"  # broker, database, their exporter and backups: pod-security `baseline`
IMAGE = "tianping"
PART_OF = {"app.kubernetes.io/part-of": "tianping"}
METRICS_PORT, GATEWAY_PORT = 9100, 8000
BROKER, STORE = "tianping-rabbitmq", "tianping-mongodb"
AMQPS_PORT, MONGODB_PORT = 5671, 27017


def labels(name: str) -> dict:
    return {"app.kubernetes.io/name": name, "app.kubernetes.io/component": "gateway" if name == "gateway"
            else "service", **PART_OF}


def selector(name: str) -> dict:
    return {"app.kubernetes.io/name": name}


def security_context(user: int = 10001) -> dict:
    return {"runAsNonRoot": True, "runAsUser": user, "runAsGroup": user, "readOnlyRootFilesystem": True,
            "allowPrivilegeEscalation": False, "privileged": False, "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"}}


def pod_security_context(user: int = 10001) -> dict:
    return {"runAsNonRoot": True, "runAsUser": user, "runAsGroup": user, "fsGroup": user,
            "seccompProfile": {"type": "RuntimeDefault"}}


def namespace(name: str, level: str) -> dict:
    """A namespace enforcing a pod-security level (and warning/auditing at `restricted`, the level to move to)."""
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": {
        **PART_OF, "pod-security.kubernetes.io/enforce": level, "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "restricted"}}}


def disruption_budget(name: str, match: dict, object_labels: dict | None = None) -> dict:
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": name, "labels": object_labels or labels(name)},
            "spec": {"maxUnavailable": 1, "selector": {"matchLabels": match}}}


def kustomization(resources: list[str], namespace_name: str | None = None, **extra) -> dict:
    doc = {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization"}
    if namespace_name:
        doc["namespace"] = namespace_name
    return {**doc, "resources": resources, **extra}
