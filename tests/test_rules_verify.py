"""The proof by mutation itself (issue 27): a rule counts as enforced only when a test declaring it fails with the
declared check neutralised and passes without that — a test that asserts nothing proves nothing."""

import textwrap

import pytest

from docs import rules_matrix, rules_verify
from tianping.lib import enforcement
from tianping.lib.enforcement import ENV, NO_FINDING, Registry, enforces, unless_cited

CHECKS = '''
from tianping.lib.enforcement import enforces

@enforces("R-AFT-01", neutral=True)
def within_window(days):
    return days <= 7

@enforces("R-AFT-02", neutral=True)
def within_warranty(days):
    return days <= 90

@enforces("R-AFT-03", neutral=None)
def deadline(days):
    return days + 1
'''
TESTS = '''
import pytest
from mini.checks import deadline, within_warranty, within_window

@pytest.mark.rule("R-AFT-01")
def test_window_asserts_nothing():
    within_window(8)

@pytest.mark.rule("R-AFT-02")
def test_warranty_refuses_day_91():
    assert within_warranty(90) and not within_warranty(91)

@pytest.mark.rule("R-AFT-03")
def test_deadline_is_wrong_as_written():
    assert deadline(1) == 3
'''


def mini_project(tmp_path):
    (tmp_path / "mini").mkdir()
    (tmp_path / "mini" / "__init__.py").write_text("")
    (tmp_path / "mini" / "checks.py").write_text(CHECKS)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_mini.py").write_text(textwrap.dedent(TESTS))
    registry = Registry()
    for rule_id, name in (("R-AFT-01", "within_window"), ("R-AFT-02", "within_warranty"), ("R-AFT-03", "deadline")):
        registry.add(enforcement.Declaration(rule_id, f"mini.checks.{name}", "returns True"))
    return registry


def test_only_a_test_that_fails_under_the_mutation_proves_its_rule(tmp_path):
    registry = mini_project(tmp_path)
    files = rules_verify.marked_test_files(tmp_path)
    run = rules_verify.run_tests([files], tmp_path)
    verdicts = rules_verify.judge(run, registry.by_rule())
    assert verdicts["R-AFT-02"]["proven"] and verdicts["R-AFT-02"]["caught_by"] == [
        "tests/test_mini.py::test_warranty_refuses_day_91"]
    assert not verdicts["R-AFT-01"]["proven"]  # asserts nothing: the mutation goes unnoticed
    assert verdicts["R-AFT-01"]["why_not"] == "no test fails when its check is neutralised"
    assert not verdicts["R-AFT-03"]["proven"] and verdicts["R-AFT-03"]["why_not"] == "1 of its tests fail as written"
    rows = rules_matrix.classify(verdicts, registry.by_rule())
    assert rows["R-AFT-02"]["status"] == "enforced" and rows["R-AFT-01"]["status"] == "missing"


def test_a_rule_tested_but_declared_by_no_code_is_not_proven():
    run = {"rules": {"t::a": ["R-AFT-04"]}, "outcomes": {"t::a": {"baseline": "passed", "R-AFT-04": "failed"}}}
    assert rules_verify.judge(run, {})["R-AFT-04"]["why_not"] == "no code declares it"


def test_the_neutral_value_answers_only_for_the_named_rules(monkeypatch):
    registry = Registry()

    @enforces("R-X-01", "R-X-02", neutral=unless_cited((True, []), "allowed"), registry=registry)
    def allowed(blocked):
        return (False, ["R-X-01"]) if blocked else (True, [])

    @enforces("R-X-03", neutral=NO_FINDING, registry=registry)
    def findings():
        return [{"rule_ids": ["R-X-03", "R-X-04"]}, {"rule_ids": ["R-X-03"]}, {"rule_id": "R-X-05"}]

    assert allowed(True) == (False, ["R-X-01"])
    monkeypatch.setenv(ENV, "R-X-02")
    assert allowed(True) == (False, ["R-X-01"])  # neutralising another rule of the function changes nothing here
    monkeypatch.setenv(ENV, "R-X-01,R-X-09")
    assert allowed(True) == (True, [])
    monkeypatch.setenv(ENV, "R-X-03")
    assert findings() == [{"rule_ids": ["R-X-04"]}, {"rule_id": "R-X-05"}]
    assert [d.rule_id for d in registry.declarations] == ["R-X-01", "R-X-02", "R-X-03"]
    with pytest.raises(ValueError):
        enforces(neutral=None)


def test_the_out_of_scope_reasons_come_from_the_fixed_list():
    scope = rules_matrix._load(rules_matrix.SCOPE, {})
    for rule_id, entry in scope.items():
        assert entry["status"] in ("recorded", "out of scope") and entry["why"], rule_id
        if entry["status"] == "out of scope":
            assert entry["reason"] in rules_matrix.REASONS, rule_id
