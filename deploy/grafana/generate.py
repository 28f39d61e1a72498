"""`make dashboards`: the Grafana dashboards as code, written to deploy/grafana/*.json (checked in; a test fails when
they are stale, and when a panel queries a metric nobody exports).

- overview: RED per service and per gateway route;
- governance: review queues, decisions and findings, live-room moderation, blacklist propagation, deadlines, after-sale breaches, disputes.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

OVERVIEW = ("Tianping — overview (RED)", [
    ("Entrypoint calls / s by outcome", "sum by (service, outcome) (rate(tianping_entrypoint_calls_total[1m]))"),
    ("Entrypoint error ratio", 'sum by (service) (rate(tianping_entrypoint_calls_total{outcome="error"}[5m])) / '
                               "sum by (service) (rate(tianping_entrypoint_calls_total[5m]))"),
    ("Entrypoint p99 latency (s)",
     "histogram_quantile(0.99, sum by (le, service) (rate(tianping_entrypoint_seconds_bucket[5m])))"),
    ("Gateway requests / s by route", "sum by (route, method, status_class) (rate(tianping_http_requests_total[1m]))"),
    ("Gateway p99 latency by route (s)",
     "histogram_quantile(0.99, sum by (le, route, method) (rate(tianping_http_request_seconds_bucket[5m])))"),
    ("Components up", 'up{job="tianping"}'),
    ("Build", "tianping_build_info"),
])

GOVERNANCE = ("Tianping — governance", [
    ("Review queue depth", "max by (kind) (tianping_review_queue_depth)"),
    ("Oldest item waiting for a reviewer (s)", "max by (kind) (tianping_review_queue_oldest_seconds)"),
    ("Decisions / min by outcome", "sum by (service, kind, outcome) (rate(tianping_decisions_total[5m])) * 60"),
    ("Listing findings / min by kind", "sum by (kind) (rate(tianping_review_findings_total[5m])) * 60"),
    ("Blacklist size per replica", "max by (service) (tianping_blacklist_size)"),
    ("Blacklist lag (changes behind the authority)", "max by (service) (tianping_blacklist_lag)"),
    ("Blacklist propagation p99 (s)",
     "histogram_quantile(0.99, sum by (le, service) (rate(tianping_blacklist_propagation_seconds_bucket[5m])))"),
    ("Commit batch size p50",
     "histogram_quantile(0.5, sum by (le) (rate(tianping_blacklist_commit_batch_size_bucket[5m])))"),
    ("Store round trips per blacklist change",
     "sum by (service, work) (rate(tianping_store_commands_total{work!=\"other\"}[5m])) "
     "/ sum by (service, work) (rate(tianping_store_work_changes_total[5m]))"),
    ("Outbox backlog", "max(tianping_outbox_pending)"),
    ("Anti-entropy repairs / s", "sum by (service) (rate(tianping_blacklist_repairs_total[5m]))"),
    ("Deadlines due", "max by (service) (tianping_deadlines_due)"),
    ("Deadlines fired / min by outcome", "sum by (service, outcome) (rate(tianping_deadlines_fired_total[5m])) * 60"),
    ("Deadline lateness p99 (s)",
     "histogram_quantile(0.99, sum by (le, service) (rate(tianping_deadline_lag_seconds_bucket[10m])))"),
    ("After-sale breaches / h by deadline", "sum by (kind) (increase(tianping_aftersale_breaches_total[1h]))"),
    ("Open disputes by state", "max by (state) (tianping_disputes_open)"),
    ("Advance compensation paid (CNY, 24 h)",
     "sum(increase(tianping_advance_compensation_paid_cents_total[1d])) / 100"),
    ("Dead-lettered messages (10 min)", "sum by (service, event) (increase(tianping_dead_letters_total[10m]))"),
    ("Live segments in / s by path", "sum by (source) (rate(tianping_live_segments_in_total[1m]))"),
    ("Live segments decided / s by decision",
     "sum by (kind, decision) (rate(tianping_live_segments_decided_total[1m]))"),
    ("Live comments hidden / s", "sum(rate(tianping_live_segments_hidden_total[1m]))"),
    ("Live decision latency p50 / p99 (s)",
     "histogram_quantile(0.99, sum by (le) (rate(tianping_live_decision_seconds_bucket[5m])))"),
    ("Live sessions on air", "max(tianping_live_sessions)"),
    ("Hosts warned and streams stopped / h",
     "sum(increase(tianping_live_host_warnings_total[1h])) or sum by (reason) "
     "(increase(tianping_live_streams_stopped_total[1h]))"),
    # the queue itself is watched by TianpingLiveIngestBacklog on RabbitMQ's exporter; this panel needs only ours
    ("Live backlog growth / s (segments in − decided)",
     "sum(rate(tianping_live_segments_in_total[1m])) - sum(rate(tianping_live_segments_decided_total[1m]))"),
])


def dashboard(uid: str, title: str, panels) -> dict:
    source = {"type": "prometheus", "uid": "${datasource}"}
    return {
        "uid": uid, "title": title, "schemaVersion": 39, "version": 1, "refresh": "10s", "timezone": "browser",
        "time": {"from": "now-1h", "to": "now"}, "tags": ["tianping"],
        "templating": {"list": [{"name": "datasource", "type": "datasource", "query": "prometheus"}]},
        "panels": [{"id": n + 1, "type": "timeseries", "title": panel_title, "datasource": source,
                    "gridPos": {"h": 8, "w": 12, "x": 12 * (n % 2), "y": 8 * (n // 2)},
                    "targets": [{"refId": "A", "expr": expr, "datasource": source}]}
                   for n, (panel_title, expr) in enumerate(panels)]}


def rendered() -> dict[Path, str]:
    return {HERE / f"{uid}.json": json.dumps(dashboard(f"tianping-{uid}", *spec), indent=1, ensure_ascii=False) + "\n"
            for uid, spec in (("overview", OVERVIEW), ("governance", GOVERNANCE))}


def main(argv) -> int:
    stale = [path for path, text in rendered().items() if not path.exists() or path.read_text() != text]
    if "--check" in argv:
        for path in stale:
            print(f"{path.name} is stale: run `make dashboards`")
        return 1 if stale else 0
    for path in stale:
        path.write_text(rendered()[path])
        print(f"wrote {path.relative_to(HERE.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
