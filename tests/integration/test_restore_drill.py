"""The restore drill (issue 29) on the real broker and the embedded store: with the system running, reputation's
database is backed up (`python -m tianping.runtime.backup`), more blacklistings are committed and enforced, reputation is
stopped and its database restored from the backup, and the system must notice and converge with nothing silently
lost — every blacklisting acknowledged after the restore enforced by every replica, and the ones the restore took
away reported by every replica that had applied them (CRITICAL log, metric, propagation view)."""

import pymongo
from nameko.standalone.rpc import ClusterRpcProxy

from tests.integration.http import call, wait_until
from tianping import SERVICE_NAMES
from tianping.runtime import backup

# Its own system: the restore takes reputation's log back to the backup and the drill counts its seqs from 1.
SYSTEM_FRESH = True
KEPT, LOST, NEW = 4, 3, 2   # blacklistings before the backup, between backup and restore, after the restore


def blacklist(system, subject: str) -> dict:
    status, body, _ = call(system, "POST", "/v1/blacklist", {"subject_id": subject, "subject_type": "merchant",
                                                              "reason": "restore drill", "rule_ids": ["R-REP-13"]})
    assert status == 201, body
    return body


def propagation(system) -> dict:
    status, body, _ = call(system, "GET", "/v1/blacklist/propagation", role="sre")
    assert status == 200, body
    return body


def enforced_everywhere(system, subject: str) -> bool:
    with ClusterRpcProxy({"AMQP_URI": system.settings.amqp_uri}, timeout=10) as cluster:
        return all((getattr(cluster, name).blacklist_entry(subject)["entry"] or {}).get("status") == "blacklisted"
                   for name in SERVICE_NAMES)


def test_restore_of_reputation_is_detected_and_converges_with_nothing_silently_lost(system, tmp_path):
    database = pymongo.MongoClient(system.settings.mongodb_uri, tz_aware=True)[
        system.settings.database_name("reputation")]
    for i in range(KEPT):
        blacklist(system, f"drill-kept-{i}")
    wait_until(lambda: propagation(system)["in_step"], timeout=30)
    backup.dump(database, tmp_path)                          # the nightly backup
    epoch_before = propagation(system).get("authority_epoch")
    for i in range(LOST):
        blacklist(system, f"drill-lost-{i}")
    wait_until(lambda: propagation(system)["in_step"], timeout=30)
    assert enforced_everywhere(system, f"drill-lost-{LOST - 1}")

    system.stop_component("reputation")                    # restore: the writer stopped, its database replaced
    backup.restore(database, tmp_path, drop=True)
    system.spawn(system.component("reputation"))
    system.wait_ready(["reputation"], timeout=60)

    acknowledged = [blacklist(system, f"drill-new-{i}") for i in range(NEW)]
    assert {c["seq"] for c in acknowledged} <= set(range(KEPT + 1, KEPT + LOST + 1)), "the restored log reuses seqs"
    wait_until(lambda: all(enforced_everywhere(system, c["subject_id"]) for c in acknowledged), timeout=60)
    for change in acknowledged:
        assert enforced_everywhere(system, change["subject_id"]), f"{change['subject_id']} acknowledged, not enforced"
    assert enforced_everywhere(system, "drill-kept-0")
    view = wait_until(lambda: (lambda v: v["in_step"] and v and v)(propagation(system)), timeout=30)
    assert view and view.get("authority_epoch") != epoch_before, "the restore was not detected: same log epoch"
    lost = {f"drill-lost-{i}" for i in range(LOST)}
    for replica in view["services"]:
        if replica["service"] == "reputation":
            continue  # its own replica was restored with its database: it never applied the lost ones
        assert {item["subject_id"] for item in replica["lost"]} == lost, replica
    assert view["lost_in_restore"] == LOST * (len(SERVICE_NAMES) - 1)
