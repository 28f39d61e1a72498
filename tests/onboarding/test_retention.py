"""Retention of registration archives (R-XC-03) with the controllable clock: a subject deregistered on
2026-03-02 (Shanghai) is kept through 2028-03-02, the anniversary day included; erasing its personal data is refused
(409 retention_window, naming the date) on that last day and done the day after; the periodic purge does the same for
every subject past its window and nothing else; the record stays, only its personal data goes; each minimisation is
one audit entry."""

from datetime import UTC, datetime

import pytest

from services.onboarding import models
from tianping.lib.errors import RetentionWindow

from .cases import merchant
from .test_applications import reg  # noqa: F401 - the fixture


def deregistered(r, subject_id):
    submitted = r.submit(merchant(subject_id=subject_id))
    assert submitted["status"] == "approved", submitted
    return r.deregister(submitted["subject_id"], {"reason": "closing the shop"}, "ops")


def test_personal_data_is_kept_through_the_window_and_minimised_after_it_R_XC_03(reg, frozen_clock):  # noqa: F811
    r, _, _ = reg
    subject_id = deregistered(r, "keep-1")["subject_id"]
    with pytest.raises(RetentionWindow) as refused:
        r.erase(subject_id, {"reason": "asked by the subject"}, "admin")
    assert "R-XC-03" in refused.value.fields["rule_ids"] and refused.value.fields["retain_until"] == [
        "2028-03-03T00:00:00+08:00"]
    frozen_clock.set(datetime(2028, 3, 2, 15, 59, 59, tzinfo=UTC))  # 23:59:59 on the anniversary, Shanghai
    with pytest.raises(RetentionWindow):
        r.erase(subject_id, {"reason": "asked by the subject"}, "admin")
    assert r.purge()["minimised"] == 0
    frozen_clock.set(datetime(2028, 3, 2, 16, 0, tzinfo=UTC))  # 00:00 the day after
    erased = r.erase(subject_id, {"reason": "asked by the subject"}, "admin")
    assert erased["subject_id"] == subject_id and erased["minimised_at"]
    subject = models.Subject.objects(subject_id=subject_id).first()
    assert subject.identity == {} and subject.display_name == "" and subject.status == "deregistered"
    assert subject.history and subject.identity_keys  # the record and the blacklist's keys stay (R-ONB-05)
    assert all(a.identity == {} and a.retention_class == "registration"
               for a in models.Application.objects(subject_id=subject_id))
    entry = r.audit.collection.find_one({"action": "subject_personal_data_minimised"})
    assert entry["actor"] == "admin" and entry["rule_ids"] == ["R-XC-03"] and entry["subject"] == subject_id
    assert r.audit.verify().ok


def test_the_purge_takes_only_subjects_past_their_window_once_R_XC_03(reg, frozen_clock):  # noqa: F811
    r, _, _ = reg
    early = deregistered(r, "purge-early")["subject_id"]
    frozen_clock.set(datetime(2026, 6, 1, 4, 0, tzinfo=UTC))
    late = deregistered(r, "purge-late")["subject_id"]
    active = r.submit(merchant(subject_id="purge-active"))["subject_id"]
    frozen_clock.set(datetime(2028, 3, 3, 4, 0, tzinfo=UTC))
    assert r.purge()["subject_ids"] == [early]
    assert r.purge()["minimised"] == 0  # once
    frozen_clock.set(datetime(2028, 6, 2, 4, 0, tzinfo=UTC))
    assert r.purge()["subject_ids"] == [late]
    assert models.Subject.objects(subject_id=active).first().identity  # registered: never touched
    with pytest.raises(RetentionWindow) as refused:
        r.erase(active, {"reason": "asked"}, "admin")
    assert refused.value.fields["subject_id"] == ["registered"]
    assert r.audit.collection.count_documents({"action": "subject_personal_data_minimised"}) == 2
