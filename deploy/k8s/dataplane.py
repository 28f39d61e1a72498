"""The data plane in its own namespace (`tianping-data`, its own kustomization deploy/k8s/data so deleting the app
never deletes data): a RabbitmqCluster (RabbitMQ Cluster Operator) and a MongoDBCommunity replica set (MongoDB
Community Operator), TLS to both from cert-manager, the CA handed to the app namespace by trust-manager, one database
user per component with readWrite on its own database only, the RBAC the MongoDB operator and its agents need in this
namespace, PodDisruptionBudgets, the MongoDB exporter and the ServiceMonitors the alerts read.

Applied separately, once per cluster, from upstream (their cluster-scoped parts: CRDs, ClusterRoles, the operators):
RabbitMQ's `cluster-operator.yml` (it creates each cluster's `<name>-server` ServiceAccount, peer-discovery Role and
RoleBinding itself), the MongoDB Community Operator's CRD and `config/manager` + `config/rbac` in `mongodb-operator`
(the namespaced Role it needs here is shipped below, as are the `mongodb-database` ServiceAccount, Role and
RoleBinding of its `config/rbac/database` that every namespace holding a replica set needs), cert-manager and
trust-manager.
"""

from tianping.runtime.launcher import COMPONENTS

from .common import (
    BROKER,
    DATA_NAMESPACE,
    NAMESPACE,
    PART_OF,
    STORE,
    disruption_budget,
    pod_security_context,
    security_context,
)
from .policies import BROKER_PODS, DATA_CLIENTS, EXPORTER_PORT, STORE_PODS
from .workloads import CONFIG, database_secret

RABBITMQ_IMAGE = "rabbitmq:3.13.7-management"
MONGODB_VERSION = "7.0.14"
EXPORTER_IMAGE = "percona/mongodb_exporter:0.43.1"
DATA_LABELS = {**PART_OF, "app.kubernetes.io/component": "data"}
# Users the operator makes besides the components': the topology Job creates every index; backups dump; the exporter
# reads server status. Each gets its own password Secret (made at install, docs/operations.md).
TOPOLOGY, BACKUP, MONITOR = "topology", "backup", "monitor"


def database(component: str) -> str:
    return f"{CONFIG['TIANPING_DB_PREFIX']}_{component}"


def users() -> list[dict]:
    """One user per component, readWrite on its own database only; the connection string lands in the app namespace
    as Secret tianping-mongodb-<component> (connectionStringSecretNamespace), which that component alone reads."""
    components = [c.name for c in COMPONENTS]
    grants = {name: [{"name": "readWrite", "db": database(name)}] for name in components}
    grants[TOPOLOGY] = [{"name": "readWrite", "db": database(name)} for name in components]
    grants[BACKUP] = [{"name": "backup", "db": "admin"}, {"name": "restore", "db": "admin"}]
    grants[MONITOR] = [{"name": "clusterMonitor", "db": "admin"}, {"name": "read", "db": "local"}]
    return [{"name": f"tianping-{name}", "db": "admin",
             "passwordSecretRef": {"name": f"tianping-mongodb-{name}-password"},
             "roles": roles, "scramCredentialsSecretName": f"tianping-mongodb-{name}-scram",
             "connectionStringSecretName": database_secret(name),
             "connectionStringSecretNamespace": NAMESPACE if name in (*components, TOPOLOGY) else DATA_NAMESPACE}
            for name, roles in grants.items()]


def rabbitmq() -> dict:
    # Quorum queues (TIANPING_QUEUE_TYPE) are replicated on the nodes: a node lost keeps every message. Only the TLS
    # listeners are open (disableNonTLSListeners): the app's AMQP_URI is amqps://.
    return {"apiVersion": "rabbitmq.com/v1beta1", "kind": "RabbitmqCluster",
            "metadata": {"name": BROKER, "labels": DATA_LABELS},
            "spec": {"replicas": 3, "image": RABBITMQ_IMAGE,
                     "resources": {"requests": {"cpu": "1", "memory": "2Gi"}, "limits": {"cpu": "2", "memory": "2Gi"}},
                     "persistence": {"storage": "20Gi"},
                     "tls": {"secretName": f"{BROKER}-tls", "disableNonTLSListeners": True},
                     "rabbitmq": {"additionalConfig": "cluster_partition_handling = pause_minority\n"
                                                      "vm_memory_high_watermark.relative = 0.8\n"
                                                      "disk_free_limit.absolute = 2GB\n"},
                     "override": {"statefulSet": {"spec": {"template": {"spec": {"topologySpreadConstraints": [
                         {"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "DoNotSchedule",
                          "labelSelector": {"matchLabels": {"app.kubernetes.io/name": BROKER}}}]}}}}}}}


def mongodb() -> dict:
    sized = [{"name": "mongod", "resources": {"requests": {"cpu": "1", "memory": "4Gi"},
                                              "limits": {"cpu": "2", "memory": "4Gi"}}},
             {"name": "mongodb-agent", "resources": {"requests": {"cpu": "100m", "memory": "256Mi"},
                                                     "limits": {"cpu": "500m", "memory": "512Mi"}}}]
    claims = [{"metadata": {"name": "data-volume"}, "spec": {"accessModes": ["ReadWriteOnce"],
                                                            "resources": {"requests": {"storage": "50Gi"}}}},
              {"metadata": {"name": "logs-volume"}, "spec": {"accessModes": ["ReadWriteOnce"],
                                                            "resources": {"requests": {"storage": "5Gi"}}}}]
    return {"apiVersion": "mongodbcommunity.mongodb.com/v1", "kind": "MongoDBCommunity",
            "metadata": {"name": STORE, "labels": DATA_LABELS},
            "spec": {"members": 3, "type": "ReplicaSet", "version": MONGODB_VERSION,
                     "security": {"authentication": {"modes": ["SCRAM"]},
                                  "tls": {"enabled": True, "certificateKeySecretRef": {"name": f"{STORE}-tls"},
                                          "caCertificateSecretRef": {"name": f"{STORE}-tls"}}},
                     "users": users(),
                     "additionalMongodConfig": {"storage.wiredTiger.engineConfig.journalCompressor": "zstd"},
                     "statefulSet": {"spec": {"template": {"spec": {"containers": sized}},
                                              "volumeClaimTemplates": claims}}}}


def rbac() -> list[dict]:
    """The MongoDB operator's namespaced Role here (it runs in mongodb-operator) and its database pods' identity."""
    operator_rules = [
        {"apiGroups": [""], "resources": ["pods", "services", "configmaps", "secrets"],
         "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"]},
        {"apiGroups": ["apps"], "resources": ["statefulsets"],
         "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"]},
        {"apiGroups": ["mongodbcommunity.mongodb.com"],
         "resources": ["mongodbcommunity", "mongodbcommunity/status", "mongodbcommunity/spec",
                       "mongodbcommunity/finalizers"], "verbs": ["get", "patch", "list", "update", "watch"]}]
    database_rules = [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]},
                      {"apiGroups": [""], "resources": ["pods"], "verbs": ["patch", "delete", "get"]}]

    def role(name, rules):
        return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                "metadata": {"name": name, "labels": DATA_LABELS}, "rules": rules}

    def binding(name, account, account_namespace):
        return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                "metadata": {"name": name, "labels": DATA_LABELS},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": name},
                "subjects": [{"kind": "ServiceAccount", "name": account, "namespace": account_namespace}]}

    return [role("mongodb-kubernetes-operator", operator_rules),
            binding("mongodb-kubernetes-operator", "mongodb-kubernetes-operator", "mongodb-operator"),
            {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "mongodb-database",
                                                                        "labels": DATA_LABELS}},
            role("mongodb-database", database_rules),
            binding("mongodb-database", "mongodb-database", DATA_NAMESPACE)]


def tls() -> list[dict]:
    """A CA of the data plane (cert-manager), a certificate for each server, and the CA bundled with the public roots
    into ConfigMap tianping-ca-bundle in the app namespace (trust-manager) — the pods' SSL_CERT_FILE."""
    def certificate(name, secret, dns, **extra):
        return {"apiVersion": "cert-manager.io/v1", "kind": "Certificate", "metadata": {"name": name,
                                                                                       "labels": DATA_LABELS},
                "spec": {"secretName": secret, "duration": "2160h", "renewBefore": "360h",
                         "privateKey": {"algorithm": "ECDSA", "size": 256, "rotationPolicy": "Always"},
                         "dnsNames": dns, **extra}}

    def issuer(name, spec):
        return {"apiVersion": "cert-manager.io/v1", "kind": "Issuer", "metadata": {"name": name,
                                                                                  "labels": DATA_LABELS}, "spec": spec}

    domain = f"{DATA_NAMESPACE}.svc.cluster.local"
    return [
        issuer("tianping-data-selfsigned", {"selfSigned": {}}),
        certificate("tianping-data-ca", "tianping-data-ca", ["tianping-data-ca"], isCA=True,
                    commonName="tianping-data-ca", duration="87600h", renewBefore="720h",
                    issuerRef={"name": "tianping-data-selfsigned", "kind": "Issuer"}),
        issuer("tianping-data-ca", {"ca": {"secretName": "tianping-data-ca"}}),
        certificate(f"{BROKER}-tls", f"{BROKER}-tls",
                    [f"{BROKER}.{domain}", f"*.{BROKER}-nodes.{domain}", f"{BROKER}.{DATA_NAMESPACE}.svc"],
                    issuerRef={"name": "tianping-data-ca", "kind": "Issuer"}),
        certificate(f"{STORE}-tls", f"{STORE}-tls", [f"*.{STORE}-svc.{domain}", f"{STORE}-svc.{domain}"],
                    issuerRef={"name": "tianping-data-ca", "kind": "Issuer"}),
        {"apiVersion": "trust.cert-manager.io/v1alpha1", "kind": "Bundle",
         "metadata": {"name": "tianping-ca-bundle", "labels": DATA_LABELS},
         "spec": {"sources": [{"useDefaultCAs": True}, {"secret": {"name": "tianping-data-ca", "key": "ca.crt"}}],
                  "target": {"configMap": {"key": "ca-bundle.crt"},
                             "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": NAMESPACE}}}}},
    ]


def exporter() -> list[dict]:
    name = "tianping-mongodb-exporter"
    pod_labels = {**DATA_LABELS, "app.kubernetes.io/name": name, **DATA_CLIENTS["matchLabels"]}
    container = {"name": "exporter", "image": EXPORTER_IMAGE, "imagePullPolicy": "Always",
                 "args": ["--collect-all", "--compatible-mode", f"--web.listen-address=:{EXPORTER_PORT}"],
                 "env": [{"name": "MONGODB_URI", "valueFrom": {"secretKeyRef": {
                     "name": database_secret(MONITOR), "key": "connectionString.standard"}}}],
                 "ports": [{"name": "metrics", "containerPort": EXPORTER_PORT}],
                 "livenessProbe": {"httpGet": {"path": "/", "port": "metrics"}, "periodSeconds": 20},
                 "readinessProbe": {"httpGet": {"path": "/", "port": "metrics"}, "periodSeconds": 10},
                 "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"cpu": "500m",
                                                                                       "memory": "256Mi"}},
                 "securityContext": security_context(10998)}
    return [
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "labels": pod_labels},
         "spec": {"replicas": 1, "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
                  "template": {"metadata": {"labels": pod_labels},
                               "spec": {"automountServiceAccountToken": False,
                                        "securityContext": pod_security_context(10998),
                                        "containers": [container]}}}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "labels": pod_labels},
         "spec": {"selector": {"app.kubernetes.io/name": name},
                  "ports": [{"name": "metrics", "port": EXPORTER_PORT, "targetPort": "metrics"}]}},
    ]


def monitors() -> list[dict]:
    """job="tianping-rabbitmq" (node metrics, and per-queue depth and consumers from /metrics/detailed) and
    job="tianping-mongodb-exporter", as deploy/prometheus/rules.yaml expects."""
    def monitor(name, match, endpoints):
        job = [{"targetLabel": "job", "replacement": name, "action": "replace"}]
        return {"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor",
                "metadata": {"name": name, "labels": {**DATA_LABELS, "release": "prometheus"}},
                "spec": {"selector": {"matchLabels": match}, "namespaceSelector": {"matchNames": [DATA_NAMESPACE]},
                         "endpoints": [{**endpoint, "relabelings": job} for endpoint in endpoints]}}

    return [
        monitor(BROKER, {"app.kubernetes.io/name": BROKER, "app.kubernetes.io/component": "rabbitmq"}, [
            {"port": "prometheus", "interval": "15s", "path": "/metrics"},
            {"port": "prometheus", "interval": "30s", "path": "/metrics/detailed",
             "params": {"family": ["queue_coarse_metrics", "queue_consumer_count"]}}]),
        monitor("tianping-mongodb-exporter", {"app.kubernetes.io/name": "tianping-mongodb-exporter"},
                [{"port": "metrics", "interval": "15s"}]),
    ]


def budgets() -> list[dict]:
    """One broker node and one replica-set member at a time: a drain keeps a quorum (2 of 3) and a primary."""
    return [disruption_budget(BROKER, BROKER_PODS["matchLabels"], DATA_LABELS),
            disruption_budget(STORE, STORE_PODS["matchLabels"], DATA_LABELS)]

