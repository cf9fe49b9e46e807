"""A reviewed case as one ZIP: every document redacted (the true-redacted PDF, scan or DOCX and the
redacted text), each document's redaction log, the case log and the redaction index, written by the
case writer (`write_case`) in a private temporary folder, verified there as a stranger would verify
it (`verify_bundle`: every output against its original, the case files and every file name against
every masked string), the logs checked too, zipped in memory, and the folder removed. A file that
was not verified is never in the ZIP; the ZIP's name and folder are the CLI's safe case name."""

from __future__ import annotations

import hashlib
import io
import json
import tempfile
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from redactor.case.index import FIELDS as INDEX_FIELDS
from redactor.case.model import CasePlan
from redactor.case.outputs import CASE_FILES, check_case_files, safe_case_folder_style, vocabulary_of, write_case
from redactor.case.verify import verify_bundle
from redactor.errors import RedactorError
from redactor.render.log import CSV_FIELDS
from redactor.service import OutputOptions, VerificationError

LOG_SUFFIXES = (".log.json", ".log.csv")


@dataclass(frozen=True)
class CaseExport:
    name: str  # the download's name: the case's safe folder name + ".zip"
    data: bytes
    files: tuple[str, ...]  # every file in the ZIP (under the folder), each verified
    sha256: str


def case_folder_name(name: str, case: CasePlan, style: str) -> str:
    """The case's safe name (`case_hrytsevich` → `case_PERSON-1-1a2b3c4d`), with the case's hash
    when the name did not need one, so two exports of two cases never share a name."""
    safe = safe_case_folder_style(name, case, style)
    return safe if case.case_id[:8] in safe else f"{safe}-{case.case_id[:8]}"


_EXPORTS: OrderedDict = OrderedDict()  # (case, plan digest, options, name) → CaseExport
_EXPORTS_LOCK = threading.Lock()
_EXPORTS_KEEP = 2


def case_zip(case: CasePlan, name: str, originals: Callable[[str], bytes | None], options: OutputOptions,
             digest: str, stamp: str = "") -> CaseExport:
    """The ZIP of a reviewed case plan (`digest` names its decisions; the last few are remembered,
    so the sign-off page can be drawn again without writing the case again). `originals(document
    id)` gives a PDF's, scan's or DOCX's original bytes; `stamp` ("YYYY-MM-DDTHH:MM:SS…", the
    sign-off's time) dates the files in the ZIP, so the same decisions give the same bytes."""
    key = (case.case_id, digest, options, name, stamp[:19])
    with _EXPORTS_LOCK:
        if key in _EXPORTS:
            _EXPORTS.move_to_end(key)
            return _EXPORTS[key]
    folder = case_folder_name(name, case, options.file_names)
    with tempfile.TemporaryDirectory(prefix="redactor-case-") as tmp:  # 0700, removed on the way out
        root = Path(tmp)
        staged = replace(case, documents=tuple(_with_original(doc, root, originals) for doc in case.documents))
        out = root / "out"
        write_case(staged, out, options)
        check = verify_bundle(out, texts={d.document.id: d.document.text for d in case.documents})
        if not check.ok:
            raise VerificationError("the case export failed verification (" + "; ".join(check.problems[:3])
                                    + "); nothing was offered")
        files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
        logs = [f for f in files if f.endswith(LOG_SUFFIXES) and f not in CASE_FILES]
        unverified = sorted(set(files) - set(check.verified) - set(logs))
        if unverified:
            raise VerificationError(f"the case export has {len(unverified)} file(s) nothing verified; nothing was offered")
        names = "\n".join(f"{folder}/{f}" for f in files)
        texts = {f: (out / f).read_text(encoding="utf-8") for f in logs}
        texts["names in the ZIP"] = names
        leaks = check_case_files(case, texts, _log_vocabulary(texts, case))
        if leaks:
            raise VerificationError(f"the case export failed verification: masked text in {', '.join(leaks[:3])}; "
                                    "nothing was offered")
        data = _zip(out, folder, files, stamp)
    result = CaseExport(f"{folder}.zip", data, tuple(f"{folder}/{f}" for f in files), hashlib.sha256(data).hexdigest())
    with _EXPORTS_LOCK:
        _EXPORTS[key] = result
        while len(_EXPORTS) > _EXPORTS_KEEP:
            _EXPORTS.popitem(last=False)
    return result


def _with_original(doc, root: Path, originals: Callable[[str], bytes | None]):
    """A PDF, scan or DOCX is redacted from its original bytes: they go to the private folder,
    under a name that carries nothing of the document's."""
    if doc.document.kind == "text":
        return doc
    data = originals(doc.document.id)
    if data is None:
        raise RedactorError(f"document {doc.index + 1} of the case: its original file is not in the review store; "
                            "open the case again to export it")
    path = root / "originals" / f"{doc.index}{Path(doc.document.source).suffix.lower()}"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return replace(doc, document=replace(doc.document, source=str(path)))


def _log_vocabulary(texts: dict[str, str], case: CasePlan) -> frozenset[str]:
    """The words a redaction log prints itself (types, ids, roles, actions, rules, bases, the policy,
    its column names): a masked string made only of them cannot be told apart from them there. The
    output names, replacements and reasons are not among them: those are checked."""
    words = [" ".join(CSV_FIELDS), " ".join(INDEX_FIELDS), " ".join(CASE_FILES), case.policy_id]
    for name, body in texts.items():
        if not name.endswith(".log.json"):
            continue
        data = json.loads(body)
        document = {k: v for k, v in data.get("document", {}).items() if k != "output"}
        spans = [{k: s.get(k) for k in ("entity_type", "entity_id", "role", "action", "rule_id", "basis",
                                        "recognizer", "origin")} for s in data.get("spans", [])]
        words.append(json.dumps([document, data.get("policy", {}), spans]))
    return vocabulary_of(*words)


def _zip(out: Path, folder: str, files: list[str], stamp: str) -> bytes:
    when = (1980, 1, 1, 0, 0, 0)
    if len(stamp) >= 19:
        when = (int(stamp[0:4]), int(stamp[5:7]), int(stamp[8:10]), int(stamp[11:13]), int(stamp[14:16]),
                int(stamp[17:19]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel in files:
            info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16  # private once unzipped, like every output
            archive.writestr(info, (out / rel).read_bytes())
    return buffer.getvalue()


def export_case(session, review=None) -> CaseExport:
    """The signed-off case as one verified ZIP; refused before sign-off (or after a change)."""
    from redactor.review.session import SignOffRequired

    review = review or session.reviewed()
    record = session.signoff(review)
    if record is None:
        raise SignOffRequired("sign the case off before exporting (decisions changed since, or none yet)")
    options = OutputOptions.from_policy(session.loaded)
    return case_zip(review.plan(), session.stored.name, session.store.original, options, review.digest(), record.at)
