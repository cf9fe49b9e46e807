"""`redactor batch`: every supported file of a folder, in worker processes that each load the model
once; failures are isolated and reported, the batch goes on."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from redactor.errors import InputError, RedactorError
from redactor.files import write_atomic
from redactor.io import SUPPORTED_SUFFIXES
from redactor.service import output_stems

_POLICY = {}


def _init_worker(policy_ref: str) -> None:
    from redactor.detect.engine import get_analyzer
    from redactor.policy import load_policy
    from redactor.settings import get_settings

    _POLICY["loaded"] = load_policy(policy_ref)
    get_analyzer(get_settings().spacy_model)


def _one(path: str, rel: str, out_dir: str, include_text: bool, stem: str) -> dict:
    from redactor.service import redact_file

    try:
        target = Path(out_dir) / Path(rel).parent
        outcome = redact_file(Path(path), _POLICY["loaded"], target, include_text, stem)
    except RedactorError as exc:
        return {"file": rel, "ok": False, "reason": str(exc).replace(path, rel)}
    except Exception as exc:  # isolate the failure; name only its kind
        return {"file": rel, "ok": False, "reason": f"unexpected {exc.__class__.__name__}"}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"masked": 0, "kept": 0})
    for d in outcome.plan.decisions:
        counts[d.finding.entity_type]["masked" if d.masks else "kept"] += 1
    return {"file": rel, "ok": True, "chars": len(outcome.document.text), "by_type": dict(counts)}


def collect_inputs(in_dir: Path, glob: str) -> list[Path]:
    return sorted(p for p in in_dir.glob(glob)
                  if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                  and not p.name.endswith((".redacted.txt", ".marked.txt")))


def run_batch(in_dir: Path, out_dir: Path, policy_ref: str, workers: int, glob: str = "**/*",
              include_text: bool = False, console: Console | None = None) -> dict:
    from redactor.policy import load_policy

    load_policy(policy_ref)  # fail fast, in this process, on a bad policy
    if not in_dir.is_dir():
        raise InputError(f"{in_dir}: not a folder")
    files = collect_inputs(in_dir, glob)
    started = time.perf_counter()
    results = []
    progress = Progress(TextColumn("[bold]redacting"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]} docs/s"), TimeRemainingColumn(),
                        console=console, transient=False, disable=console is None)
    with progress, ProcessPoolExecutor(max_workers=max(1, workers), initializer=_init_worker,
                                       initargs=(policy_ref,)) as pool:
        task = progress.add_task("batch", total=len(files), rate="0.0")
        stems = output_stems(files)
        futures = [pool.submit(_one, str(p), str(p.relative_to(in_dir)), str(out_dir), include_text,
                               stems[p])
                   for p in files]
        for future in as_completed(futures):
            results.append(future.result())
            elapsed = max(time.perf_counter() - started, 1e-6)
            progress.update(task, advance=1, rate=f"{len(results) / elapsed:.1f}")
    by_type: dict[str, dict[str, int]] = defaultdict(lambda: {"masked": 0, "kept": 0})
    for r in results:
        for etype, counts in r.get("by_type", {}).items():
            by_type[etype]["masked"] += counts["masked"]
            by_type[etype]["kept"] += counts["kept"]
    failures = sorted((r for r in results if not r["ok"]), key=lambda r: r["file"])
    summary = {
        "documents": len(files),
        "succeeded": len(files) - len(failures),
        "failed": len(failures),
        "chars": sum(r.get("chars", 0) for r in results),
        "seconds": round(time.perf_counter() - started, 3),
        "by_type": dict(by_type),
        "policy": policy_ref,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(out_dir / "failures.jsonl", "".join(json.dumps(f) + "\n" for f in failures))
    write_atomic(out_dir / "summary.json", json.dumps(summary, indent=1) + "\n")
    return summary
