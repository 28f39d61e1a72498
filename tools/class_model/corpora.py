"""The development corpora of the listing draft check as training data for the class model: one record per case —
its corpus (the CV group), its kind (the corpora's family names mapped to one vocabulary), its label, its rule IDs
and its draft. A held-out split not yet judged (NEVER) is never read: it is the judge."""

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
TESTS = ROOT / "tests" / "listing"
# Development corpora only: each held-out split once judged (its RESULTS.md) is retired to development use. heldout11
# from the class model's first commit on; heldout12..21 and heldout23 from its retraining on every judged split.
CORPORA = ("devset_external", "devset_external2", "devset_external3", "devset_external4", "devset_external5",
           "devset_external6", "devset_external7", "heldout4", "heldout5", "heldout6", "heldout11", "heldout12",
           "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18", "heldout19", "heldout20",
           "heldout21", "heldout23")
# Splits still to be judged (or being tuned on by the lexicon's rounds): never read, never trained on.
NEVER = ("heldout22", "heldout24", "heldout25", "heldout26")
# Each corpus's family names -> the model's kinds (one classifier per kind).
KINDS = {
    "absolute": "absolute",
    "endorsement": "endorsement", "unproven": "endorsement",
    "efficacy": "efficacy", "medical": "efficacy", "health": "efficacy",
    "superstition": "superstition",
    "imitation": "imitation", "fake_as_real": "imitation", "material": "imitation",
    "counterfeit": "counterfeit", "trademark": "counterfeit",
    "prohibited": "prohibited",
    "wildlife": "wildlife",
    "jewelry": "jewelry",
    "community_ad": "community_ad", "ad_label": "community_ad", "disclosure": "community_ad",
    "offplatform": "offplatform", "off_platform": "offplatform",
    "fakedata": "fakedata", "fake_data": "fakedata",
    "forced": "forced", "forced_purchase": "forced",
    "guarantee": "guarantee",
    "price": "price",
}


def _draft(case: dict) -> dict:
    return dict(case.get("data") or case.get("draft") or case.get("listing"))


def _span(case: dict) -> str:
    span = case.get("span")
    return span.get("text", "") if isinstance(span, dict) else (span or "")


def load(corpus: str) -> list[dict]:
    assert corpus not in NEVER, f"{corpus} is a held-out split: never read it"
    out = []
    with (TESTS / corpus / "cases.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            case = json.loads(line)
            violating = case["label"] == "violating"
            family = case.get("family")
            out.append({"corpus": corpus, "id": case["id"], "violating": violating,
                        "family": KINDS.get(family or "", "other"), "kind": KINDS[family] if violating else None,
                        "rule_ids": list(case.get("rule_ids") or case.get("rules") or []),
                        "span": _span(case), "draft": _draft(case)})
    return out


def load_all() -> list[dict]:
    return [record for corpus in CORPORA for record in load(corpus)]


def data_hash() -> str:
    """sha256 over the training corpora's bytes, in CORPORA order: the artefact records it, a test compares."""
    digest = hashlib.sha256()
    for corpus in CORPORA:
        digest.update(corpus.encode())
        digest.update((TESTS / corpus / "cases.jsonl").read_bytes())
    return digest.hexdigest()
