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
    assert not contradictions, f"proven enforced yet declared recorded/out of scope in docs/rule_scope.json: {contradictions}"
    for row in rows.values():
        if row["status"] in ("enforced", "partly"):  # proven: declared in code, caught by a test
            assert row["declared_by"] and row["caught_by"]


def test_the_readme_quotes_the_matrix_counts():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    summary = re.search(r"224 rules: (.*)\.", (root / "docs" / "rules.md").read_text()).group(1)
    assert f"Today: 224 rules: {summary}." in (root / "README.md").read_text(), f"README should quote: {summary}."
