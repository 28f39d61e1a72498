"""One scorer for the listing-review corpus splits (heldout4, heldout5, heldout6, …): each split's module keeps its
own history, marker, aim and floors, and calls these for the file check and the judgement."""

import json
import re
from collections import Counter
from pathlib import Path

from tests.listing.usecases import Listings

MIN_CASES = 300
INNOCENT_SHARE = (0.40, 0.60)
LABELS = ("violating", "innocent")


def load_cases(cases_file: Path) -> list[dict]:
    with cases_file.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def span_value(case: dict) -> str:
    field = case["span"]["field"]
    if field.startswith("attributes."):
        return str(case["data"]["attributes"][field.split(".", 1)[1]])
    return case["data"][field]


def ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def scores(rows: list[tuple[dict, bool]]) -> tuple[float, float, int, int, int]:
    tp = sum(1 for case, flagged in rows if flagged and case["label"] == "violating")
    fp = sum(1 for case, flagged in rows if flagged and case["label"] == "innocent")
    fn = sum(1 for case, flagged in rows if not flagged and case["label"] == "violating")
    return ratio(tp, tp + fp), ratio(tp, tp + fn), tp, fp, fn


def report(name: str, rows: list[tuple[dict, bool]]) -> str:
    precision, recall, tp, fp, fn = scores(rows)
    lines = [f"{name}: {len(rows)} cases; precision {precision:.3f} recall {recall:.3f} (tp {tp} fp {fp} fn {fn})"]
    for family in sorted({case["family"] for case, _ in rows}):
        p, r, ftp, ffp, ffn = scores([row for row in rows if row[0]["family"] == family])
        lines.append(f"  {family:<13} precision {p:.3f} recall {r:.3f} (tp {ftp} fp {ffp} fn {ffn})")
    lines.append("misses: " + " ".join(c["id"] for c, f in rows if not f and c["label"] == "violating"))
    lines.append("false alarms: " + " ".join(c["id"] for c, f in rows if f and c["label"] == "innocent"))
    return "\n".join(lines)


def assert_well_formed(cases_file: Path) -> None:
    cases = load_cases(cases_file)
    ids = [case["id"] for case in cases]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    assert len(cases) >= MIN_CASES
    innocent = sum(case["label"] == "innocent" for case in cases) / len(cases)
    assert INNOCENT_SHARE[0] <= innocent <= INNOCENT_SHARE[1], innocent
    for case in cases:
        assert case["label"] in LABELS, case["id"]
        assert case["family"] and case["data"].get("title") and case["data"].get("category"), case["id"]
        assert case["span"]["text"] and case["span"]["text"] in span_value(case), case["id"]


def judged_by_content(review: dict) -> bool:
    """Flagged for what the text says: a finding other than a required field left empty (R-LST-19's description,
    R-LST-03's source ...), which the check reports whatever the text."""
    return any(finding["kind"] != "missing_field" for finding in review["findings"])


def assert_judged(name: str, cases_file: Path, replica, capsys, aim: tuple[float, float],
                  floor: tuple[float, float], family_floors: dict[str, tuple[float, float]] | None = None,
                  by_content_too: bool = False) -> None:
    """Every case through the draft check (flagged: not published, or any finding); prints the figures per family,
    the misses and false alarms, and whether the aim is met; fails below the floors (overall, and per family for
    the families `family_floors` names: {family: (precision, recall)})."""
    listings = Listings(replica)
    rows, by_content, errors = [], [], []
    for case in load_cases(cases_file):
        try:
            review = listings.check(dict(case["data"]))
        except Exception as exc:  # a draft the check refuses to read is a defect of the case or of the check
            errors.append(f"{case['id']}: {exc!r}")
            continue
        rows.append((case, review["status"] != "published" or bool(review["findings"])))
        by_content.append((case, judged_by_content(review)))
    summary = report(name, rows)
    with capsys.disabled():
        print("\n" + summary)
        if by_content_too:  # a split whose drafts leave required fields empty: what the text alone was judged
            print(report(f"{name}, by content (empty required fields aside)", by_content))
    assert not errors, errors
    precision, recall, *_ = scores(rows)
    with capsys.disabled():
        print(f"aim {aim[0]}/{aim[1]}: precision {'met' if precision >= aim[0] else 'NOT met'}, "
              f"recall {'met' if recall >= aim[1] else 'NOT met'}")
    assert precision >= floor[0] and recall >= floor[1], summary
    for family, (min_precision, min_recall) in (family_floors or {}).items():
        p, r, *_ = scores([row for row in rows if row[0]["family"] == family])
        assert p >= min_precision and r >= min_recall, (family, p, r, summary)


def assert_labelled(cases_file: Path) -> None:
    """Each case's expected decision and rule IDs agree with its label (the splits from heldout7 on carry both)."""
    for case in load_cases(cases_file):
        assert case["expected"] == ("flag" if case["label"] == "violating" else "publish"), case["id"]
        assert bool(case["rule_ids"]) == (case["label"] == "violating"), case["id"]


def assert_clean_pass(name: str, cases_file: Path, replica, capsys, floor: float) -> None:
    """The share of innocent look-alikes the draft check publishes without a finding, per family; printed, and a
    failure below `floor`."""
    listings = Listings(replica)
    passed: dict[str, list[bool]] = {}
    for case in load_cases(cases_file):
        if case["label"] != "innocent":
            continue
        review = listings.check(dict(case["data"]))
        passed.setdefault(case["family"], []).append(review["status"] == "published" and not review["findings"])
    every = [ok for oks in passed.values() for ok in oks]
    lines = [f"{name} clean pass {sum(every) / len(every):.3f} ({sum(every)}/{len(every)})"]
    lines += [f"  {family:<13} clean pass {sum(oks) / len(oks):.3f} ({sum(oks)}/{len(oks)})"
              for family, oks in sorted(passed.items())]
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert sum(every) / len(every) >= floor, lines


def assert_named_and_spanned(cases_file: Path, prefix: str, families: tuple[str, ...]) -> None:
    """Every case: a unique id `<prefix>-<family>-v01|i01`, its family, the expected outcome its label implies, rule
    IDs of the catalogue on violations only, and a span that is an exact substring of its field."""
    from tianping.lib.schemas import RULES

    cases = load_cases(cases_file)
    ids = [case["id"] for case in cases]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    for case in cases:
        violating = case["label"] == "violating"
        assert case["family"] in families, case["id"]
        assert re.fullmatch(rf"{prefix}-{case['family']}-{'v' if violating else 'i'}\d\d", case["id"]), case["id"]
        assert case["expected"] == ("flag" if violating else "publish"), case["id"]
        assert bool(case["rule_ids"]) == violating and set(case["rule_ids"]) <= set(RULES), case["id"]
        span = case["span"]
        assert span["text"] and span["text"] in case["data"][span["field"]], case["id"]


def assert_counts(cases_file: Path, families: tuple[str, ...], violating: int, innocent: int, total: int,
                  innocent_share: float) -> None:
    """At least `violating` and `innocent` cases per family, `total` in all, `innocent_share` of them innocent."""
    cases = load_cases(cases_file)
    counts = Counter((case["family"], case["label"]) for case in cases)
    for family in families:
        assert counts[family, "violating"] >= violating and counts[family, "innocent"] >= innocent, family
    innocents = sum(n for (_, label), n in counts.items() if label == "innocent")
    assert len(cases) >= total and innocents / len(cases) >= innocent_share


class SplitChecks:
    """The checks every judged split runs. A split's module declares `class TestSplit(SplitChecks)` (or one of the
    richer bases below) with its own figures; pytest collects only that subclass, so each split's module holds its
    cases' description and its floors, and the checks are written once."""

    title: str  # how the judged report names the split
    cases_file: Path
    aims: tuple[float, float]  # issue 25's aim (precision, recall) the report compares against
    floors: tuple[float, float]  # the regression floors (precision, recall) below which the test fails
    labelled = True  # every case carries its label and expected decision
    by_content_too = False  # also report the figures with the findings of empty required fields aside

    def test_the_heldout_file_is_well_formed(self):
        assert_well_formed(self.cases_file)
        if self.labelled:
            assert_labelled(self.cases_file)

    def test_the_review_judges_the_heldout_split_as_an_expert_would(self, replica_for, capsys):
        assert_judged(self.title, self.cases_file, replica_for("listing"), capsys, self.aims, self.floors,
                      by_content_too=self.by_content_too)


class CleanPassChecks(SplitChecks):
    """A split whose innocent look-alikes are also scored as a clean-pass rate."""

    name: str  # how the clean-pass report names the split
    min_clean_pass: float

    def test_the_review_publishes_the_innocent_look_alikes(self, replica_for, capsys):
        assert_clean_pass(self.name, self.cases_file, replica_for("listing"), capsys, self.min_clean_pass)


class BlindSplitChecks(CleanPassChecks):
    """A blind split written to a brief: every case names its family and an exact span, in the counts asked for."""

    prefix: str
    families: tuple[str, ...]
    counts: dict  # assert_counts' violating, innocent, total, innocent_share

    def test_every_case_names_its_family_label_rules_and_an_exact_span(self):
        assert_named_and_spanned(self.cases_file, self.prefix, self.families)

    def test_the_split_has_the_counts_the_brief_asks_for(self):
        assert_counts(self.cases_file, self.families, **self.counts)
