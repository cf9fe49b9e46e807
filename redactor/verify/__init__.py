"""Prove that nothing masked survives in an output, whatever its format."""

from __future__ import annotations

from pathlib import Path

from redactor.verify.text import Leak, verify_text


def output_views(path: Path) -> list[tuple[str, str]]:
    """Every independent view of the text a stranger could take from the file at `path`, as
    (kind, text): "ocr" views are checked only for strings long enough to tell from OCR noise.
    Binary files are read by what they hold, not by their name."""
    from redactor.verify.views import blob_views

    data = Path(path).read_bytes()
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md", ".text", ".markdown", ""):
        from redactor.io import read_document

        return [("text", read_document(path).text)]
    return blob_views(path.name, data)


def verify_output(path: Path, original: str, masked: list[tuple[int, int, str]],
                  replacements: list[str], kept: list[tuple[int, int]] | None = None) -> list[Leak]:
    """Leaks of `masked` spans of `original` in the output file; x-ray findings count for PDFs."""
    from redactor.noise import quiet
    from redactor.verify.pdf import check_views

    path = Path(path)
    with quiet():
        leaks = check_views(output_views(path), original, masked, replacements, kept)
    if path.read_bytes()[:1024].find(b"%PDF-") >= 0:
        from redactor.verify.pdf import xray_bad_redactions

        bad = xray_bad_redactions(path)
        if bad:
            leaks.append(Leak(-1, -1, "X-RAY", bad, "x-ray"))
    return leaks


__all__ = ["Leak", "verify_text", "verify_output", "output_views"]
