"""Onboarding's liability-graph output schemas (re-exported by schemas.py)."""

from marshmallow import Schema

from tianping.lib import fields


class LinkOut(Schema):
    subject_id = fields.String()
    shared = fields.List(fields.String())  # which identities (credit_code, phone, ...): never their values


class LiabilityFlagOut(Schema):
    flagged_by = fields.String()  # the blacklisted subject it shares identities with
    cause = fields.String()       # the decision that flagged it (blacklist:<seq>)
    kinds = fields.List(fields.String())
    rule_ids = fields.List(fields.String())
    status = fields.String()      # open, cleared
    at = fields.DateTime()
    cleared_at = fields.DateTime(allow_none=True)
    cleared_by = fields.String(allow_none=True)


class LinksOut(Schema):
    """A subject in the liability graph: its identities (kinds), the subjects linked to it and why, its flags."""
    subject_id = fields.String()
    identities = fields.List(fields.String())
    links = fields.List(fields.Nested(LinkOut))
    flags = fields.List(fields.Nested(LiabilityFlagOut))
