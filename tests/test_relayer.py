"""tools/relayer.py: the tree is its fixpoint (nothing left on an old path), and code written against the flat kit —
what a branch merged after the move brings — is rewritten to the layered paths."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import relayer  # noqa: E402 - tools/ is not a package

OLD = '''from tianping import SERVICE_NAMES, blacklist, clock
from tianping import config as cfg
from tianping.schemas import RULE_ID, Strict
import tianping.deadlines


def f(monkeypatch):
    from tianping.errors import (
        Conflict,
        NotFound,
    )
    monkeypatch.setattr("tianping.clock.now", None)  # python -m tianping.launcher; see tianping/outbox.py
'''

NEW = '''from tianping import SERVICE_NAMES
from tianping.platform import blacklist
from tianping.lib import clock
from tianping.lib import config as cfg
from tianping.lib.schemas import RULE_ID, Strict
import tianping.platform.deadlines


def f(monkeypatch):
    from tianping.lib.errors import (
        Conflict,
        NotFound,
    )
    monkeypatch.setattr("tianping.lib.clock.now", None)  # python -m tianping.runtime.launcher; see tianping/platform/outbox.py
'''


def rewrite(path: Path, text: str) -> str:
    return relayer.rewrite_text(relayer.rewrite_imports(path, text))


def test_old_imports_names_and_paths_are_rewritten_and_a_second_run_changes_nothing():
    outside = ROOT / "services" / "listing" / "example.py"
    assert rewrite(outside, OLD) == NEW
    assert rewrite(outside, NEW) == NEW


def test_relative_imports_of_pre_move_kit_code_resolve_to_the_layers():
    moved = ROOT / "tianping" / "platform" / "blacklist.py"
    old = "from . import bulk, clock, db\nfrom .contracts import durable_event_handler\nfrom . import SERVICE_NAMES\n"
    assert rewrite(moved, old) == ("from tianping.infra import bulk, db\nfrom tianping.lib import clock\n"
                                   "from tianping.platform.contracts import durable_event_handler\n"
                                   "from tianping import SERVICE_NAMES\n")


def test_the_tree_uses_no_old_path():
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "relayer.py"), "--check"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout
