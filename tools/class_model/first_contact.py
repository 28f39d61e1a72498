"""What the class model would have added at each split's first contact, the one honest measure on a blind writer.

    .venv/bin/python -m tools.class_model.tune --save DIR      # out-of-fold probabilities per configuration
    .venv/bin/python -m tools.class_model.first_contact DIR/*.npz

Every split since heldout15 records its first judged run in its RESULTS.md: the misses and the false alarms of the
draft check as it then was (lexicon and class model). The lexicon has been tuned on those splits since, so its
figures there are optimistic and so are the leave-one-corpus-out figures of lexicon + model. Here the first contact
is kept as it was (what it flagged stays flagged) and a case it passed is flagged if the model trained without that
split (its out-of-fold probabilities, at the thresholds the configuration's precision aim chooses) makes a finding on
it, its run-time filters applied and no lexicon finding to cover it (there was none)."""

import copy
import json
import re
import sys

import numpy as np

from services.listing import class_model

from . import corpora, figures, train, tune

PRECISIONS = (0.95, 0.96, 0.97, 0.98)


def first_contact(split: str) -> tuple[set[str], set[str]] | None:
    """The first judged run's missed violations and false alarms (case ids), None if the split records none."""
    text = (corpora.TESTS / split / "RESULTS.md").read_text(encoding="utf-8")
    if not split.startswith("heldout") or "Misses:" not in text:  # the devsets' notes have other formats
        return None
    prefix = corpora.load(split)[0]["id"].split("-")[0]
    block = text[text.index("Misses:") + 7:]
    misses, alarms = block[:block.index("False alarms:")], block[block.index("False alarms:") + 13:]
    alarms = alarms[:min(x for x in (alarms.find("\n\n"), alarms.find(". "), len(alarms)) if x >= 0)]

    def ids(part: str, label: str) -> set[str]:
        out, family = set(), None
        for token in re.findall(r"[vi]\d\d|[a-z_]+", part):
            if re.fullmatch(r"[vi]\d\d", token):
                out |= {f"{prefix}-{family}-{token}"} if token[0] == label else set()
            else:
                family = token
        return out
    return ids(misses, "v"), ids(alarms, "i")


def judged(npz: str, records: list[dict], precision: float) -> dict[str, tuple[str, str]]:
    saved = np.load(npz)
    probs, kinds = saved["probs"], [str(k) for k in saved["kinds"]]
    assert [str(i) for i in saved["ids"]] == [r["id"] for r in records]
    innocent = np.array([not r["violating"] for r in records])
    model = copy.copy(class_model.loaded())
    model.threshold = tune.thresholds(probs, train.targets(records, kinds), innocent, kinds, precision)
    rows: dict[str, list[tuple[bool, bool, bool]]] = {}
    for split in corpora.CORPORA:
        contact = first_contact(split)
        if contact is None:
            continue
        assert contact[0] | contact[1] <= {r["id"] for r in records}, split
        for i in (i for i, r in enumerate(records) if r["corpus"] == split):
            r = records[i]
            before = (r["id"] not in contact[0]) if r["violating"] else (r["id"] in contact[1])
            scores = {kind: float(probs[i, k]) for k, kind in enumerate(kinds)}
            after = before or bool(class_model.findings(r["item"], [], model, scores))
            rows.setdefault(split, []).append((r["violating"], before, after))
    rows["all"] = [row for split_rows in rows.values() for row in split_rows]
    return {split: tuple(_pr(split_rows, at) for at in (1, 2)) for split, split_rows in rows.items()}


def _pr(rows: list[tuple[bool, bool, bool]], at: int) -> str:
    tp = sum(1 for row in rows if row[0] and row[at])
    fp = sum(1 for row in rows if not row[0] and row[at])
    fn = sum(1 for row in rows if row[0] and not row[at])
    return f"{tp / (tp + fp):.3f}/{tp / (tp + fn):.3f}"


def main() -> int:
    records = [r for c in corpora.CORPORA for r in corpora.load(c)]
    figures.lexicon_findings(records)  # sets each record's item, as the draft check reads it
    for npz in sys.argv[1:]:
        print(npz, json.dumps({p: judged(npz, records, p) for p in PRECISIONS}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
