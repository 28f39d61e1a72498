"""Alerts and dashboards are tested: the alert rules pass `promtool check rules` and their unit tests (`promtool test
rules`: each alert fires when it should, not when it should not); the dashboards are current; every metric a panel
or an alert queries is one the kit exports (a panel on a metric nobody exports fails here)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from deploy.grafana import generate
from tianping.infra import metrics  # noqa: F401 - registers every metric of the kit

ROOT = Path(__file__).resolve().parent.parent
PROMETHEUS = ROOT / "deploy" / "prometheus"
PROMTOOL = shutil.which("promtool")
NOT_METRICS = {"tianping", "tianping_"}


def exported() -> set[str]:
    names = set()
    for collector in list(REGISTRY._collector_to_names):
        for family in collector.describe() if hasattr(collector, "describe") else []:
            names.add(family.name)
            names |= {family.name + suffix for suffix in ("_total", "_bucket", "_count", "_sum", "_created")}
    return names


def queried(text: str) -> set[str]:
    return set(re.findall(r"\b(tianping_[a-z_]+)\b", text)) - NOT_METRICS


@pytest.mark.skipif(not PROMTOOL, reason="promtool is not installed (Debian package: prometheus)")
def test_alert_rules_are_valid_and_each_alert_fires_exactly_when_it_should():
    checked = subprocess.run([PROMTOOL, "check", "rules", "rules.yaml"], cwd=PROMETHEUS, capture_output=True,
                             text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tested = subprocess.run([PROMTOOL, "test", "rules", "rules_test.yaml"], cwd=PROMETHEUS, capture_output=True,
                            text=True, timeout=120)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    alerts = set(re.findall(r"alert: (\w+)", (PROMETHEUS / "rules.yaml").read_text()))
    assert alerts == set(re.findall(r"alertname: (\w+)", (PROMETHEUS / "rules_test.yaml").read_text()))


@pytest.mark.skipif(not PROMTOOL, reason="promtool is not installed (Debian package: prometheus)")
def test_the_local_scrape_configuration_is_valid():
    checked = subprocess.run([PROMTOOL, "check", "config", "prometheus.yml"], cwd=PROMETHEUS, capture_output=True,
                             text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_every_alert_has_a_runbook_line():
    text = (PROMETHEUS / "rules.yaml").read_text()
    assert text.count("alert:") == text.count("runbook:")


def test_dashboards_are_current_and_query_only_exported_metrics():
    assert generate.main(["--check"]) == 0, "run `make dashboards` and commit the result"
    known = exported()
    for path, text in generate.rendered().items():
        missing = queried(text) - known
        assert not missing, f"{path.name} queries metrics nobody exports: {sorted(missing)}"
    missing = queried((PROMETHEUS / "rules.yaml").read_text()) - known
    assert not missing, f"alerts on metrics nobody exports: {sorted(missing)}"


def test_every_component_has_an_absent_alert_and_every_scrape_labels_its_service():
    """`up == 0` is silent when a target is gone altogether: TianpingComponentAbsent names each component once, and
    each scrape configuration gives its targets the `service` label that alert matches on."""
    from tianping.runtime.launcher import COMPONENTS

    text = (PROMETHEUS / "rules.yaml").read_text()
    absent = set(re.findall(r'absent\(up\{job="tianping", service="(\w+)"\}\)', text))
    assert absent == {component.name for component in COMPONENTS}
    local = (PROMETHEUS / "prometheus.yml").read_text()
    assert all(f"service: {component.name}" in local for component in COMPONENTS)
    assert "target_label: service" in (PROMETHEUS / "kubernetes.yml").read_text()
