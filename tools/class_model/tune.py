"""Choose the class model's hyperparameters by the cross-validation grouped by corpus (leave one corpus out: a corpus
is one writer's), scoring the combined decision (lexicon + the model's findings, with the run time's filters) as the
held-out splits' scorer does, per corpus and per kind.

    .venv/bin/python -m tools.class_model.tune [--before]

Faster than train.py's cross-validation (the n-gram counts are taken once; each fold keeps its training rows'
vocabulary, min_df, max_features and idf, as a refitted TfidfVectorizer would, ties in the frequency cut aside); the
evidence spans the run-time filters read come from the committed artefact. `--before`: the committed artefact's
corpora and settings, and the committed artefact scored on the corpora it was not trained on."""

import argparse
import json
import sys

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from services.listing import class_model

from . import corpora, figures, train

BEFORE = corpora.CORPORA[:11]
GRID = [{"C": c, "max_features": f, "ngrams": (1, 4)} for c in (4.0, 8.0, 16.0) for f in (20_000, 40_000)]
PRECISIONS = (0.95, 0.96, 0.97, 0.98)


def counts(docs: list[str], ngrams: tuple[int, int]) -> sparse.csr_matrix:
    def analyse(text: str) -> list[str]:
        return [text[i:i + n] for n in range(ngrams[0], ngrams[1] + 1) for i in range(len(text) - n + 1)]
    return CountVectorizer(analyzer=analyse, dtype=np.float64).fit_transform(docs).tocsr()


def tfidf(rows: sparse.csr_matrix, cols: np.ndarray, idf: np.ndarray) -> sparse.csr_matrix:
    x = rows[:, cols].tocsr()
    x.data = 1.0 + np.log(x.data)
    x = x @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ x


def fold_matrices(counted: sparse.csr_matrix, train_rows: np.ndarray, max_features: int):
    part = counted[train_rows]
    df = np.asarray((part > 0).sum(axis=0)).ravel()
    tf = np.asarray(part.sum(axis=0)).ravel()
    keep = np.flatnonzero(df >= train.MIN_DF)
    cols = np.sort(keep[np.argsort(-tf[keep], kind="stable")[:max_features]])
    n = part.shape[0]
    idf = np.log((1 + n) / (1 + df[cols])) + 1
    return cols, idf


def out_of_fold(counted, y, groups, configs) -> list[np.ndarray]:
    """Margins per config (n x kinds), each case's from the models trained without its corpus."""
    out = [np.full(y.shape, -10.0) for _ in configs]
    groups = np.array(groups)
    for held in sorted(set(groups)):
        test = groups == held
        by_features: dict[int, tuple] = {}
        for c, config in enumerate(configs):
            f = config["max_features"]
            if f not in by_features:
                cols, idf = fold_matrices(counted, ~test, f)
                by_features[f] = (tfidf(counted[~test], cols, idf), tfidf(counted[test], cols, idf))
            x_train, x_test = by_features[f]
            for k in range(y.shape[1]):
                if y[~test, k].any():
                    model = train.classifier()
                    model.C = config["C"]
                    model.fit(x_train, y[~test, k])
                    out[c][test, k] = x_test @ train.weights(model) + model.intercept_[0]
        print("fold", held, file=sys.stderr, flush=True)
    return out


def calibrated(margins: np.ndarray, y: np.ndarray) -> np.ndarray:
    probs = np.zeros(margins.shape)
    for k in range(y.shape[1]):
        a, b = train.platt(margins[:, k], y[:, k])
        probs[:, k] = 1 / (1 + np.exp(-(a * margins[:, k] + b)))
    return probs


def thresholds(probs, y, innocent, kinds, precision) -> dict:
    saved, train.PRECISION = train.PRECISION, precision
    try:
        return {kind: train.threshold(probs[:, k], y[:, k] == 1, innocent) for k, kind in enumerate(kinds)}
    finally:
        train.PRECISION = saved


def pr(flags, positive, negative) -> str:
    counted = figures.pr(flags, positive, negative)
    return f"{counted['precision']:.3f}/{counted['recall']:.3f}"


def table(records, lexicon, both, kinds) -> dict:
    innocent = np.array([not r["violating"] for r in records])
    corpus = np.array([r["corpus"] for r in records])
    kind = np.array([r["kind"] or "" for r in records])
    family = np.array([r["family"] for r in records])
    out = {"overall": (pr(lexicon, ~innocent, innocent), pr(both, ~innocent, innocent))}
    for c in sorted(set(corpus), key=lambda c: list(corpora.CORPORA).index(c)):
        h = corpus == c
        out[c] = (pr(lexicon, ~innocent & h, innocent & h), pr(both, ~innocent & h, innocent & h))
    for name in kinds:
        positive, look = kind == name, innocent & (family == name)
        out[f"kind:{name}"] = (pr(lexicon, positive, look), pr(both, positive, look))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", action="store_true")
    parser.add_argument("--grid", help="JSON list of configs")
    parser.add_argument("--save", help="a directory: each config's out-of-fold probabilities and thresholds")
    args = parser.parse_args()
    names = BEFORE if args.before else corpora.CORPORA
    records = [r for c in names for r in corpora.load(c)]
    kinds = sorted({r["kind"] for r in records if r["kind"]})
    found = figures.lexicon_findings(records)
    lexicon = np.array([bool(f) for f in found])
    y, groups = train.targets(records, kinds), [r["corpus"] for r in records]
    innocent = np.array([not r["violating"] for r in records])
    evidence = class_model.loaded()
    grid = json.loads(args.grid) if args.grid else GRID
    if args.before:
        grid = [{"C": 8.0, "max_features": 20_000, "ngrams": (1, 4)}]
        rest = [r for c in corpora.CORPORA[11:] for r in corpora.load(c)]
        rest_found = figures.lexicon_findings(rest)
        rest_probs = np.array([[evidence.score(r["item"])[k] for k in kinds] for r in rest])
        both = np.array([bool(f) for f in rest_found]) | figures.model_flags(rest, kinds, rest_probs,
                                                                             evidence.threshold, evidence, rest_found)
        print(json.dumps({"committed artefact on unseen corpora": table(rest, np.array([bool(f) for f in rest_found]),
                                                                        both, kinds)}, indent=0))
    counted = counts([class_model.document(r["draft"]) for r in records], tuple(grid[0]["ngrams"]))
    for config, margins in zip(grid, out_of_fold(counted, y, groups, grid), strict=True):
        probs = calibrated(margins, y)
        if args.save:
            tag = "-".join(f"{k}{v}" for k, v in config.items() if k != "ngrams") + ("-before" if args.before else "")
            np.savez(f"{args.save}/{tag}.npz", probs=probs, ids=np.array([r["id"] for r in records]),
                     kinds=np.array(kinds))
        for precision in PRECISIONS:
            cut = thresholds(probs, y, innocent, kinds, precision)
            both = lexicon | figures.model_flags(records, kinds, probs, cut, evidence, found)
            print(json.dumps({"config": config, "precision_aim": precision, "figures": table(records, lexicon, both,
                                                                                              kinds)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
