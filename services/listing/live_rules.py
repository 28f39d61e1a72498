"""Live-room moderation rules (pure): a segment of a live session — a viewer's comment, what the host says
(transcript), an on-screen caption, a product card shown — judged by the same review and lexicon as a listing (one
judgement, two inputs), and the per-session policy: warn the host after N flagged transcript segments in a window,
stop the stream on a serious finding or repeated warnings (R-LST-32, R-LST-33, R-LST-34, R-REP-17)."""

from dataclasses import dataclass
from datetime import timedelta

from tianping.lib import clock
from tianping.lib.enforcement import NO_FINDING, enforces, unless_cited

from . import rules
from .vocabulary import CompiledLexicon

SEGMENT_KINDS = ("comment", "transcript", "caption", "product_card")
DECISIONS = ("pass", "hide", "flag")
FIELD = "text"


@dataclass(frozen=True)
class Judged:
    decision: str              # pass | hide | flag
    rule_ids: list[str]
    findings: list[dict]       # as a listing's: rule IDs, kind, exact span of the segment's text
    serious: bool              # a finding the policy stops the stream for, in what the host says or shows


def findings(text: str, lexicon: CompiledLexicon) -> list[rules.Finding]:
    """The listing review's text findings on one segment's text (the same matcher, lexicon and exceptions)."""
    return rules.review({"kind": "live_segment", "title": "", "description": text}, lexicon, {}, None)


@enforces("R-LST-27", "R-LST-28", neutral=NO_FINDING)
def missing_disclosures(room_id: str, room: dict | None) -> list[rules.Finding]:
    """What a room lacks to go live: the same disclosures its listings need before they publish."""
    return rules.room_disclosures({"room_id": room_id}, room)


@enforces("R-LST-32", "R-LST-33", neutral=unless_cited(("pass", []), "every segment passes"))
def decide(kind: str, found: list[rules.Finding]) -> tuple[str, list[str]]:
    """pass with nothing found; a viewer's comment with a finding is hidden from viewers (R-LST-33) — unless every
    finding is one a person decides, then flagged; anything the host says or shows with a finding is flagged for
    the session's policy (R-LST-32)."""
    if not found:
        return "pass", []
    fired = sorted({r for f in found for r in f.rule_ids})
    if kind == "comment":
        return ("flag", ["R-LST-33", *fired]) if all(f.review for f in found) else ("hide", ["R-LST-33", *fired])
    return "flag", ["R-LST-32", "R-LST-34", *fired]


def judge(kind: str, text: str, lexicon: CompiledLexicon, policy: dict, conduct: tuple = ()) -> Judged:
    """`conduct`: the segment's conduct findings (conduct.segment: insults, staged scenes, off the plan), judged
    with the review's."""
    found = findings(text, lexicon) + list(conduct)
    decision, fired = decide(kind, found)
    serious = kind in policy["hosted_kinds"] and any(f.kind in policy["serious_kinds"] and not f.review
                                                     for f in found)
    return Judged(decision, fired, [{**f.out(), "field": FIELD} for f in found], serious)


def counted(kind: str, decision: str) -> bool:
    """A segment the warning policy counts: a flagged transcript segment (what the host said)."""
    return kind == "transcript" and decision == "flag"


def warning_due(flags: list[dict], warned: list[int], policy: dict) -> list[dict]:
    """The flagged transcript segments a new warning is given for: `warn_after` not yet warned for, within
    `window_seconds` of the newest of them (by the segments' own times); [] when no warning is due."""
    done = set(warned)
    fresh = sorted((f for f in flags if f["seq"] not in done), key=lambda f: (f["at"], f["seq"]))
    if not fresh:
        return []
    newest = fresh[-1]["at"]
    window = [f for f in fresh if clock.aware(f["at"]) >= clock.aware(newest) - timedelta(seconds=policy["window_seconds"])]
    return window[-policy["warn_after"]:] if len(window) >= policy["warn_after"] else []


@enforces("R-LST-32", "R-REP-17", neutral=unless_cited((None, []), "the stream is never stopped"))
def stop_reason(serious: bool, warnings: int, policy: dict) -> tuple[str | None, list[str]]:
    """Why the policy stops the stream now — a serious finding, or `stop_after_warnings` warnings — with the rules
    (the platform deals with the host, R-LST-32, and the MCN must stop it, R-REP-17); (None, []): it runs on."""
    if serious:
        return "serious_finding", ["R-LST-32", "R-REP-17"]
    if warnings >= policy["stop_after_warnings"]:
        return "repeated_warnings", ["R-LST-32", "R-REP-17"]
    return None, []
