"""The staff console (/console) in a real browser — Debian's headless Chromium driven by selenium — over the running
system: a reviewer decides an application and a listing, a mediator walks a dispute to its resolution and pays the
buyer first, a platform admin blacklists a subject and sees it reach every service; each then asserts what the API
holds. And its defences: CSRF refused without the token, a foreign role refused on every page, stored XSS inert.
With TIANPING_CONSOLE_SCREENSHOTS=<dir> (`make screenshots`) each page is also saved as a PNG there."""

import os
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pymongo
import pytest

from gateway.auth import mint
from tests.integration.http import call, wait_until
from tests.onboarding.cases import DOC, host, mcn, merchant_documents
from tests.tokens import SECRET

SYSTEM_ENV = {"TIANPING_SWEEP_SECONDS": "0.3", "TIANPING_DEADLINE_LEASE_SECONDS": "2"}
SHOTS = os.environ.get("TIANPING_CONSOLE_SCREENSHOTS")
PAID = datetime.now(UTC) - timedelta(days=2)
XSS_TITLE = "<script>window.__xss = 1</script> adiddas runner"
XSS_DESCRIPTION = 'Soft sole <img src=x onerror="window.__xss = 2"> for daily runs'


def token(role: str, sub: str) -> str:
    return mint(SECRET, sub, role)


def sign_in(browser, system, role: str, sub: str):
    from selenium.webdriver.common.by import By

    browser.delete_all_cookies()
    browser.get(system.gateway_url + "/console/login")
    browser.find_element(By.NAME, "token").send_keys(token(role, sub))
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 30).until(expected_conditions.url_to_be(system.gateway_url + "/console"))


def open_page(browser, system, path: str, shot: str | None = None):
    browser.get(system.gateway_url + path)
    if shot and SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(1280, max(800, min(height + 200, 5000)))  # the whole page (window chrome included)
        browser.save_screenshot(str(Path(SHOTS) / f"{shot}.png"))
        browser.set_window_size(1280, 1000)
    return browser


def submit(browser, form_selector: str, fields: dict, choices=(), shot: str | None = None):
    """Fill a form as a person would (text typed, radios and boxes clicked, selects chosen) and send it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    form = browser.find_element(By.CSS_SELECTOR, form_selector)
    for name, value in fields.items():
        element = form.find_element(By.NAME, name)
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        else:
            element.clear()
            element.send_keys(value)
    for name, value in choices:
        form.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 30).until(gone(form))  # the answer's page has replaced it
    loaded(browser)


def gone(element):
    """selenium's staleness_of, also taking Chromium's other word for a node of a replaced page ("Node with given id
    does not belong to the document", an unknown error rather than a stale reference) as gone."""
    from selenium.common.exceptions import WebDriverException

    def check(_browser) -> bool:
        try:
            element.is_enabled()
            return False
        except WebDriverException:  # StaleElementReferenceException included
            return True
    return check


def loaded(browser) -> None:
    """Wait for the page the browser is on to finish loading: a POST answered by a redirect replaces the document
    twice, and a node found in the first is gone with it ("Node with given id does not belong to the document")."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 30).until(lambda b: b.execute_script("return document.readyState") == "complete")


def text_of(browser, selector: str) -> str:
    from selenium.webdriver.common.by import By

    found = browser.find_elements(By.CSS_SELECTOR, selector)
    assert found, f"{selector} not on {browser.current_url}: {browser.page_source[:800]}"
    return found[0].text


def order(order_id: str, consumer: str, merchant: str) -> dict:
    return {"order_id": order_id, "consumer_id": consumer, "merchant_id": merchant,
            "items": [{"sku": "sku1", "category": "jewelry", "amount": "300.00"}], "total_amount": "300.00",
            "paid_at": PAID.isoformat(), "shipped_at": PAID.isoformat(), "delivered_at": PAID.isoformat()}


@pytest.fixture(scope="module")
def shop(system):
    """An active merchant (its application passes every automatic check) that listing knows of."""
    status, app, _ = call(system, "POST", "/v1/applications", {
        "applicant_type": "merchant", "subject_id": "shop-c",
        "identity": {"real_name": "Putian Sole Ltd", "credit_code": "91350300SOLE00001", "address": "9 Sole St",
                     "contact_phone": "13800138001"},
        "documents": merchant_documents()})
    assert status == 201 and app["status"] == "approved", app
    return "shop-c"


def listing_in_review(system, title: str, description: str = "Mesh upper, rubber sole, sizes 38 to 45.",
                      sub: str = "shop-c") -> dict:
    key = uuid.uuid4().hex  # a retry after a 504 (the listing service warming up its lexicon) replays, never doubles

    def submitted():
        answer = call(system, "POST", "/v1/listings", {"category": "shoes", "title": title, "price": "199.00",
                                                       "description": description, "shipping_fee": "0.00",
                                                       "source": "made in our Putian workshop"},
                      role="merchant", sub=sub, headers={"Idempotency-Key": key})
        waiting = answer[0] in (503, 504) or answer[0] == 422 and answer[1]["error"]["code"] == "subject_not_active"
        return None if waiting else answer

    status, listing, _ = wait_until(submitted, timeout=40, interval=0.3)  # the subject's activation reaches listing
    assert status == 201 and listing["status"] == "in_review", listing
    return listing


def test_a_reviewer_decides_an_application(system, browser):
    subject = f"cq-{uuid.uuid4().hex[:6]}"
    app = call(system, "POST", "/v1/applications", host(subject_id=subject, documents=[DOC["personal_data_consent"]]),
               role="host", sub=subject)[1]
    assert app["status"] == "pending_review"
    sign_in(browser, system, "reviewer", "rev-c")
    open_page(browser, system, "/console", "home-reviewer")
    waiting = {q["kind"]: q["waiting"] for q in call(system, "GET", "/v1/review-queue/summary", role="reviewer")[1]["queues"]}
    assert waiting["application"] >= 1  # this one at least; the page says what the API says
    assert int(text_of(browser, "td[data-queue='application']")) == waiting["application"]
    open_page(browser, system, "/console/review?kind=application&type=host", "review-queue-applications")
    assert app["application_id"] in browser.page_source
    open_page(browser, system, f"/console/applications/{app['application_id']}", "application")
    submit(browser, "form.decision", {"reasons": "training certificate missing", "more_rule_ids": "R-ONB-41"},
           choices=[("decision", "resubmit"), ("documents_requested", "training_certificate")])
    assert text_of(browser, "#status") == "resubmission requested" or "resubmi" in text_of(browser, "#status")
    held = call(system, "GET", f"/v1/applications/{app['application_id']}", role="reviewer", sub="rev-c")[1]
    assert held["history"][-1]["actor"] == "rev-c" and "R-ONB-41" in held["history"][-1]["rule_ids"]
    assert held["status"] != "pending_review"


def test_a_reviewer_decides_a_listing_with_its_findings_highlighted(system, shop, browser):
    listing = listing_in_review(system, "adiddas running shoes, breathable")
    sign_in(browser, system, "reviewer", "rev-c")
    open_page(browser, system, "/console/review?kind=listing", "review-queue-listings")
    assert listing["listing_id"] in browser.page_source
    open_page(browser, system, f"/console/listings/{listing['listing_id']}", "listing")
    finding = listing["findings"][0]
    marked = text_of(browser, "p.text[data-field='title'] mark")
    assert marked == listing["title"][finding["start"]:finding["end"]] == "adiddas"
    rule_link = browser.find_element("css selector", "a.rule")
    assert rule_link.get_attribute("href").endswith(f"/console/rules#{rule_link.text}")
    assert len(rule_link.get_attribute("title")) > 20  # the rule's text from the catalogue
    submit(browser, "form.decision", {"reason": "look-alike of a registered mark"},
           choices=[("decision", "reject"), ("rule_ids", finding["rule_id"])])
    assert text_of(browser, "#status") == "rejected"
    held = call(system, "GET", f"/v1/listings/{listing['listing_id']}", role="reviewer")[1]
    assert held["status"] == "rejected" and held["trail"][-1]["actor"] == "rev-c"


def test_a_mediator_walks_a_dispute_to_its_resolution_and_pays_the_buyer_first(system, browser):
    tag = uuid.uuid4().hex[:6]
    buyer, shop = f"buyer-{tag}", f"shop-{tag}"
    assert call(system, "POST", "/v1/orders", order(f"o-{tag}", buyer, shop), role="service")[0] == 201
    case = call(system, "POST", "/v1/disputes", {"order_id": f"o-{tag}", "claim": "the jade is <b>glass</b>",
                                                 "amount_claimed": "300.00"}, role="consumer", sub=buyer)[1]
    path = f"/v1/disputes/{case['case_id']}"
    call(system, "POST", f"{path}/evidence", {"text": "certificate attached"}, role="merchant", sub=shop)
    sign_in(browser, system, "mediator", "med-c")
    open_page(browser, system, "/console", "home-mediator")
    soon = (datetime.now(UTC) + timedelta(hours=24)).isoformat()
    due = call(system, "GET", f"/v1/disputes?due_before={urllib.parse.quote(soon)}", role="mediator")[1]["items"]
    shown = [a.text for a in browser.find_elements("css selector", "a[href^='/console/disputes/']")]
    assert shown == [c["case_id"] for c in due]  # the soonest due, as the API has them
    open_page(browser, system, "/console/disputes?status=evidence", "disputes")
    assert case["case_id"] in browser.page_source
    open_page(browser, system, f"/console/disputes/{case['case_id']}")
    submit(browser, "form[action$='/proposal']", {"outcome": "partial_refund", "amount": "120.00",
                                                  "reasoning": "stone is treated jade, not glass"})
    assert text_of(browser, "#status") == "mediation"
    for role, sub in (("consumer", buyer), ("merchant", shop)):
        assert call(system, "POST", f"{path}/proposal-answers", {"accept": True}, role=role, sub=sub)[0] == 200
    open_page(browser, system, f"/console/disputes/{case['case_id']}")
    assert text_of(browser, "#outcome") == "partial refund"
    assert not browser.find_elements("css selector", "form[action$='/advance-compensation']")  # not before it is due
    # the merchant lets the payment deadline pass (the clock moved, as in test_dispute.py): advance compensation opens
    database = pymongo.MongoClient(system.mongodb_uri, tz_aware=True)[system.settings.database_name("dispute")]
    assert database["deadlines"].update_many({"subject": case["case_id"], "status": "pending"},
                                             {"$set": {"due_at": datetime.now(UTC)}}).modified_count >= 1
    wait_until(lambda: call(system, "GET", path, role="mediator")[1]["advance_compensation_available"], timeout=20)
    open_page(browser, system, f"/console/disputes/{case['case_id']}")
    submit(browser, "form[action$='/advance-compensation']", {"amount": "120.00", "reason": "merchant slow"})
    assert text_of(browser, ".notice") == "Done: compensated."
    open_page(browser, system, f"/console/disputes/{case['case_id']}", "dispute")
    assert text_of(browser, "#money-compensated") == "120.00"
    held = call(system, "GET", path, role="mediator", sub="med-c")[1]
    assert held["status"] == "resolved" and held["decided_amount"] == "120.00" and held["compensated"] == "120.00"
    money = call(system, "GET", f"/v1/orders/o-{tag}/money", role="mediator")[1]
    assert [e["amount"] for e in money["entries"] if e["kind"] == "advance_compensation"] == ["120.00"]


def settled(look):
    """`look` at a page being polled, "not yet" when Chromium answers about a node of the page it just replaced."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    def attempt():
        try:
            return look()
        except (StaleElementReferenceException, WebDriverException):
            return False
    return attempt


def test_a_blacklisting_reaches_every_service_on_the_subject_page(system, browser):
    """An admin blacklists an MCN on its page and watches the decision reach all five services (blacklist and
    sanction, each replica's seq and since when); the MCN sharing its phone and address shows the link and the
    review flag the blacklisting raised on its own page."""
    tag = uuid.uuid4().hex[:6]
    subject, partner = f"mcn-c{tag}", f"mcn-p{tag}"
    shared = {"contact_phone": f"+86 21 6{int(tag, 16) % 10**7:07d}", "address": f"上海市 浦东新区 {tag} 号"}
    for subject_id, mark in ((subject, "C"), (partner, "P")):
        status, body, _ = call(system, "POST", "/v1/applications", mcn(
            subject_id=subject_id, identity={"credit_code": f"91310000{mark}{tag.upper()}00X", **shared}))
        assert status == 201, body
    sign_in(browser, system, "platform_admin", "ops-c")
    open_page(browser, system, f"/console/subjects/{subject}")
    submit(browser, "form[action$='/blacklist']", {"subject_type": "mcn", "rule_ids": "R-REP-13, PB-22",
                                                   "reason": "forged licence scan"})
    assert text_of(browser, "#authority-status") == "blacklisted"

    def every_service_enforcing():
        open_page(browser, system, f"/console/subjects/{subject}")
        rows = browser.find_elements("css selector", "table.propagation tbody tr")
        return len(rows) == 5 and all(r.get_attribute("data-enforcing") == "yes" for r in rows) and \
            text_of(browser, "#in-step") == "every service in step"

    wait_until(settled(every_service_enforcing), timeout=20, interval=0.5)
    held = call(system, "GET", f"/v1/blacklist/{subject}/propagation", role="sre")[1]
    assert held["status"] == "blacklisted" and held["all_in_step"]
    assert all(s["enforcing"] for s in held["services"])

    def every_service_clears_out():  # blacklisted: every replica refuses the subject every action
        open_page(browser, system, f"/console/subjects/{subject}")
        rows = browser.find_elements("css selector", "table.sanction-propagation tbody tr")
        return len(rows) == 5 and all(r.get_attribute("data-level") == "cleared_out" for r in rows) and \
            text_of(browser, "#sanction-in-step") == "every service in step"

    wait_until(settled(every_service_clears_out), timeout=20, interval=0.5)
    row = text_of(browser, "table.sanction-propagation tr[data-service='listing']")
    assert "publish listing" in row and "go live" in row, row

    def flagged():
        open_page(browser, system, f"/console/subjects/{partner}")
        return browser.find_elements("css selector", f"table.links tr[data-subject='{subject}']") and \
            browser.find_elements("css selector", "table.flags tr[data-status='open']")

    wait_until(settled(flagged), timeout=20, interval=0.5)
    assert "address, phone" in text_of(browser, f"table.links tr[data-subject='{subject}']")
    links = call(system, "GET", f"/v1/subjects/{partner}/links", role="sre")[1]
    assert links["links"] == [{"subject_id": subject, "shared": ["address", "phone"]}]
    assert links["flags"][0]["flagged_by"] == subject and links["flags"][0]["status"] == "open"
    sign_in(browser, system, "sre", "sre-c")
    open_page(browser, system, f"/console/subjects/{subject}", "subject")
    open_page(browser, system, "/console/subjects", "subjects")
    open_page(browser, system, "/console/propagation", "propagation")
    assert "every replica in step" in browser.page_source
    open_page(browser, system, "/console/rules#R-REP-13", "rules")


LIVE_XSS = ('<script>window.__xss = 3</script> 加我微信abc12345下单更便宜', '全网最低价 <img src=x onerror="window.__xss = 4">')


def live_session(system, operator: str) -> tuple[str, str]:
    """A room of `operator` on air with four segments: a clean caption, a hidden comment and a flagged transcript
    (both holding markup), a clean comment; (room, session)."""
    tag = uuid.uuid4().hex[:6]
    room, host_id = f"room-{tag}", f"host-{tag}"
    assert call(system, "POST", "/v1/applications", host(subject_id=host_id))[0] == 201
    disclosures = {"licence_info": "营业执照 91440300MA5XXXXX", "dispute_channel": "平台客服-纠纷入口",
                   "service_hotline": "400-800-1234"}
    assert call(system, "PUT", f"/v1/rooms/{room}", disclosures, role="merchant", sub=operator)[0] == 200
    opened = wait_until(lambda: (lambda a: a[0] == 201 and a[1])(call(
        system, "POST", f"/v1/rooms/{room}/sessions", {"host_id": host_id, "operator_id": operator},
        role="merchant", sub=operator)), timeout=30)  # the host's activation reaches listing
    at = datetime.now(UTC).isoformat()
    batch = [{"seq": n, "kind": kind, "text": text, "at": at} for n, (kind, text) in enumerate(
        [("caption", "纯棉衬衫, 尺码齐全"), ("comment", LIVE_XSS[0]), ("transcript", LIVE_XSS[1]), ("comment", "还有货吗")])]
    status, answer, _ = call(system, "POST", f"/v1/rooms/{room}/sessions/{opened['session_id']}/segments",
                             {"segments": batch}, role="service")
    assert status == 200 and [d["decision"] for d in answer["decisions"]] == ["pass", "hide", "flag", "pass"], answer
    return room, opened["session_id"]


def timed_get(system, path: str, session: str) -> float:
    """Milliseconds for the gateway to answer a console page (best of three)."""
    best = None
    for _ in range(3):
        started = time.perf_counter()
        status, _, _ = fetch(system, "GET", path, session)
        assert status == 200, (path, status)
        best = min(best or 1e9, (time.perf_counter() - started) * 1000)
    return best


def test_a_reviewer_follows_a_live_session_and_overturns_a_decision(system, shop, browser):
    room, sid = live_session(system, shop)
    sign_in(browser, system, "reviewer", "rev-l")
    open_page(browser, system, "/console/live", "live-sessions")
    row = f"tr[data-session='{sid}'] "
    assert (text_of(browser, row + ".segments"), text_of(browser, row + ".hidden"),
            text_of(browser, row + ".flagged")) == ("4", "1", "1")
    browser.find_element("css selector", row + "a").click()
    assert text_of(browser, "#count-hide") == "1"
    open_page(browser, system, f"/console/live/{room}/{sid}", "live-session")
    assert browser.execute_script("return window.__xss === undefined")  # segment texts are inert
    assert not browser.find_elements("css selector", "main script, main img")
    assert "<script>window.__xss = 3</script>" in text_of(browser, "#seq-1 td.segment")
    assert text_of(browser, "#seq-1 td.segment mark")  # the finding's span marked
    assert 'onerror="window.__xss = 4"' in text_of(browser, "#seq-2 td.segment")
    browser.find_element("css selector", "#seq-1 details.overturn summary").click()
    submit(browser, "#seq-1 form.overturn", {"decision": "pass", "reason": "quoted to warn viewers"})
    assert text_of(browser, ".notice") == "Done: overturned."
    assert text_of(browser, "#seq-1 td.effective") == "pass"
    held = call(system, "GET", f"/v1/rooms/{room}/sessions/{sid}/replay?from=1&to=1", role="reviewer")[1]
    assert held["items"][0]["effective"] == "pass" and held["items"][0]["overturns"][0]["reviewer"] == "rev-l"
    # on air, the page follows: segments decided after it was rendered appear without a reload (console.js)
    at = datetime.now(UTC).isoformat()
    status, answer, _ = call(system, "POST", f"/v1/rooms/{room}/sessions/{sid}/segments", {"segments": [
        {"seq": 4, "kind": "comment", "text": "还有L码吗", "at": at},
        {"seq": 5, "kind": "comment", "text": "加我微信xyz98765下单更便宜", "at": at}]}, role="service")
    assert status == 200, answer
    wait_until(settled(lambda: browser.find_elements("css selector", "#seq-5.decision-hide")), timeout=20,
               interval=0.5)
    assert text_of(browser, "#count-segments") == "6" and text_of(browser, "#count-hide") == "2"
    assert text_of(browser, ".notice") == "Done: overturned."  # the same page, not reloaded
    session = token("reviewer", "rev-t")
    print(f"\nrender ms: live list {timed_get(system, '/console/live', session):.1f}, "
          f"session page {timed_get(system, f'/console/live/{room}/{sid}', session):.1f}")


def test_a_refused_form_is_shown_again_with_what_was_entered_and_the_error(system, shop, browser):
    listing = listing_in_review(system, "adiddas court shoes")
    rule_id = listing["findings"][0]["rule_id"]
    sign_in(browser, system, "reviewer", "rev-r")
    open_page(browser, system, f"/console/listings/{listing['listing_id']}")
    submit(browser, "form.decision", {"more_rule_ids": "PB-03", "reason": "   "},
           choices=[("decision", "reject"), ("rule_ids", rule_id)])  # a rejection without a reason
    refusal = text_of(browser, "form.decision .refusal")
    assert "Not recorded" in refusal and "reason" in refusal, refusal
    assert "and a reason" in text_of(browser, "form.decision .problem")  # beside the reason field
    form = browser.find_element("css selector", "form.decision")
    assert form.find_element("css selector", "input[name=decision][value=reject]").is_selected()
    assert form.find_element("css selector", f"input[name=rule_ids][value='{rule_id}']").is_selected()
    assert form.find_element("css selector", "input[name=more_rule_ids]").get_attribute("value") == "PB-03"
    submit(browser, "form.decision", {"reason": "look-alike of a registered mark"})  # corrected: taken
    assert text_of(browser, "#status") == "rejected"
    # the overturn form the same way, and the refusal's status: an overturn without its reason
    room, sid = live_session(system, shop)
    session = token("reviewer", "rev-r")
    page = fetch(system, "GET", f"/console/live/{room}/{sid}", session)[2]
    csrf = page.split('name="csrf_token" value="', 2)[2].split('"')[0]
    status, _, page = fetch(system, "POST", f"/console/live/{room}/{sid}/decisions/2/overturn?from=0", session,
                            {"csrf_token": csrf, "decision": "pass", "reason": ""})
    assert status == 400 and 'class="refusal"' in page and "<details class=\"overturn\" open>" in page
    assert call(system, "GET", f"/v1/rooms/{room}/sessions/{sid}/replay?from=2&to=2",
                role="reviewer")[1]["items"][0]["effective"] == "flag"
    status, _, page = fetch(system, "POST", f"/console/live/{room}/{sid}/decisions/99/overturn", session,
                            {"csrf_token": csrf, "decision": "pass", "reason": "no such segment"})
    assert status == 404 and 'class="refusal unplaced"' in page and "no segment 99" in page  # its form is not there
    admin = token("platform_admin", "ops-r")  # and an admin's blacklisting without its rule IDs
    csrf = fetch(system, "GET", "/console/subjects/mcn-r", admin)[2].split('name="csrf_token" value="', 2)[2]
    status, _, page = fetch(system, "POST", "/console/subjects/mcn-r/blacklist", admin,
                            {"csrf_token": csrf.split('"')[0], "subject_type": "mcn", "reason": "forged <b>scan</b>"})
    form = page.split('action="/console/subjects/mcn-r/blacklist"')[1].split("</form>")[0]
    assert status == 400 and 'class="refusal"' in form and "forged &lt;b&gt;scan&lt;/b&gt;</textarea>" in form


# -- defences --------------------------------------------------------------------------------------------------
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(system, method: str, path: str, session: str | None = None, form: dict | None = None):
    """(status, headers, text) of a console request with this session cookie, redirects not followed."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    headers = {"Cookie": f"tianping_console={session}"} if session else {}
    if data is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(system.gateway_url + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=20) as resp:
            return resp.status, resp.headers, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode()


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(system, shop):
    listing = listing_in_review(system, "adiddas trail shoes")
    session = token("reviewer", "rev-csrf")
    target = f"/console/listings/{listing['listing_id']}/decision"
    for form in ({"decision": "approve"}, {"decision": "approve", "csrf_token": "0" * 64}):
        status, _, page = fetch(system, "POST", target, session, form)
        assert status == 403 and "CSRF" in page
    assert call(system, "GET", f"/v1/listings/{listing['listing_id']}", role="reviewer")[1]["status"] == "in_review"
    status, _, page = fetch(system, "GET", f"/console/listings/{listing['listing_id']}", session)
    csrf = page.split('name="csrf_token" value="', 2)[2].split('"')[0]  # the decision form's (after sign-out's)
    status, headers, _ = fetch(system, "POST", target, session, {"decision": "approve", "csrf_token": csrf})
    assert status == 303
    assert call(system, "GET", f"/v1/listings/{listing['listing_id']}", role="reviewer")[1]["status"] == "published"


PAGES = {"/console/review": {"platform_admin", "reviewer"}, "/console/applications/app-x": {"platform_admin", "reviewer"},
         "/console/listings/lst-x": {"platform_admin", "reviewer"}, "/console/disputes": {"platform_admin", "mediator"},
         "/console/disputes/case-x": {"platform_admin", "mediator"}, "/console/subjects": {"platform_admin", "sre"},
         "/console/subjects/sub-x": {"platform_admin", "sre"}, "/console/propagation": {"platform_admin", "sre"},
         "/console/live": {"platform_admin", "reviewer"}, "/console/live/room-x/ses-x": {"platform_admin", "reviewer"}}
STAFF = ("platform_admin", "reviewer", "mediator", "sre")


def test_a_foreign_role_is_refused_on_every_page(system):
    for path, allowed in PAGES.items():
        for role in STAFF:
            status, _, page = fetch(system, "GET", path, token(role, f"{role}-f"))
            if role in allowed:
                assert status in (200, 404), (path, role, status)
            else:
                assert status == 403 and "may not open this page" in page, (path, role, status)
    for role in ("merchant", "consumer", "service", "lab"):  # not staff: no page at all
        assert fetch(system, "GET", "/console", token(role, "x"))[0] == 403
    assert fetch(system, "GET", "/console/review")[0] == 303  # no session: to the sign-in page
    assert fetch(system, "GET", "/console/review", "not-a-token")[0] == 303


def test_stored_xss_in_a_listing_renders_as_inert_text(system, shop, browser):
    listing = listing_in_review(system, XSS_TITLE, XSS_DESCRIPTION)
    sign_in(browser, system, "reviewer", "rev-x")
    for path in (f"/console/listings/{listing['listing_id']}", "/console/review?kind=listing"):
        open_page(browser, system, path)
        assert browser.execute_script("return window.__xss === undefined")
        assert not browser.find_elements("css selector", "main script, main img")
    open_page(browser, system, f"/console/listings/{listing['listing_id']}")
    assert "<script>window.__xss = 1</script>" in text_of(browser, "p.text[data-field='title']")
    assert 'onerror="window.__xss = 2"' in text_of(browser, "p.text[data-field='description']")
    status, headers, _ = fetch(system, "GET", f"/console/listings/{listing['listing_id']}", token("reviewer", "r"))
    assert status == 200 and "script-src 'self'" in headers["Content-Security-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_the_session_cookie_is_httponly_and_strict(system):
    status, _, page = fetch(system, "GET", "/console/login")
    nonce = page.split('name="csrf_token" value="')[1].split('"')[0]
    request = urllib.request.Request(system.gateway_url + "/console/login", method="POST",
                                     data=urllib.parse.urlencode({"token": token("sre", "s"), "csrf_token": nonce,
                                                                  "next": "https://evil.example/"}).encode(),
                                     headers={"Cookie": f"tianping_console_login={nonce}",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=20)
        raise AssertionError("a sign-in answers with a redirect")
    except urllib.error.HTTPError as err:
        assert err.code == 303 and err.headers["Location"] == "/console"  # never an open redirect
        cookie = [c for c in err.headers.get_all("Set-Cookie") if c.startswith("tianping_console=")][0]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/console" in cookie
    assert "Secure" not in cookie  # localhost; any other host gets Secure (tests/gateway/test_console_unit.py)
    forged = fetch(system, "POST", "/console/login", form={"token": token("sre", "s"), "csrf_token": "x"})
    assert forged[0] == 403


def test_a_reviewers_decision_feeds_the_review_quality_figures_through_the_api(system, shop):
    """R-LST-02 / issue 25: the decision's categories become labels; reviewers read precision and recall per category."""
    listing = listing_in_review(system, "adiddas court shoes")
    status, decided, _ = call(system, "POST", f"/v1/listings/{listing['listing_id']}/decision", {
        "decision": "reject", "rule_ids": ["R-LST-23"], "reason": "cures flat feet, says the photo",
        "categories": ["medical-efficacy"]}, role="reviewer", sub="rev-q")
    assert status == 200 and decided["status"] == "rejected", decided
    status, figures, _ = call(system, "GET", "/v1/review-quality", role="reviewer")
    assert status == 200 and figures["labels"] >= 1, figures
    row = next(r for r in figures["categories"] if r["category"] == "medical-efficacy")
    assert row["missed_in_review"] >= 1 and row["recall"] is not None
    assert call(system, "GET", "/v1/review-quality", role="merchant", sub="shop-c")[0] == 403
    status, error, _ = call(system, "GET", "/v1/review-quality?since=2026-12-09&until=2026-12-01", role="reviewer")
    assert status == 422 and "until" in error["error"]["fields"], error
