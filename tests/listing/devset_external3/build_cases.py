"""Writes cases.jsonl: the held-out listing drafts of round 3, labelled by a reviewer from RULES.md alone.

Written without sight of the lexicon, the matcher or the other corpora; never to be edited to suit the review.
Run once: `python -m tests.listing.devset_external3.build_cases` (the committed cases.jsonl is the test's input)."""

import json
from pathlib import Path

from tests.listing.devset_external3 import cases_a, cases_b

OUT = Path(__file__).with_name("cases.jsonl")


def main() -> None:
    cases = cases_a.CASES + cases_b.CASES
    with OUT.open("w", encoding="utf-8") as out:
        for number, case in enumerate(cases, 1):
            out.write(json.dumps({"id": f"h3-{number:03d}", **case}, ensure_ascii=False) + "\n")
    print(f"{len(cases)} cases written to {OUT}")


if __name__ == "__main__":
    main()
