"""deploy/compose.yaml: the full local stack starts every component the launcher starts, by the image's entrypoint
with the component's name (as the Kubernetes manifests do), after the topology step; MongoDB is a replica set
(transactions need one); Prometheus scrapes every component with the project's alert rules; no secret value."""

from pathlib import Path

import yaml

from tianping.runtime.components import COMPONENTS

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())


def test_every_component_runs_by_the_entrypoint_after_the_topology_step():
    services = COMPOSE["services"]
    for component in COMPONENTS:
        service = services[component.name]
        assert service["command"] == [component.name]
        assert service["build"]["dockerfile"] == "deploy/Dockerfile" and service["read_only"] is True
        assert service["depends_on"]["topology"]["condition"] == "service_completed_successfully"
        assert "/readyz" in " ".join(service["healthcheck"]["test"])
    assert services["topology"]["command"] == ["topology"]
    assert {"rabbitmq", "mongodb"} <= set(services["topology"]["depends_on"])


def test_the_data_plane_is_a_replica_set_and_a_broker_with_management():
    services = COMPOSE["services"]
    assert "--replSet" in services["mongodb"]["command"]
    assert "replicaSet=rs0" in services["onboarding"]["environment"]["MONGODB_URI"]
    assert services["rabbitmq"]["image"].endswith("-management")


def test_prometheus_scrapes_every_component_with_the_alert_rules():
    config = yaml.safe_load((ROOT / "deploy" / "compose" / "prometheus.yml").read_text())
    targets = {t.split(":")[0] for job in config["scrape_configs"] for sc in job["static_configs"] for t in sc["targets"]}
    assert targets == {c.name for c in COMPONENTS}
    assert any(v.startswith("./prometheus/rules.yaml:") for v in COMPOSE["services"]["prometheus"]["volumes"])


def test_no_secret_value_is_written_down():
    gateway = COMPOSE["services"]["gateway"]["environment"]
    assert gateway["TIANPING_JWT_SECRET"].startswith("${TIANPING_JWT_SECRET:?")
