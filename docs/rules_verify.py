"""`make rules-verify`: proof by mutation that each declared rule is enforced (issue 27).

For every test declaring a rule (`@pytest.mark.rule`), docs/rules_plugin.py runs it as written and once per declared
rule with that rule's checks neutralised (tianping/lib/enforcement.py). A rule is *proven* when code declares it
(`@enforces`), every one of its tests passes as written and at least one fails under the mutation. The tests run in
two pytest processes (the machine's two cores), each starting the store once. Writes docs/rules_verified.json, then
the matrix docs/rules.md and the README's counts (docs/rules_matrix.py). `--check` fails instead of writing when
the committed files differ from this run (CI).
"""

import argparse
import importlib
import json
import pkgutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERIFIED = ROOT / "docs" / "rules_verified.json"
DECLARING_PACKAGES = ("services", "tianping.lib", "tianping.platform", "gateway")
SHARDS = 2


def load_declarations(packages=DECLARING_PACKAGES) -> dict[str, list]:
    """Import every module of the declaring packages so their @enforces decorators register."""
    from tianping.lib.enforcement import REGISTRY

    for name in packages:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            if not info.name.endswith(("__main__", ".generate")):
                importlib.import_module(info.name)
    return REGISTRY.by_rule()


def marked_test_files(root: Path) -> list[Path]:
    tests = root / "tests"
    return sorted(p for p in tests.rglob("test_*.py")
                  if "integration" not in p.parts and "mark.rule(" in p.read_text(encoding="utf-8"))


def shards(files: list[Path], count: int = SHARDS) -> list[list[Path]]:
    """Balance by size: the biggest file goes to the lightest shard."""
    out = [[] for _ in range(count)]
    weights = [0] * count
    for path in sorted(files, key=lambda p: -p.stat().st_size):
        lightest = weights.index(min(weights))
        out[lightest].append(path)
        weights[lightest] += path.stat().st_size
    return [s for s in out if s]


def run_tests(groups: list[list[Path]], root: Path) -> dict:
    """Run each group in its own pytest process (in parallel); merge their outcomes."""
    merged = {"outcomes": {}, "rules": {}}
    with tempfile.TemporaryDirectory() as tmp:
        procs = []
        for i, files in enumerate(groups):
            out = Path(tmp) / f"shard{i}.json"
            cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "docs.rules_plugin",
                   f"--rules-out={out}", "--tb=no", "-o", "addopts=-p no:cacheprovider -p no:cloudcoil",
                   *map(str, files)]
            procs.append((subprocess.Popen(cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                           env=_env(root)), out))
        for proc, out in procs:
            log = proc.communicate()[0].decode(errors="replace")
            if proc.returncode not in (0, 1) or not out.exists():
                raise SystemExit(f"rules-verify: pytest could not run (exit {proc.returncode}):\n{log[-3000:]}")
            shard = json.loads(out.read_text())
            merged["outcomes"].update(shard["outcomes"])
            merged["rules"].update(shard["rules"])
    return merged


def _env(root: Path) -> dict:
    import os

    env = {k: v for k, v in os.environ.items() if k != "TIANPING_NEUTRALISE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), str(root), env.get("PYTHONPATH")]))
    return env


def judge(run: dict, declarations: dict[str, list]) -> dict[str, dict]:
    """Per rule: its declaring code, its tests, the tests that caught the mutation, and whether it is proven."""
    tests_of: dict[str, list[str]] = {}
    for nodeid, rules in run["rules"].items():
        for rule_id in rules:
            tests_of.setdefault(rule_id, []).append(nodeid)
    verdicts = {}
    for rule_id in sorted(set(tests_of) | set(declarations)):
        tests = sorted(tests_of.get(rule_id, []))
        outcomes = {t: run["outcomes"].get(t, {}) for t in tests}
        broken = [t for t, o in outcomes.items() if o.get("baseline") == "failed"]
        caught = [t for t, o in outcomes.items() if o.get("baseline") == "passed" and o.get(rule_id) == "failed"]
        declared = rule_id in declarations
        proven = declared and bool(caught) and not broken
        reason = None if proven else (
            "no code declares it" if not declared else "no test declares it" if not tests
            else f"{len(broken)} of its tests fail as written" if broken
            else "no test fails when its check is neutralised")
        verdicts[rule_id] = {"proven": proven, "why_not": reason, "tests": len(tests), "caught_by": caught,
                             "declared_by": sorted({d.target for d in declarations.get(rule_id, [])})}
    return verdicts


def verify(root: Path = ROOT, packages=DECLARING_PACKAGES) -> dict[str, dict]:
    declarations = load_declarations(packages)
    files = marked_test_files(root)
    run = run_tests(shards(files), root) if files else {"outcomes": {}, "rules": {}}
    return judge(run, declarations)


def main(argv=None) -> int:
    from docs import rules_matrix

    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--check", action="store_true", help="fail when the committed results differ from this run")
    opts = args.parse_args(argv)
    started = time.monotonic()
    verdicts = verify()
    text = json.dumps(verdicts, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    counts = rules_matrix.counts_by_section(rules_matrix.classify(verdicts))
    print(rules_matrix.counts_table(counts))
    print(f"rules-verify: {sum(v['proven'] for v in verdicts.values())} rules proven in "
          f"{time.monotonic() - started:.0f} s")
    if opts.check:
        if VERIFIED.read_text(encoding="utf-8") != text:
            print("docs/rules_verified.json is not what this run proves: run `make rules-verify` and commit")
            return 1
        return 0
    VERIFIED.write_text(text, encoding="utf-8")
    rules_matrix.write()
    return 0


if __name__ == "__main__":
    sys.exit(main())
