"""docs/operations.md keeps up with the code: every alert rule has its section (what it means, what to do), every
service database is named in the backup section, and every command it tells an operator to run exists."""

import re
from pathlib import Path

import yaml

from tianping import SERVICE_NAMES

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "operations.md").read_text()


def test_every_alert_has_a_section():
    rules = yaml.safe_load((ROOT / "deploy" / "prometheus" / "rules.yaml").read_text())
    alerts = {rule["alert"] for group in rules["groups"] for rule in group["rules"] if "alert" in rule}
    sections = set(re.findall(r"^### (\w+)$", DOC, re.M))
    assert alerts == sections


def test_every_service_database_is_in_the_backup_section():
    backup = DOC.split("## 4. Back up and restore")[1].split("## 5.")[0]
    for name in SERVICE_NAMES:
        assert f"tianping_{name}" in backup


def test_the_modules_it_tells_operators_to_run_exist():
    modules = set(re.findall(r"python -m (tianping(?:\.\w+)+)", DOC))
    assert modules
    for module in modules:
        path = ROOT / (module.replace(".", "/") + ".py")
        if not path.exists():  # a package run by its __main__
            path = ROOT / module.replace(".", "/") / "__main__.py"
        assert path.exists() and ("def main" in path.read_text() or "main()" in path.read_text()), module
