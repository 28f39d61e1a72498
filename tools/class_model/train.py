"""Build the class model artefact (services/listing/class_model.json): `make class-model`.

    .venv/bin/python -m tools.class_model.train            # train, cross-validate, write the artefact
    .venv/bin/python -m tools.class_model.train --check    # exit 1 if the artefact's data hash is stale

Char n-gram (1-4) TF-IDF (sublinear tf, min_df 2) and one logistic regression per kind (one-vs-rest, balanced
classes, liblinear: deterministic), trained on the development corpora (tools/class_model/corpora.py). Cross-
validation is grouped by corpus (train on every corpus but one, score the one left out, with vocabulary and idf
refitted per fold): its out-of-fold margins fit each kind's Platt calibration and choose each kind's threshold, the
lowest probability at which the kind's flags keep precision >= PRECISION against the innocent look-alikes."""

import argparse
import json
import sys

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from services.listing import class_model

from . import corpora, figures

PRECISION = 0.97
C = 8.0
MIN_DF = 2
MAX_FEATURES = 40_000  # the most frequent n-grams: the artefact stays under 6 MB (tune.py: 20,000 called fewer)
PRUNE = 0.03  # weights below this (absolute) are dropped, in the cross-validation as in the artefact
MIN_RULE_SHARE = 0.3  # a rule ID cited by at least this share of a kind's labelled violations is the kind's
WEIGHT_DIGITS = 4
CHECKS = 12  # cases whose training-time margins the artefact keeps


def vectoriser() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=class_model.ngrams, sublinear_tf=True, min_df=MIN_DF, max_features=MAX_FEATURES,
                           dtype=np.float64)


def classifier() -> LogisticRegression:
    return LogisticRegression(C=C, class_weight="balanced", solver="liblinear", dual=True, random_state=0,
                              max_iter=1000)


def weights(model: LogisticRegression) -> np.ndarray:
    """The model's weights as the artefact keeps them: rounded, the smallest dropped."""
    coef = np.round(model.coef_[0], WEIGHT_DIGITS)
    return np.where(np.abs(coef) >= PRUNE, coef, 0.0)


def targets(records: list[dict], kinds: list[str]) -> np.ndarray:
    return np.array([[r["kind"] == k for k in kinds] for r in records], dtype=int)


def out_of_fold(docs: list[str], y: np.ndarray, groups: list[str]) -> np.ndarray:
    """Margins of every case from the models trained without its corpus (n x kinds)."""
    margins = np.zeros(y.shape)
    for held in sorted(set(groups)):
        test = np.array([g == held for g in groups])
        vec = vectoriser()
        x_train = vec.fit_transform([d for d, t in zip(docs, test, strict=True) if not t])
        x_test = vec.transform([d for d, t in zip(docs, test, strict=True) if t])
        for k in range(y.shape[1]):
            if y[~test, k].any():
                model = classifier().fit(x_train, y[~test, k])
                margins[test, k] = x_test @ weights(model) + model.intercept_[0]
            else:
                margins[test, k] = -10.0
    return margins


def platt(margins: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    fit = LogisticRegression(C=1e6, solver="lbfgs").fit(margins.reshape(-1, 1), y)
    return float(fit.coef_[0][0]), float(fit.intercept_[0])


def threshold(p: np.ndarray, positive: np.ndarray, innocent: np.ndarray) -> float:
    """The lowest probability whose flags keep precision >= PRECISION on positives against innocents."""
    best = 1.0
    for t in sorted(set(np.round(p[positive | innocent], 6)), reverse=True):
        tp, fp = int((p[positive] >= t).sum()), int((p[innocent] >= t).sum())
        if tp and tp / (tp + fp) >= PRECISION:
            best = float(t)
        elif tp + fp >= 10:  # past the first handful, precision only falls as the threshold does
            break
    return max(best, 0.5)


def rule_ids(records: list[dict], kind: str) -> list[str]:
    cited = [r["rule_ids"] for r in records if r["kind"] == kind and r["rule_ids"]]
    counts: dict[str, int] = {}
    for ids in cited:
        for rule in ids:
            counts[rule] = counts.get(rule, 0) + 1
    return sorted((r for r, n in counts.items() if n >= MIN_RULE_SHARE * len(cited)), key=lambda r: -counts[r])


def export(vec: TfidfVectorizer, models: list[LogisticRegression]) -> dict:
    """Vocabulary -> [idf, kind, weight, kind, weight, …] (weights rounded, zeros left out) and the intercepts."""
    coef = np.vstack([weights(m) for m in models])
    features = {}
    for gram, j in sorted(vec.vocabulary_.items()):
        pairs = [x for k in range(len(models)) if coef[k, j] for x in (k, float(coef[k, j]))]
        features[gram] = [round(float(vec.idf_[j]), 6), *pairs]
    return {"features": features, "intercept": [round(float(m.intercept_[0]), 8) for m in models]}


def build() -> dict:
    records = corpora.load_all()
    kinds = sorted({r["kind"] for r in records if r["kind"]})
    docs = [class_model.document(r["draft"]) for r in records]
    y, groups = targets(records, kinds), [r["corpus"] for r in records]
    margins = out_of_fold(docs, y, groups)
    innocent = np.array([not r["violating"] for r in records])
    calibration, thresholds, probs = [], {}, np.zeros(y.shape)
    for k, kind in enumerate(kinds):
        a, b = platt(margins[:, k], y[:, k])
        calibration.append([round(a, 8), round(b, 8)])
        probs[:, k] = 1 / (1 + np.exp(-(a * margins[:, k] + b)))
        thresholds[kind] = round(threshold(probs[:, k], y[:, k] == 1, innocent), 6)
    vec = vectoriser()
    x = vec.fit_transform(docs)
    artefact = {"version": f"class-model-{corpora.data_hash()[:12]}", "data_hash": corpora.data_hash(),
                "corpora": list(corpora.CORPORA), "kinds": kinds,
                "rule_ids": {k: rule_ids(records, k) or ["R-LST-20"] for k in kinds},
                "thresholds": thresholds, "platt": calibration,
                "training": {"ngrams": list(class_model.NGRAMS), "min_df": MIN_DF, "max_features": MAX_FEATURES,
                             "prune": PRUNE, "C": C, "precision_aim": PRECISION,
                             "cases": len(records), "sklearn": __import__("sklearn").__version__}}
    models = [classifier().fit(x, y[:, k]) for k in range(len(kinds))]
    artefact.update(export(vec, models))
    checks = list(range(0, len(records), len(records) // CHECKS))[:CHECKS]  # the run time must score as sklearn did
    artefact["checks"] = [{"listing": records[i]["draft"], "margins": [round(float((x[i] @ weights(m))[0] + m.intercept_[0]),
                                                                             6) for m in models]} for i in checks]
    artefact["cv"] = figures.cross_validated(records, kinds, probs, thresholds, class_model.ClassModel(artefact))
    return artefact


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="exit 1 if the artefact was trained on other data")
    if parser.parse_args().check:
        stored = json.loads(class_model.ARTEFACT.read_text(encoding="utf-8"))["data_hash"]
        print("class model:", "current" if stored == corpora.data_hash() else "STALE: run make class-model")
        return int(stored != corpora.data_hash())
    artefact = build()
    body = {k: v for k, v in artefact.items() if k != "features"}
    print(json.dumps(body["cv"], ensure_ascii=False, indent=1))
    class_model.ARTEFACT.write_text(json.dumps(artefact, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
                                    + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
