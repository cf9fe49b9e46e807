"""`redactor verify FOLDER`: check every file of an exported bundle (a case, or any folder of
outputs) as a stranger would, through the existing verify entry points: each output against its
log and its original, then the case files (case log, redaction index) and every file name against
every masked string of every document."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from redactor.case.outputs import CASE_LOG, INDEX_CSV, INDEX_PDF, check_texts
from redactor.errors import InputError
from redactor.verify import output_views, verify_output


@dataclass
class BundleCheck:
    verified: list[str] = field(default_factory=list)  # files verified, relative to the bundle
    problems: list[str] = field(default_factory=list)  # one line each, never document text

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.verified)


def _originals(original: Path | None, password: str | None) -> dict[str, str]:
    """Document id → text, for every document under `original` (a folder or one file)."""
    from redactor.batch import collect_inputs
    from redactor.io import read_document

    if original is None:
        return {}
    paths = collect_inputs(original, "**/*") if original.is_dir() else [original]
    texts = {}
    for path in paths:
        document = read_document(path, password)
        texts[document.id] = document.text
    return texts


def verify_bundle(folder: Path, original: Path | None = None, password: str | None = None,
                  rebuild: Callable | None = None, texts: dict[str, str] | None = None) -> BundleCheck:
    """`rebuild(log_path, data, logged, masked)` gives the original text from a log written with
    --include-text (the CLI's `original_from_log`), for bundles checked without their originals;
    `texts` (document id → text) gives the originals from memory (the app's review store)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    texts = dict(texts) if texts is not None else _originals(original, password)
    check = BundleCheck()
    documents: list[tuple[str, list, list]] = []
    logs = sorted(p for p in folder.rglob("*.log.json") if p.name != CASE_LOG)
    if not logs:
        check.problems.append(f"{folder}: no redaction logs found")
    for log in logs:
        rel = str(log.relative_to(folder))
        try:
            data = json.loads(log.read_text(encoding="utf-8"))
            logged = data.get("spans", [])
            doc_id = data.get("document", {}).get("id")
            outputs = [n.strip() for n in str(data.get("document", {}).get("output", "")).split(",") if n.strip()]
        except (OSError, ValueError, AttributeError) as exc:
            check.problems.append(f"{rel}: cannot read the log ({exc.__class__.__name__})")
            continue
        spans = [s for s in logged if s.get("action") != "keep"]
        if doc_id in texts:
            text = texts[doc_id]
        elif spans and all("text" in s for s in spans) and rebuild is not None:
            text = rebuild(log, data, logged, spans)
        else:
            check.problems.append(f"{rel}: its original is not among the originals given"
                                  if texts else f"{rel}: the log has no span texts; pass --original")
            continue
        masked = [(s["start"], s["end"], s["entity_type"]) for s in spans]
        replacements = [s.get("replacement") or "" for s in spans]
        documents.append((text, masked, replacements))
        for name in outputs:
            path = log.parent / name
            shown = str(path.relative_to(folder))
            if not path.exists():
                check.problems.append(f"{shown}: missing")
                continue
            leaks = verify_output(path, text, masked, replacements)
            if leaks:
                check.problems.append(f"{shown}: {len(leaks)} masked span(s) survive")
            else:
                check.verified.append(shown)
    if documents:
        case_files = {}
        for name in (CASE_LOG, INDEX_CSV, INDEX_PDF):
            path = folder / name
            if not path.exists():
                continue
            if name == INDEX_PDF:
                case_files[name] = "\n".join(text for _, text in output_views(path))
            else:
                body = path.read_text(encoding="utf-8")
                if name == CASE_LOG and _with_texts(body):
                    continue  # written with --include-text: carries the texts on purpose
                case_files[name] = body
        case_files["file names"] = "\n".join(str(p.relative_to(folder)) for p in sorted(folder.rglob("*"))
                                             if p.is_file())
        leaking = check_texts(documents, case_files)
        check.problems.extend(f"{name}: carries a masked string" for name in leaking)
        check.verified.extend(n for n in case_files if n not in leaking and n != "file names")
    return check


def _with_texts(body: str) -> bool:
    try:
        return any("text" in e for e in json.loads(body).get("entities", []))
    except (ValueError, AttributeError):
        return False
