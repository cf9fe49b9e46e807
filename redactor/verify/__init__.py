"""Prove that nothing masked survives in an output, whatever its format."""

from __future__ import annotations

from pathlib import Path

from redactor.verify.text import Leak, verify_text


def output_views(path: Path) -> list[str]:
    """Every independent view of the text a stranger could take from the file at `path`."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        import fitz

        from redactor.verify.pdf import pdf_strings

        with fitz.open(path) as pdf:
            # pages without text but with images are the scans: OCR them again
            scans = tuple(i for i, page in enumerate(pdf)
                          if not page.get_text("text").strip() and page.get_images())
        return pdf_strings(path, scans)
    if suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff"):
        from redactor.verify.pdf import image_strings

        return [image_strings(path)]
    if suffix == ".docx":
        from redactor.verify.docx import docx_strings

        return [docx_strings(path)]
    from redactor.io import read_document

    return [read_document(path).text]


def verify_output(path: Path, original: str, masked: list[tuple[int, int, str]],
                  replacements: list[str]) -> list[Leak]:
    """Leaks of `masked` spans of `original` in the output file; x-ray findings count for PDFs."""
    from redactor.verify.pdf import ocr_checkable

    leaks: list[Leak] = []
    views = output_views(path)
    ocr_view = len(views) - 1 if path.suffix.lower() in (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff") else -1
    for number, view in enumerate(views):
        spans = ocr_checkable(masked, original) if number == ocr_view else masked
        leaks.extend(verify_text(view, original, spans, replacements))
    if path.suffix.lower() == ".pdf":
        from redactor.verify.pdf import xray_bad_redactions

        bad = xray_bad_redactions(path)
        if bad:
            leaks.append(Leak(-1, -1, "X-RAY", bad))
    return leaks


__all__ = ["Leak", "verify_text", "verify_output", "output_views"]
