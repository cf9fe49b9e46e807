"""The library's front door: document → findings → plan → outputs, verified, written atomically.
The CLI, the batch runner and the app call these; none of them holds detection or policy logic."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from redactor.detect import detect_many
from redactor.errors import RedactorError
from redactor.detect.names import fold_text
from redactor.files import write_atomic
from redactor.io import read_document
from redactor.model import Document, RedactionPlan
from redactor.policy import LoadedPolicy, apply_policy
from redactor.render import build_log, log_to_csv, log_to_json, render_text
from redactor.verify import verify_text


class VerificationError(RedactorError):
    """A masked string survived in an output: the output is not written."""


@dataclass(frozen=True)
class Outcome:
    document: Document
    plan: RedactionPlan
    redacted: str
    outputs: tuple[Path, ...] = ()


def plan_documents(documents: Sequence[Document], policy: LoadedPolicy) -> list[RedactionPlan]:
    findings = detect_many(documents)
    return [apply_policy(doc, f, policy) for doc, f in zip(documents, findings)]


def check_output(document: Document, plan: RedactionPlan, redacted: str) -> None:
    masked = [(d.finding.start, d.finding.end, d.finding.entity_type) for d in plan.masked]
    kept = [(d.finding.start, d.finding.end) for d in plan.decisions if not d.masks]
    leaks = verify_text(redacted, document.text, masked, [d.replacement or "" for d in plan.masked],
                        kept)
    if leaks:
        where = ", ".join(f"{l.entity_type} at offset {l.start}" for l in leaks[:5])
        raise VerificationError(f"{document.source}: verification failed, masked text survives ({where})")


def output_stems(sources: Sequence[Path]) -> dict[Path, str]:
    """`<stem>` for each input; where two inputs of one folder share a stem (`notes.txt`,
    `notes.md`), the ones that are not .txt keep their suffix (`notes.md`), so no output is lost."""
    groups: dict[tuple[Path, str], list[Path]] = {}
    for path in sources:
        groups.setdefault((path.parent, path.stem), []).append(path)
    stems = {}
    for (_, stem), paths in groups.items():
        for path in paths:
            clash = len(paths) > 1 and path.suffix.lower() != ".txt"
            stems[path] = path.name if clash else stem
    return stems


@dataclass(frozen=True)
class OutputOptions:
    include_text: bool = False
    pdf_label: str = "replacement"
    fill: tuple = (0.0, 0.0, 0.0)
    file_names: str = "safe"
    password: str | None = None
    policy_path: str | None = None

    @classmethod
    def from_policy(cls, policy: LoadedPolicy, include_text: bool = False,
                    password: str | None = None) -> "OutputOptions":
        render = policy.policy.render
        return cls(include_text, render.pdf_label, tuple(render.fill), render.file_names, password,
                   str(policy.path))


BINARY_SUFFIX = {"pdf": ".pdf", "image": ".png", "docx": ".docx"}


def _binary_suffix(document: Document) -> str:
    if document.kind == "image" and Path(document.source).suffix.lower() in (".tif", ".tiff"):
        return ".tif"
    return BINARY_SUFFIX[document.kind]


def safe_stem(document: Document, plan: RedactionPlan, stem: str, style: str) -> str:
    """An output name that carries none of the masked words: `Balachova_I-589` → `PERSON-1_I-589`
    (or the document's hash, if the policy says so)."""
    if style == "hash":
        return document.id[:16]
    masked: dict[str, str] = {}
    for d in plan.masked:
        label = re.sub(r"[^A-Za-z0-9-]+", "", d.replacement or "") or "REDACTED"
        for word in re.split(r"[\W_]+", document.text[d.finding.start:d.finding.end]):
            if len(word) >= 2:
                masked.setdefault(fold_text(word).casefold(), label)
    pieces = re.split(r"([\W_]+)", stem)
    safe = "".join(masked.get(fold_text(p).casefold(), p) for p in pieces)
    if safe != stem:
        # two applicants' "Karimi_I-589" and "Haddad_I-589" must not both become "PERSON-1_I-589"
        safe = f"{safe}-{document.id[:8]}"
    return safe or document.id[:16]


def _render_binary(document: Document, plan: RedactionPlan, target: Path,
                   options: OutputOptions) -> dict:
    """Render the paged or Word output to a temporary name, verify it, then publish it; a failed
    verification deletes it. Returns what the renderer removed from the file, by kind."""
    source = Path(document.source)
    partial = target.with_name(f".{target.name}.partial")
    removed: dict = {}
    try:
        if document.kind == "pdf":
            from redactor.render.pdf import render_pdf
            from redactor.verify.pdf import verify_pdf as verify

            render_pdf(document, plan, source, partial, options.password, options.pdf_label, options.fill)
        elif document.kind == "image":
            from redactor.render.image import render_image
            from redactor.verify.pdf import verify_image as verify

            render_image(document, plan, source, partial, options.fill)
        else:
            from redactor.render.docx import render_docx
            from redactor.verify.docx import verify_docx as verify

            removed = render_docx(document, plan, source, partial) or {}
        leaks = verify(partial, document, plan)
        if leaks:
            where = ", ".join(f"{l.entity_type} at offset {l.start}" if l.start >= 0 else
                              f"{l.count} box(es) over live text (x-ray)" for l in leaks[:5])
            raise VerificationError(f"{document.source}: verification failed, masked text survives "
                                    f"in the {document.kind} output ({where}); nothing was written")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return removed


def write_outputs(document: Document, plan: RedactionPlan, out_dir: Path,
                  options: OutputOptions = OutputOptions(), stem: str | None = None) -> Outcome:
    redacted = render_text(document.text, plan)
    check_output(document, plan, redacted)
    stem = safe_stem(document, plan, stem or Path(document.source).stem, options.file_names)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    text_path = out_dir / f"{stem}.redacted.txt"
    binary_path = (out_dir / f"{stem}.redacted{_binary_suffix(document)}"
                   if document.kind in BINARY_SUFFIX else None)
    outputs = [p.name for p in (binary_path, text_path) if p is not None]
    json_path, csv_path = out_dir / f"{stem}.log.json", out_dir / f"{stem}.log.csv"
    written: list[Path] = []
    try:
        removed = {}
        if binary_path is not None:
            removed = _render_binary(document, plan, binary_path, options)
            written.append(binary_path)
        log = build_log(document, plan, options.include_text, output_name=", ".join(outputs),
                        removed=removed, policy_path=options.policy_path)
        for path, payload in ((text_path, redacted), (json_path, log_to_json(log)),
                              (csv_path, log_to_csv(log))):
            write_atomic(path, payload)
            written.append(path)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise RedactorError(f"{out_dir}: cannot write outputs ({exc.strerror or exc})") from None
    except RedactorError:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return Outcome(document, plan, redacted, tuple(written))


def redact_file(path: Path, policy: LoadedPolicy, out_dir: Path, include_text: bool = False,
                stem: str | None = None, password: str | None = None) -> Outcome:
    document = read_document(path, password)
    plan = plan_documents([document], policy)[0]
    options = OutputOptions.from_policy(policy, include_text, password)
    return write_outputs(document, plan, out_dir, options, stem)
