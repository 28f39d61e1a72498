"""An MCN's duties on the live business (issue 27): reviewing its hosts' flagged content (R-LST-35) and its
commitments to platform campaigns — a withdrawal without the platform's release (PB-16) and a commitment not
delivered by its due time (PB-15) are recorded as its violations."""

from services.listing import contracts as lst
from tianping.lib.schemas import jsonable

from ..api import route
from . import OPERATORS, REVIEWERS
from .listing import viewer

MCN = {"mcn"}


class McnConductRoutes:
    @property
    def mcn_rpc(self):
        return lst.OPERATIONS.client(self.rpc)

    @route("GET", "/v1/mcns/{mcn_id}/host-content", roles=MCN | OPERATORS, response=lst.McnQueueOut, tag="live",
           summary="What the MCN's hosts said on air that moderation flagged, or a stream was stopped for, that the MCN has not "
                   "reviewed yet (R-LST-35): the MCN's own queue, or any for the platform")
    def mcn_review_queue(self, request, principal, body, mcn_id):
        return self.mcn_rpc.mcn_review_queue(mcn_id, viewer(principal))

    @route("POST", "/v1/rooms/{room_id}/sessions/{session_id}/segments/{seq}/mcn-review", roles=MCN,
           body=lst.McnReviewIn, response=lst.McnReviewed, tag="live",
           summary="The MCN's review of its host's flagged segment (R-LST-35): warned the host, had it corrected, "
                   "stopped the stream (the session ends) or found no violation; once per segment")
    def mcn_review(self, request, principal, body, room_id, session_id, seq):
        return self.mcn_rpc.mcn_review(room_id, session_id, seq, jsonable(body), principal["sub"])

    @route("POST", "/v1/campaign-commitments", roles=MCN, body=lst.CommitmentIn, response=lst.CommitmentOut,
           status=201, tag="live", summary="The MCN commits to a platform campaign: so many sessions of its hosts "
                                           "(whose plan names the campaign) by the due time (PB-15, PB-16)")
    def commit_to_campaign(self, request, principal, body):
        return self.mcn_rpc.commit_to_campaign(jsonable(body), principal["sub"])

    @route("POST", "/v1/campaign-commitments/{commitment_id}/release", roles=REVIEWERS, body=lst.ReasonIn,
           response=lst.CommitmentOut, tag="live", summary="The platform permits the MCN to withdraw")
    def release_commitment(self, request, principal, body, commitment_id):
        return self.mcn_rpc.release_commitment(commitment_id, jsonable(body), principal["sub"])

    @route("POST", "/v1/campaign-commitments/{commitment_id}/withdraw", roles=MCN, body=lst.ReasonIn,
           response=lst.CommitmentOut, tag="live",
           summary="The MCN withdraws; without the platform's release it is recorded as a breach (PB-16)")
    def withdraw_commitment(self, request, principal, body, commitment_id):
        return self.mcn_rpc.withdraw_commitment(commitment_id, jsonable(body), principal["sub"])

    @route("GET", "/v1/campaign-commitments/{commitment_id}", roles=MCN | OPERATORS, response=lst.CommitmentOut,
           tag="live", summary="A commitment and what became of it, for its MCN and the platform")
    def get_commitment(self, request, principal, body, commitment_id):
        return self.mcn_rpc.get_commitment(commitment_id, viewer(principal))
