"""pytest plugin of `make rules-verify` (docs/rules_verify.py): runs every test that declares a rule
(`@pytest.mark.rule("R-AFT-01")`) once as written and once per declared rule with that rule neutralised
(TIANPING_NEUTRALISE, tianping/lib/enforcement.py), in one session so the store and the fixtures start once.
Outcomes go to the JSON file named by --rules-out: {nodeid: {"baseline": outcome, "R-AFT-01": outcome, ...}}.
"""

import json
import os

import pytest

from tianping.lib.enforcement import ENV

MUTATION = "_tianping_neutralise"


def pytest_addoption(parser):
    parser.addoption("--rules-out", default=None, help="write baseline and mutated outcomes of rule tests here")


def pytest_configure(config):
    config.addinivalue_line("markers", "rule(*ids): the test proves these rule IDs (make rules-verify)")
    config._tianping_outcomes = {}


def declared_rules(item) -> list[str]:
    return sorted({rule_id for mark in item.iter_markers("rule") for rule_id in mark.args})


def _clone(item, rule_id: str):
    clone = pytest.Function.from_parent(
        item.parent, name=f"{item.name}~{rule_id}", callspec=getattr(item, "callspec", None),
        fixtureinfo=item._fixtureinfo, originalname=item.originalname)
    setattr(clone, MUTATION, (item.nodeid, rule_id))
    return clone


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    if not config.getoption("rules_out"):
        return
    selected = []
    for item in items:
        rules = declared_rules(item)
        if not rules:
            continue
        setattr(item, MUTATION, (item.nodeid, "baseline"))
        selected += [item, *(_clone(item, rule_id) for rule_id in rules)]
    items[:] = selected


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    mutation = getattr(item, MUTATION, None)
    previous = os.environ.pop(ENV, None)
    if mutation and mutation[1] != "baseline":
        os.environ[ENV] = mutation[1]
    try:
        yield
    finally:
        os.environ.pop(ENV, None)
        if previous is not None:
            os.environ[ENV] = previous


def pytest_runtest_logreport(report):
    item_mutation = getattr(report, "_tianping_mutation", None)
    if item_mutation is None:
        return
    nodeid, mutation = item_mutation
    outcomes = _CONFIG["config"]._tianping_outcomes.setdefault(nodeid, {})
    if report.failed:
        outcomes[mutation] = "failed"
    elif report.skipped and outcomes.get(mutation) != "failed":
        outcomes[mutation] = "skipped"
    elif report.when == "call" and mutation not in outcomes:
        outcomes[mutation] = "passed"


_CONFIG = {}


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    _CONFIG["config"] = session.config


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    report._tianping_mutation = getattr(item, MUTATION, None)


def pytest_sessionfinish(session):
    path = session.config.getoption("rules_out")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump({"outcomes": session.config._tianping_outcomes,
                       "rules": {nodeid: declared for nodeid, declared in _RULES.items()}}, out, indent=1)


_RULES: dict[str, list[str]] = {}


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    for item in session.items:
        mutation = getattr(item, MUTATION, None)
        if mutation and mutation[1] == "baseline":
            _RULES[item.nodeid] = declared_rules(item)
