"""Staff records for live room operators (R-REP-20, R-REP-21): for each person they may hire, the host penalties
still published (so jewelry-hosting eligibility, R-ONB-39, is computed) and the dishonesty records (so the hiring
preference of R-ONB-45 can be applied), those without a dishonesty record first."""

from tianping.lib import clock
from tianping.lib.errors import load

from .. import staff_rules, staff_schemas
from . import Context


def records(ctx: Context, data: dict) -> dict:
    asked = list(dict.fromkeys(load(staff_schemas.StaffRecordsIn(), data)["subject_ids"]))
    now = clock.now()
    found: dict[str, list[dict]] = {subject: [] for subject in asked}
    for record in ctx.repo.staff_violations(asked):
        found[record["subject_id"]].append(record)
    items = [{"subject_id": subject, **staff_rules.staff_standing(found[subject], now)} for subject in asked]
    items.sort(key=lambda item: not item["preferred"])  # stable: the operator's order within each group
    return staff_schemas.StaffRecordsOut().dump({"as_of": now, "items": items,
                                           "rule_ids": ["R-REP-20", "R-REP-21", "R-ONB-39", "R-ONB-45"]})
