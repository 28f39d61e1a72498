"""The figures the artefact records: per kind and per corpus, the lexicon alone (the draft check as it stands) against
the lexicon with the class model's cross-validated (out-of-fold) findings — the run time's decision, its filters
included — scored as the held-out splits' scorer does (a case is flagged if the check reports any finding); the model
alone per kind (its own kind's flags against every innocent look-alike); the clean pass (innocents with no finding)."""

import copy

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


def pr(flags: np.ndarray, positive: np.ndarray, negative: np.ndarray) -> dict:
    tp, fp, fn = int((flags & positive).sum()), int((flags & negative).sum()), int((~flags & positive).sum())
    return {"precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
            "recall": round(tp / (tp + fn), 3) if tp + fn else 1.0, "tp": tp, "fp": fp, "fn": fn}


def model_flags(records, kinds, probs, thresholds, model, found) -> np.ndarray:
    """Out-of-fold: would the run time add a finding to this case (a kind over its threshold that the lexicon did
    not cover and that no run-time filter sets aside)? The evidence spans the filters read are the artefact's."""
    model = copy.copy(model)
    model.threshold = thresholds
    out = np.zeros(len(records), dtype=bool)
    for i, f in enumerate(found):
        scores = {kind: float(probs[i, k]) for k, kind in enumerate(kinds)}
        if any(scores[kind] >= thresholds[kind] for kind in kinds):
            out[i] = bool(class_model.findings(records[i]["item"], f, model, scores))
    return out


def cross_validated(records: list[dict], kinds: list[str], probs: np.ndarray, thresholds: dict,
                    model: class_model.ClassModel) -> dict:
    found = lexicon_findings(records)
    lexicon = np.array([bool(f) for f in found])
    both = lexicon | model_flags(records, kinds, probs, thresholds, model, found)
    innocent = np.array([not r["violating"] for r in records])
    family = np.array([r["family"] for r in records])
    kind = np.array([r["kind"] or "" for r in records])
    corpus = np.array([r["corpus"] for r in records])
    out = {"note": "grouped by corpus (leave one corpus out: the model never saw the writer it is scored on); the "
                   "lexicon was tuned on every corpus after its judged run, so its figures are optimistic",
           "per_kind": {}, "per_corpus": {}}
    for k, name in enumerate(kinds):
        positive, look = kind == name, innocent & (family == name)
        own = probs[:, k] >= thresholds[name]
        out["per_kind"][name] = {"lexicon": pr(lexicon, positive, look), "lexicon+model": pr(both, positive, look),
                                 "model_alone": pr(own, positive, innocent), "threshold": thresholds[name]}
    for name in dict.fromkeys(corpus):
        h = corpus == name
        out["per_corpus"][name] = {"lexicon": pr(lexicon, ~innocent & h, innocent & h),
                                   "lexicon+model": pr(both, ~innocent & h, innocent & h)}
    for name, flags in (("lexicon", lexicon), ("lexicon+model", both)):
        out[f"overall_{name}"] = pr(flags, ~innocent, innocent)
        out[f"clean_pass_{name}"] = round(float((~flags & innocent).sum() / innocent.sum()), 3)
    return out
