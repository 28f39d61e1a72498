"""Rollout policies of every rendered overlay (issue 29), beside kubernetes-validate and checkov in test_manifests:
no `spec.replicas` where an autoscaler owns the replicas, the blacklist authority's autoscaler capped, the topology
Job ordered before the services (Argo CD hook and wave) under a versioned name, namespaces with a pod-security level,
and the shared rate limit switched on."""

import json
import re

import pytest

from deploy.k8s import generate, policies
from tests.deploy.test_manifests import DATA, OVERLAYS, render
from tianping.runtime.launcher import COMPONENTS

DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")


@pytest.fixture(scope="module", params=OVERLAYS)
def objects(request):
    return render(request.param)


def of_kind(objects, kind):
    return [o for o in objects if o["kind"] == kind]


def test_no_deployment_sets_replicas_an_autoscaler_owns(objects):
    owned = {o["spec"]["scaleTargetRef"]["name"] for o in of_kind(objects, "ScaledObject")}
    owned |= {o["spec"]["scaleTargetRef"]["name"] for o in of_kind(objects, "HorizontalPodAutoscaler")}
    deployments = of_kind(objects, "Deployment")
    assert {d["metadata"]["name"] for d in deployments} <= owned, "a Deployment without an autoscaler"
    assert [d["metadata"]["name"] for d in deployments if "replicas" in d["spec"]] == []


def test_the_blacklist_authority_is_capped_and_every_autoscaler_bound_is_consistent(objects):
    for scaled in of_kind(objects, "ScaledObject"):
        spec = scaled["spec"]
        assert 1 <= spec["minReplicaCount"] <= spec["maxReplicaCount"], scaled["metadata"]["name"]
        if scaled["metadata"]["name"] == "reputation":
            assert spec["maxReplicaCount"] <= generate.REPUTATION_MAX


def test_the_topology_job_runs_before_the_services_under_a_versioned_name(objects):
    [job] = of_kind(objects, "Job")
    annotations = job["metadata"]["annotations"]
    assert annotations["argocd.argoproj.io/hook"] == "PreSync"
    assert int(annotations["argocd.argoproj.io/sync-wave"]) < 0
    assert job["metadata"]["name"] == generate.topology_job_name() != "tianping-topology"


def test_the_job_name_changes_with_what_it_declares(monkeypatch):
    before = generate.topology_job_name()
    monkeypatch.setitem(generate.CONFIG, "TIANPING_QUEUE_TYPE", "classic")
    assert generate.topology_job_name() != before


def test_every_namespace_declares_a_pod_security_level(objects):
    namespaces = of_kind(objects, "Namespace")
    assert namespaces
    for namespace in namespaces:
        assert namespace["metadata"]["labels"].get("pod-security.kubernetes.io/enforce") in ("restricted", "baseline")


@pytest.fixture(scope="module", params=DATA)
def data_objects(request):
    return render(request.param)


def level(objects, name):
    [namespace] = [n for n in of_kind(objects, "Namespace") if n["metadata"]["name"] == name]
    return namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"]


def test_the_app_is_restricted_and_the_data_plane_baseline_in_its_own_namespace(objects, data_objects):
    assert level(objects, "tianping") == "restricted" and level(data_objects, "tianping-data") == "baseline"
    assert {o["metadata"].get("namespace") for o in objects if o["kind"] != "Namespace"} == {"tianping"}
    assert {o["metadata"].get("namespace") for o in data_objects if o["kind"] != "Namespace"} == {"tianping-data"}
    assert not of_kind(objects, "RabbitmqCluster") and not of_kind(objects, "MongoDBCommunity")
    assert len(of_kind(data_objects, "RabbitmqCluster")) == len(of_kind(data_objects, "MongoDBCommunity")) == 1


def egress_of(objects, name):
    [found] = [p for p in of_kind(objects, "NetworkPolicy") if p["metadata"]["name"] == name]
    return found["spec"]["egress"]


def allows_dns(rules) -> bool:
    dns = [r for r in rules if {(p["protocol"], p["port"]) for p in r.get("ports", [])} == {("UDP", 53), ("TCP", 53)}]
    peers = [peer for rule in dns for peer in rule["to"]]
    kube_dns = any(peer.get("podSelector", {}).get("matchLabels") == {"k8s-app": "kube-dns"} for peer in peers)
    node_local = any(peer.get("ipBlock", {}).get("cidr") == "169.254.20.10/32" for peer in peers)
    return kube_dns and node_local


def test_dns_egress_reaches_kube_dns_and_the_node_local_cache(objects, data_objects):
    assert allows_dns(egress_of(objects, "components-egress"))
    for name in ("rabbitmq", "mongodb", "database-clients"):
        assert allows_dns(egress_of(data_objects, name)), name


def test_the_broker_and_the_database_reach_the_api_server_and_nothing_else_does(objects, data_objects):
    def api_ports(rules):
        return {p["port"] for r in rules if any("ipBlock" in peer for peer in r.get("to", []))
                for p in r.get("ports", []) if p["port"] != 53}

    for name in ("rabbitmq", "mongodb"):
        assert api_ports(egress_of(data_objects, name)) == {443, 6443}, name
    assert api_ports(egress_of(data_objects, "database-clients")) == set()
    assert api_ports(egress_of(objects, "components-egress")) == set()


def test_the_app_reaches_only_the_tls_ports_of_the_data_namespace(objects, data_objects):
    rules = [r for r in egress_of(objects, "components-egress") if any("namespaceSelector" in p for p in r["to"])
             and all(p["port"] != 53 for p in r["ports"])]
    assert {p["port"] for r in rules for p in r["ports"]} == {5671, 27017}
    assert all(peer["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "tianping-data"}
               for r in rules for peer in r["to"])
    # the data namespace takes traffic only from the app, itself and the named system namespaces
    allowed = {"tianping", "keda", "rabbitmq-system", "mongodb-operator", "monitoring"}
    for found in of_kind(data_objects, "NetworkPolicy"):
        for rule in found["spec"].get("ingress", []):
            assert "from" in rule, found["metadata"]["name"]
            for peer in rule["from"]:
                if "namespaceSelector" in peer:
                    assert peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"] in allowed


def test_broker_and_database_have_disruption_budgets_resources_and_tls(data_objects):
    budgets = {b["metadata"]["name"]: b["spec"] for b in of_kind(data_objects, "PodDisruptionBudget")}
    assert budgets["tianping-rabbitmq"] == {"maxUnavailable": 1, "selector": policies.BROKER_PODS}
    assert budgets["tianping-mongodb"] == {"maxUnavailable": 1, "selector": policies.STORE_PODS}
    [broker] = of_kind(data_objects, "RabbitmqCluster")
    assert broker["spec"]["resources"]["limits"]["memory"] and broker["spec"]["tls"]["disableNonTLSListeners"]
    [store] = of_kind(data_objects, "MongoDBCommunity")
    assert store["spec"]["security"]["tls"]["enabled"] is True
    containers = store["spec"]["statefulSet"]["spec"]["template"]["spec"]["containers"]
    assert {c["name"] for c in containers if c["resources"]["limits"]["memory"]} == {"mongod", "mongodb-agent"}
    issued = {c["spec"]["secretName"] for c in of_kind(data_objects, "Certificate")}
    assert {broker["spec"]["tls"]["secretName"], store["spec"]["security"]["tls"]["certificateKeySecretRef"]["name"]
            } <= issued


def test_the_mongodb_operator_rbac_ships_with_the_data_plane(data_objects):
    roles = {r["metadata"]["name"] for r in of_kind(data_objects, "Role")}
    bound = {b["roleRef"]["name"] for b in of_kind(data_objects, "RoleBinding")}
    assert {"mongodb-database", "mongodb-kubernetes-operator"} <= roles & bound
    assert "mongodb-database" in {a["metadata"]["name"] for a in of_kind(data_objects, "ServiceAccount")}


def test_each_component_has_its_own_database_user_and_reads_only_its_own_secret(objects, data_objects):
    [store] = of_kind(data_objects, "MongoDBCommunity")
    users = {u["name"]: u for u in store["spec"]["users"]}
    for component in COMPONENTS:
        user = users[f"tianping-{component.name}"]
        assert user["roles"] == [{"name": "readWrite", "db": f"tianping_{component.name}"}], component.name
        assert user["connectionStringSecretNamespace"] == "tianping"
        [deployment] = [d for d in of_kind(objects, "Deployment") if d["metadata"]["name"] == component.name]
        env = {e["name"]: e for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
        assert env["MONGODB_URI"]["valueFrom"]["secretKeyRef"]["name"] == user["connectionStringSecretName"]
    secrets = [users[f"tianping-{c.name}"]["connectionStringSecretName"] for c in COMPONENTS]
    assert len(set(secrets)) == len(secrets)
    assert not any(role["name"].endswith("AnyDatabase") for user in users.values() for role in user["roles"])


def test_services_wait_for_the_topology_under_plain_apply(objects):
    for deployment in of_kind(objects, "Deployment"):
        name = deployment["metadata"]["name"]
        [init] = deployment["spec"]["template"]["spec"]["initContainers"]
        assert init["args"] == ["wait-topology", name]
        assert init["image"] == deployment["spec"]["template"]["spec"]["containers"][0]["image"]


def test_prod_images_are_pinned_by_digest():
    images = {c["image"] for o in render("prod") if o["kind"] in ("Deployment", "Job")
              for c in o["spec"]["template"]["spec"]["containers"] + o["spec"]["template"]["spec"].get(
                  "initContainers", [])}
    assert images and all(DIGEST.search(image) for image in images), images


def test_pin_digests_refuses_a_tag_and_records_a_digest(tmp_path, monkeypatch):
    monkeypatch.setattr(generate, "DIGESTS", tmp_path / "digests.json")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"tianping": "registry.example.com/tianping/tianping:0.1.0"}))
    with pytest.raises(SystemExit):
        generate.pin_digests(bad)
    good = tmp_path / "good.json"
    digest = "sha256:" + "ab" * 32
    good.write_text(json.dumps({"tianping": f"registry.example.com/t/t@{digest}"}))
    generate.pin_digests(good)
    assert generate.pinned_image() == {"name": "tianping", "newName": "registry.example.com/t/t", "digest": digest}


def test_volumes_live_only_in_the_data_kustomization(objects, data_objects):
    assert not of_kind(objects, "PersistentVolumeClaim")
    assert not [o for o in objects if o["kind"] in ("StatefulSet", "RabbitmqCluster", "MongoDBCommunity")]
    claims = of_kind(data_objects, "PersistentVolumeClaim")
    assert [c["metadata"]["name"] for c in claims] == ["tianping-backups"]


def test_every_service_database_has_a_scheduled_backup_and_one_is_consistent(data_objects):
    jobs = {j["metadata"]["name"]: j for j in of_kind(data_objects, "CronJob")}
    scripts = {name: j["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["command"][-1]
               for name, j in jobs.items()}
    assert "--oplog" in scripts["tianping-backup"]
    for component in COMPONENTS:
        if component.name != "gateway":
            assert f"--db tianping_{component.name}" in scripts[f"tianping-backup-{component.name}"]
    for job in jobs.values():
        pod = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        assert {"persistentVolumeClaim": {"claimName": "tianping-backups"}} in [
            {k: v for k, v in vol.items() if k != "name"} for vol in pod["volumes"]]
        assert job["spec"]["concurrencyPolicy"] == "Forbid"


def test_the_rate_limit_is_shared_across_gateway_replicas(objects):
    [config] = [o for o in of_kind(objects, "ConfigMap") if o["metadata"]["name"] == "tianping"]
    assert config["data"]["TIANPING_RATE_LIMIT_SHARED"] == "1"
