"""Backups of every service's database: a PersistentVolumeClaim in the data kustomization (never deleted with the
app) and CronJobs in the data namespace.

- `tianping-backup` — nightly, `mongodump --oplog` of the whole replica set: every database at one instant (the oplog
  taken during the dump is replayed on restore), the backup to restore from.
- `tianping-backup-<service>` — one per service database, staggered through the night, `mongodump --db
  tianping_<service>`: restores one service alone without unpacking the whole archive. A per-database dump is not
  one instant across its collections; reputation's restore detects and repairs that (docs/operations.md).

Each writes a gzip archive under /backups/<what>/<date>.archive.gz and keeps the last RETAIN_DAYS days. The PVC is
ReadWriteOnce (the jobs run one at a time, concurrencyPolicy Forbid); to ship archives to an object store, replace
the volume with your bucket's CSI driver or add a copy step (docs/operations.md, section 4).
"""

from tianping.runtime.launcher import COMPONENTS

from .common import pod_security_context, security_context
from .dataplane import BACKUP, DATA_LABELS, MONGODB_VERSION, database
from .policies import DATA_CLIENTS
from .workloads import database_secret

BACKUP_IMAGE = f"mongo:{MONGODB_VERSION}"  # mongodump/mongorestore of the server's version
RETAIN_DAYS = 14
PVC = "tianping-backups"


def volume_claim() -> dict:
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": PVC, "labels": DATA_LABELS},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "100Gi"}}}}


def dump_script(what: str, scope: str) -> str:
    # The operator's URI names the auth database in its path, which mongodump would take for --db: move it to
    # authSource so --db can name the service's database.
    return (f'set -eu; dir=/backups/{what}; mkdir -p "$dir"; '
            f'uri=$(printf %s "$MONGODB_URI" | sed -E "s#/admin\\?#/?authSource=admin\\&#"); '
            f'mongodump --uri "$uri" --sslCAFile /etc/tianping/ca/ca.crt --readPreference=secondaryPreferred '
            f'{scope} --archive="$dir/$(date -u +%Y-%m-%dT%H%M).archive.gz" --gzip; '
            f'find "$dir" -name "*.archive.gz" -mtime +{RETAIN_DAYS} -delete')


def cron_job(name: str, schedule: str, script: str) -> dict:
    pod_labels = {**DATA_LABELS, "app.kubernetes.io/name": "tianping-backup", **DATA_CLIENTS["matchLabels"]}
    container = {"name": "mongodump", "image": BACKUP_IMAGE, "imagePullPolicy": "Always",
                 "command": ["/bin/sh", "-c", script],
                 "env": [{"name": "MONGODB_URI", "valueFrom": {"secretKeyRef": {
                     "name": database_secret(BACKUP), "key": "connectionString.standard"}}}],
                 "resources": {"requests": {"cpu": "250m", "memory": "512Mi"}, "limits": {"cpu": "1",
                                                                                         "memory": "2Gi"}},
                 "securityContext": security_context(10999),
                 "volumeMounts": [{"name": "backups", "mountPath": "/backups"},
                                  {"name": "ca", "mountPath": "/etc/tianping/ca", "readOnly": True},
                                  {"name": "tmp", "mountPath": "/tmp"}]}
    pod = {"restartPolicy": "OnFailure", "automountServiceAccountToken": False,
           "securityContext": pod_security_context(10999), "containers": [container],
           "volumes": [{"name": "backups", "persistentVolumeClaim": {"claimName": PVC}},
                       {"name": "ca", "secret": {"secretName": "tianping-mongodb-tls", "items": [
                           {"key": "ca.crt", "path": "ca.crt"}]}},
                       {"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}]}
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": name, "labels": DATA_LABELS},
            "spec": {"schedule": schedule, "timeZone": "Asia/Shanghai", "concurrencyPolicy": "Forbid",
                     "startingDeadlineSeconds": 3600, "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 3,
                     "jobTemplate": {"spec": {"backoffLimit": 2, "activeDeadlineSeconds": 3 * 3600,
                                              "template": {"metadata": {"labels": pod_labels}, "spec": pod}}}}}


def cron_jobs() -> list[dict]:
    jobs = [cron_job("tianping-backup", "0 1 * * *", dump_script("all", "--oplog"))]
    services = [c.name for c in COMPONENTS if c.name != "gateway"]
    for hour, service in enumerate(services, start=2):
        jobs.append(cron_job(f"tianping-backup-{service}", f"30 {hour} * * *",
                             dump_script(service, f"--db {database(service)}")))
    return jobs
