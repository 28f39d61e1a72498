"""Dispute's reaction to the blacklist: a blacklisted merchant's open cases are flagged and advance compensation
opens (R-DSP-06, R-DSP-07), one bulk write per run; a lift keeps what buyers were already offered."""

from tianping.lib.trail import step
from tianping.platform.usecase import Context

from .. import rules


def react_to_blacklist(ctx: Context, changes: list[dict]) -> None:
    protections = []
    for change in changes:
        protect, fired = rules.protection_on_blacklist(change["action"])
        if protect:
            protections.append((change["subject_id"], step("merchant_blacklisted", "platform", fired,
                                                            cause=f"blacklist:{change['seq']}")))
    ctx.repo.protect_open_cases(protections)
