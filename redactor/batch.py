"""`redactor batch`: every supported file of a folder tree, redacted by worker processes (or Ray
actors) that each load the model once. Resumable through a manifest; failures are isolated and
reported; memory stays bounded (inputs are hashed and fed a few at a time, never all at once)."""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from redactor import manifest
from redactor.errors import InputError, RedactorError
from redactor.files import remove_stale_temporaries, write_atomic
from redactor.io import SUPPORTED_SUFFIXES
from redactor.service import output_stems


@dataclass(frozen=True)
class Job:
    path: str  # the input (may hold undecodable bytes as surrogates)
    rel: str  # its path relative to the input folder, as writable text (see display_name)
    sha256: str
    stem: str  # the output stem, writable text
    out_rel: str = "."  # the output subfolder, writable text


def process(job: Job, loaded, out_dir: str, include_text: bool) -> manifest.Entry:
    """Redact one input; never raises (a failure is an entry with its reason)."""
    from redactor.service import redact_file

    out = Path(out_dir)
    try:
        outcome = redact_file(Path(job.path), loaded, out / job.out_rel, include_text, job.stem)
    except RedactorError as exc:
        reason = str(exc).replace(job.path, job.rel)
        return manifest.Entry(job.rel, job.sha256, loaded.sha256, False,
                              reason=os.fsencode(reason).decode("utf-8", "backslashreplace"))
    except Exception as exc:  # isolate the failure; name only its kind, never document text
        return manifest.Entry(job.rel, job.sha256, loaded.sha256, False,
                              reason=f"{job.rel}: unexpected {exc.__class__.__name__}")
    by_type: dict[str, dict[str, int]] = defaultdict(lambda: {"masked": 0, "kept": 0})
    for d in outcome.plan.decisions:
        by_type[d.finding.entity_type]["masked" if d.masks else "kept"] += 1
    layout = outcome.document.layout
    pages = len(layout.page_sizes) if hasattr(layout, "page_sizes") else 1
    return manifest.Entry(job.rel, job.sha256, loaded.sha256, True,
                          tuple(str(p.relative_to(out)) for p in outcome.outputs),
                          chars=len(outcome.document.text), pages=pages, by_type=dict(by_type))


# ---- the local engine: a process pool, each worker loads the policy and the model once ----------
_WORKER: dict = {}


def _init_worker(policy_ref: str) -> None:
    from redactor.detect.engine import get_analyzer
    from redactor.policy import load_policy
    from redactor.settings import get_settings

    _WORKER["loaded"] = load_policy(policy_ref)
    get_analyzer(get_settings().spacy_model)


def _work(job: Job, out_dir: str, include_text: bool) -> manifest.Entry:
    return process(job, _WORKER["loaded"], out_dir, include_text)


def run_local(jobs: Iterable[Job], policy_ref: str, out_dir: str, include_text: bool,
              workers: int) -> Iterator[manifest.Entry]:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    in_flight_max = 2 * workers  # bounded: 10,000 inputs are never all queued at once
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(policy_ref,)) as pool:
        pending = set()
        for job in jobs:
            pending.add(pool.submit(_work, job, out_dir, include_text))
            if len(pending) >= in_flight_max:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in done)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (f.result() for f in done)


# ---- the batch ---------------------------------------------------------------------------------
def display_name(rel: str) -> str:
    """A relative path as text that can always be written (to JSON, a terminal, a UTF-8 file): a
    name that is not UTF-8 keeps its bytes as \\xNN escapes."""
    return os.fsencode(rel).decode("utf-8", "backslashreplace")


def safe_relative(rel: str) -> str:
    """An output path for a name that is not UTF-8: undecodable bytes become "_"."""
    return os.fsencode(rel).decode("utf-8", "replace").replace("\ufffd", "_")


@dataclass
class Inputs:
    """What the glob found: the documents to redact, the inputs refused (a failure each, with its
    reason) and the files skipped, counted by reason."""

    documents: list[Path]
    refused: list[tuple[Path, str]]
    skipped: dict[str, int]


def collect(in_dir: Path, glob: str, out_dir: Path | None = None) -> Inputs:
    root = in_dir.resolve()
    out_root = out_dir.resolve() if out_dir is not None else None
    documents, refused = [], []
    skipped: dict[str, int] = defaultdict(int)
    for path in sorted(in_dir.glob(glob)):
        rel = path.relative_to(in_dir)
        if path.is_dir() and not path.is_symlink():
            continue
        if any(part.startswith(".") for part in rel.parts):
            skipped["hidden (dot-files)"] += 1
            continue
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                refused.append((path, "a broken symbolic link; refused"))
                continue
            if not target.is_relative_to(root):
                refused.append((path, "a symbolic link to a file outside the input folder; refused"))
                continue
            if target.is_dir():
                skipped["links to folders"] += 1
                continue
        if out_root is not None and path.resolve().is_relative_to(out_root):
            skipped["in the output folder"] += 1
            continue
        if not path.is_file():
            skipped["not a regular file"] += 1
            continue
        if path.name.endswith((".redacted.txt", ".marked.txt")):
            skipped["redactor outputs"] += 1
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            skipped["unsupported type"] += 1
            continue
        documents.append(path)
    return Inputs(documents, refused, dict(skipped))


def collect_inputs(in_dir: Path, glob: str) -> list[Path]:
    return collect(in_dir, glob).documents


def run_batch(in_dir: Path, out_dir: Path, policy_ref: str, workers: int, glob: str = "**/*",
              include_text: bool = False, console: Console | None = None, engine: str = "local",
              address: str | None = None, verbose: bool = False) -> dict:
    """Every file the glob finds ends in the manifest (redacted or failed), in failures.jsonl
    (failed or refused) or in summary.json's `skipped_files` counts; summary.json and
    failures.jsonl are written however the run ends."""
    from redactor.policy import load_policy

    loaded = load_policy(policy_ref)  # fail fast, in this process, on a bad policy
    if not in_dir.is_dir():
        raise InputError(f"{in_dir}: not a folder")
    found = collect(in_dir, glob, out_dir)
    files = found.documents
    stems = output_stems(files)
    remove_stale_temporaries(out_dir)  # what a killed run was writing; its documents are redone
    previous = manifest.load(out_dir)
    writer = manifest.Writer(out_dir)
    started = time.perf_counter()
    results: dict[str, manifest.Entry] = {}
    skipped = 0
    done_docs = done_pages = 0

    def record(entry: manifest.Entry) -> None:
        writer.append(entry)
        results[entry.file] = entry

    for path, reason in found.refused:
        rel = display_name(str(path.relative_to(in_dir)))
        record(manifest.Entry(rel, "", loaded.sha256, False, reason=f"{rel}: {reason}"))

    def jobs() -> Iterator[Job]:
        nonlocal skipped
        for path in files:
            rel_raw = str(path.relative_to(in_dir))
            rel = display_name(rel_raw)
            try:
                sha = manifest.file_sha256(path)
            except OSError as exc:
                record(manifest.Entry(rel, "", loaded.sha256, False,
                                      reason=f"{rel}: cannot read ({exc.strerror or 'error'})"))
                progress.update(task, advance=1)
                continue
            if manifest.is_done(previous.get(rel), sha, loaded.sha256, out_dir):
                results[rel] = previous[rel]
                skipped += 1
                progress.update(task, advance=1)
                continue
            out_rel = safe_relative(rel_raw)
            stem = safe_relative(stems[path])
            yield Job(str(path), rel, sha, stem, str(Path(out_rel).parent))

    progress = Progress(TextColumn("[bold]redacting"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                        console=console, disable=console is None)
    try:
        with progress:
            task = progress.add_task("batch", total=len(files), rate="")
            if engine == "ray":
                from redactor.batch_ray import run_ray

                entries = run_ray(jobs(), policy_ref, str(out_dir), include_text, workers, address)
            else:
                entries = run_local(jobs(), policy_ref, str(out_dir), include_text, workers)
            for entry in entries:
                record(entry)
                done_docs += 1
                done_pages += entry.pages
                elapsed = max(time.perf_counter() - started, 1e-6)
                progress.update(task, advance=1, rate=f"{done_docs / elapsed:.1f} docs/s, "
                                                      f"{done_pages / elapsed:.1f} pages/s")
                if verbose and console is not None:
                    status = "ok" if entry.ok else f"FAILED: {entry.reason}"
                    progress.console.print(f"{entry.file}: {status}", highlight=False, markup=False)
    finally:
        writer.close()
        summary = _summarize(out_dir, found, in_dir, results, skipped,
                             time.perf_counter() - started, loaded, engine, workers)
    return summary


def _summarize(out_dir, found: Inputs, in_dir, results, skipped, seconds, loaded, engine,
               workers) -> dict:
    by_type: dict[str, dict[str, int]] = defaultdict(lambda: {"masked": 0, "kept": 0})
    names = [display_name(str(p.relative_to(in_dir))) for p in found.documents]
    names += [display_name(str(p.relative_to(in_dir))) for p, _ in found.refused]
    entries = [results[name] for name in names if name in results]
    for entry in entries:
        for etype, counts in (entry.by_type or {}).items():
            by_type[etype]["masked"] += counts["masked"]
            by_type[etype]["kept"] += counts["kept"]
    failures = sorted(({"file": e.file, "ok": False, "reason": e.reason} for e in entries if not e.ok),
                      key=lambda f: f["file"])
    skipped_files = {"already done": skipped, **found.skipped}
    summary = {
        "documents": len(found.documents),
        "succeeded": sum(e.ok for e in entries),
        "failed": len(failures),
        "skipped": skipped,
        "skipped_files": skipped_files,
        "files_found": len(found.documents) + len(found.refused) + sum(found.skipped.values()),
        "not_finished": len(names) - len(entries),
        "pages": sum(e.pages for e in entries if e.ok),
        "chars": sum(e.chars for e in entries if e.ok),
        "seconds": round(seconds, 3),
        "by_type": dict(by_type),
        "policy": {"id": loaded.id, "path": str(loaded.path), "sha256": loaded.sha256},
        "engine": engine,
        "workers": workers,
    }
    write_atomic(out_dir / "failures.jsonl", "".join(json.dumps(f) + "\n" for f in failures))
    write_atomic(out_dir / "summary.json", json.dumps(summary, indent=1) + "\n")
    return summary
