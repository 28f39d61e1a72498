"""Documents that describe code are generated from it (`make docs`) and never stale."""

import re
from pathlib import Path

from docs import generate
from tianping import config as cfg

ROOT = Path(__file__).resolve().parent.parent


def test_rpc_reference_and_readme_configuration_table_are_current():
    assert generate.main(["--check"]) == 0, "run `make docs` and commit the result"


def test_every_environment_variable_the_code_reads_is_in_the_configuration_table():
    read = set()
    for path in [*ROOT.glob("tianping/*.py"), *ROOT.glob("services/*/*.py"), *ROOT.glob("gateway/*.py")]:
        read |= set(re.findall(r'env\("([A-Z_]+)"', path.read_text()))
    for path in [*ROOT.glob("services/*/config.yaml"), ROOT / "gateway" / "config.yaml"]:
        read |= set(re.findall(r"\$\{([A-Z_]+):", path.read_text()))
    read -= {"METRICS_PORT", "VAR"}  # METRICS_PORT: set per process by the launcher; VAR: the YAML comment
    assert read <= {name for name, _, _ in cfg.VARIABLES}


def test_every_rpc_of_every_service_is_documented_with_a_sentence():
    reference = generate.rpc_reference()
    assert "| `evaluations_due` | `(limit=100, cursor=None)` |" in reference
    assert not re.search(r"\| (command|query) \|  \|", reference), "an RPC without a docstring"
