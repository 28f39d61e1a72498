"""The load scenario, a platform's day: onboarding applications, listing drafts and publications, live rooms going live
and the live system's segment batches, orders and the after-sale requests and merchant answers on them, disputes,
violations, blacklist decisions and lifts, and the reads and review queues staff and services poll. Run by
bench/load.py (`make load`, `make soak`) headless on loopback; tokens and pacing come from the environment. Routes
are named by template so each has its own figures.

Where the weights come from (per 100 requests; an assumed mix, not a measured platform's traffic — change it here
when one is measured): listing review is the highest-volume write (every product and community post passes it before
publication: 12 submissions, 4 dry checks); live rooms send segment batches (comments, transcript, captions) as they
happen — 6 batches of 20 segments, so 120 segments per 100 requests, each judged by the listing matcher — and a
session is opened or ended about once per 50 batches (a room goes live for an hour or so); an order is fed for every
after-sale request (6), of which most get a request (5) and most requests a merchant answer (4); disputes are the
escalated few (2); onboarding 6 applications (each a merchant of its own identity; one in twenty an identity
registered before); detected violations 5; blacklist decisions are rare (1, a third of them lifted later). Reads
follow writes about one to one — staff and other services look up what was decided: subjects 7, reputation 7,
blacklist entries 7, listings 7, after-sale requests 5, cases 3, the two review queues 4 (reviewers polling),
propagation 1. Room disclosures are updated now and then (1); rooms are registered before the run.
"""

import itertools
import json
import os
import random
import time
import uuid
from datetime import UTC, datetime

from locust import FastHttpUser, events, task

from bench.arrivals import poisson_arrivals

TOKENS = json.loads(os.environ["TIANPING_LOAD_TOKENS"])
RATE_PER_USER = float(os.environ.get("TIANPING_LOAD_RATE_PER_USER", "2"))
MERCHANTS = [f"load-m-{i}" for i in range(200)]
RUN_TAG = uuid.uuid4().hex[:6]  # a rerun on the same data registers rooms of its own
SELLER, BUYER = "load-merchant", "load-consumer"   # the subjects of the merchant and consumer tokens
IDENTITY = {"real_name": "Load Shop", "credit_code": "91440300LOAD0001", "address": "Shenzhen Futian 1",
            "contact_phone": "+86 755 1234 5678", "entity_kind": "enterprise", "registered_in_china": True}
# what a merchant files so its application is approved (kept in step with bench/filings.py)
SERVICE_CONTRACT_CLAUSES = ["rights_and_obligations", "breach_liability", "dispute_resolution", "entry_and_exit",
                            "product_quality_and_safety", "consumer_rights", "harmful_information"]
OPERATOR_LAWS = ["consumer_rights_protection_law", "product_quality_law", "anti_unfair_competition_law", "contract_law",
                 "trademark_law", "advertising_law", "tort_liability_law", "online_trading_administrative_measures"]
NOTICE = ["purpose", "method", "scope", "view_and_correct", "refusal_consequences"]
DOCUMENTS = [{"kind": k, "reference": f"doc://{k}"} for k in ("business_licence", "consumer_commitment",
                                                              "truthfulness_declaration", "integrity_policy")] + [
    {"kind": "service_contract", "reference": "doc://service_contract", "clauses": SERVICE_CONTRACT_CLAUSES,
     "laws": OPERATOR_LAWS},
    {"kind": "personal_data_consent", "reference": "doc://personal_data_consent", "told": NOTICE}]
PAID = "2026-01-05T02:00:00+00:00"
ROOM = {"licence_info": "营业执照 91440300LOAD0001", "dispute_channel": "平台客服-纠纷入口",
        "service_hotline": "400-800-1234"}
ON_AIR = {"host_id": SELLER, "operator_id": SELLER}  # the seller hosts its own rooms
SAYINGS = [("comment", "这个多少钱"), ("comment", "还有L码吗"), ("comment", "主播好"), ("transcript", "欢迎来到直播间, 今天介绍棉质衬衫"),
           ("caption", "纯棉衬衫 59元"), ("transcript", "面料是纯棉的, 可以机洗"), ("comment", "加我微信abc12345下单更便宜")]
SEGMENTS_PER_BATCH = 20
_serial = itertools.count()
ROOMS = 200  # rooms the seller registers before the day starts (a user each: 400 requests/s offered at most)
_rooms_taken = itertools.count()


def room_name(index: int) -> str:
    return f"load-room-{RUN_TAG}-{index % ROOMS}"


def auth(role: str) -> dict:
    return {"Authorization": f"Bearer {TOKENS[role]}", "Idempotency-Key": uuid.uuid4().hex}


@events.test_start.add_listener
def register_seller(environment, **_):
    """The merchant whose token lists and answers is onboarded once (a 409 on a rerun is the same state)."""
    import requests
    requests.post(f"{environment.host}/v1/applications", headers=auth("service"), timeout=30,
                  json={"applicant_type": "merchant", "subject_id": SELLER, "identity": IDENTITY, "documents": DOCUMENTS})
    # warm what the first request of a kind builds (listing's matcher): the run measures the steady state
    requests.post(f"{environment.host}/v1/listings/check", headers=auth("merchant"), timeout=60,
                  json={"category": "apparel", "title": "Linen trousers", "description": "Linen, three sizes."})
    # going live needs the seller active in listing's replica: wait for it on a room of its own, then free the room
    requests.put(f"{environment.host}/v1/rooms/load-room-probe", headers=auth("merchant"), json=ROOM, timeout=30)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        opened = requests.post(f"{environment.host}/v1/rooms/load-room-probe/sessions", headers=auth("merchant"),
                               json=ON_AIR, timeout=30)
        if opened.status_code == 201:
            requests.post(f"{environment.host}/v1/rooms/load-room-probe/sessions/{opened.json()['session_id']}/end",
                          headers=auth("merchant"), timeout=30)
            break
        time.sleep(0.5)
    register_rooms(environment.host)


def register_rooms(host: str) -> None:
    """A platform's rooms exist before their hosts go live: registering 75 of them in the run's first 100 ms (every
    user's start) measured a burst no platform sends (PUT p50 250 ms, and its queue on every route's first second).
    Each user takes one of these; the `update_room` task measures the route in the steady state."""
    import requests
    with requests.Session() as session:
        for index in range(ROOMS):
            session.put(f"{host}/v1/rooms/{room_name(index)}", headers=auth("merchant"), json=ROOM, timeout=30)


class Platform(FastHttpUser):
    wait_time = poisson_arrivals(RATE_PER_USER)

    def on_start(self):
        self.tag = uuid.uuid4().hex[:6]
        self.applied, self.blacklisted, self.listings, self.orders, self.requests, self.cases = ([] for _ in range(6))
        self.room, self.session, self.seq = room_name(next(_rooms_taken)), None, 0

    def post(self, path, body, role, name):
        return self.client.post(path, json=body, headers=auth(role), name=name)

    def get(self, path, role, name, missing_ok=False):
        with self.client.get(path, headers=auth(role), name=name, catch_response=True) as answer:
            if missing_ok and answer.status_code == 404:  # nothing has reached it yet: a correct answer
                answer.success()

    def serial(self, prefix: str) -> str:
        return f"{prefix}-{self.tag}-{next(_serial)}"

    # -- onboarding, reputation, blacklist ------------------------------------------------------------
    @task(6)
    def apply(self):
        subject, n = self.serial("load-app"), next(_serial)
        # a merchant of its own; one in twenty applies again with an identity registered before (the seller's)
        identity = IDENTITY if random.random() < 0.05 else {
            **IDENTITY, "credit_code": f"91LD{self.tag}{n:0>8}", "contact_phone": f"+86 755 {n % 10**8:0>8}",
            "address": f"Shenzhen Futian {self.tag} {n}"}
        if self.post("/v1/applications", {"applicant_type": "merchant", "subject_id": subject, "identity": identity,
                                          "documents": DOCUMENTS}, "service", "POST /v1/applications").ok:
            self.applied.append(subject)

    @task(5)
    def violation(self):
        self.post("/v1/violations", {"subject_id": random.choice(MERCHANTS), "subject_type": "merchant",
                                     "rule_id": "PB-01", "severity": "general", "evidence": ["load://ev"]},
                  "platform_admin", "POST /v1/violations")

    @task(1)
    def blacklist_and_lift(self):
        subject = self.serial("load-bl")
        if self.post("/v1/blacklist", {"subject_id": subject, "subject_type": "merchant", "reason": "load test",
                                       "rule_ids": ["R-REP-13"]}, "platform_admin", "POST /v1/blacklist").ok:
            self.blacklisted.append(subject)
            if random.random() < 0.3:
                self.post(f"/v1/blacklist/{subject}/lift", {"reason": "load test lift"}, "platform_admin",
                          "POST /v1/blacklist/{subject_id}/lift")

    # -- listings ---------------------------------------------------------------------------------------
    @task(12)
    def submit_listing(self):
        answer = self.post("/v1/listings", {"category": "apparel", "title": f"Cotton shirt {next(_serial)}",
                                            "description": "Plain cotton shirt, machine washable.", "price": "59.00"},
                           "merchant", "POST /v1/listings")
        if answer.ok:
            self.listings.append(answer.json()["listing_id"])

    @task(4)
    def check_listing(self):
        self.post("/v1/listings/check", {"category": "apparel", "title": "Linen trousers",
                                         "description": "Linen, three sizes."}, "merchant", "POST /v1/listings/check")

    # -- live rooms -------------------------------------------------------------------------------------
    @task(6)
    def live_segments(self):
        if self.session is None or random.random() < 1 / 50:
            self.switch_session()
        if self.session is None:
            return
        now = datetime.now(UTC).isoformat()
        batch = []
        for _ in range(SEGMENTS_PER_BATCH):
            kind, text = random.choice(SAYINGS)
            self.seq += 1
            batch.append({"seq": self.seq, "kind": kind, "text": text, "at": now})
        self.post(f"/v1/rooms/{self.room}/sessions/{self.session}/segments", {"segments": batch}, "service",
                  "POST /v1/rooms/{room_id}/sessions/{session_id}/segments")

    @task(1)
    def update_room(self):
        """A room's disclosures change now and then (a new hotline, a warning added)."""
        self.client.put(f"/v1/rooms/{self.room}", json=ROOM, headers=auth("merchant"), name="PUT /v1/rooms/{room_id}")

    def switch_session(self):
        """The room goes off air (when on air) and live again: a new session, its seqs from 1."""
        if self.session is not None:
            self.post(f"/v1/rooms/{self.room}/sessions/{self.session}/end", {}, "merchant",
                      "POST /v1/rooms/{room_id}/sessions/{session_id}/end")
        self.session, self.seq = None, 0
        with self.client.post(f"/v1/rooms/{self.room}/sessions", json=ON_AIR, headers=auth("merchant"),
                              name="POST /v1/rooms/{room_id}/sessions", catch_response=True) as answer:
            if answer.ok:
                self.session = answer.json()["session_id"]
            elif answer.status_code == 409 and answer.json()["error"]["code"] == "room_on_air":
                # our earlier attempt timed out after it opened the session: the room is on air in it — go on there
                self.session = answer.json()["error"]["fields"]["session_id"][0]
                answer.success()

    # -- orders, after-sale, disputes -------------------------------------------------------------------
    @task(6)
    def feed_order(self):
        order = self.serial("load-o")
        if self.post("/v1/orders", {"order_id": order, "consumer_id": BUYER, "merchant_id": SELLER,
                                    "items": [{"sku": "sku1", "category": "apparel", "amount": "59.00"}],
                                    "total_amount": "59.00", "paid_at": PAID, "shipped_at": PAID},
                     "service", "POST /v1/orders").ok:
            self.orders.append(order)

    @task(5)
    def open_request(self):
        if not self.orders:  # nothing to ask about yet: the order comes first (every task offers one request)
            return self.feed_order()
        answer = self.post("/v1/aftersale/requests", {"order_id": self.orders.pop(), "kind": "refund_only"},
                           "consumer", "POST /v1/aftersale/requests")
        if answer.ok:
            self.requests.append(answer.json()["request_id"])

    @task(4)
    def merchant_answers(self):
        if not self.requests:
            return self.open_request()
        self.post(f"/v1/aftersale/requests/{self.requests.pop(0)}/responses", {"action": "accept"}, "merchant",
                  "POST /v1/aftersale/requests/{request_id}/responses")

    @task(2)
    def open_dispute(self):
        if not self.orders:
            return self.feed_order()
        answer = self.post("/v1/disputes", {"order_id": self.orders.pop(), "claim": "not as described",
                                            "amount_claimed": "59.00"}, "consumer", "POST /v1/disputes")
        if answer.ok:
            self.cases.append(answer.json()["case_id"])

    # -- reads and queues -------------------------------------------------------------------------------
    @task(7)
    def read_subject(self):
        if not self.applied:
            return self.apply()
        self.get(f"/v1/subjects/{random.choice(self.applied)}", "reviewer", "GET /v1/subjects/{subject_id}")

    @task(7)
    def read_reputation(self):
        self.get(f"/v1/subjects/{random.choice(MERCHANTS)}/reputation", "sre",
                 "GET /v1/subjects/{subject_id}/reputation", missing_ok=True)

    @task(7)
    def read_blacklist(self):
        if not self.blacklisted:
            return self.blacklist_and_lift()
        self.get(f"/v1/blacklist/{random.choice(self.blacklisted)}", "sre", "GET /v1/blacklist/{subject_id}")

    @task(7)
    def read_listing(self):
        if not self.listings:
            return self.submit_listing()
        self.get(f"/v1/listings/{random.choice(self.listings)}", "merchant", "GET /v1/listings/{listing_id}")

    @task(5)
    def read_request(self):
        if not self.requests:
            return self.open_request()
        self.get(f"/v1/aftersale/requests/{random.choice(self.requests)}", "consumer",
                 "GET /v1/aftersale/requests/{request_id}")

    @task(3)
    def read_case(self):
        if not self.cases:
            return self.open_dispute()
        self.get(f"/v1/disputes/{random.choice(self.cases)}", "consumer", "GET /v1/disputes/{case_id}")

    @task(4)
    def review_queues(self):
        self.get("/v1/review-queue?limit=20", "reviewer", "GET /v1/review-queue")

    @task(1)
    def read_propagation(self):
        self.get("/v1/blacklist/propagation", "sre", "GET /v1/blacklist/propagation")


# Every answer's latency and outcome by minute of the run, for the soak's first-against-last comparison (issue 30):
# locust's own summary pools the whole run, so a system that slows as its data grows would hide in the average.
WINDOWS_FILE = os.environ.get("TIANPING_LOAD_WINDOWS")
_by_minute: dict[int, dict] = {}
_started = [time.monotonic()]


@events.test_start.add_listener
def start_the_clock(environment, **_):
    _started[0] = time.monotonic()


@events.request.add_listener
def count_by_minute(response_time=None, exception=None, **_):
    minute = _by_minute.setdefault(int((time.monotonic() - _started[0]) // 60), {"latencies_ms": [], "errors": 0})
    if exception is None:
        minute["latencies_ms"].append(round(response_time or 0.0, 1))
    else:
        minute["errors"] += 1


@events.quitting.add_listener
def write_minutes(environment, **_):
    if WINDOWS_FILE:
        with open(WINDOWS_FILE, "w") as out:
            json.dump({str(minute): figures for minute, figures in sorted(_by_minute.items())}, out)
