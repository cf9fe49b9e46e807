"""What leaves the room after sign-off: the redacted text and the redaction log (the engine's own
formats, from the same reviewed plan the preview shows) and the audit trail (JSON and CSV)."""

from __future__ import annotations

import csv
import dataclasses
import io
import tempfile
import json
from dataclasses import dataclass
from pathlib import Path

from redactor.render import build_log, log_to_csv, log_to_json, render_text
from redactor.review.records import AuditEvent
from redactor.review.session import ReviewSession, SignOffRequired
from redactor.errors import RedactorError
from redactor.service import OutputOptions, check_output, write_outputs

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
    binary: tuple[str, bytes] | None = None  # the true-redacted PDF, image or DOCX, verified

    def files(self) -> dict[str, str | bytes]:
        binary = {self.binary[0]: self.binary[1]} if self.binary else {}
        return {
            **binary,
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
    binary = _redacted_original(session, document, plan) if document.kind != "text" else None
    outputs = ", ".join(([binary[0]] if binary else []) + [f"{stem}.redacted.txt"])
    log = build_log(document, plan, include_text=False, output_name=outputs)
    events = session.store.audit(document.id)
    return ExportBundle(stem, redacted, log_to_json(log), log_to_csv(log), audit_to_json(events),
                        audit_to_csv(events), binary)


def _redacted_original(session: ReviewSession, document, plan) -> tuple[str, bytes]:
    """The reviewed plan applied to the stored original by the engine (true redaction, scrub,
    verification), in a private temporary folder that is gone when this returns."""
    original = session.store.original(document.id)
    if original is None:
        raise RedactorError(f"{document.source}: the original file is not in the review store; "
                            "open it again to export a redacted copy")
    with tempfile.TemporaryDirectory(prefix="redactor-export-") as tmp:
        source = Path(tmp) / Path(document.source).name
        source.write_bytes(original)
        outcome = write_outputs(dataclasses.replace(document, source=str(source)), plan,
                                Path(tmp) / "out", OutputOptions())
        [binary] = [p for p in outcome.outputs if not p.name.endswith((".txt", ".json", ".csv"))]
        return binary.name, binary.read_bytes()
