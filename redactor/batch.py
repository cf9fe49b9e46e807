"""`redactor batch`: every supported file of a folder tree, redacted by worker processes (or Ray
actors) that each load the model once. Resumable through a manifest; failures are isolated and
reported; memory stays bounded (inputs are hashed and fed a few at a time, never all at once)."""

from __future__ import annotations

import json
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
    path: str
    rel: str
    sha256: str
    stem: str


def process(job: Job, loaded, out_dir: str, include_text: bool) -> manifest.Entry:
    """Redact one input; never raises (a failure is an entry with its reason)."""
    from redactor.service import redact_file

    out = Path(out_dir)
    try:
        outcome = redact_file(Path(job.path), loaded, out / Path(job.rel).parent, include_text, job.stem)
    except RedactorError as exc:
        return manifest.Entry(job.rel, job.sha256, loaded.sha256, False,
                              reason=str(exc).replace(job.path, job.rel))
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
def collect_inputs(in_dir: Path, glob: str) -> list[Path]:
    return sorted(p for p in in_dir.glob(glob)
                  if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                  and not p.name.endswith((".redacted.txt", ".marked.txt"))
                  and not p.name.startswith("."))


def run_batch(in_dir: Path, out_dir: Path, policy_ref: str, workers: int, glob: str = "**/*",
              include_text: bool = False, console: Console | None = None, engine: str = "local",
              address: str | None = None, verbose: bool = False) -> dict:
    from redactor.policy import load_policy

    loaded = load_policy(policy_ref)  # fail fast, in this process, on a bad policy
    if not in_dir.is_dir():
        raise InputError(f"{in_dir}: not a folder")
    files = collect_inputs(in_dir, glob)
    stems = output_stems(files)
    remove_stale_temporaries(out_dir)  # what a killed run was writing; its documents are redone
    previous = manifest.load(out_dir)
    writer = manifest.Writer(out_dir)
    started = time.perf_counter()
    results: dict[str, manifest.Entry] = {}
    skipped = 0
    done_docs = done_pages = 0

    def jobs() -> Iterator[Job]:
        nonlocal skipped
        for path in files:
            rel = str(path.relative_to(in_dir))
            sha = manifest.file_sha256(path)
            if manifest.is_done(previous.get(rel), sha, loaded.sha256, out_dir):
                results[rel] = previous[rel]
                skipped += 1
                progress.update(task, advance=1)
                continue
            yield Job(str(path), rel, sha, stems[path])

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
                writer.append(entry)
                results[entry.file] = entry
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
    return _summarize(out_dir, files, in_dir, results, skipped, time.perf_counter() - started,
                      loaded, engine, workers)


def _summarize(out_dir, files, in_dir, results, skipped, seconds, loaded, engine, workers) -> dict:
    by_type: dict[str, dict[str, int]] = defaultdict(lambda: {"masked": 0, "kept": 0})
    entries = [results[str(p.relative_to(in_dir))] for p in files if str(p.relative_to(in_dir)) in results]
    for entry in entries:
        for etype, counts in (entry.by_type or {}).items():
            by_type[etype]["masked"] += counts["masked"]
            by_type[etype]["kept"] += counts["kept"]
    failures = sorted(({"file": e.file, "ok": False, "reason": e.reason} for e in entries if not e.ok),
                      key=lambda f: f["file"])
    summary = {
        "documents": len(files),
        "succeeded": sum(e.ok for e in entries),
        "failed": len(failures),
        "skipped": skipped,
        "pages": sum(e.pages for e in entries if e.ok),
        "chars": sum(e.chars for e in entries if e.ok),
        "seconds": round(seconds, 3),
        "by_type": dict(by_type),
        "policy": {"id": loaded.id, "sha256": loaded.sha256},
        "engine": engine,
        "workers": workers,
    }
    write_atomic(out_dir / "failures.jsonl", "".join(json.dumps(f) + "\n" for f in failures))
    write_atomic(out_dir / "summary.json", json.dumps(summary, indent=1) + "\n")
    return summary
