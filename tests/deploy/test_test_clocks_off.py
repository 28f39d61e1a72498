"""Test clocks stay out of production: the rendered prod overlay marks every component's environment as production
and sets TIANPING_TEST_CLOCKS=0, no container overrides either, and a process with test clocks on in production
refuses to start (tests/kit/test_testclock.py). Dev leaves them off as well (QA turns them on explicitly)."""

from tests.deploy.test_manifests import render
from tianping.runtime.launcher import COMPONENTS


def _environment(objects, container) -> dict:
    """What a container's process sees: its ConfigMaps (envFrom), then its own env entries."""
    maps = {o["metadata"]["name"]: o.get("data", {}) for o in objects if o["kind"] == "ConfigMap"}
    env = {}
    for source in container.get("envFrom", []):
        env.update(maps.get(source.get("configMapRef", {}).get("name"), {}))
    env.update({e["name"]: e.get("value", "(from a reference)") for e in container.get("env", [])})
    return env


def _containers(objects):
    for obj in objects:
        if obj["kind"] in ("Deployment", "Job"):
            for container in obj["spec"]["template"]["spec"]["containers"]:
                yield obj["metadata"]["name"], container


def test_the_prod_overlay_runs_every_component_as_production_with_test_clocks_off():
    objects = render("prod")
    seen = set()
    for name, container in _containers(objects):
        env = _environment(objects, container)
        if env.get("TIANPING_DB_PREFIX") is None:  # not a Tianping container
            continue
        seen.add(name)
        assert env.get("TIANPING_ENV") == "production", name
        assert env.get("TIANPING_TEST_CLOCKS") == "0", name
    assert {c.name for c in COMPONENTS} <= seen


def test_the_dev_overlay_leaves_test_clocks_off():
    objects = render("dev")
    for name, container in _containers(objects):
        assert _environment(objects, container).get("TIANPING_TEST_CLOCKS", "0") == "0", name
