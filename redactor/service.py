"""The library's front door: document → findings → plan → outputs, verified, written atomically.
The CLI, the batch runner and the app call these; none of them holds detection or policy logic."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from redactor.detect import detect_many
from redactor.errors import RedactorError
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
    leaks = verify_text(redacted, document.text, masked, [d.replacement or "" for d in plan.masked])
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


def write_outputs(document: Document, plan: RedactionPlan, out_dir: Path,
                  include_text: bool = False, stem: str | None = None) -> Outcome:
    redacted = render_text(document.text, plan)
    check_output(document, plan, redacted)
    stem = stem or Path(document.source).stem
    out_dir = Path(out_dir)
    text_path = out_dir / f"{stem}.redacted.txt"
    log = build_log(document, plan, include_text, output_name=text_path.name)
    json_path, csv_path = out_dir / f"{stem}.log.json", out_dir / f"{stem}.log.csv"
    written = []
    try:
        for path, payload in ((text_path, redacted), (json_path, log_to_json(log)),
                              (csv_path, log_to_csv(log))):
            write_atomic(path, payload)
            written.append(path)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise RedactorError(f"{out_dir}: cannot write outputs ({exc.strerror or exc})") from None
    return Outcome(document, plan, redacted, tuple(written))


def redact_file(path: Path, policy: LoadedPolicy, out_dir: Path, include_text: bool = False,
                stem: str | None = None) -> Outcome:
    document = read_document(path)
    plan = plan_documents([document], policy)[0]
    return write_outputs(document, plan, out_dir, include_text, stem)
