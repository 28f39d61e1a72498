"""Certificates of accredited labs (R-LST-04, R-LST-05): registered by the lab, verified publicly online, revoked
(never deleted) — and a listing citing one is checked against it."""

from tianping.lib import clock
from tianping.lib.errors import Conflict, Forbidden, load
from tianping.lib.schemas import jsonable
from tianping.lib.trail import step

from .. import models, schemas
from . import Context


def register(ctx: Context, data: dict, lab_id: str) -> dict:
    c = load(schemas.CertificateIn(), data)
    cert = models.Certificate(lab_id=lab_id, **{k: v for k, v in jsonable(c).items() if v is not None},
                              registered_at=clock.now(),
                              history=[step("registered", lab_id, ["R-LST-04", "R-LST-05"], status="valid")])
    cert.issued_at = c["issued_at"]
    try:
        ctx.repo.insert_certificate(cert)
    except ctx.repo.Duplicate:
        raise Conflict(f"certificate {c['number']} is registered already", {"number": ["registered"]}) from None
    return schemas.CertificateOut().dump(cert)


def verify(ctx: Context, number: str) -> dict:
    """Public online verification (R-LST-04): unknown is 404, revoked shows as revoked."""
    return schemas.CertificateOut().dump(ctx.repo.certificate_or_404(number))


def revoke(ctx: Context, number: str, data: dict, actor: str, administrator: bool = False) -> dict:
    """By the lab that registered it, or a platform administrator."""
    r = load(schemas.RevokeIn(), data)
    cert = ctx.repo.certificate_or_404(number)
    if not administrator and cert.lab_id != actor:
        raise Forbidden("only the lab that registered a certificate revokes it", {"number": ["another lab's"]})
    if not ctx.repo.revoke_certificate(number, step("revoked", actor, ["R-LST-05"], [r["reason"]], status="revoked",
                                                    previous="valid")):
        raise Conflict(f"certificate {number} is revoked already", {"number": ["revoked"]})
    return verify(ctx, number)
