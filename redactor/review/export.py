"""What leaves the room after sign-off: the redacted text and the redaction log (the engine's own
formats, from the same reviewed plan the preview shows) and the audit trail (JSON and CSV)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from redactor.render import build_log, log_to_csv, log_to_json, render_text
from redactor.review.records import AuditEvent
from redactor.review.session import ReviewSession, SignOffRequired, plan_digest
from redactor.review.store import ReviewStore
from redactor.errors import RedactorError
from redactor.service import OutputOptions, check_output, safe_stem, write_outputs

AUDIT_FIELDS = ["id", "at", "reviewer", "session_id", "document_id", "policy_id", "kind", "scope", "start",
                "end", "entity_type", "entity_id", "proposed", "before", "after", "note", "case_id"]


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
    options = OutputOptions.from_policy(session.loaded)
    # the command line's names: no masked word in any file name (`Karimi_I-589` → `PERSON-1_I-589-…`)
    stem = safe_stem(document, plan, Path(document.source).stem, options.file_names)
    binary = redacted_original(session.store, document, plan, options) if document.kind != "text" else None
    outputs = ", ".join(([binary[0]] if binary else []) + [f"{stem}.redacted.txt"])
    log = build_log(document, plan, include_text=False, output_name=outputs)
    events = session.store.audit(document.id)
    return ExportBundle(stem, redacted, log_to_json(log), log_to_csv(log), audit_to_json(events),
                        audit_to_csv(events), binary)


_REDACTED: OrderedDict = OrderedDict()  # (document, plan digest, options) → (name, bytes)
_REDACTED_LOCK = threading.Lock()
_REDACTED_KEEP = 4


def redacted_original(store: ReviewStore, document, plan, options: OutputOptions) -> tuple[str, bytes]:
    """The reviewed plan applied to the stored original by the engine (true redaction, scrub,
    verification), in a private temporary folder that is gone when this returns. The redacted
    preview of a paged document and its export are this same file: the last few are remembered
    in memory, per plan, so showing the preview and exporting cost one render."""
    key = (document.id, plan_digest(plan), options)
    with _REDACTED_LOCK:
        if key in _REDACTED:
            _REDACTED.move_to_end(key)
            return _REDACTED[key]
    original = store.original(document.id)
    if original is None:
        raise RedactorError(f"{document.source}: the original file is not in the review store; "
                            "open it again to export a redacted copy")
    with tempfile.TemporaryDirectory(prefix="redactor-export-") as tmp:
        source = Path(tmp) / Path(document.source).name
        source.write_bytes(original)
        outcome = write_outputs(dataclasses.replace(document, source=str(source)), plan,
                                Path(tmp) / "out", options)
        [binary] = [p for p in outcome.outputs if not p.name.endswith((".txt", ".json", ".csv"))]
        result = (binary.name, binary.read_bytes())
    with _REDACTED_LOCK:
        _REDACTED[key] = result
        while len(_REDACTED) > _REDACTED_KEEP:
            _REDACTED.popitem(last=False)
    return result
