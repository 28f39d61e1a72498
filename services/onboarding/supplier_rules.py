"""Supplier verification (pure, no I/O): what an MCN or a natural-person host records about each supplier of each
product it sells, and keeps for inspection (R-ONB-34)."""

from tianping.lib.enforcement import enforces

VERIFIERS = ("mcn", "host")
# What each verification must record: the supplier's identity, address, contact details, administrative licences and
# credit status, and the written agreement or supply contract signed with it.
REQUIRED = ("identity_reference", "address", "contact", "licences", "credit_status", "agreement_reference")


@enforces("R-ONB-34", neutral={}, partly="the records are required and kept; whether the MCN or host checked the "
                                         "supplier truthfully is audited by inspection")
def verification_gaps(record: dict) -> dict:
    """The fields a supplier verification lacks, each with why (empty: complete)."""
    return {name: [f"a supplier verification records the supplier's {name.replace('_', ' ')} (R-ONB-34)"]
            for name in REQUIRED if not record.get(name)}
