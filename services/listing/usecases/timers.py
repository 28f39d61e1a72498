"""Listing's deadlines on the kit's engine: the batches of a lexicon re-check (R-LST-24) and the restoration of
listings held on an IP notice when its period runs out (R-LST-13, art. 43); an MCN's campaign commitment at its due
time (PB-15)."""

from tianping.platform import sweeper

from . import Context, campaigns, ip_outcomes, rechecks

HANDLERS = {"recheck": rechecks.run_batch, "ip_restore": ip_outcomes.restore_due,
            campaigns.KIND: campaigns.settle_due}


def on_deadline(ctx: Context, deadline: dict) -> str:
    handler = HANDLERS.get(deadline["kind"])
    return handler(ctx, deadline) if handler else "unknown_kind"


def sweep(ctx: Context) -> dict:
    return sweeper.sweep(ctx, on_deadline)
