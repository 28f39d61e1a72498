"""Reads the gateway asks at once: the review queue's summary (onboarding and listing) and a subject's console page
(onboarding, reputation, the blacklist's propagation over every service). A fake RPC caller answers a call only once
every call of the request has been sent — asked one after another, the first would never be answered — and the
answers and errors are those of the calls asked one by one."""

import eventlet
import pytest

from gateway.console.calls import api
from gateway.console.subjects import subject_reads
from gateway.service import GatewayService
from tianping import SERVICE_NAMES
from tianping.lib.errors import NotFound, ServiceUnavailable

REVIEWER = {"role": "reviewer", "sub": "rev-1"}
SRE = {"role": "sre", "sub": "sre-1"}


class GatedCaller:
    """A TimedCaller whose replies wait until all `expected` calls (service, method) were sent (2 s at most)."""

    def __init__(self, answers: dict, expected: int):
        self.answers, self.expected, self.sent = answers, expected, []
        self.all_sent = eventlet.Event()

    def call_async(self, service, method, *args, **kwargs):
        self.sent.append((service, method))
        if len(self.sent) == self.expected:
            self.all_sent.send()

        def wait(timeout=None):
            with eventlet.Timeout(2, TimeoutError(f"{service}.{method} awaited before every call was sent")):
                self.all_sent.wait()
            answer = self.answers[(service, method)]
            if isinstance(answer, Exception):
                raise answer
            return answer

        return wait


def gateway(caller) -> GatewayService:
    service = GatewayService()
    service.rpc = caller
    return service


def summary_answers(overrides=None):
    return {("onboarding", "review_summary"): {"waiting": 3, "oldest_waiting_since": "2026-12-01T00:00:00+00:00"},
            ("listing", "review_summary"): {"waiting": 7, "oldest_waiting_since": None}, **(overrides or {})}


def test_the_review_summary_asks_onboarding_and_listing_at_once():
    caller = GatedCaller(summary_answers(), expected=2)
    assert api(gateway(caller), REVIEWER, "review_summary") == {"queues": [
        {"kind": "application", "waiting": 3, "oldest_waiting_since": "2026-12-01T00:00:00+00:00"},
        {"kind": "listing", "waiting": 7, "oldest_waiting_since": None}]}
    assert sorted(caller.sent) == [("listing", "review_summary"), ("onboarding", "review_summary")]


@pytest.mark.parametrize("failing", ["onboarding", "listing"])
def test_the_review_summary_fails_as_the_service_that_failed(failing):
    caller = GatedCaller(summary_answers({(failing, "review_summary"): ServiceUnavailable(f"{failing} down")}), 2)
    with pytest.raises(ServiceUnavailable, match=f"{failing} down"):
        api(gateway(caller), REVIEWER, "review_summary")


def subject_answers(overrides=None):
    entry = {"seq": 4, "status": "blacklisted", "applied_at": "2026-12-01T00:00:00+00:00"}
    return {("onboarding", "get_subject"): {"subject_id": "s-1", "status": "approved"},
            ("reputation", "get_reputation"): {"subject_id": "s-1", "points": 12},
            ("reputation", "blacklist_get"): {"subject_id": "s-1", "status": "blacklisted", "seq": 4},
            **{(s, "blacklist_entry"): {"entry": entry, "history": []} for s in SERVICE_NAMES},
            ("reputation", "sanction_get"): {"subject_id": "s-1", "level": "none", "seq": None, "history": []},
            ("reputation", "blacklist_head"): {"head": 4},
            **{(s, "sanction_state"): {"service": s, "subject_id": "s-1", "applied_seq": 4, "seq": None,
                                       "level": "cleared_out"} for s in SERVICE_NAMES},
            ("onboarding", "subject_links"): {"subject_id": "s-1", "identities": [], "links": [], "flags": []},
            **(overrides or {})}


# onboarding, reputation, the blacklist authority and each service's replica; the sanction authority, its log's head
# and each service's replica; the liability links
SUBJECT_CALLS = 3 + len(SERVICE_NAMES) + 2 + len(SERVICE_NAMES) + 1


def test_a_subjects_page_asks_its_record_reputation_and_propagation_at_once():
    caller = GatedCaller(subject_answers(), SUBJECT_CALLS)
    subject, reputation, propagation, sanction, links = subject_reads(gateway(caller), SRE, "s-1")
    assert subject == {"subject_id": "s-1", "status": "approved"}
    assert reputation == {"subject_id": "s-1", "points": 12}
    assert propagation["all_in_step"] and [s["service"] for s in propagation["services"]] == list(SERVICE_NAMES)
    assert sanction["all_in_step"] and {s["level"] for s in sanction["services"]} == {"cleared_out"}
    assert links["links"] == []
    assert len(caller.sent) == SUBJECT_CALLS


def test_a_subjects_page_shows_an_unknown_part_as_none_and_fails_as_the_read_that_failed():
    caller = GatedCaller(subject_answers({("onboarding", "get_subject"): NotFound("never onboarded"),
                                            ("reputation", "blacklist_get"): NotFound("never blacklisted")}),
                         SUBJECT_CALLS)
    subject, reputation, propagation, _, _ = subject_reads(gateway(caller), SRE, "s-1")
    assert (subject, reputation, propagation) == (None, {"subject_id": "s-1", "points": 12}, None)
    caller = GatedCaller(subject_answers({("reputation", "get_reputation"): ServiceUnavailable("reputation down")}),
                         SUBJECT_CALLS)
    with pytest.raises(ServiceUnavailable, match="reputation down"):
        subject_reads(gateway(caller), SRE, "s-1")
