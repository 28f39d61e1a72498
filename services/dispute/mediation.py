"""Dispute application layer."""

import uuid

from pymongo import UpdateMany

from tianping.errors import NotFound, load

from . import models, rules, schemas


class Mediation:
    def __init__(self, replica):
        self.replica = replica

    def open(self, data: dict) -> dict:
        c = load(schemas.CaseIn(), data)
        blacklisted = self.replica.is_blacklisted(c["merchant_id"])
        protect, fired = rules.protection_on_blacklist("add" if blacklisted else "none")
        case = models.Case(case_id=f"dsp_{uuid.uuid4().hex[:16]}", **c,
                           flags=[rules.MERCHANT_BLACKLISTED] if protect else [],
                           advance_compensation_available=protect,
                           trail=[models.Step(event="opened", actor=c["consumer_id"], rule_ids=["R-DSP-02"] + fired)])
        case.save(force_insert=True)
        return schemas.CaseOut().dump(case)

    def get(self, case_id: str) -> dict:
        case = models.Case.objects(case_id=case_id).first()
        if case is None:
            raise NotFound(f"no dispute case {case_id}", {"case_id": ["unknown"]})
        return schemas.CaseOut().dump(case)

    def react_to_blacklist(self, changes: list[dict]) -> None:
        """Flag a blacklisted merchant's open cases and open advance compensation: one bulk write per run."""
        writes = []
        for change in changes:
            protect, fired = rules.protection_on_blacklist(change["action"])
            if protect:
                step = models.Step(event="merchant_blacklisted", actor="platform", rule_ids=fired,
                                   cause=f"blacklist:{change['seq']}").to_mongo().to_dict()
                writes.append(UpdateMany(
                    {"merchant_id": change["subject_id"], "status": {"$in": list(rules.OPEN_STATUSES)},
                     "flags": {"$ne": rules.MERCHANT_BLACKLISTED}},
                    {"$push": {"flags": rules.MERCHANT_BLACKLISTED, "trail": step},
                     "$set": {"advance_compensation_available": True}}))
        if writes:
            models.Case._get_collection().bulk_write(writes, ordered=True)
