"""The rules traceability matrix (docs/rules.md), generated from the code, never written by hand.

Every rule ID of ../shared/RULES.md (through tianping/lib/rule_catalogue.json) gets one status:
- **enforced**: code decides it — a function (or a module-level table) in services/, the kit or the gateway cites the
  rule ID — and a test proves it: a test function names the ID (in its name, R_AFT_01, or its body);
- **decided, untested**: code decides it but no test names it yet (a gap the matrix shows, not hides);
- **recorded**: the system keeps the evidence a person needs (docs/rule_scope.json says where);
- **out of scope**: a duty of the physical world, of a regulator, of a contract or of the operator's organisation
  outside this back end (docs/rule_scope.json says why in one line);
- **open**: nothing yet.
A rule that code cites cannot also be declared recorded or out of scope (the test fails on the contradiction).
"""

import ast
import json
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MATRIX = ROOT / "docs" / "rules.md"
SCOPE = ROOT / "docs" / "rule_scope.json"
CATALOGUE = ROOT / "tianping" / "lib" / "rule_catalogue.json"
RULE_ID = re.compile(r"\b(R-[A-Z]+-\d+|PB-\d+)\b")
TEST_NAME_ID = re.compile(r"(R_[A-Z]+_\d+|PB_\d+)")
SECTIONS = (("R-ONB", "Onboarding"), ("R-LST", "Listing"), ("R-AFT", "Aftersale"), ("R-DSP", "Dispute"),
            ("R-REP", "Reputation and blacklist"), ("R-XC", "Cross-cutting"), ("PB", "Prohibited behaviours"))
STATUSES = ("enforced", "decided, untested", "recorded", "out of scope", "open")


def _definitions(path: Path):
    """(name, source text) of each top-level function, each method, and each module-level assignment."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)

    def with_decorators(node) -> str:  # a parametrized test's table is named in its decorator
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        return "\n".join(lines[first - 1:node.end_lineno])

    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield f"{module}.{node.name}", with_decorators(node)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield f"{module}.{node.name}.{item.name}", with_decorators(item)
                elif isinstance(item, ast.Assign) and [t.id for t in item.targets if isinstance(t, ast.Name)] in (
                        ["REQUIRED_WHEN"], ["ONE_OF_REQUIRED"]):  # a schema's declared requirements decide too
                    yield f"{module}.{node.name}.{item.targets[0].id}", ast.get_source_segment(text, item) or ""
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if names:
                yield f"{module}.{names[0]}", ast.get_source_segment(text, node) or ""


def cited_by(paths, tests: bool = False) -> dict[str, list[str]]:
    """Rule ID -> the definitions citing it. For tests: test functions, by name or body, and the test tables (a
    module-level table under tests/, e.g. the onboarding rule cases) that a test function runs by name."""
    found, tables, test_sources = defaultdict(set), [], []
    for path in paths:
        for name, source in _definitions(path):
            short = name.rsplit(".", 1)[-1]
            if tests and not short.startswith("test_"):
                if short.isupper():
                    tables.append((name, short, set(RULE_ID.findall(source))))
                continue
            ids = set(RULE_ID.findall(source))
            if tests:
                test_sources.append((name, source))
                ids |= {m.replace("_", "-") for m in TEST_NAME_ID.findall(short)}
            for rule_id in ids:
                found[rule_id].add(name)
    for table, short, ids in tables:
        runners = [name for name, source in test_sources if re.search(rf"\b{short}\b", source)]
        for rule_id in ids if runners else ():
            found[rule_id].update(f"{runner} (table {table.rsplit('.', 1)[-1]})" for runner in runners[:2])
    return {k: sorted(v) for k, v in found.items()}


def code_files() -> list[Path]:
    return sorted([*ROOT.glob("services/*/*.py"), *ROOT.glob("services/*/*/*.py"), *ROOT.glob("tianping/**/*.py"),
                   *ROOT.glob("gateway/*.py"), *ROOT.glob("gateway/*/*.py")])


def test_files() -> list[Path]:
    return sorted(ROOT.glob("tests/**/*.py"))


def classify() -> dict[str, dict]:
    catalogue = json.loads(CATALOGUE.read_text())["rules"]
    scope = json.loads(SCOPE.read_text(encoding="utf-8"))
    deciders, provers = cited_by(code_files()), cited_by(test_files(), tests=True)
    rows = {}
    for rule_id, text in catalogue.items():
        row = {"text": text, "decided_by": deciders.get(rule_id, []), "proved_by": provers.get(rule_id, []),
               "why": None}
        declared = scope.get(rule_id)
        if row["decided_by"]:
            row["status"] = "enforced" if row["proved_by"] else "decided, untested"
        elif declared:
            row["status"], row["why"] = declared["status"], declared["why"]
        else:
            row["status"] = "open"
        row["conflict"] = bool(row["decided_by"] and declared)
        rows[rule_id] = row
    return rows


def _short(names: list[str], most: int = 3) -> str:
    shown = [f"`{n.replace('services.', '').replace('tests.', '')}`" for n in names[:most]]
    return ", ".join(shown) + (f" (+{len(names) - most})" if len(names) > most else "")


def render() -> str:
    rows = classify()
    counts = {s: sum(1 for r in rows.values() if r["status"] == s) for s in STATUSES}
    lines = ["# Rules traceability matrix", "",
             "Generated by `make rules` (also `make docs`) from the code and the tests; do not edit by hand. "
             "`tests/test_docs.py` fails when it is stale, when a catalogue ID is missing, or when a rule cited in "
             "code is also declared recorded or out of scope.", "",
             "**enforced**: a function cites the rule and a test names it · **decided, untested**: code cites it, no "
             "test names it yet · **recorded**: the system keeps the evidence · **out of scope**: outside this back "
             "end (why) · **open**: not built yet. Declarations for recorded and out of scope: "
             "`docs/rule_scope.json`.", "",
             f"{len(rows)} rules: " + ", ".join(f"{counts[s]} {s}" for s in STATUSES) + ".", "",
             "| section | " + " | ".join(STATUSES) + " |", "|---|" + "---|" * len(STATUSES)]
    for prefix, title in SECTIONS:
        section = [r for k, r in rows.items() if k.startswith(prefix + "-")]
        lines.append(f"| {title} | " + " | ".join(str(sum(1 for r in section if r['status'] == s))
                                                  for s in STATUSES) + " |")
    for prefix, title in SECTIONS:
        lines += ["", f"## {title}", "", "| rule | status | decided by | proved by / why | rule |",
                  "|---|---|---|---|---|"]
        for rule_id, r in rows.items():
            if not rule_id.startswith(prefix + "-"):
                continue
            evidence = _short(r["proved_by"]) if r["decided_by"] else (r["why"] or "")
            text = r["text"][:110].replace("|", "\\|") + ("…" if len(r["text"]) > 110 else "")
            lines.append(f"| {rule_id} | {r['status']} | {_short(r['decided_by'])} | {evidence} | {text} |")
    return "\n".join(lines) + "\n"
