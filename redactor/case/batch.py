"""`redactor batch IN OUT --cases`: every subfolder of IN is a case, redacted as one unit (one
identity graph, one case log, one index) by worker processes or Ray actors that each load the
model once. Resumable through the same manifest as a plain batch: one entry per case, keyed by
the case folder, with a hash over its files (and its profile) and the policy's hash; a rerun skips
every case that is done and unchanged. A case's outputs go to OUT/<its safe name>/, a name that
carries no word masked in the case."""

from __future__ import annotations

import hashlib
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


@dataclass(frozen=True)
class CaseJob:
    path: str  # the case folder
    rel: str  # its name relative to IN
    sha256: str  # over its files' names and contents, and its profile


def case_sha256(folder: Path) -> str:
    from redactor.batch import collect_inputs
    from redactor.case.profile import find_profile

    digest = hashlib.sha256()
    files = collect_inputs(folder, "**/*")
    profile = find_profile(folder)
    for path in files + ([profile] if profile else []):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + manifest.file_sha256(path).encode() + b"\n")
    return digest.hexdigest()


def process_case(job: CaseJob, loaded, out_dir: str, include_text: bool) -> manifest.Entry:
    """Redact one case; never raises (a failure is an entry with its reason)."""
    from redactor.case import case_inputs, case_profile, detect_case, plan_case, write_case
    from redactor.case.outputs import safe_case_folder_style
    from redactor.service import OutputOptions

    out = Path(out_dir)
    folder = Path(job.path)
    try:
        known = case_profile([folder], None)
        case = plan_case(detect_case(case_inputs([folder])), loaded, known)
        options = OutputOptions.from_policy(loaded, include_text)
        target = out / safe_case_folder_style(job.rel, case, options.file_names)
        outcome = write_case(case, target, options)
    except RedactorError as exc:
        return manifest.Entry(job.rel, job.sha256, loaded.sha256, False,
                              reason=f"{job.rel}: {_without_paths(str(exc), job.path)}")
    except Exception as exc:  # isolate the failure; name only its kind, never document text
        return manifest.Entry(job.rel, job.sha256, loaded.sha256, False,
                              reason=f"{job.rel}: unexpected {exc.__class__.__name__}")
    by_type: dict[str, dict[str, int]] = defaultdict(lambda: {"masked": 0, "kept": 0})
    pages = 0
    for doc, plan in zip(case.documents, case.plans):
        for d in plan.decisions:
            by_type[d.finding.entity_type]["masked" if d.masks else "kept"] += 1
        layout = doc.document.layout
        pages += len(layout.page_sizes) if hasattr(layout, "page_sizes") else 1
    return manifest.Entry(job.rel, job.sha256, loaded.sha256, True,
                          tuple(str(p.relative_to(out)) for p in outcome.outputs),
                          chars=sum(len(d.document.text) for d in case.documents), pages=pages,
                          by_type=dict(by_type))


def _without_paths(message: str, case_path: str) -> str:
    return message.replace(case_path.rstrip("/") + "/", "").replace(case_path, ".")


# ---- engines: the case is the unit of work -----------------------------------------------------
_WORKER: dict = {}


def _init_worker(policy_ref: str) -> None:
    from redactor.detect.engine import get_analyzer
    from redactor.policy import load_policy
    from redactor.settings import get_settings

    _WORKER["loaded"] = load_policy(policy_ref)
    get_analyzer(get_settings().spacy_model)


def _work(job: CaseJob, out_dir: str, include_text: bool) -> manifest.Entry:
    return process_case(job, _WORKER["loaded"], out_dir, include_text)


def run_local(jobs: Iterable[CaseJob], policy_ref: str, out_dir: str, include_text: bool,
              workers: int) -> Iterator[manifest.Entry]:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(policy_ref,)) as pool:
        pending = set()
        for job in jobs:
            pending.add(pool.submit(_work, job, out_dir, include_text))
            if len(pending) >= 2 * workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in done)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (f.result() for f in done)


def run_ray(jobs: Iterable[CaseJob], policy_ref: str, out_dir: str, include_text: bool, workers: int,
            address: str | None = None) -> Iterator[manifest.Entry]:
    from redactor.batch_ray import _ray

    ray = _ray()
    from ray.util import ActorPool

    started_here = not ray.is_initialized()
    if started_here:
        options = dict(include_dashboard=False, log_to_driver=False, configure_logging=False)
        ray.init(address=address, **options) if address else ray.init(num_cpus=workers, **options)

    @ray.remote(num_cpus=1)
    class CaseRedactor:
        def __init__(self, policy: str):
            _init_worker(policy)

        def redact(self, job, out: str, with_text: bool):
            return _work(job, out, with_text)

    try:
        pool = ActorPool([CaseRedactor.remote(policy_ref) for _ in range(max(1, workers))])
        in_flight = 0
        for job in jobs:
            if in_flight >= 2 * max(1, workers):
                yield pool.get_next_unordered()
                in_flight -= 1
            pool.submit(lambda actor, j: actor.redact.remote(j, out_dir, include_text), job)
            in_flight += 1
        while pool.has_next():
            yield pool.get_next_unordered()
    finally:
        if started_here:
            ray.shutdown()


# ---- the batch of cases ------------------------------------------------------------------------
def collect_cases(in_dir: Path) -> tuple[list[Path], list[Path]]:
    """The case folders of IN (its subfolders that hold documents), and the loose files beside
    them (which belong to no case)."""
    from redactor.batch import collect_inputs

    folders = sorted(p for p in in_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
                     and collect_inputs(p, "**/*"))
    loose = [p for p in collect_inputs(in_dir, "*")]
    return folders, loose


def run_case_batch(in_dir: Path, out_dir: Path, policy_ref: str, workers: int, include_text: bool = False,
                   console: Console | None = None, engine: str = "local", address: str | None = None,
                   verbose: bool = False) -> dict:
    from redactor.policy import load_policy

    loaded = load_policy(policy_ref)
    if not in_dir.is_dir():
        raise InputError(f"{in_dir}: not a folder")
    folders, loose = collect_cases(in_dir)
    remove_stale_temporaries(out_dir)
    previous = manifest.load(out_dir)
    writer = manifest.Writer(out_dir)
    started = time.perf_counter()
    results: dict[str, manifest.Entry] = {}
    skipped = 0
    for path in loose:  # a document outside every case folder is not silently left out
        rel = str(path.relative_to(in_dir))
        results[rel] = manifest.Entry(rel, manifest.file_sha256(path), loaded.sha256, False,
                                      reason=f"{rel}: not inside a case folder (run batch without --cases)")

    def jobs() -> Iterator[CaseJob]:
        nonlocal skipped
        for folder in folders:
            rel = str(folder.relative_to(in_dir))
            sha = case_sha256(folder)
            if manifest.is_done(previous.get(rel), sha, loaded.sha256, out_dir):
                results[rel] = previous[rel]
                skipped += 1
                progress.update(task, advance=1)
                continue
            yield CaseJob(str(folder), rel, sha)

    progress = Progress(TextColumn("[bold]cases"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=console, disable=console is None)
    try:
        with progress:
            task = progress.add_task("cases", total=len(folders))
            if engine == "ray":
                entries = run_ray(jobs(), policy_ref, str(out_dir), include_text, workers, address)
            else:
                entries = run_local(jobs(), policy_ref, str(out_dir), include_text, workers)
            for entry in entries:
                writer.append(entry)
                results[entry.file] = entry
                progress.update(task, advance=1)
                if verbose and console is not None:
                    status = "ok" if entry.ok else f"FAILED: {entry.reason}"
                    progress.console.print(f"{entry.file}: {status}", highlight=False, markup=False)
    finally:
        writer.close()
    return _summarize(out_dir, folders, loose, in_dir, results, skipped, time.perf_counter() - started,
                      loaded, engine, workers)


def _summarize(out_dir, folders, loose, in_dir, results, skipped, seconds, loaded, engine, workers) -> dict:
    by_type: dict[str, dict[str, int]] = defaultdict(lambda: {"masked": 0, "kept": 0})
    names = [str(p.relative_to(in_dir)) for p in [*folders, *loose]]
    entries = [results[n] for n in names if n in results]
    for entry in entries:
        for etype, counts in (entry.by_type or {}).items():
            by_type[etype]["masked"] += counts["masked"]
            by_type[etype]["kept"] += counts["kept"]
    failures = sorted(({"file": e.file, "ok": False, "reason": e.reason} for e in entries if not e.ok),
                      key=lambda f: f["file"])
    summary = {
        "cases": len(folders),
        "documents": sum(len([o for o in e.outputs if o.endswith(".redacted.txt")]) for e in entries if e.ok),
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
