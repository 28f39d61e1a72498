"""A report's dismissal never drops a report filed at the same time (R-DSP-11, R-LST-12): the listing goes back to
publication only if no report was filed since the dismissal counted the open ones, and a report whose listing was
read in review before a dismissal published it takes it back to review — the second report stays open and holds the
listing until it is decided; a confirmed report withdraws the listing whatever live status a concurrent decision gave
it. The interleavings made certain with monkeypatch."""

from services.listing import repository
from tests.listing.test_reports_and_rooms import desk  # noqa: F401 - the fixture
from tests.listing.usecases import product


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
