"""Rollout policies of every rendered overlay (issue 29), beside kubernetes-validate and checkov in test_manifests:
no `spec.replicas` where an autoscaler owns the replicas, the blacklist authority's autoscaler capped, the topology
Job ordered before the services (Argo CD hook and wave) under a versioned name, namespaces with a pod-security level,
and the shared rate limit switched on."""

import pytest

from deploy.k8s import generate
from tests.deploy.test_manifests import OVERLAYS, render


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


def test_the_rate_limit_is_shared_across_gateway_replicas(objects):
    [config] = [o for o in of_kind(objects, "ConfigMap") if o["metadata"]["name"] == "tianping"]
    assert config["data"]["TIANPING_RATE_LIMIT_SHARED"] == "1"
