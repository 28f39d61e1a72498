"""Live rooms for reviewers: the sessions on air (and those recently stopped or ended) with their room, host,
operator, MCN, counts, warnings and stop; a session's page with its replay — segments and decisions in seq order,
paged, each finding's span marked — and the form overturning a decision, posted through the API's own route."""

from datetime import timedelta

from services.listing import contracts as lst
from tianping.lib import clock

from .calls import api
from .forms import form_key, present
from .frame import REVIEW_ROLES, page, redirect
from .highlight import runs

PAGE_SIZE = 25
REPLAY_PAGE = 50
RECENT = timedelta(hours=24)  # stopped and ended sessions: those started in the last day
DECISIONS = tuple(lst.OverturnIn().fields["decision"].validate.choices)


class LivePages:
    @page("GET", "/console/live", roles=REVIEW_ROLES)
    def console_live(self, request, view):
        status = request.args.get("status") or "live"
        since = None if status == "live" else (clock.now() - RECENT).isoformat()
        found = api(self, view.principal, "list_sessions",
                    args={"status": status, "since": since, "cursor": request.args.get("cursor"),
                          "limit": PAGE_SIZE})
        return view.render("live.html", status=status, states=lst.SESSION_STATUSES, items=found["items"],
                           next_cursor=found["next_cursor"], recent_hours=int(RECENT.total_seconds() // 3600))

    @page("GET", "/console/live/<room_id>/<session_id>", roles=REVIEW_ROLES)
    def console_live_session(self, request, view, room_id, session_id):
        first = request.args.get("from") or "0"
        replay = api(self, view.principal, "replay", args={"from": first, "limit": REPLAY_PAGE},
                     room_id=room_id, session_id=session_id)
        items = [{**item, "runs": runs(item.get("text") or "", item.get("findings") or [], "text")}
                 for item in replay["items"]]
        return view.render("live_session.html", session=replay["session"], items=items, first=first,
                           next_from=replay["next_from"], decisions=DECISIONS, form_key=form_key())

    @page("POST", "/console/live/<room_id>/<session_id>/decisions/<seq>/overturn", roles=REVIEW_ROLES,
          redisplay="console_live_session")
    def console_overturn(self, request, view, room_id, session_id, seq):
        form = request.form
        body = present(decision=form.get("decision"), reason=form.get("reason", "").strip())
        api(self, view.principal, "overturn_decision", body=body, room_id=room_id, session_id=session_id, seq=seq)
        first = request.args.get("from") or "0"
        return redirect(f"/console/live/{room_id}/{session_id}?from={first}&done=overturned#seq-{seq}")
