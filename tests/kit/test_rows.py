"""`db.rows` builds what `_from_son` builds, as dicts (issue 30: the reputation read's pages of violations,
decisions and live notices), and the schemas dump them alike."""

from datetime import datetime

from bson import ObjectId

from services.reputation import models, schemas
from tianping.infra import db

STORED = {
    models.Violation: ({"_id": "v1", "subject_id": "s", "subject_type": "merchant", "rule_id": "PB-01",
                        "severity": "general", "source_service": "listing", "occurred_at": datetime(2026, 1, 1),
                        "recorded_at": datetime(2026, 1, 2), "points": 3, "rule_ids": ["R-REP-12"], "status": None,
                        "retention_class": "sanction", "retain_until": datetime(2029, 1, 1), "dedupe_key": "k"},
                       {"_id": "v2", "subject_id": "s", "subject_type": "merchant", "rule_id": "PB-01",
                        "severity": "serious", "source_service": "listing", "occurred_at": datetime(2026, 1, 1),
                        "recorded_at": datetime(2026, 1, 1), "evidence": ["ev://1"], "serious": True}),
    models.Decision: ({"_id": ObjectId(), "subject_id": "s", "kind": "grading", "outcome": "AAA", "rule_ids": [],
                       "at": datetime(2026, 1, 1)},),
    models.LiveNotice: ({"_id": "n1", "subject_id": "s", "role": "host", "kind": "stop", "session_id": "x",
                         "host_id": "s", "rule_ids": ["R-LST-32"], "seqs": [1, 2], "at": datetime(2026, 1, 1)},),
}
OUT = {models.Violation: schemas.ViolationOut, models.Decision: schemas.DecisionOut,
       models.LiveNotice: schemas.LiveNoticeOut}


def test_rows_hold_what_the_documents_hold_and_dump_alike():
    for model, sons in STORED.items():
        built = db.rows(model, [dict(son) for son in sons])
        for row, son in zip(built, sons, strict=True):
            document = model._from_son(dict(son))
            assert set(row) == set(model._fields)
            for name in model._fields:  # a default made at build time (recorded_at: now) aside, as stored
                assert row[name] == getattr(document, name) or (name not in son and callable(
                    model._fields[name].default)), (model, name)
                assert getattr(row, name) is row[name]
            assert OUT[model]().dump(row) == OUT[model]().dump(document)
