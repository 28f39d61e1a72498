"""The load scenario: what a platform's systems and staff do at once — onboarding applications, violations, blacklist
decisions and lifts, and the reads that follow them. Run by bench/load.py (`make load`, `make soak`), headless, on
loopback; tokens and pacing come from the environment. Routes are named by template so each has its own figures."""

import itertools
import json
import os
import random
import uuid

from locust import HttpUser, constant_throughput, task

TOKENS = json.loads(os.environ["TIANPING_LOAD_TOKENS"])
RATE_PER_USER = float(os.environ.get("TIANPING_LOAD_RATE_PER_USER", "2"))
MERCHANTS = [f"load-m-{i}" for i in range(200)]
IDENTITY = {"real_name": "Load Shop", "credit_code": "91440300LOAD0001", "address": "Shenzhen Futian 1",
            "contact_phone": "+86 755 1234 5678", "entity_kind": "enterprise", "registered_in_china": True}
DOCUMENTS = [{"kind": kind, "reference": f"doc://{kind}"}
             for kind in ("business_licence", "service_contract", "consumer_commitment")]
_serial = itertools.count()


def auth(role: str) -> dict:
    return {"Authorization": f"Bearer {TOKENS[role]}"}


class Platform(HttpUser):
    wait_time = constant_throughput(RATE_PER_USER)

    def on_start(self):
        self.tag = uuid.uuid4().hex[:6]
        self.applied, self.blacklisted = [], []

    def post(self, path, body, role, name):
        return self.client.post(path, json=body, headers={**auth(role), "Idempotency-Key": uuid.uuid4().hex},
                                name=name)

    @task(3)
    def apply(self):
        subject = f"load-app-{self.tag}-{next(_serial)}"
        if self.post("/v1/applications", {"applicant_type": "merchant", "subject_id": subject, "identity": IDENTITY,
                                          "documents": DOCUMENTS}, "service", "POST /v1/applications").ok:
            self.applied.append(subject)

    @task(3)
    def violation(self):
        self.post("/v1/violations", {"subject_id": random.choice(MERCHANTS), "subject_type": "merchant",
                                     "rule_id": "PB-01", "severity": "general", "evidence": ["load://ev"]},
                  "platform_admin", "POST /v1/violations")

    @task(1)
    def blacklist_and_lift(self):
        subject = f"load-bl-{self.tag}-{next(_serial)}"
        if self.post("/v1/blacklist", {"subject_id": subject, "subject_type": "merchant", "reason": "load test",
                                       "rule_ids": ["R-REP-13"]}, "platform_admin", "POST /v1/blacklist").ok:
            self.blacklisted.append(subject)
            if random.random() < 0.3:
                self.post(f"/v1/blacklist/{subject}/lift", {"reason": "load test lift"}, "platform_admin",
                          "POST /v1/blacklist/{subject_id}/lift")

    @task(3)
    def read_blacklist(self):
        if self.blacklisted:
            self.client.get(f"/v1/blacklist/{random.choice(self.blacklisted)}", headers=auth("sre"),
                            name="GET /v1/blacklist/{subject_id}")

    @task(2)
    def read_subject(self):
        if self.applied:
            self.client.get(f"/v1/subjects/{random.choice(self.applied)}", headers=auth("reviewer"),
                            name="GET /v1/subjects/{subject_id}")

    @task(2)
    def read_reputation(self):
        with self.client.get(f"/v1/subjects/{random.choice(MERCHANTS)}/reputation", headers=auth("sre"),
                             name="GET /v1/subjects/{subject_id}/reputation", catch_response=True) as answer:
            if answer.status_code == 404:  # a merchant no violation has reached yet: a correct answer
                answer.success()

    @task(1)
    def read_propagation(self):
        self.client.get("/v1/blacklist/propagation", headers=auth("sre"), name="GET /v1/blacklist/propagation")

    @task(1)
    def review_queue(self):
        self.client.get("/v1/review-queue?limit=20", headers=auth("reviewer"), name="GET /v1/review-queue")
