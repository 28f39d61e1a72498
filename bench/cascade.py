"""`make bench ONLY=cascade`: the MCN cascade (issue 30): an MCN with 1,000 contracted hosts and 50,000 published
listings hosted by them is blacklisted. Measured from the blacklisting's commit:

- first host suspended: onboarding's first batch of hosts written (the commit and its propagation are before it);
- hosts suspended: onboarding has suspended every host;
- withdrawn visible: every sampled listing (first, middle and last host) reads as withdrawn through listing's RPC;
- all stored: every one of the 50,000 stored listings is withdrawn (its trail names the cause);
- other requests meanwhile: reads of listings outside the cascade and of a subject, paced, p50/p99 before the
  cascade (quiet) and from the commit until all are stored — what the batches leave the store for the others;
- listing's store commands spent, and what its cascades wrote (one per onboarding event: a batch of hosts).

The scene (subjects, contracts, listings) is written straight into the databases, as bench/propagation.py does."""

import logging
import signal
import threading
import time
from datetime import UTC, datetime

import pymongo
from nameko.standalone.rpc import ClusterRpcProxy

from .common import Environment, summary_ms, write_result
from .propagation import MCN_HOSTS, MCN_LISTINGS, seed_mcn, total_round_trips

AIMS = {"withdrawn_visible_s": 10}
OTHERS_PER_S = 10
CONTROL = 50  # published listings of a merchant outside the cascade, read by the other requests


class Others(threading.Thread):
    """Paced reads of listings outside the cascade and of a subject, each latency kept with the time it started."""

    def __init__(self, amqp_uri: str, listing_ids: list[str], subject_id: str):
        super().__init__(daemon=True)
        self.amqp_uri, self.listing_ids, self.subject_id = amqp_uri, listing_ids, subject_id
        self.samples: list[tuple[float, str, float]] = []  # (started, kind, seconds)
        self.errors = 0
        self.stopping = threading.Event()

    def run(self):
        with ClusterRpcProxy({"AMQP_URI": self.amqp_uri}, timeout=60) as cluster:
            i = 0
            while not self.stopping.is_set():
                started = time.perf_counter()
                kind = "get_listing" if i % 2 == 0 else "get_subject"
                try:
                    if kind == "get_listing":
                        cluster.listing.get_listing(self.listing_ids[i % len(self.listing_ids)])
                    else:
                        cluster.onboarding.get_subject(self.subject_id)
                except Exception:  # noqa: BLE001 - counted, the bench goes on
                    self.errors += 1
                self.samples.append((started, kind, time.perf_counter() - started))
                i += 1
                time.sleep(max(0.0, 1 / OTHERS_PER_S - (time.perf_counter() - started)))

    def between(self, start: float, end: float) -> dict:
        kinds = {k for _, k, _ in self.samples}
        window = [(k, s) for t, k, s in self.samples if start <= t < end]
        return {"all": summary_ms([s for _, s in window]),
                **{k: summary_ms([s for kk, s in window if kk == k]) for k in sorted(kinds)}}


def seed_control(system) -> tuple[list[str], str]:
    client = pymongo.MongoClient(system.mongodb_uri)
    database = client[system.settings.database_name("listing")]
    ids = [f"control-l{i}" for i in range(CONTROL)]
    database["listings"].insert_many([{"_id": lid, "operator_id": "control-merchant", "host_id": "control-host",
                                       "title": "control", "status": "published", "trail": [],
                                       "created_at": datetime.now(UTC)} for lid in ids])
    client.close()
    return ids, "cascade-mcn"


def all_suspended(subjects, hosts: list[str], chunk: int = 100) -> bool:
    """Every host suspended in onboarding's database: the last host first (onboarding moves them in id order), then
    all of them `_id $in` at most `chunk` at a time — the embedded store compares each document with every id of an
    `$in`, so one read of all 1,000 cost it ~2 s, and polled four times a second it was most of what it did."""
    if subjects.find_one({"_id": max(hosts)}, {"status": 1}).get("status") != "suspended":
        return False
    return all(subjects.find_one({"_id": {"$in": hosts[i:i + chunk]}, "status": "active"}, {"_id": 1}) is None
               for i in range(0, len(hosts), chunk))


def run_cascade(system, cluster) -> dict:
    mcn, hosts = seed_mcn(system, "cascade")
    control, subject = seed_control(system)
    client = pymongo.MongoClient(system.mongodb_uri)
    database = client[system.settings.database_name("listing")]
    samples = [f"cascade-l{i}" for i in (0, MCN_LISTINGS // 2 + MCN_HOSTS // 2, MCN_LISTINGS - 1)]
    others = Others(system.settings.amqp_uri, control, subject)
    others.start()
    time.sleep(10)  # the others, quiet
    before = total_round_trips(cluster)
    started = time.perf_counter()
    cluster.reputation.blacklist_add({"subject_id": mcn, "subject_type": "mcn", "reason": "benchmark cascade",
                                      "rule_ids": ["R-REP-13"]}, "bench")
    subjects = client[system.settings.database_name("onboarding")]["subjects"]
    first = suspended = visible = stored = None
    while time.perf_counter() - started < 1_200 and stored is None:
        if first is None and (subjects.find_one({"_id": min(hosts)}, {"status": 1}) or {}).get("status") == "suspended":
            first = time.perf_counter() - started  # onboarding's first batch of hosts (its reaction has begun)
        if suspended is None and all_suspended(subjects, hosts):
            suspended = time.perf_counter() - started  # onboarding has suspended every host
        if visible is None and all(cluster.listing.get_listing(s)["status"] == "withdrawn" for s in samples):
            visible = time.perf_counter() - started
        if visible is not None and database["cascades"].find_one({"state": "running"}, {"_id": 1}) is None and \
                database["listings"].count_documents({"status": "withdrawn"}) >= MCN_LISTINGS:
            stored = time.perf_counter() - started
        time.sleep(0.25 if visible is None else 2)
    ended = time.perf_counter()
    others.stopping.set()
    others.join(timeout=30)
    spent = {s: n - before[s] for s, n in total_round_trips(cluster).items()}
    cascades = list(database["cascades"].find({}, {"written": 1}))  # one per onboarding event (a batch of hosts)
    withdrawn = database["listings"].count_documents({"status": "withdrawn"})
    client.close()
    return {"hosts": len(hosts), "listings": MCN_LISTINGS, "first_host_suspended_s": round(first or -1, 2),
            "hosts_suspended_s": round(suspended or -1, 2),
            "withdrawn_visible_s": round(visible or -1, 2),
            "all_stored_s": round(stored or -1, 2), "stored_withdrawn": withdrawn,
            "cascades": len(cascades), "cascade_written": sum(c.get("written", 0) for c in cascades), "store_round_trips": spent,
            "others_quiet": others.between(started - 10, started),
            "others_during_backfill": others.between(started, ended), "others_errors": others.errors}


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    logging.getLogger("amqp").setLevel(logging.ERROR)
    with Environment() as env:
        system = env.system()
        try:
            with ClusterRpcProxy({"AMQP_URI": env.amqp_uri}, timeout=300) as cluster:
                result = run_cascade(system, cluster)
        finally:
            system.stop()
    during, quiet = result["others_during_backfill"]["all"], result["others_quiet"]["all"]
    print(f"MCN cascade, {result['hosts']} hosts / {result['listings']} listings: first host suspended in "
          f"{result['first_host_suspended_s']} s, all hosts in {result['hosts_suspended_s']} s, withdrawn visible in "
          f"{result['withdrawn_visible_s']} s, all stored in {result['all_stored_s']} s; other requests p50/p99 "
          f"{quiet['p50_ms']}/{quiet['p99_ms']} ms quiet, {during['p50_ms']}/{during['p99_ms']} ms during the backfill "
          f"({result['others_errors']} errors); listing store commands {result['store_round_trips']['listing']}",
          flush=True)
    path = write_result("cascade", {"aims": AIMS, "mcn_cascade": result})
    print(f"results: {path}")


if __name__ == "__main__":
    main()
