"""Documents that describe code are generated from it (`make docs`) and never stale."""

import re
from pathlib import Path

from docs import generate
from tianping.lib import config as cfg

ROOT = Path(__file__).resolve().parent.parent


def test_rpc_reference_and_readme_configuration_table_are_current():
    assert generate.main(["--check"]) == 0, "run `make docs` and commit the result"


def test_every_environment_variable_the_code_reads_is_in_the_configuration_table():
    read = set()
    for path in [*ROOT.glob("tianping/**/*.py"), *ROOT.glob("services/*/*.py"), *ROOT.glob("gateway/*.py")]:
        read |= set(re.findall(r'env\("([A-Z_]+)"', path.read_text()))
    for path in [*ROOT.glob("services/*/config.yaml"), ROOT / "gateway" / "config.yaml"]:
        read |= set(re.findall(r"\$\{([A-Z_]+):", path.read_text()))
    read -= {"METRICS_PORT", "VAR"}  # METRICS_PORT: set per process by the launcher; VAR: the YAML comment
    assert read <= {name for name, _, _ in cfg.VARIABLES}


def test_every_rpc_of_every_service_is_documented_with_a_sentence():
    reference = generate.rpc_reference()
    assert "| `evaluations_due` | `(limit=100, cursor=None)` |" in reference
    assert not re.search(r"\| (command|query) \|  \|", reference), "an RPC without a docstring"


def test_the_rules_matrix_lists_every_catalogue_rule_without_contradictions():
    from docs import rules_matrix

    rows = rules_matrix.classify()
    catalogue = set(generate.json.loads(generate.CATALOGUE.read_text())["rules"])
    assert set(rows) == catalogue  # every rule ID of ../shared/RULES.md has a status
    for rule_id in catalogue:
        assert f"| {rule_id} |" in rules_matrix.MATRIX.read_text()
    contradictions = sorted(k for k, r in rows.items() if r["conflict"])
    assert not contradictions, f"cited in code yet declared recorded/out of scope in docs/rule_scope.json: {contradictions}"
    declared = generate.json.loads(rules_matrix.SCOPE.read_text())
    assert set(declared) <= catalogue and all(d["status"] in ("recorded", "out of scope") and d["why"]
                                              for d in declared.values())
    for row in rows.values():
        if row["status"] == "enforced":  # names a real test function that names the rule
            assert row["proved_by"] and all(name.rsplit(".", 1)[-1].startswith("test_") for name in row["proved_by"])


def test_the_matrix_finds_deciders_and_tests_by_the_rule_ids_they_cite(tmp_path):
    from docs import rules_matrix

    code = tmp_path / "rules.py"
    code.write_text('def window():\n    """R-AFT-01: seven days."""\n\nTABLE = {"x": "PB-06"}\n')
    tests = tmp_path / "test_x.py"
    tests.write_text("def test_window_R_AFT_01():\n    pass\n\ndef helper():\n    'R-AFT-02'\n")
    rules_matrix.ROOT, root = tmp_path, rules_matrix.ROOT
    try:
        assert rules_matrix.cited_by([code]) == {"R-AFT-01": ["rules.window"], "PB-06": ["rules.TABLE"]}
        assert rules_matrix.cited_by([tests], tests=True) == {"R-AFT-01": ["test_x.test_window_R_AFT_01"]}
    finally:
        rules_matrix.ROOT = root


def test_the_readme_quotes_the_matrix_counts():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    summary = re.search(r"224 rules: (.*)\.", (root / "docs" / "rules.md").read_text()).group(1)
    assert f"Today: {summary}." in (root / "README.md").read_text(), f"README should quote: Today: {summary}."
