"""`redactor` command line: a thin Typer shell over the library."""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from redactor.errors import RedactorError

# PyMuPDF's SWIG types warn at import and at exit ("builtin type swigvarlink has no __module__
# attribute"): library noise, never for the terminal
warnings.filterwarnings("ignore", message=r"builtin type (swig|Swig)", category=DeprecationWarning)

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Redaction and privacy review for asylum records.")
err = Console(stderr=True)
out = Console()
STATE = {"debug": False}


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[red]error:[/red] {escape(message)}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _guard(func):
    """Users see one line; --debug shows the trace."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except RedactorError as exc:
            if STATE["debug"]:
                raise
            _fail(str(exc))
        except Exception as exc:  # an unexpected failure: no sensitive text, just its kind
            if STATE["debug"]:
                raise
            _fail(f"unexpected {exc.__class__.__name__}; rerun with --debug for details")

    return wrapper


@app.callback()
def main(debug: bool = typer.Option(False, "--debug", help="Show stack traces on errors, and the "
                                   "debug log (library messages included) on stderr.")) -> None:
    STATE["debug"] = debug
    from redactor.noise import route_library_logs, show_debug_log

    route_library_logs()
    if debug:
        show_debug_log()


def _announce(loaded) -> None:
    """Every run says which policy file it uses (path and sha256), and warns of a shadowing one."""
    for warning in loaded.warnings:
        err.print(f"[yellow]{escape(warning)}[/yellow]", highlight=False, soft_wrap=True)
    out.print(escape(loaded.describe()), highlight=False, soft_wrap=True)


@app.command()
@_guard
def redact(
    file: Path = typer.Argument(..., help="The document to redact (.txt or .md)."),
    policy: str = typer.Option("asylum-confidential", "--policy", "-p", help="Policy name or path."),
    out_dir: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder."),
    include_text: bool = typer.Option(False, "--include-text", help="Put the original text of each span in the log."),
    password: Optional[str] = typer.Option(None, "--password", help="Password of an encrypted PDF."),
) -> None:
    """Redact one document (.txt, .md, .pdf, .png/.jpg/.tif, .docx): writes <stem>.redacted.txt,
    <stem>.redacted.pdf|.png|.docx for paged and Word inputs, <stem>.log.json and <stem>.log.csv."""
    from redactor.policy import load_policy
    from redactor.service import redact_file

    loaded = load_policy(policy)
    _announce(loaded)
    outcome = redact_file(file, loaded, out_dir, include_text, password=password)
    masked = len(outcome.plan.masked)
    kept = len(outcome.plan.decisions) - masked
    out.print(f"{file.name}: {masked} spans masked, {kept} kept under {loaded.id} → "
              + ", ".join(str(p) for p in outcome.outputs), highlight=False)


@app.command("case")
@_guard
def case_command(
    paths: list[Path] = typer.Argument(..., help="The case: one folder of documents, or its files."),
    policy: str = typer.Option("asylum-confidential", "--policy", "-p", help="Policy name or path."),
    out_dir: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder."),
    profile: Optional[Path] = typer.Option(None, "--profile", help="Case profile (default: CASE_DIR/case.yaml if present)."),
    include_text: bool = typer.Option(False, "--include-text", help="Put the original texts in the logs and the case log."),
    decisions: Optional[Path] = typer.Option(None, "--decisions", help="A reviewer's case decisions (JSON)."),
    workers: int = typer.Option(1, "--workers", "-w", help="Detection worker processes."),
    password: Optional[str] = typer.Option(None, "--password", help="Password of encrypted PDFs."),
) -> None:
    """Redact a case as one: one identity graph over every document, the same replacement for one
    person everywhere, OUT/case.log.json and the redaction index (redaction_index.csv, .pdf)."""
    from redactor.case import run_case
    from redactor.policy import load_policy

    loaded = load_policy(policy)
    outcome = run_case(paths, loaded, out_dir, profile, include_text, max(1, workers), decisions, password)
    case = outcome.case
    masked = sum(len(p.masked) for p in case.plans)
    kept = sum(len(p.decisions) for p in case.plans) - masked
    people = [e for e in case.entities if e.entity_type == "PERSON"]
    private = sum(1 for e in people if not e.is_public)
    out.print(f"case: {len(case.documents)} documents, {len(people)} people ({private} private), "
              f"{masked} spans masked ({sum(case.added)} found by case linking), {kept} kept under "
              f"{loaded.id} → {out_dir} (case.log.json, redaction_index.csv, redaction_index.pdf)",
              highlight=False)


@app.command()
@_guard
def batch(
    in_dir: Path = typer.Argument(..., help="Folder of documents."),
    out_dir: Path = typer.Argument(..., help="Output folder."),
    policy: str = typer.Option("asylum-confidential", "--policy", "-p"),
    workers: int = typer.Option(0, "--workers", "-w", help="Worker processes (default: cores)."),
    glob: str = typer.Option("**/*", "--glob", help="Which files, relative to IN_DIR."),
    include_text: bool = typer.Option(False, "--include-text"),
    engine: str = typer.Option("local", "--engine", help="local (worker processes) or ray."),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster address (default: start a local Ray)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="One line per document."),
    cases: bool = typer.Option(False, "--cases", help="Each subfolder of IN_DIR is a case, redacted as one (see `redactor case`)."),
) -> None:
    """Redact every supported file of a folder tree (resumable: a rerun skips what is done and
    unchanged), with a progress bar and a summary table; failures go to OUT_DIR/failures.jsonl."""
    from redactor.batch import run_batch

    from redactor.policy import load_policy

    if engine not in ("local", "ray"):
        _fail(f"unknown engine '{engine}' (local or ray)")
    _announce(load_policy(policy))
    if cases:
        _case_batch(in_dir, out_dir, policy, workers, include_text, engine, address, verbose)
        return
    summary = run_batch(in_dir, out_dir, policy, workers or (os.cpu_count() or 1), glob, include_text,
                        console=err, engine=engine, address=address, verbose=verbose)
    table = Table(title=f"batch: {summary['documents']} documents, {summary['succeeded']} redacted, "
                        f"{summary['skipped']} already done, {summary['failed']} failed")
    for column in ("entity type", "masked", "kept"):
        table.add_column(column)
    for etype, counts in sorted(summary["by_type"].items()):
        table.add_row(etype, str(counts["masked"]), str(counts["kept"]))
    out.print(table)
    out.print(f"{summary['pages']:,} pages, {summary['chars']:,} characters in {summary['seconds']:.1f} s; "
              f"summary in {out_dir / 'summary.json'}", highlight=False)
    not_redacted = {k: v for k, v in summary.get("skipped_files", {}).items()
                    if v and k != "already done"}
    if not_redacted:
        out.print("skipped: " + ", ".join(f"{v} {k}" for k, v in sorted(not_redacted.items())),
                  highlight=False, markup=False)
    if summary["failed"]:
        raise typer.Exit(1)


def _case_batch(in_dir, out_dir, policy, workers, include_text, engine, address, verbose) -> None:
    from redactor.case.batch import run_case_batch

    summary = run_case_batch(in_dir, out_dir, policy, workers or (os.cpu_count() or 1), include_text,
                             console=err, engine=engine, address=address, verbose=verbose)
    out.print(f"batch of cases: {summary['cases']} cases, {summary['succeeded']} redacted "
              f"({summary['documents']} documents), {summary['skipped']} already done, "
              f"{summary['failed']} failed in {summary['seconds']:.1f} s; summary in {out_dir / 'summary.json'}",
              highlight=False)
    if summary["failed"]:
        raise typer.Exit(1)


@app.command("test-policy")
@_guard
def test_policy(
    policy: str = typer.Argument(..., help="Policy name or path."),
    samples: Path = typer.Argument(..., help="Folder of <doc>.txt + <doc>.gold.json (or one .gold.json)."),
    show_text: bool = typer.Option(False, "--show-text", help="Print the text of each leak."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the figures as JSON."),
    case: bool = typer.Option(False, "--case", help="The samples are one case: link them (with SAMPLES/case.yaml unless --no-profile)."),
    no_profile: bool = typer.Option(False, "--no-profile", help="With --case: ignore SAMPLES/case.yaml."),
) -> None:
    """Score a policy against gold samples; exit 1 when below the policy's own expectations."""
    from redactor.evaluate import DIRECT_IDS, Evaluation, load_samples, score_document
    from redactor.io import document_from_text
    from redactor.policy import load_policy
    from redactor.service import plan_documents

    loaded = load_policy(policy)
    _announce(loaded)
    if not samples.exists():
        _fail(f"{samples}: not found")
    golds = load_samples(samples)
    if not golds:
        _fail(f"{samples}: no *.gold.json samples found")
    docs = [document_from_text(g.text, g.doc) for g in golds]
    if case:
        plans = _case_plans(samples, golds, docs, loaded, no_profile)
    else:
        plans = plan_documents(docs, loaded)
    result = Evaluation()
    for gold, plan in zip(golds, plans):
        score_document(gold, plan, result)
    expectations = loaded.policy.expectations
    table = Table(title=f"{loaded.id} on {len(golds)} documents")
    for column in ("type", "gold", "caught", "recall", "expected", "masked", "precision"):
        table.add_column(column, justify="right" if column != "type" else "left")
    failures = []
    for etype in sorted(result.by_type):
        s = result.by_type[etype]
        want = expectations.recall.get(etype)
        recall = s.recall
        if want is not None and recall is not None and recall + 1e-9 < want:
            failures.append(f"{etype} recall {recall:.3f} < {want}")
        table.add_row(etype, str(s.gold), str(s.caught), "—" if recall is None else f"{recall:.3f}",
                      "" if want is None else f"{want:.2f}", str(s.predicted),
                      "—" if s.precision is None else f"{s.precision:.3f}")
    out.print(table)
    for label, types in (("mask recall (all types)", None), ("direct identifiers", DIRECT_IDS),
                         ("people", ("PERSON",))):
        caught, gold = result.recall_of(types)
        if gold:
            out.print(f"{label}: {caught} of {gold} ({caught / gold:.3f})", highlight=False)
    rate = result.keep_violation_rate
    out.print(f"keep spans masked: {result.keep_masked} of {result.keep_total} "
              f"({rate:.1%}; allowed {expectations.max_keep_violation_rate:.0%})", highlight=False)
    if rate > expectations.max_keep_violation_rate + 1e-9:
        failures.append(f"keep violation rate {rate:.3f} > {expectations.max_keep_violation_rate}")
    expected_types = set(expectations.recall)
    for miss in result.misses:
        if miss.kind == "leak" and miss.entity_type not in expected_types:
            continue
        shown = f" {miss.text!r}" if show_text else ""
        role = f"/{miss.role}" if miss.role else ""
        out.print(f"  {miss.kind}: {miss.doc}:{miss.line}:{miss.column} {miss.entity_type}{role}{shown}",
                  highlight=False)
    if json_out:
        figures = {
            "policy": loaded.id, "documents": result.documents,
            "by_type": {t: {"gold": s.gold, "caught": s.caught, "recall": s.recall,
                            "masked": s.predicted, "precision": s.precision}
                        for t, s in result.by_type.items()},
            "keep_total": result.keep_total, "keep_masked": result.keep_masked,
            "mask_recall": dict(zip(("caught", "gold"), result.recall_of(None))),
            "direct_ids": dict(zip(("caught", "gold"), result.recall_of(DIRECT_IDS))),
            "failures": failures,
        }
        from redactor.files import write_atomic

        write_atomic(json_out, json.dumps(figures, indent=1) + "\n")
    if failures:
        err.print("[red]below expectations:[/red] " + "; ".join(failures), highlight=False)
        raise typer.Exit(1)
    out.print("[green]meets the policy's expectations[/green]")


def _case_plans(samples: Path, golds, docs, loaded, no_profile: bool):
    from redactor.case import plan_case
    from redactor.case.model import CaseDocument
    from redactor.case.plan import case_profile
    from redactor.detect import detect_many

    profile = None if no_profile or not samples.is_dir() else case_profile([samples], None)
    found = detect_many(docs)
    documents = [CaseDocument(i, g.doc, d, tuple(f)) for i, (g, d, f) in enumerate(zip(golds, docs, found))]
    return list(plan_case(documents, loaded, profile).plans)


def original_from_log(log: Path, data: dict, logged: list, spans: list) -> str:
    """The original text, from a log written with --include-text: exactly, by putting the logged
    texts back into the text output beside the log; else a sparse copy holding the logged spans
    only (kept spans included: "2019" masked and "(BIA 2019)" kept is no leak)."""
    names = [n.strip() for n in str(data.get("document", {}).get("output", "")).split(",")]
    text_output = next((log.parent / n for n in names if n.endswith(".redacted.txt")), None)
    if text_output is not None and text_output.exists():
        redacted = text_output.read_text(encoding="utf-8")
        pieces, pos_out, pos_orig = [], 0, 0
        for s in sorted(spans, key=lambda s: s["start"]):
            keep = s["start"] - pos_orig
            pieces.append(redacted[pos_out:pos_out + keep])
            pos_out += keep
            replacement = s.get("replacement") or ""
            if redacted[pos_out:pos_out + len(replacement)] != replacement:
                break  # the text output was changed: fall back to the sparse copy
            pieces.append(s["text"])
            pos_out += len(replacement)
            pos_orig = s["end"]
        else:
            pieces.append(redacted[pos_out:])
            rebuilt = "".join(pieces)
            if len(rebuilt) == data.get("document", {}).get("chars", len(rebuilt)):
                return rebuilt
    size = max(s["end"] for s in logged)
    chars = [" "] * size
    for s in logged:
        if "text" in s:
            chars[s["start"]:s["end"]] = list(s["text"])
    return "".join(chars)


def leak_summary(leaks, logged: list) -> str:
    """One line for a failed verification: how many leaks across how many entities, with their ids
    and types (never the text)."""
    entity_of = {(s["start"], s["end"]): (s.get("entity_id") or "?", s.get("entity_type") or "?")
                 for s in logged}
    entities: dict[tuple[str, str], int] = {}
    boxes = 0
    for leak in leaks:
        if leak.start < 0:
            boxes += leak.count
            continue
        key = entity_of.get((leak.start, leak.end), ("?", leak.entity_type))
        entities[key] = entities.get(key, 0) + leak.count
    total = sum(entities.values())
    parts = []
    if entities:
        named = ", ".join(f"{eid} ({etype})" for eid, etype in sorted(entities))
        parts.append(f"{total} leak{'s' if total != 1 else ''} across {len(entities)} "
                     f"entit{'ies' if len(entities) != 1 else 'y'}: {named}")
    if boxes:
        parts.append(f"{boxes} redaction box(es) drawn over live text (x-ray)")
    return "verification failed: " + "; ".join(parts)


@app.command()
@_guard
def verify(
    output: Path = typer.Argument(..., help="A redacted file (text, PDF, image or DOCX), or a folder of outputs (a case bundle)."),
    log: Optional[Path] = typer.Option(None, "--log", help="Its <stem>.log.json (for one file)."),
    original: Optional[Path] = typer.Option(None, "--original", help="The original document, or for a folder the folder of originals (needed unless the logs were written with --include-text)."),
    password: Optional[str] = typer.Option(None, "--password", help="Password of an encrypted original PDF."),
    details: bool = typer.Option(False, "--details", help="One line per leak (offsets, type, how it was found), after the summary."),
) -> None:
    """Check that no masked string (or a variant or part of it) survives in OUTPUT; for a folder, in
    every output, the case log, the redaction index and every file name. The original must be the
    one the log was made from (its hash is checked first)."""
    from redactor.io import read_document
    from redactor.verify import verify_output

    if output.is_dir():
        _verify_bundle(output, original, password)
        return
    if log is None:
        _fail("--log is needed to verify one file")

    try:
        data = json.loads(log.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        _fail(f"{log}: cannot read the log ({exc.__class__.__name__})")
    logged = data.get("spans", [])
    spans = [s for s in logged if s.get("action") != "keep"]
    logged_id = data.get("document", {}).get("id")
    if not output.exists():
        _fail(f"{output}: file not found")
    if original is not None:
        document = read_document(original, password)
        if logged_id and document.id != logged_id:
            _fail(f"{original}: this original does not match the log (its text hash differs from "
                  f"the log's document id)", code=2)
        text = document.text
    elif spans and all("text" in s for s in spans):
        text = original_from_log(log, data, logged, spans)
    else:
        _fail("the log has no span texts; pass --original FILE")
    masked = [(s["start"], s["end"], s["entity_type"]) for s in spans]
    kept = [(s["start"], s["end"]) for s in logged if s.get("action") == "keep"]
    leaks = verify_output(output, text, masked, [s.get("replacement") or "" for s in spans], kept)
    if leaks:
        err.print(leak_summary(leaks, logged), highlight=False, soft_wrap=True)
        if details:
            for leak in leaks:
                if leak.start < 0:
                    continue
                err.print(f"leak: {leak.entity_type} masked at offset {leak.start}-{leak.end} "
                          f"appears {leak.count} more time(s) in the output (found by {leak.via})",
                          highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    out.print(f"{output.name}: verified, none of {len(masked)} masked spans survives", highlight=False)


def _verify_bundle(folder: Path, original: Optional[Path], password: Optional[str]) -> None:
    from redactor.case.verify import verify_bundle

    check = verify_bundle(folder, original, password, rebuild=original_from_log)
    for problem in check.problems:
        err.print(f"leak or problem: {problem}", highlight=False, markup=False)
    if not check.ok:
        raise typer.Exit(1)
    out.print(f"{folder}: verified, {len(check.verified)} files; no masked string survives", highlight=False)


@app.command()
@_guard
def policies() -> None:
    """List the policies that can be given by name."""
    from redactor.policy import list_policies, load_policy

    for path in list_policies():
        loaded = load_policy(path)
        out.print(f"{loaded.id:24} {loaded.policy.title}  ({path})", highlight=False)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
