"""Listing's contract with the rest of the system: its RPC inputs and outputs and the events it publishes.
Other services and the gateway import this module, nothing else of listing."""

from marshmallow import Schema, fields

from tianping.lib.schemas import RULE_ID
from tianping.platform.contracts import Event
from tianping.platform.signals import ViolationDetected

from .rules import KINDS  # noqa: F401 - part of the contract
from .schemas import (  # noqa: F401 - RPC inputs and outputs
    CertificateIn,
    CertificateOut,
    DecisionIn,
    DryRunIn,
    DryRunOut,
    LexiconIn,
    LexiconOut,
    ListingBody,
    ListingIn,
    ListingOut,
    ListingPage,
    QueueItem,
    ReportDecisionIn,
    ReportIn,
    ReportOut,
    ReviewOut,
    RevokeIn,
    RoomIn,
    RoomOut,
)

SERVICE = "listing"


class ListingDecided(Schema):
    listing_id = fields.String(required=True)
    operator_id = fields.String(required=True)
    host_id = fields.String(allow_none=True)
    status = fields.String(required=True)
    rule_ids = fields.List(fields.String(validate=RULE_ID), required=True)
    lexicon_version = fields.String(allow_none=True)
    actor = fields.String(required=True)


LISTING_PUBLISHED = Event(SERVICE, "listing_published", ListingDecided, "a listing passed review and is published")
LISTING_REJECTED = Event(SERVICE, "listing_rejected", ListingDecided, "a listing was rejected, with the rules")
LISTING_WITHDRAWN = Event(SERVICE, "listing_withdrawn", ListingDecided,
                          "a listing was withdrawn (its operator, a reviewer, a confirmed report)")
VIOLATION_DETECTED = Event(SERVICE, "violation_detected", ViolationDetected,
                           "a confirmed report found a listing breaking the rules")
EVENTS = (LISTING_PUBLISHED, LISTING_REJECTED, LISTING_WITHDRAWN, VIOLATION_DETECTED)
BY_STATUS = {"published": LISTING_PUBLISHED, "rejected": LISTING_REJECTED, "withdrawn": LISTING_WITHDRAWN}
