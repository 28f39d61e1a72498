"""The cluster's policies: the two namespaces with their pod-security levels and every NetworkPolicy.

The app namespace (`tianping`) enforces `restricted`; the data namespace (`tianping-data`) `baseline`, the level the
operators' pods meet (the RabbitMQ and MongoDB images run init steps as root and do not all set seccomp profiles),
both warning and auditing at `restricted`. Each namespace denies everything, then allows: DNS through kube-dns and the
node-local DNS cache (169.254.20.10), the app's egress to the data namespace's broker (amqps) and database ports,
the data namespace's ingress only from the app namespace and from within itself (plus the operators, KEDA and
Prometheus on their ports), and its egress to the Kubernetes API server (RabbitMQ's peer discovery, the MongoDB
agent) on 443/6443.
"""

from .common import (
    AMQPS_PORT,
    BROKER,
    DATA_NAMESPACE,
    GATEWAY_PORT,
    METRICS_PORT,
    MONGODB_PORT,
    NAMESPACE,
    PART_OF,
    STORE,
    namespace,
    selector,
)

NODE_LOCAL_DNS = "169.254.20.10/32"
# The API server's addresses differ per cluster: narrow this to `kubectl get endpoints kubernetes -n default` with a
# patch in your overlay. Only the broker and database pods get it, and only on the API server's ports.
API_SERVER_CIDRS = ["0.0.0.0/0"]
API_SERVER_PORTS = (443, 6443)
EXPORTER_PORT = 9216
BROKER_PODS = {"matchLabels": {"app.kubernetes.io/name": BROKER}}
STORE_PODS = {"matchLabels": {"app": f"{STORE}-svc"}}
DATA_CLIENTS = {"matchLabels": {"tianping.dev/database-client": "true"}}  # exporter and backup jobs


def namespaces() -> tuple[dict, dict]:
    return namespace(NAMESPACE, "restricted"), namespace(DATA_NAMESPACE, "baseline")


def in_namespace(name: str, pods: dict | None = None) -> dict:
    peer = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": name}}}
    if pods is not None:
        peer["podSelector"] = pods
    return peer


def tcp(*ports: int) -> list[dict]:
    return [{"protocol": "TCP", "port": port} for port in ports]


def dns_egress() -> dict:
    """kube-dns (CoreDNS) pods and the node-local DNS cache, which answers on a link-local address on every node."""
    return {"to": [in_namespace("kube-system", {"matchLabels": {"k8s-app": "kube-dns"}}),
                   {"ipBlock": {"cidr": NODE_LOCAL_DNS}}],
            "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]}


def api_server_egress() -> dict:
    return {"to": [{"ipBlock": {"cidr": cidr}} for cidr in API_SERVER_CIDRS], "ports": tcp(*API_SERVER_PORTS)}


def policy(name: str, pod_selector: dict, ingress=None, egress=None) -> dict:
    types = [t for t, rules in (("Ingress", ingress), ("Egress", egress)) if rules is not None]
    spec = {"podSelector": pod_selector, "policyTypes": types}
    if ingress is not None:
        spec["ingress"] = ingress
    if egress is not None:
        spec["egress"] = egress
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": name, "labels": PART_OF}, "spec": spec}


def app_policies() -> list[dict]:
    app_pods = {"matchLabels": PART_OF}
    return [
        # Nothing in or out unless a policy below allows it.
        policy("default-deny", {}, ingress=[], egress=[]),
        # Only the gateway is reachable from outside the namespace (its HTTP port).
        policy("gateway-ingress", {"matchLabels": selector("gateway")},
               ingress=[{"ports": tcp(GATEWAY_PORT)}]),
        # Prometheus (namespace monitoring) scrapes every component's metrics port.
        policy("prometheus-scrape", app_pods, ingress=[{"from": [in_namespace("monitoring")],
                                                        "ports": tcp(METRICS_PORT)}]),
        # Components reach the broker (amqps only) and the database in the data namespace, and DNS; nothing else.
        policy("components-egress", app_pods, egress=[
            {"to": [in_namespace(DATA_NAMESPACE, BROKER_PODS)], "ports": tcp(AMQPS_PORT)},
            {"to": [in_namespace(DATA_NAMESPACE, STORE_PODS)], "ports": tcp(MONGODB_PORT)},
            dns_egress()]),
    ]


def data_policies() -> list[dict]:
    app = in_namespace(NAMESPACE)
    return [
        policy("default-deny", {}, ingress=[], egress=[]),
        # The broker: the app and KEDA on amqps, its nodes among themselves (epmd, inter-node, quorum traffic), the
        # operator on the management API, Prometheus on the metrics port; out: its peers, DNS, the API server
        # (peer discovery through the Kubernetes plugin).
        policy("rabbitmq", BROKER_PODS,
               ingress=[{"from": [app], "ports": tcp(AMQPS_PORT)},
                        {"from": [in_namespace("keda")], "ports": tcp(AMQPS_PORT, 15671)},
                        {"from": [in_namespace("rabbitmq-system")], "ports": tcp(15671, 15672)},
                        {"from": [in_namespace("monitoring")], "ports": tcp(15692)},
                        {"from": [{"podSelector": BROKER_PODS}]}],
               egress=[{"to": [{"podSelector": BROKER_PODS}]}, dns_egress(), api_server_egress()]),
        # The replica set: the app, its members, the exporter and backup jobs on 27017; the operator; out: its members,
        # DNS, the API server (the agent reads its automation config Secret and annotates its pod).
        policy("mongodb", STORE_PODS,
               ingress=[{"from": [app, {"podSelector": STORE_PODS}, {"podSelector": DATA_CLIENTS}],
                         "ports": tcp(MONGODB_PORT)},
                        {"from": [in_namespace("mongodb-operator")]}],
               egress=[{"to": [{"podSelector": STORE_PODS}], "ports": tcp(MONGODB_PORT)},
                       dns_egress(), api_server_egress()]),
        # The exporter (scraped by Prometheus) and the backup jobs reach only the database and DNS.
        policy("database-clients", DATA_CLIENTS,
               ingress=[{"from": [in_namespace("monitoring")], "ports": tcp(EXPORTER_PORT)}],
               egress=[{"to": [{"podSelector": STORE_PODS}], "ports": tcp(MONGODB_PORT)}, dns_egress()]),
    ]
