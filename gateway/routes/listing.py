"""Listing: content review before publication (submit, check a draft, a reviewer's decision, withdrawal), the
review lexicon, and certificates of accredited labs (public verification)."""

from services.listing import contracts as lst
from tianping.lib.errors import Forbidden
from tianping.lib.schemas import jsonable

from ..api import route
from . import OPERATORS, REVIEWERS

SELLERS = {"merchant", "host", "mcn", "community_manager"}
SIGNED_IN = SELLERS | OPERATORS | {"consumer", "lab"}


def viewer(principal: dict) -> dict:
    return {"id": principal["sub"], "platform": principal["role"] in OPERATORS}


def rights_holder(principal: dict) -> str:
    """Who may file an IP notice (R-LST-13): a signed-in principal whose token carries the identity provider's
    `rights_holder: true` claim (a verified rights holder or its agent, filing in its own name), or a platform
    administrator entering a notice received on paper or by e-mail on the holder's behalf."""
    if principal.get("rights_holder") is not True and principal["role"] != "platform_admin":
        raise Forbidden("IP notices are filed by verified rights holders (a token with the rights_holder claim) or "
                        "a platform administrator on their behalf", {"rights_holder": ["claim missing"]})
    return principal["sub"]


class ListingRoutes:
    @property
    def listing_rpc(self):
        """Listing's typed client (its contract's operations) over this request's RPC caller."""
        return lst.OPERATIONS.client(self.rpc)

    @route("POST", "/v1/listings", roles=SELLERS, body=lst.ListingBody, response=lst.ListingOut, status=201,
           tag="listing", summary="Submit a listing or community post: published, rejected or in review at once, "
           "each finding with its rule IDs and span")
    def submit_listing(self, request, principal, body):
        return self.listing_rpc.review({**jsonable(body), "operator_id": principal["sub"]})

    @route("POST", "/v1/listings/check", roles=SELLERS | REVIEWERS, body=lst.ListingBody, response=lst.ReviewOut,
           tag="listing", summary="The same review of a draft, stored nowhere")
    def check_listing(self, request, principal, body):
        return self.listing_rpc.check(jsonable(body))

    @route("GET", "/v1/listings/{listing_id}", roles=SIGNED_IN, response=lst.ListingOut, tag="listing",
           summary="A listing with its findings and whole review trail (unpublished: its operator and reviewers)")
    def get_listing(self, request, principal, body, listing_id):
        return self.listing_rpc.get_listing(listing_id, viewer(principal))

    @route("POST", "/v1/listings/{listing_id}/decision", roles=REVIEWERS, body=lst.DecisionIn,
           response=lst.ListingOut, tag="listing", summary="Approve, reject with rule IDs, or request changes")
    def decide_listing(self, request, principal, body, listing_id):
        return self.listing_rpc.decide(listing_id, body, principal["sub"])

    @route("POST", "/v1/listings/{listing_id}/withdrawal", roles=SELLERS | REVIEWERS, body=lst.RevokeIn,
           response=lst.ListingOut, tag="listing", summary="Withdraw a listing (its operator, or the platform)")
    def withdraw_listing(self, request, principal, body, listing_id):
        return self.listing_rpc.withdraw(listing_id, body, viewer(principal))

    @route("POST", "/v1/listings/{listing_id}/reports", roles=SIGNED_IN, body=lst.ReportIn, response=lst.ReportOut,
           status=201, tag="listing", summary="Report a listing (rate-limited per reporter and day); it goes back to "
           "review")
    def report_listing(self, request, principal, body, listing_id):
        return self.listing_rpc.file_report(listing_id, body, principal["sub"])

    @route("GET", "/v1/reports/{report_id}", roles=SIGNED_IN, response=lst.ReportOut, tag="listing",
           summary="A report and its outcome (its reporter and reviewers)")
    def get_report(self, request, principal, body, report_id):
        return self.listing_rpc.get_report(report_id, viewer(principal))

    @route("POST", "/v1/reports/{report_id}/decision", roles=REVIEWERS, body=lst.ReportDecisionIn,
           response=lst.ReportOut, tag="listing",
           summary="Confirm a report (the listing is withdrawn, a violation recorded) or dismiss it")
    def decide_report(self, request, principal, body, report_id):
        return self.listing_rpc.decide_report(report_id, body, principal["sub"])

    @route("PUT", "/v1/rooms/{room_id}", roles=SELLERS, body=lst.RoomIn, response=lst.RoomOut, tag="listing",
           summary="A live room's disclosures: licence, dispute channel, hotline (before its listings publish)")
    def put_room(self, request, principal, body, room_id):
        return self.listing_rpc.put_room(room_id, body, principal["sub"])

    @route("GET", "/v1/rooms/{room_id}", response=lst.RoomOut, tag="listing",
           summary="A live room's disclosures (public)")
    def get_room(self, request, principal, body, room_id):
        return self.listing_rpc.get_room(room_id)

    @route("GET", "/v1/lexicon", roles=REVIEWERS, response=lst.LexiconOut, tag="listing",
           summary="The review lexicon in force")
    def get_lexicon(self, request, principal, body):
        return self.listing_rpc.get_lexicon()

    @route("POST", "/v1/policies/lexicon/dry-run", roles=REVIEWERS, body=lst.DryRunIn, response=lst.DryRunOut,
           tag="listing", summary="Try a candidate lexicon over the listings stored in a period: what would be "
                                  "withdrawn or published, which rules would fire — changing nothing")
    def dry_run_lexicon(self, request, principal, body):
        return self.listing_rpc.dry_run_lexicon(jsonable(body))

    @route("PUT", "/v1/lexicon", roles=REVIEWERS, body=lst.LexiconIn, response=lst.LexiconOut, tag="listing",
           summary="Publish a new lexicon version (never an edit in place)")
    def publish_lexicon(self, request, principal, body):
        return self.listing_rpc.publish_lexicon(body, principal["sub"])

    @route("POST", "/v1/certificates", roles={"lab"}, body=lst.CertificateIn, response=lst.CertificateOut,
           status=201, tag="listing", summary="An accredited lab registers a certificate")
    def register_certificate(self, request, principal, body):
        return self.listing_rpc.register_certificate(jsonable(body), principal["sub"])

    @route("GET", "/v1/certificates/{number}", response=lst.CertificateOut, tag="listing",
           summary="Verify a certificate online (public; revoked shown as revoked, R-LST-04)")
    def verify_certificate(self, request, principal, body, number):
        return self.listing_rpc.verify_certificate(number)

    @route("POST", "/v1/certificates/{number}/revoke", roles={"lab", "platform_admin"}, body=lst.RevokeIn,
           response=lst.CertificateOut, tag="listing", summary="Revoke a certificate")
    def revoke_certificate(self, request, principal, body, number):
        return self.listing_rpc.revoke_certificate(number, body, principal["sub"],
                             principal["role"] == "platform_admin")

    @route("GET", "/v1/lexicon/recheck", roles=REVIEWERS, response=lst.RecheckOut, tag="listing",
           summary="The latest lexicon version's re-check of live listings: examined, changed, done (R-LST-24)")
    def recheck_progress(self, request, principal, body):
        return self.listing_rpc.recheck_progress()

    @route("POST", "/v1/listings/{listing_id}/sample-decision", roles=REVIEWERS, body=lst.SampleDecisionIn,
           response=lst.ListingOut, tag="listing",
           summary="A reviewer's verdict on a listing drawn for the human sample: keep, or withdraw with rule IDs")
    def decide_sample(self, request, principal, body, listing_id):
        return self.listing_rpc.decide_sample(listing_id, body, principal["sub"])

    @route("GET", "/v1/review-quality", roles=REVIEWERS, response=lst.QualityOut, tag="listing",
           summary="Review quality over local calendar days (default the last 30): per category, findings upheld and "
                   "overturned by reviewers, misses they named (the human sample's weighted by 1/rate), precision "
                   "and recall (R-LST-02)",
           query={"since": {"type": "string", "format": "date"}, "until": {"type": "string", "format": "date"}})
    def review_quality(self, request, principal, body):
        return self.listing_rpc.review_quality(request.args.get("since"), request.args.get("until"))

    @route("POST", "/v1/ip-notices", roles=SIGNED_IN, body=lst.IpNoticeIn, response=lst.IpNoticeOut, status=201,
           tag="listing", summary="A rights holder's notice (a token with the rights_holder claim, or a platform "
           "administrator on its behalf): the named listings are taken down at once (R-LST-13)")
    def file_ip_notice(self, request, principal, body):
        return self.listing_rpc.file_ip_notice(jsonable(body), rights_holder(principal))

    @route("GET", "/v1/ip-notices/{notice_id}", roles=SIGNED_IN, response=lst.IpNoticeOut, tag="listing",
           summary="An IP notice with its actions and history (its filer, the merchant named, the platform)")
    def get_ip_notice(self, request, principal, body, notice_id):
        return self.listing_rpc.get_ip_notice(notice_id, viewer(principal))

    @route("POST", "/v1/ip-notices/{notice_id}/counter-notice", roles=SELLERS, body=lst.CounterNoticeIn,
           response=lst.IpNoticeOut, tag="listing", summary="The merchant's counter-notice, once: forwarded to the "
           "rights holder; the listings return after 15 days without a complaint or lawsuit (art. 43)")
    def counter_notice(self, request, principal, body, notice_id):
        return self.listing_rpc.counter_notice(notice_id, body, principal["sub"])

    @route("POST", "/v1/ip-notices/{notice_id}/complaint", roles=SIGNED_IN, body=lst.ComplaintIn,
           response=lst.IpNoticeOut, tag="listing",
           summary="The notice's filer reports its complaint or lawsuit: the listings stay down")
    def report_ip_complaint(self, request, principal, body, notice_id):
        return self.listing_rpc.report_ip_complaint(notice_id, jsonable(body), viewer(principal))

    @route("POST", "/v1/ip-notices/{notice_id}/wrongful", roles=REVIEWERS, body=lst.RevokeIn,
           response=lst.IpNoticeOut, tag="listing",
           summary="The platform finds a notice wrong (art. 42): its listings return at once")
    def mark_ip_notice_wrongful(self, request, principal, body, notice_id):
        return self.listing_rpc.mark_ip_notice_wrongful(notice_id, body, principal["sub"])
