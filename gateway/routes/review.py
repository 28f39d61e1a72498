"""One review queue for people: applications (onboarding) and listings (listing) waiting for a reviewer, in one
queue model — each entry says what it is, whose, since when, with the record itself — on one route."""

from marshmallow import Schema

from services.listing import contracts as lst
from services.onboarding import contracts as onb
from tianping.lib import fields, paging
from tianping.lib.errors import ValidationFailed
from tianping.lib.paging import page_of

from ..api import route
from . import REVIEWERS, limit

KINDS = ("application", "listing", "sampled")  # sampled: auto-published listings drawn for a human check


class QueueEntry(Schema):
    kind = fields.String(metadata={"enum": list(KINDS)})
    id = fields.String()
    subject_id = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    waiting_since = fields.DateTime(allow_none=True)
    application = fields.Nested(onb.ApplicationOut, allow_none=True)
    listing = fields.Nested(lst.QueueItem, allow_none=True)


ReviewQueuePage = page_of(QueueEntry, "ReviewQueuePage")


class QueueSize(paging.QueueSummary):
    kind = fields.String(required=True, metadata={"enum": ["application", "listing"]})


ReviewSummaryOut = Schema.from_dict({"queues": fields.List(fields.Nested(QueueSize), required=True)},
                                    name="ReviewSummaryOut")


class ReviewRoutes:
    @route("GET", "/v1/review-queue", roles=REVIEWERS, response=ReviewQueuePage, tag="review",
           summary="What waits for a reviewer, oldest first: applications (filter by applicant type) or listings",
           query={"kind": {"type": "string", "enum": list(KINDS)},
                  "type": {"type": "string", "enum": list(onb.SUBJECT_TYPES)}, "cursor": paging.cursor_query("time", "id"),
                  "limit": {"type": "integer", "minimum": 1, "maximum": 200}})
    def review_queue(self, request, principal, body):
        kind = request.args.get("kind", "application")
        if kind not in KINDS:
            raise ValidationFailed("kind is application, listing or sampled", {"kind": list(KINDS)})
        cursor = request.args.get("cursor")
        if kind == "sampled":
            page = lst.OPERATIONS.client(self.rpc).sample_queue(cursor, limit(request))
            items = [{"kind": "sampled", "id": i["listing_id"], "subject_id": i["operator_id"], "title": i["title"],
                      "waiting_since": i["created_at"], "listing": i} for i in page["items"]]
        elif kind == "listing":
            page = lst.OPERATIONS.client(self.rpc).review_queue(cursor, limit(request))
            items = [{"kind": "listing", "id": i["listing_id"], "subject_id": i["operator_id"], "title": i["title"],
                      "waiting_since": i["created_at"], "listing": i} for i in page["items"]]
        else:
            page = onb.OPERATIONS.client(self.rpc).review_queue(request.args.get("type"), cursor, limit(request))
            items = [{"kind": "application", "id": a["application_id"], "subject_id": a["subject_id"],
                      "title": a["applicant_type"], "waiting_since": a["submitted_at"], "application": a}
                     for a in page["items"]]
        return {"items": items, "next_cursor": page["next_cursor"]}  # (each record already left its service's schema)

    @route("GET", "/v1/review-queue/summary", roles=REVIEWERS, response=ReviewSummaryOut, tag="review",
           summary="How many applications and listings wait for a reviewer and since when the oldest of each (counts, "
                   "not pages: what a home page or a staffing dashboard asks)")
    def review_summary(self, request, principal, body):
        # both asked before either is awaited: the answer waits for the slower service, not for the sum of both
        # (an error still comes from the first that fails, in this order, as when they were asked one by one)
        waits = (("application", onb.OPERATIONS.client(self.rpc).review_summary.send()),
                 ("listing", lst.OPERATIONS.client(self.rpc).review_summary.send()))
        return {"queues": [{"kind": kind, **wait()} for kind, wait in waits]}
