"""The rules traceability matrix (docs/rules.md), generated from declarations and proof, never by hand (issue 27).

Every rule ID of ../shared/RULES.md (through tianping/lib/rule_catalogue.json) gets one status:
- **enforced**: code declares it (`@enforces`, tianping/lib/enforcement.py) and `make rules-verify` proved it: a test
  declaring it (`@pytest.mark.rule`) fails when the check is neutralised and all its tests pass without that;
- **partly**: proven, but the declaration names a part of the rule its check does not cover;
- **recorded only**: a violation can be recorded under the ID (or its evidence is kept), nothing detects it;
- **out of scope**: outside what a back end can do, with a reason from the fixed list `REASONS`;
- **missing**: everything else — including a rule declared in code that no test proves (the row says why).
Mentions of an ID in comments, docstrings, messages or test names count for nothing.
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MATRIX = ROOT / "docs" / "rules.md"
SCOPE = ROOT / "docs" / "rule_scope.json"
VERIFIED = ROOT / "docs" / "rules_verified.json"
CATALOGUE = ROOT / "tianping" / "lib" / "rule_catalogue.json"
README = ROOT / "README.md"
COUNTS_START, COUNTS_END = "<!-- rules-counts:start -->", "<!-- rules-counts:end -->"
SECTIONS = (("R-ONB", "Onboarding"), ("R-LST", "Listing"), ("R-AFT", "Aftersale"), ("R-DSP", "Dispute"),
            ("R-REP", "Reputation and blacklist"), ("R-XC", "Cross-cutting"), ("PB", "Prohibited behaviours"))
STATUSES = ("enforced", "partly", "recorded only", "out of scope", "missing")
REASONS = {  # the only reasons a rule may be out of scope (docs/rule_scope.json "reason")
    "offline-conduct": "a person's or a party's conduct offline or inside its own organisation",
    "government-duty": "a duty of a government body, a certification body or an accredited lab",
    "third-party-contract": "a contract or an agreement between third parties",
    "operator-legal": "the operator's own legal, editorial or organisational work, outside any system",
    "deployment": "the deployment and its infrastructure (network, backups, certification of the whole)",
    "other-system": "a front end or another platform system (payments, logistics, streaming, storefront)",
}


def _load(path: Path, default):
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else default


def classify(verdicts: dict | None = None, declarations: dict | None = None) -> dict[str, dict]:
    from docs.rules_verify import load_declarations

    catalogue = _load(CATALOGUE, {})["rules"]
    scope = _load(SCOPE, {})
    verdicts = _load(VERIFIED, {}) if verdicts is None else verdicts
    declarations = load_declarations() if declarations is None else declarations
    rows = {}
    for rule_id, text in catalogue.items():
        decl = declarations.get(rule_id, [])
        verdict = verdicts.get(rule_id, {})
        partly = sorted({d.partly for d in decl if d.partly})
        recorded_only = bool(decl) and all(d.recorded_only for d in decl)
        proven = bool(verdict.get("proven")) and bool(decl) and not recorded_only and \
            verdict.get("declared_by") == sorted({d.target for d in decl})
        row = {"text": text, "declared_by": sorted({d.target for d in decl}), "caught_by": verdict.get("caught_by", []),
               "why": None, "conflict": False}
        declared_scope = scope.get(rule_id)
        if proven:
            row["status"] = "partly" if partly else "enforced"
            row["why"] = "; ".join(partly) or None
            row["conflict"] = bool(declared_scope)
        elif recorded_only or (declared_scope and declared_scope["status"] == "recorded"):
            row["status"] = "recorded only"
            row["why"] = declared_scope["why"] if declared_scope else "violations are recorded under this ID"
        elif declared_scope:
            row["status"] = "out of scope"
            row["why"] = f"{declared_scope['reason']}: {declared_scope['why']}"
        else:
            row["status"] = "missing"
            row["why"] = verdict.get("why_not") or "no code declares it"
            if decl and verdict.get("proven"):
                row["why"] = "declarations changed since the last `make rules-verify`"
        rows[rule_id] = row
    return rows


def counts_by_section(rows: dict[str, dict]) -> dict[str, dict[str, int]]:
    out = {}
    for prefix, title in SECTIONS:
        section = [r for k, r in rows.items() if k.startswith(prefix + "-")]
        out[title] = {s: sum(1 for r in section if r["status"] == s) for s in STATUSES}
    out["All"] = {s: sum(c[s] for c in out.values()) for s in STATUSES}
    return out


def counts_table(counts: dict) -> str:
    lines = ["| family | " + " | ".join(STATUSES) + " |", "|---|" + "---|" * len(STATUSES)]
    lines += [f"| {title} | " + " | ".join(str(c[s]) for s in STATUSES) + " |" for title, c in counts.items()]
    return "\n".join(lines)


def summary(counts: dict) -> str:
    total = sum(counts["All"].values())
    return f"{total} rules: " + ", ".join(f"{counts['All'][s]} {s}" for s in STATUSES)


def _short(names: list[str], most: int = 2) -> str:
    shown = [f"`{n.replace('services.', '').replace('tests/', '')}`" for n in names[:most]]
    return ", ".join(shown) + (f" (+{len(names) - most})" if len(names) > most else "")


def render(rows: dict | None = None) -> str:
    rows = classify() if rows is None else rows
    counts = counts_by_section(rows)
    lines = ["# Rules traceability matrix", "",
             "Generated by `make rules-verify` (and `make docs`) from the declarations in the code and the last "
             "mutation run (`docs/rules_verified.json`); do not edit by hand.", "",
             "**enforced**: code declares the rule (`@enforces`) and a test declaring it (`@pytest.mark.rule`) fails "
             "when that check is neutralised, while all its tests pass without the mutation · **partly**: proven, "
             "the part not covered is named · **recorded only**: a violation can be recorded under the ID, nothing "
             "detects it · **out of scope**: reason from a fixed list (`docs/rule_scope.json`) · **missing**: not "
             "built or not proven (the row says which).", "", summary(counts) + ".", "", counts_table(counts)]
    for prefix, title in SECTIONS:
        lines += ["", f"## {title}", "", "| rule | status | declared by | caught by / why | rule |",
                  "|---|---|---|---|---|"]
        for rule_id, r in rows.items():
            if not rule_id.startswith(prefix + "-"):
                continue
            evidence = _short(r["caught_by"]) if r["status"] in ("enforced", "partly") else ""
            if r["why"]:
                evidence = (evidence + " — " if evidence else "") + r["why"].replace("|", "\\|")
            text = r["text"][:110].replace("|", "\\|") + ("…" if len(r["text"]) > 110 else "")
            lines.append(f"| {rule_id} | {r['status']} | {_short(r['declared_by'])} | {evidence} | {text} |")
    return "\n".join(lines) + "\n"


def readme_with_counts(readme: str, rows: dict | None = None) -> str:
    counts = counts_by_section(classify() if rows is None else rows)
    start, end = readme.index(COUNTS_START) + len(COUNTS_START), readme.index(COUNTS_END)
    block = f"Today: {summary(counts)}.\n\n{counts_table(counts)}"
    return readme[:start] + "\n" + block + "\n" + readme[end:]


def write() -> None:
    rows = classify()
    MATRIX.write_text(render(rows), encoding="utf-8")
    README.write_text(readme_with_counts(README.read_text(encoding="utf-8"), rows), encoding="utf-8")
