"""Where a process spent its samples, from py-spy's collapsed stacks (`make profile ... RAW=1` writes
`<process>.txt`): the functions with the most samples inclusive (anywhere on the stack) and self (on top).

    python -m bench.stacks bench/results/profile-post-v1-applications-<stamp>/onboarding.txt [--top 40] [--match tianping]
"""

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^()]*?)(?::\d+)?\)$")


def frames(stack: str) -> list[str]:
    """'thread;f (a.py:3);g (b.py:9)' -> ['f (a.py)', 'g (b.py)'] (lines dropped, so one function is one name)."""
    named = []
    for frame in stack.split(";")[1:]:
        match = FRAME.match(frame)
        named.append(f"{match['func']} ({_short(match['file'])})" if match else frame)
    return named


def _short(path: str) -> str:
    for marker in ("site-packages/", "/wt-cost/", "/main/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def summarise(path: Path) -> tuple[int, Counter, Counter]:
    total, inclusive, own = 0, Counter(), Counter()
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n, named = int(count), frames(stack)
        total += n
        for name in set(named):
            inclusive[name] += n
        if named:
            own[named[-1]] += n
    return total, inclusive, own


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--match", default="", help="only functions whose name or file contains this")
    args = parser.parse_args(argv)
    for path in args.files:
        total, inclusive, own = summarise(path)
        print(f"== {path} ({total} samples)")
        for title, counts in (("inclusive", inclusive), ("self", own)):
            print(f"  -- {title}")
            chosen = [(k, v) for k, v in counts.most_common() if args.match in k][: args.top]
            for name, n in chosen:
                print(f"  {n:>6} {100 * n / max(total, 1):5.1f}%  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
