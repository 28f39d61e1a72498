"""Aftersale's reaction to the blacklist: buyers keep every right; the platform takes over the deadlines of a
blacklisted merchant's open requests (one bulk write per run). A lift changes nothing: deadlines the platform
took over stay with it, the buyer protected to the end."""

from tianping.lib.trail import step
from tianping.platform.usecase import Context

from .. import rules


def react_to_blacklist(ctx: Context, changes: list[dict]) -> None:
    _, fired = rules.deadline_owner(True)
    ctx.repo.platform_takes_over([
        (c["subject_id"], step("platform_took_over", "platform", fired, cause=f"blacklist:{c['seq']}"))
        for c in changes if c["action"] == "add"])
