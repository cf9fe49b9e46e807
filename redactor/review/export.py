"""What leaves the room after sign-off: the redacted text and the redaction log (the engine's own
formats, from the same reviewed plan the preview shows) and the audit trail (JSON and CSV)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from redactor.render import build_log, log_to_csv, log_to_json, render_text
from redactor.review.records import AuditEvent
from redactor.review.session import ReviewSession, SignOffRequired
from redactor.service import check_output

AUDIT_FIELDS = ["id", "at", "reviewer", "session_id", "document_id", "policy_id", "kind", "scope", "start",
                "end", "entity_type", "entity_id", "before", "after", "note"]


@dataclass(frozen=True)
class ExportBundle:
    stem: str
    redacted: str
    log_json: str
    log_csv: str
    audit_json: str
    audit_csv: str

    def files(self) -> dict[str, str]:
        return {
            f"{self.stem}.redacted.txt": self.redacted,
            f"{self.stem}.log.json": self.log_json,
            f"{self.stem}.log.csv": self.log_csv,
            f"{self.stem}.audit.json": self.audit_json,
            f"{self.stem}.audit.csv": self.audit_csv,
        }


def audit_to_json(events: list[AuditEvent]) -> str:
    return json.dumps([e.to_json() for e in events], indent=1, ensure_ascii=False) + "\n"


def audit_to_csv(events: list[AuditEvent]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=AUDIT_FIELDS)
    writer.writeheader()
    for event in events:
        writer.writerow(event.to_json())
    return buffer.getvalue()


def export_bundle(session: ReviewSession) -> ExportBundle:
    """The signed-off outputs; refuses before sign-off and whenever verification finds a leak."""
    reviewed = session.reviewed()
    if session.signoff(reviewed) is None:
        raise SignOffRequired("sign the document off before exporting (decisions changed since, or none yet)")
    document, plan = session.document, reviewed.plan
    redacted = render_text(document.text, plan)
    check_output(document, plan, redacted)
    stem = Path(document.source).stem
    log = build_log(document, plan, include_text=False, output_name=f"{stem}.redacted.txt")
    events = session.store.audit(document.id)
    return ExportBundle(stem, redacted, log_to_json(log), log_to_csv(log), audit_to_json(events),
                        audit_to_csv(events))
