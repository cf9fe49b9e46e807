"""The redaction log: one row per masked or kept span, offsets into the original text; the
sensitive text itself only when asked for."""

from __future__ import annotations

import csv
import io
import json

from redactor.model import Document, LogSpan, RedactionLog, RedactionPlan

CSV_FIELDS = ["start", "end", "entity_type", "entity_id", "role", "action", "replacement", "rule_id",
              "basis", "recognizer", "score", "origin", "reason", "text"]


def build_log(document: Document, plan: RedactionPlan, include_text: bool = False,
              output_name: str | None = None, removed: dict | None = None,
              policy_path: str | None = None) -> RedactionLog:
    """`removed`: what the renderer took out of the output file by kind (a DOCX's charts and
    embedded objects), never by name; `policy_path`: the policy file the plan was made under."""
    spans = []
    for d in plan.decisions:
        f = d.finding
        spans.append(LogSpan(
            start=f.start, end=f.end, entity_type=f.entity_type, entity_id=f.entity_id, role=f.role,
            action=d.action.value, replacement=d.replacement, rule_id=d.rule_id, basis=d.basis,
            recognizer=f.recognizer, score=f.score, origin=d.origin, reason=f.explanation,
            text=document.text[f.start:f.end] if include_text else None,
        ))
    doc_info = {"id": document.id, "kind": document.kind, "chars": len(document.text),
                "encoding": document.encoding}
    if output_name:
        doc_info["output"] = output_name
    if removed:
        doc_info["removed"] = dict(sorted(removed.items()))
    policy = {"id": plan.policy_id, "sha256": plan.policy_sha256}
    if policy_path:
        policy["path"] = policy_path
    return RedactionLog(doc_info, policy, tuple(spans))


def log_to_json(log: RedactionLog) -> str:
    return json.dumps(log.to_json(), indent=1, ensure_ascii=False) + "\n"


def log_to_csv(log: RedactionLog) -> str:
    buffer = io.StringIO()
    include_text = any(s.text is not None for s in log.spans)
    fields = CSV_FIELDS if include_text else CSV_FIELDS[:-1]
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for span in log.spans:
        writer.writerow(span.to_json())
    return buffer.getvalue()
