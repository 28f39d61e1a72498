"""An MCN's duty towards its contracted hosts' content (pure, R-LST-35): it sees what its hosts said or showed on
air that moderation flagged or hid, reviews each item and deals with it — warns the host, has the content corrected,
stops the stream, or finds no violation. Only the session's own MCN reviews it."""

from tianping.lib.enforcement import enforces

from .conduct import HOSTED

ACTIONS = ("warned_host", "content_corrected", "stop_stream", "no_violation")
OPEN = ("flag", "hide")


@enforces("R-LST-35", neutral=[])
def awaiting_review(segments: list[dict]) -> list[dict]:
    """The segments of a host's session its MCN must still review: what the host said or showed (transcript,
    caption, product card) whose decision in force is flag or hide (a reviewer's overturn to pass clears it), not
    reviewed by the MCN yet. In seq order."""
    return sorted((s for s in segments if s.get("kind") in HOSTED and s.get("effective", s.get("decision")) in OPEN
                   and not s.get("mcn_review")), key=lambda s: (s.get("session_id"), s.get("seq")))


@enforces("R-LST-35", neutral=True)
def reviews_for(session: dict, mcn_id: str) -> bool:
    """Only the MCN the session's host goes live for reviews its content (another MCN sees nothing of it)."""
    return bool(session.get("mcn_id")) and session.get("mcn_id") == mcn_id
