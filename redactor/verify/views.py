"""Every view of the text a stranger could take from a file's bytes, chosen by what the bytes are
(never by the file's name): PDF, zip package (DOCX and the like), image, XML, or anything else read
for its printable strings. Embedded files are read the same way, to a fixed depth."""

from __future__ import annotations

import re

MAX_DEPTH = 3
IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")
PRINTABLE = re.compile(rb"[\x20-\x7e\t]{4,}")
PRINTABLE_UTF16 = re.compile(rb"(?:[\x20-\x7e]\x00){4,}")


def is_image(data: bytes) -> bool:
    return data.startswith(IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def blob_views(name: str, data: bytes, depth: int = 0) -> list[tuple[str, str]]:
    """(kind, text) views of `data`: "text" views are checked for every masked string, "ocr" views
    for those long enough to be told from OCR noise, "binary" views (printable runs of data that
    is neither text, XML, PDF, zip nor image) for strong keys and identifier digits only."""
    if depth > MAX_DEPTH:
        return []
    try:
        if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
            from redactor.verify.pdf import pdf_views

            return pdf_views(data, depth=depth)
        if data.startswith(b"PK\x03\x04"):
            from redactor.verify.docx import package_views

            return package_views(data, depth, name)
        if is_image(data):
            from redactor.verify.pdf import image_views

            return image_views(data, name)
        if data.lstrip()[:1] == b"<":
            from redactor.verify.docx import _xml_strings

            return [("text", "\n".join(_xml_strings(data, name)))]
    except Exception:
        pass  # unreadable as what it claims to be: its printable strings below still are read
    strings = [m.decode("ascii") for m in PRINTABLE.findall(data)]
    strings += [m.decode("utf-16-le") for m in PRINTABLE_UTF16.findall(data)]
    return [("binary", "\n".join(strings))]
