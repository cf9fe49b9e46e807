"""Cut long texts into chunks at paragraph (else line, else space) boundaries for spaCy."""

from __future__ import annotations


def chunk_text(text: str, size: int) -> list[tuple[int, str]]:
    """Return (offset, chunk) pairs that cover `text` exactly, each at most about `size` chars."""
    if size < 1:
        raise ValueError(f"chunk size must be a positive number of characters, not {size}")
    chunks: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(start + size, n)
        if end < n:
            for sep in ("\n\n", "\n", ". ", " "):
                cut = text.rfind(sep, start + size // 2, end)
                if cut != -1:
                    end = cut + len(sep)
                    break
        chunks.append((start, text[start:end]))
        start = end
    return chunks
