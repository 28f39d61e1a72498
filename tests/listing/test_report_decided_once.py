"""A report's dismissal never drops a report filed at the same time (R-DSP-11, R-LST-12): the listing goes back to
publication only if no report was filed since the dismissal counted the open ones, and a report whose listing was
read in review before a dismissal published it takes it back to review — the second report stays open and holds the
listing until it is decided; a confirmed report withdraws the listing whatever live status a concurrent decision gave
it; a decision redelivered after a crash between the report's decision and the listing's move (a command taken over)
completes the listing's side, once, while another reviewer's decision is still refused. The interleavings made
certain with monkeypatch."""

import pytest

from services.listing import repository
from tests.listing.test_reports_and_rooms import desk  # noqa: F401 - the fixture
from tests.listing.usecases import product
from tianping.lib.errors import Conflict


def once_before(monkeypatch, name, meanwhile, after=False):
    """`repository.name` runs `meanwhile()` once, before its first call (after it, with `after`)."""
    real, done = getattr(repository, name), []

    def late(*args, **kwargs):
        if not done and not after:
            done.append(True)
            meanwhile()
        result = real(*args, **kwargs)
        if not done and after:
            done.append(True)
            meanwhile()
        return result

    monkeypatch.setattr(repository, name, late)


def reported(desk):  # noqa: F811
    listing = desk.submit(product("m1"))["listing_id"]
    first = desk.report(listing, {"reason": "looks fake"}, "c1")["report_id"]
    assert desk.get(listing)["status"] == "in_review"
    return listing, first


def test_a_report_filed_after_a_dismissal_counted_the_open_ones_keeps_the_listing_in_review_R_DSP_11(
        desk, monkeypatch):  # noqa: F811
    listing, first = reported(desk)
    second = []
    once_before(monkeypatch, "open_reports", after=True,
                meanwhile=lambda: second.append(desk.report(listing, {"reason": "fake too"}, "c2")["report_id"]))
    desk.decide_report(first, {"decision": "dismiss", "reason": "genuine"}, "rev-1")
    assert desk.report_view(second[0], {"id": "c2"})["status"] == "open"
    assert desk.get(listing)["status"] == "in_review"  # held while the second report waits for a reviewer
    desk.decide_report(second[0], {"decision": "dismiss", "reason": "genuine too"}, "rev-2")
    assert desk.get(listing)["status"] == "published"  # every report decided: back on the shelf


def test_a_report_that_read_the_listing_in_review_before_a_dismissal_published_it_takes_it_back_R_DSP_11(
        desk, monkeypatch):  # noqa: F811
    listing, first = reported(desk)
    once_before(monkeypatch, "insert_report",
                meanwhile=lambda: desk.decide_report(first, {"decision": "dismiss", "reason": "genuine"}, "rev-1"))
    second = desk.report(listing, {"reason": "fake too"}, "c2")["report_id"]
    assert desk.get(listing)["status"] == "in_review" and desk.report_view(second, {"id": "c2"})["status"] == "open"
    trail = [(s["event"], s["status"]) for s in desk.get(listing)["trail"]][-3:]
    assert trail == [("reported", "in_review"), ("report_dismissed", "published"), ("reported", "in_review")], trail


def test_a_confirmed_report_withdraws_a_listing_a_reviewer_approved_meanwhile_R_LST_12(desk, monkeypatch):  # noqa: F811
    listing, first = reported(desk)
    once_before(monkeypatch, "move", meanwhile=lambda: desk.decide(listing, {"decision": "approve", "reason": "ok"},
                                                                   "rev-2"))
    desk.decide_report(first, {"decision": "confirm", "rule_ids": ["PB-03"], "reason": "lab: polyester"}, "rev-1")
    assert desk.get(listing)["status"] == "withdrawn"  # the approval read in between does not leave it on the shelf
    assert [s["previous"] for s in desk.get(listing)["trail"] if s["event"] == "withdrawn"] == ["published"]
    assert len(desk.events("listing_withdrawn")) == 1


def crash_after_the_decision(monkeypatch):
    """The process dies once right after the report's decision is stored, before the listing is read for its side."""
    real, crashed = repository.listing_or_404, []

    def crash(*args, **kwargs):
        if not crashed:
            crashed.append(True)
            raise RuntimeError("the process died after the decision")
        return real(*args, **kwargs)

    monkeypatch.setattr(repository, "listing_or_404", crash)


def test_a_confirmation_redelivered_after_a_crash_withdraws_the_listing_once_R_LST_12(desk, monkeypatch):  # noqa: F811
    listing, first = reported(desk)
    confirm = {"decision": "confirm", "rule_ids": ["PB-03"], "reason": "lab: polyester"}
    crash_after_the_decision(monkeypatch)
    with pytest.raises(RuntimeError):
        desk.decide_report(first, confirm, "rev-1")
    assert desk.get(listing)["status"] == "in_review"  # the report confirmed, the listing not withdrawn yet
    with pytest.raises(Conflict):  # another reviewer's decision is not this one
        desk.decide_report(first, {**confirm, "reason": "looks fake"}, "rev-2")
    for _ in range(2):  # the take-over completes the listing's side; a second redelivery adds nothing
        assert desk.decide_report(first, confirm, "rev-1")["status"] == "confirmed"
    assert desk.get(listing)["status"] == "withdrawn"
    assert len(desk.events("listing_withdrawn")) == 1
    assert {e["dedupe_key"] for e in desk.events("violation_detected")} == {f"listing-report:{first}"}


def test_a_dismissal_redelivered_after_a_crash_puts_the_listing_back_R_DSP_11(desk, monkeypatch):  # noqa: F811
    listing, first = reported(desk)
    crash_after_the_decision(monkeypatch)
    with pytest.raises(RuntimeError):
        desk.decide_report(first, {"decision": "dismiss", "reason": "genuine"}, "rev-1")
    assert desk.get(listing)["status"] == "in_review"  # no report open, yet held: the half the crash left
    assert desk.decide_report(first, {"decision": "dismiss", "reason": "genuine"}, "rev-1")["status"] == "dismissed"
    assert desk.get(listing)["status"] == "published"
