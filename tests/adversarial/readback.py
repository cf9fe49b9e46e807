"""Read an output back with tools that share no code with Redactor: pdftotext (poppler-utils),
qpdf --qdf (every stream decompressed) read with `strings`, mutool (mupdf-tools), `strings` on the
raw file, exiftool, unzip, and Tesseract on pages rendered by pdftoppm. Then look for the fictional
applicant with a normaliser written here (not Redactor's): accents, case, invisible characters,
spacing and separators do not hide her."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from tests.adversarial.builders import DIGITS, GIVEN, SURNAME

TOOLS = ("pdftotext", "pdftoppm", "qpdf", "mutool", "strings", "exiftool", "unzip", "tesseract")
IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def _run(args, **kw) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, timeout=120, **kw)
    return done.stdout.decode("utf-8", "replace")


def strings(path: Path) -> str:
    return _run(["strings", "-n", "4", path]) + _run(["strings", "-n", "4", "-e", "l", path])


def ocr_pdf(path: Path, folder: Path) -> str:
    _run(["pdftoppm", "-r", "150", "-gray", "-png", path, folder / "page"])
    return "\n".join(_run(["tesseract", png, "-", "--psm", "3"], env={"OMP_THREAD_LIMIT": "1"})
                     for png in sorted(folder.glob("page*.png")))


def read_pdf(path: Path, folder: Path) -> dict[str, str]:
    qdf = folder / "qdf.pdf"
    _run(["qpdf", "--qdf", "--object-streams=disable", path, qdf])
    return {
        "pdftotext": _run(["pdftotext", path, "-"]),
        "pdftotext-raw": _run(["pdftotext", "-raw", path, "-"]),
        "qpdf+strings": strings(qdf) if qdf.exists() else "",
        "mutool": _run(["mutool", "draw", "-F", "txt", path]),
        "strings": strings(path),
        "exiftool": _run(["exiftool", "-a", "-u", "-g1", path]),
        "tesseract": ocr_pdf(path, folder),
    }


def read_image(path: Path) -> dict[str, str]:
    return {"exiftool": _run(["exiftool", "-a", "-u", "-g1", path]), "strings": strings(path),
            "tesseract": _run(["tesseract", path, "-", "--psm", "3"], env={"OMP_THREAD_LIMIT": "1"})}


def read_zip(path: Path, folder: Path) -> dict[str, str]:
    views = {"unzip -l": _run(["unzip", "-l", path])}
    target = folder / "unzipped"
    _run(["unzip", "-o", "-q", path, "-d", target])
    for member in sorted(p for p in target.rglob("*") if p.is_file()):
        name = str(member.relative_to(target))
        head = member.read_bytes()[:8]
        views[f"unzip:{name}"] = strings(member)
        if head.startswith(b"%PDF"):
            views[f"pdftotext:{name}"] = _run(["pdftotext", member, "-"])
        elif head.startswith(IMAGE_MAGIC):
            views.update({f"{k}:{name}": v for k, v in read_image(member).items()})
    return views


def read_any(path: Path) -> dict[str, str]:
    """Every view of one output file, by tool."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        head = path.read_bytes()[:8]
        if head.startswith(b"%PDF"):
            return read_pdf(path, folder)
        if head.startswith(b"PK"):
            return read_zip(path, folder)
        if head.startswith(IMAGE_MAGIC):
            return read_image(path)
        return {"strings": strings(path), "text": path.read_text("utf-8", "replace")}


def squash(text: str) -> str:
    """Letters and digits only: NFKC, accents and case folded, everything else dropped (so "P e-
    t\\u200br o v a" reads "petrova"). Right-to-left runs are also read reversed."""
    text = unicodedata.normalize("NFKC", text)
    text += "\n" + "\n".join(m[::-1] for m in re.findall("\u202e([^\u202c\n]*)", text))
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "".join(c for c in text.casefold() if c.isalnum())


def findings(views: dict[str, str]) -> list[str]:
    """"tool: what" for every view that still holds the surname, the given name or the digits of
    the A-number."""
    found = []
    for tool, text in views.items():
        flat = squash(text)
        for label, needle in (("surname", SURNAME), ("given name", GIVEN), ("A-number digits", DIGITS)):
            if squash(needle) in flat:
                found.append(f"{tool}: {label}")
    return found
