"""A case's outputs: every document redacted and verified as `redactor redact` does, under a name
that carries no word masked anywhere in the case; one `case.log.json`; the redaction index as
CSV and PDF. The case files and every output name are verified too: none may carry a masked
string (or a case, spacing or line-break variant of it). Everything is written atomically."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from redactor.case.index import index_csv, index_pdf, index_rows
from redactor.case.model import CasePlan
from redactor.errors import RedactorError
from redactor.files import write_atomic
from redactor.service import OutputOptions, VerificationError, write_outputs
from redactor.verify import verify_text
from redactor.verify.variants import digits_of

CASE_LOG = "case.log.json"
INDEX_CSV = "redaction_index.csv"
INDEX_PDF = "redaction_index.pdf"
CASE_FILES = (CASE_LOG, INDEX_CSV, INDEX_PDF)


@dataclass(frozen=True)
class CaseOutcome:
    case: CasePlan
    labels: tuple[str, ...]  # per document: its safe name (relative output stem)
    outputs: tuple[Path, ...]  # every file written


def masked_words(case: CasePlan) -> dict[str, str]:
    """Every word masked anywhere in the case (folded) → the label that stands for it in names."""
    from redactor.case.naming import display_fold

    words: dict[str, str] = {}
    for doc, plan in zip(case.documents, case.plans):
        text = doc.document.text
        for d in plan.masked:
            label = re.sub(r"[^A-Za-z0-9-]+", "", d.replacement or "") or "REDACTED"
            for word in re.split(r"[\W_]+", text[d.finding.start:d.finding.end]):
                if len(word) >= 2:
                    words.setdefault(display_fold(word), label)
    return words


def clean_name(piece: str, words: dict[str, str]) -> str:
    """A file or folder name with every masked word replaced by its label."""
    from redactor.case.naming import display_fold

    parts = re.split(r"([\W_]+)", piece)
    return "".join(words.get(display_fold(p), p) if p and not re.fullmatch(r"[\W_]+", p) else p
                   for p in parts)


def safe_names(case: CasePlan, style: str = "safe") -> list[str]:
    """Per document, its relative output stem with every masked word of the case replaced by its
    label (`hrytsevich_declaration` → `PERSON-1_declaration-1a2b3c4d`), or its hash; unique
    within the case."""
    words = masked_words(case)
    names = []
    for doc in case.documents:
        rel = PurePosixPath(doc.rel.replace("\\", "/"))
        if style == "hash":
            names.append(doc.document.id[:16])
            continue
        stem = rel.name.rsplit(".", 1)[0] if "." in rel.name else rel.name
        folders = [clean_name(p, words) for p in rel.parts[:-1]]
        safe = clean_name(stem, words)
        if safe != stem or any(f != p for f, p in zip(folders, rel.parts[:-1])):
            safe = f"{safe}-{doc.document.id[:8]}"
        names.append(str(PurePosixPath(*folders, safe)) if folders else safe)
    seen: Counter = Counter(names)
    return [f"{n}-{d.document.id[:8]}" if seen[n] > 1 and not n.endswith(d.document.id[:8]) else n
            for n, d in zip(names, case.documents)]


def safe_case_folder(name: str, case: CasePlan) -> str:
    """A case folder's name for its outputs: `case_hrytsevich` → `case_PERSON-1-<case hash>`."""
    safe = clean_name(name, masked_words(case))
    return safe if safe == name else f"{safe}-{case.case_id[:8]}"


def case_log(case: CasePlan, labels: list[str], outputs: dict[int, list[str]], include_text: bool) -> dict:
    """What the case did, per entity and per document, without sensitive text (unless asked)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    masked: Counter = Counter()
    kept: Counter = Counter()
    kinds: dict[str, str] = {}
    actions: dict[str, Counter] = defaultdict(Counter)
    added: Counter = Counter()
    for doc, plan, label in zip(case.documents, case.plans, labels):
        for d in plan.decisions:
            f = d.finding
            counts[f.entity_id][label] += 1
            kinds.setdefault(f.entity_id, f.entity_type)
            (masked if d.masks else kept)[f.entity_id] += 1
            actions[f.entity_id][d.action.value] += 1
            if f.recognizer == "case":
                added[f.entity_id] += 1
    by_id = {e.id: e for e in case.entities}
    entities = []
    for entity_id in sorted(counts, key=_order):
        e = by_id.get(entity_id)
        row = {
            "id": entity_id, "type": kinds[entity_id], "role": e.role if e else None,
            "action": actions[entity_id].most_common(1)[0][0],
            "mentions": dict(counts[entity_id]), "masked": masked[entity_id], "kept": kept[entity_id],
            "added_by_case": added[entity_id],
            "sources": list(e.sources) if e else ["policy"],
            "links": dict(e.links) if e else {}, "flags": list(e.flags) if e else [],
        }
        if include_text and e is not None:
            row["text"] = list(e.variants)
        entities.append(row)
    documents = [{"document": label, "id": doc.document.id, "kind": doc.document.kind,
                  "chars": len(doc.document.text), "outputs": outputs.get(doc.index, []),
                  "masked": len(plan.masked), "kept": len(plan.decisions) - len(plan.masked),
                  "added_by_case": case.added[doc.index] if case.added else 0}
                 for doc, plan, label in zip(case.documents, case.plans, labels)]
    people = [e for e in entities if e["type"] == "PERSON"]
    return {
        "case": {"id": case.case_id, "documents": len(case.documents), "profile": case.profile_used,
                 "policy": {"id": case.policy_id, "sha256": case.policy_sha256}},
        "summary": {"entities": len(entities), "people": len(people),
                    "private_people": sum(1 for e in people if e["masked"]),
                    "masked": sum(masked.values()), "kept": sum(kept.values()),
                    "added_by_case": sum(added.values())},
        "documents": documents,
        "entities": entities,
    }


def _order(entity_id: str):
    kind, _, number = entity_id.rpartition("-")
    return (kind != "PERSON", kind, int(number) if number.isdigit() else 0)


def check_case_files(case: CasePlan, texts: dict[str, str], vocabulary: frozenset[str] = frozenset()) -> list[str]:
    """Names of the case files (or of `"file names"`) that carry a masked string of any document:
    empty when all is well."""
    return check_texts([(doc.document.text, [(d.finding.start, d.finding.end, d.finding.entity_type)
                                             for d in plan.masked], [d.replacement or "" for d in plan.masked])
                        for doc, plan in zip(case.documents, case.plans)], texts, vocabulary)


def check_texts(documents: list[tuple[str, list, list]], texts: dict[str, str],
                vocabulary: frozenset[str] = frozenset()) -> list[str]:
    """`documents`: (original text, masked spans, replacements). A text leaks when it carries a
    masked string more often than the redacted documents show it. One check over the whole case
    (the documents joined), so it is linear in the case size. `vocabulary`: the words the case
    files print themselves (headers, types, roles, the policy's bases); a masked string made only
    of them ("Legal", found by a detector as a name) cannot be told apart from them and is
    checked in the documents only."""
    parts, masked, replacements = [], [], []
    offset = 0
    for text, spans, reps in documents:
        parts.append(text)
        masked.extend((s + offset, e + offset, t) for s, e, t in spans
                      if _checkable(text[s:e]) and not _only(text[s:e], vocabulary))
        replacements.extend(reps)
        offset += len(text) + 2
    joined = "\n\n".join(parts)

    def leaks(text: str) -> bool:
        # the digits of a short number or date ("17 November 2005": 172005) are looked for in the
        # documents only: the case files' columns of offsets join into such runs by chance
        # ("…,17,2005,…"); its words are still looked for here
        return any(leak.via != "digits" or len(digits_of(joined[leak.start:leak.end])) >= 8
                   for leak in verify_text(text, joined, masked, replacements))

    if not leaks("\n\n".join(texts.values())):
        return []  # one pass for all; the names are looked for only when something leaks
    return [name for name, text in texts.items() if leaks(text)]


def _only(value: str, vocabulary: frozenset[str]) -> bool:
    words = re.findall(r"[^\W_]+", value.casefold())
    return bool(words) and all(w in vocabulary for w in words)


def vocabulary_of(*texts: str) -> frozenset[str]:
    return frozenset(w for t in texts for w in re.findall(r"[^\W_]+", t.casefold()))


def _pdf_text(path: Path) -> str:
    """The index PDF as a stranger reads it with PyMuPDF: its pages, metadata and XMP. (`redactor
    verify FOLDER` reads it with every extractor; at write time one is enough for a file drawn
    from the index rows, and a 600-page index is read in a second.)"""
    import fitz

    with fitz.open(path) as pdf:
        parts = [str(v) for v in (pdf.metadata or {}).values() if v]
        parts.append(pdf.get_xml_metadata() or "")
        parts.extend(page.get_text("text") for page in pdf)
    return "\n".join(parts)


def _checkable(value: str) -> bool:
    """Case files are full of offsets and counts: a masked number shorter than eight digits (a year,
    a day, an age) would match one of them by chance, so those are checked in the documents only;
    every masked word, and every longer number (A-numbers, phones, receipts), is checked here."""
    digits = sum(c.isdigit() for c in value)
    letters = sum(c.isalpha() for c in value)
    return letters > 0 or digits >= 8


def safe_case_folder_style(name: str, case: CasePlan, style: str) -> str:
    return case.case_id[:16] if style == "hash" else safe_case_folder(name, case)


def write_case(case: CasePlan, out_dir: Path, options: OutputOptions = OutputOptions()) -> CaseOutcome:
    """Write and verify every output of the case; a failed verification removes the case files and
    raises (the documents' own outputs are removed by `write_outputs` itself)."""
    out_dir = Path(out_dir)
    labels = safe_names(case, options.file_names)
    written: list[Path] = []
    per_document: dict[int, list[str]] = {}
    try:
        for doc, plan, label in zip(case.documents, case.plans, labels):
            target = out_dir / PurePosixPath(label).parent
            outcome = write_outputs(doc.document, plan, target, options, stem=PurePosixPath(label).name)
            written.extend(outcome.outputs)
            per_document[doc.index] = [str(p.relative_to(out_dir)) for p in outcome.outputs]
        log = case_log(case, labels, per_document, options.include_text)
        rows = index_rows(labels, [d.document for d in case.documents], list(case.plans))
        subtitle = (f"case {case.case_id[:12]} · policy {case.policy_id} · {len(case.documents)} documents · "
                    f"{len(rows)} withheld spans")
        files = {
            CASE_LOG: json.dumps(log, indent=1, ensure_ascii=False) + "\n",
            INDEX_CSV: index_csv(rows),
            INDEX_PDF: index_pdf(rows, "Redaction index", subtitle),
        }
        for name, payload in files.items():
            write_atomic(out_dir / name, payload)
            written.append(out_dir / name)
        views = {INDEX_CSV: files[INDEX_CSV], INDEX_PDF: _pdf_text(out_dir / INDEX_PDF),
                 "file names": "\n".join(str(p.relative_to(out_dir)) for p in written)}
        if not options.include_text:  # with --include-text the case log carries the texts on purpose
            views[CASE_LOG] = files[CASE_LOG]
        # the words the case files print themselves: everything but the documents' names
        fixed = dict(log, documents=[{k: v for k, v in d.items() if k not in ("document", "outputs")}
                                     for d in log["documents"]],
                     entities=[{k: v for k, v in e.items() if k not in ("mentions", "text")}
                               for e in log["entities"]])
        vocabulary = vocabulary_of(json.dumps(fixed), index_csv([replace(r, document="") for r in rows]),
                                   "Redaction index " + subtitle + " page of No. Document Page Line Type Entity "
                                   "Action Legal basis redacted log json csv pdf " + " ".join(CASE_FILES))
        leaks = check_case_files(case, views, vocabulary)
        if leaks:
            raise VerificationError(f"{out_dir}: verification failed, masked text in {', '.join(leaks)}; "
                                    "the case files were not kept")
    except (RedactorError, OSError) as exc:
        for path in written:
            if path.name in CASE_FILES:
                path.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise RedactorError(f"{out_dir}: cannot write the case outputs ({exc.strerror or exc})") from None
        raise
    return CaseOutcome(case, tuple(labels), tuple(written))
