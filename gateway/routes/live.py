"""Live rooms moderated as they happen (issue 26): going live, the live system's batches of segments (a decision per
segment at once), ending, the session's view, replay of segments and decisions in order, a reviewer's overturn."""

from services.listing import contracts as lst
from tianping.lib import paging
from tianping.lib.schemas import jsonable

from ..api import route
from . import OPERATORS, REVIEWERS, limit
from .listing import SELLERS, viewer

LIVE_SYSTEM = {"service", "platform_admin"}  # the platform's live system posts with a service token
SEQ = {"type": "integer", "minimum": 0, "maximum": 999_999_999}


class LiveRoutes:
    @property
    def live_rpc(self):
        return lst.OPERATIONS.client(self.rpc)

    @route("POST", "/v1/rooms/{room_id}/sessions", roles=SELLERS | OPERATORS, body=lst.SessionIn,
           response=lst.SessionOut, status=201, tag="live",
           summary="Go live: refused with rule IDs without the room's disclosures (R-LST-27/28) or when the host, "
                   "operator or MCN may not go live (blacklist, not active, sanction)")
    def open_session(self, request, principal, body, room_id):
        return self.live_rpc.open_session(room_id, jsonable(body), viewer(principal))

    @route("POST", "/v1/rooms/{room_id}/sessions/{session_id}/end", roles=SELLERS | OPERATORS,
           response=lst.SessionOut, tag="live", summary="End a live session (its host, operator or the platform)")
    def end_session(self, request, principal, body, room_id, session_id):
        return self.live_rpc.end_session(room_id, session_id, viewer(principal))

    @route("GET", "/v1/rooms/{room_id}/sessions/{session_id}", roles=SELLERS | OPERATORS, response=lst.SessionOut,
           tag="live", summary="A live session: status, counts by decision, warnings and stop")
    def get_session(self, request, principal, body, room_id, session_id):
        return self.live_rpc.get_session(room_id, session_id)

    @route("GET", "/v1/live-sessions", roles=OPERATORS, response=lst.SessionPage, tag="live",
           query={"status": {"type": "string", "enum": list(lst.SESSION_STATUSES)},
                  "since": {"type": "string", "format": "date-time"}, "cursor": paging.cursor_query("time", "id"),
                  "limit": {"type": "integer", "minimum": 1, "maximum": 200}},
           summary="Live sessions in one status (live by default, stopped, ended), latest started first, with "
                   "counts, warnings and stop; `since`: only those started since then")
    def list_sessions(self, request, principal, body):
        args = request.args
        return self.live_rpc.list_sessions(args.get("status") or "live", args.get("since"), args.get("cursor"),
                                           limit(request))

    @route("POST", "/v1/rooms/{room_id}/sessions/{session_id}/segments", roles=LIVE_SYSTEM, body=lst.SegmentBatchIn,
           response=lst.BatchOut, tag="live",
           summary="A batch of up to 500 segments (comment, transcript, caption, product card): a decision per "
                   "segment (pass, hide, flag) with rule IDs and spans; a stored seq is applied once")
    def ingest_segments(self, request, principal, body, room_id, session_id):
        return self.live_rpc.ingest_segments(room_id, session_id, jsonable(body))

    @route("GET", "/v1/rooms/{room_id}/sessions/{session_id}/replay", roles=OPERATORS, response=lst.ReplayOut,
           tag="live", query={"from": SEQ, "to": SEQ, "limit": {"type": "integer", "minimum": 1, "maximum": 500}},
           summary="The session's segments and decisions from seq `from` to `to`, in order (R-XC-01)")
    def replay(self, request, principal, body, room_id, session_id):
        return self.live_rpc.replay(room_id, session_id, request.args.get("from"), request.args.get("to"),
                                    request.args.get("limit"))

    @route("POST", "/v1/rooms/{room_id}/sessions/{session_id}/decisions/{seq}/overturn", roles=REVIEWERS,
           body=lst.OverturnIn, response=lst.ReplayItem, tag="live",
           summary="A reviewer overturns a segment's decision (appended; a stop's segment cleared overturns the stop)")
    def overturn_decision(self, request, principal, body, room_id, session_id, seq):
        return self.live_rpc.overturn_decision(room_id, session_id, seq, body, principal["sub"])
