"""Pure rules of review quality (R-LST-02, issue 25): each human verdict on an automatic decision becomes a label —
per category, the automatic review's finding was upheld, a false alarm, or the reviewer found what it missed — and
the labels of a period add up to precision and recall per category. No I/O.

Where the labels come from:
- a reviewer's decision on a listing the automatic review held for review: every category it flagged is `upheld`
  when the reviewer rejects or asks for changes under one of that finding's rules (or names no rule), else a
  `false_alarm`; each category the reviewer names that no finding carried is `missed` (a listing held for its
  category alone, with no finding, labels only what the reviewer names);
- a reviewer's verdict on an auto-published listing drawn for the human sample: `kept` (the pass was right) or each
  named category `missed`. A sample stands for 1/rate auto-published listings, so its misses weigh 1/rate in the
  recall estimate (the label keeps its weight); the raw counts are reported beside it.
"""

from decimal import Decimal

from tianping.lib.enforcement import enforces

UNSPECIFIED = "unspecified"  # a miss the reviewer did not put in a category
UPHELD_DECISIONS = ("reject", "request_changes")


def finding_category(finding: dict) -> str:
    return finding.get("category") or finding.get("kind") or UNSPECIFIED


@enforces("R-LST-02", neutral={}, partly="labels only the reviewer's decisions on listings the automatic review "
          "held; the sample's verdicts are labelled by sample_outcomes")
def review_outcomes(findings: list[dict], decision: str, rule_ids: list[str], categories: list[str]) -> dict:
    """{category: outcome} of a reviewer's decision on a listing the automatic review held."""
    named = set(rule_ids)
    outcomes: dict[str, str] = {}
    for finding in findings:
        category = finding_category(finding)
        upheld = decision in UPHELD_DECISIONS and (not named or named & set(finding.get("rule_ids") or ()))
        if upheld or outcomes.get(category) != "upheld":
            outcomes[category] = "upheld" if upheld else "false_alarm"
    if decision in UPHELD_DECISIONS:  # a category only the reviewer saw (a held listing may carry no finding at all)
        for category in categories:
            outcomes.setdefault(category, "missed")
    return outcomes


def sample_outcomes(decision: str, categories: list[str]) -> dict:
    """{category: outcome} of a verdict on an auto-published listing drawn for the human sample."""
    if decision == "keep":
        return {"*": "kept"}
    return {category: "missed" for category in (categories or [UNSPECIFIED])}


def label(source: str, outcomes: dict, at, reviewer: str, lexicon_version: str | None, weight: Decimal) -> dict:
    return {"source": source, "outcomes": outcomes, "at": at, "reviewer": reviewer,
            "lexicon_version": lexicon_version, "weight": str(weight)}


def _ratio(part: Decimal, whole: Decimal) -> str | None:
    return None if whole == 0 else str((part / whole).quantize(Decimal("0.001")))


def figures(labels: list[dict]) -> dict:
    """Per category: counts of each outcome, the sample's weighted misses, precision and recall (None without data).
    Precision = upheld / (upheld + false alarms); recall = upheld / (upheld + missed in review + the sample's misses
    weighted by 1/rate), an estimate of what the automatic review let through."""
    per: dict[str, dict] = {}
    kept = 0
    for item in labels:
        weight = Decimal(item.get("weight") or "1")
        for category, outcome in item["outcomes"].items():
            if outcome == "kept":
                kept += 1
                continue
            row = per.setdefault(category, {"upheld": 0, "false_alarm": 0, "missed_in_review": 0,
                                            "missed_in_sample": 0, "estimated_missed": Decimal(0)})
            if outcome == "missed" and item["source"] == "sample":
                row["missed_in_sample"] += 1
                row["estimated_missed"] += weight
            elif outcome == "missed":
                row["missed_in_review"] += 1
                row["estimated_missed"] += 1
            else:
                row[outcome] += 1
    return {"labels": len(labels), "sample_kept": kept, "categories": [
        {"category": category, **{k: v for k, v in row.items() if k != "estimated_missed"},
         "estimated_missed": str(row["estimated_missed"]),
         "precision": _ratio(Decimal(row["upheld"]), Decimal(row["upheld"] + row["false_alarm"])),
         "recall": _ratio(Decimal(row["upheld"]), row["upheld"] + row["estimated_missed"])}
        for category, row in sorted(per.items())]}
