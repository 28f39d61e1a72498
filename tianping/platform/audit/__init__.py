"""The audit log: every decision a service takes, hash-chained in its own database, witnessed by another service.

- `chain`: appending (AuditLog, AuditTrail) and verifying (verify, Verdict) a service's chain;
- `export`: a service's entries for an export (AuditExport) and the export bundle with its verification;
- `witness`: who keeps whose checkpoints (WITNESS), the mixin every audited service uses (`audited`);
- `cli`: `python -m tianping.platform.audit verify --service listing | verify-export export.json`.

The names every caller uses are importable from here.
"""

from tianping.platform.audit.chain import (
    COLLECTION,
    EXPORT_LIMIT,
    GENESIS,
    AuditLog,
    AuditTrail,
    CheckpointOut,
    Verdict,
    digest,
    verify,
)
from tianping.platform.audit.cli import main
from tianping.platform.audit.export import (
    SERVICE_EXPORT,
    AuditExport,
    EntryOut,
    bundle,
    canonical_lines,
    verify_bundle,
)
from tianping.platform.audit.witness import (
    WITNESS,
    WITNESS_COLLECTION,
    WITNESSED,
    CheckpointPayload,
    Witness,
    WitnessProvider,
    audited,
    checkpoint_event,
    checkpoint_seconds,
    verify_service,
)

__all__ = ["COLLECTION", "EXPORT_LIMIT", "GENESIS", "SERVICE_EXPORT", "WITNESS", "WITNESSED", "WITNESS_COLLECTION",
           "AuditExport", "AuditLog", "AuditTrail", "CheckpointOut", "CheckpointPayload", "EntryOut", "Verdict",
           "Witness", "WitnessProvider", "audited", "bundle", "canonical_lines", "checkpoint_event",
           "checkpoint_seconds", "digest", "main", "verify", "verify_bundle", "verify_service"]
