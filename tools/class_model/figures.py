"""The figures the artefact records: per kind, the lexicon alone (the draft check as it stands) against the lexicon
with the class model's cross-validated (out-of-fold) findings, scored as the held-out splits' scorer does — a case
is flagged if the check reports any finding — plus the model alone per kind (its own kind's flags against every
innocent look-alike), and the clean pass (innocents with no finding at all)."""

import numpy as np

from services.listing import class_model, conduct, disclosure_rules, rules, schemas
from services.listing.usecases.lexicons import DEFAULT
from tianping.lib.errors import load
from tianping.lib.schemas import jsonable


def lexicon_findings(records: list[dict]) -> list[list]:
    """The automatic review's findings (lexicon, conduct and disclosure checks) on every draft, store-free."""
    lexicon, out = rules.CompiledLexicon(DEFAULT), []
    for r in records:
        item = jsonable(load(schemas.ListingBody(), {k: v for k, v in r["draft"].items() if k != "operator_id"}))
        found = rules.review(item, lexicon, {}, None)
        found = conduct.community_exaggeration(item, found) + conduct.post(item) \
            + disclosure_rules.hidden_defects(item) + disclosure_rules.missing_warnings(item)
        r["item"] = item
        out.append(found)
    return out


def _pr(flags: np.ndarray, positive: np.ndarray, negative: np.ndarray) -> dict:
    tp, fp, fn = int((flags & positive).sum()), int((flags & negative).sum()), int((~flags & positive).sum())
    return {"precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
            "recall": round(tp / (tp + fn), 3) if tp + fn else 1.0, "tp": tp, "fp": fp, "fn": fn}


def _model_flags(records, kinds, probs, thresholds, rule_ids, found) -> np.ndarray:
    """Out-of-fold: would the model add a finding to this case (a kind over threshold the lexicon did not cover)?"""
    out = np.zeros(len(records), dtype=bool)
    for i, f in enumerate(found):
        out[i] = any(probs[i, k] >= thresholds[kind] and not class_model.covered(kind, f, tuple(rule_ids[kind]))
                     for k, kind in enumerate(kinds))
    return out


def cross_validated(records: list[dict], kinds: list[str], probs: np.ndarray, thresholds: dict, rule_ids: dict) \
        -> dict:
    found = lexicon_findings(records)
    lexicon = np.array([bool(f) for f in found])
    both = lexicon | _model_flags(records, kinds, probs, thresholds, rule_ids, found)
    innocent = np.array([not r["violating"] for r in records])
    family = np.array([r["family"] for r in records])
    kind = np.array([r["kind"] or "" for r in records])
    corpus = np.array([r["corpus"] for r in records])
    out = {"note": "grouped by corpus (leave one corpus out); the lexicon was tuned on every corpus but heldout11, "
                   "so its figures there are the honest ones", "per_kind": {}, "heldout11": {}}
    for k, name in enumerate(kinds):
        positive, look = kind == name, innocent & (family == name)
        own = probs[:, k] >= thresholds[name]
        out["per_kind"][name] = {"lexicon": _pr(lexicon, positive, look), "lexicon+model": _pr(both, positive, look),
                                 "model_alone": _pr(own, positive, innocent), "threshold": thresholds[name]}
        h = corpus == "heldout11"
        if (positive & h).any():
            out["heldout11"][name] = {"lexicon": _pr(lexicon, positive & h, look & h),
                                      "lexicon+model": _pr(both, positive & h, look & h)}
    for name, flags in (("lexicon", lexicon), ("lexicon+model", both)):
        out[f"overall_{name}"] = _pr(flags, ~innocent, innocent)
        out[f"clean_pass_{name}"] = round(float((~flags & innocent).sum() / innocent.sum()), 3)
        h = corpus == "heldout11"
        out[f"heldout11_{name}"] = _pr(flags, ~innocent & h, innocent & h)
    return out
