"""Plain text and Markdown: decode bytes (UTF-8, or a detected encoding), refuse binaries clearly."""

from __future__ import annotations

import hashlib
from pathlib import Path

from charset_normalizer import from_bytes

from redactor.errors import InputError
from redactor.model import Document

NON_LATIN = ("cp1251", "koi8", "iso8859_5", "mac_cyrillic", "cp866", "cp855", "cp1253", "iso8859_7",
             "cp1255", "iso8859_8", "cp1256", "iso8859_6", "big5", "gb", "hz", "shift_jis", "euc",
             "iso2022", "cp932", "cp949", "cp950", "johab", "tis_620", "cp874", "utf_16", "utf_32",
             "kz1048", "ptcp154", "mac_greek", "mac_arabic", "cp737", "cp864", "cp862")
TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown", ""}


def document_from_text(text: str, source: str = "<text>", encoding: str = "utf-8") -> Document:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(id=digest, source=source, text=text, kind="text", encoding=encoding)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(sample) * 0.05


# Letters that really occur in European-language text; a decoding that yields other non-ASCII
# characters (þ, ý, £, …, mac_latin2's ‘) inside words is probably the wrong code page.
COMMON_LETTERS = set(
    "áéíóúàèìòùâêîôûäëïöüçñãõåæøœßÁÉÍÓÚÀÈÌÒÙÂÊÎÔÛÄËÏÖÜÇÑÃÕÅÆØŒşŞıİğĞłŁńŃśŚźŹżŻąĄęĘćĆčČšŠžŽřŘěĚůŮőŐűŰ"
    "ėĖįĮųŲūŪāĀēĒīĪķĶļĻņŅģĢ"
)
NEUTRAL = set("’‘“”–—…«»°§€ \u00a0")
LATIN_CANDIDATES = ("cp1252", "cp1250", "cp1254", "cp1257", "iso8859_15")


def _plausibility(text: str) -> int:
    score = 0
    for ch in text:
        if ord(ch) < 128 or ch in NEUTRAL:
            continue
        score += 1 if ch in COMMON_LETTERS else -2
    return score


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding): UTF-8 (with or without BOM), UTF-16 with a BOM, a non-Latin
    encoding the detector is sure of, else the Latin code page whose letters are most plausible."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(f"{name}: has a UTF-16 mark but is not valid UTF-16") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None and best.encoding and best.encoding.startswith(NON_LATIN):
        return str(best), best.encoding
    # Short Latin texts score alike in many code pages, and the detector's pick is often wrong
    # (mac_latin2 for French, hp_roman8 for Spanish): judge the decoded letters instead.
    decoded = []
    for encoding in LATIN_CANDIDATES:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        decoded.append((_plausibility(text), -LATIN_CANDIDATES.index(encoding), text, encoding))
    if decoded:
        _, _, text, encoding = max(decoded)
        return text, encoding
    if best is None or best.encoding is None:
        raise InputError(f"{name}: not UTF-8 and the encoding could not be detected; save it as UTF-8")
    return str(best), best.encoding


def read_text(path: Path, data: bytes, password: str | None = None) -> Document:
    """A .txt/.md file's bytes → Document (binary content refused, encoding detected)."""
    if _looks_binary(data) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path}: looks like a binary file, not text")
    text, encoding = decode_text(data, str(path))
    return document_from_text(text, str(path), encoding)
