"""Gold annotations: the `.marked.txt` inline format and the `.gold.json` span format.

`[[TYPE|action:surface]]` or `[[TYPE|action|role:surface]]`; stripping the markup gives the text and
the offsets. The format is the one of `../shared/corpus/README.md`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

MARK = re.compile(r"\[\[([A-Z_]+)\|(mask|keep)(?:\|([a-z_]+))?:(.*?)\]\]", re.DOTALL)


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    type: str
    action: str
    text: str
    role: str | None = None

    def to_json(self) -> dict:
        row = asdict(self)
        if row["role"] is None:
            del row["role"]
        return row


@dataclass(frozen=True)
class GoldDocument:
    doc: str
    text: str
    spans: tuple[GoldSpan, ...]

    def to_json(self) -> dict:
        return {
            "doc": self.doc,
            "text_sha256": hashlib.sha256(self.text.encode("utf-8")).hexdigest(),
            "spans": [s.to_json() for s in self.spans],
        }


def parse_marked(marked: str, doc: str) -> GoldDocument:
    """Strip the markup of a `.marked.txt` text; return the plain text and its gold spans."""
    pieces: list[str] = []
    spans: list[GoldSpan] = []
    pos = 0
    length = 0
    for m in MARK.finditer(marked):
        before = marked[pos : m.start()]
        pieces.append(before)
        length += len(before)
        kind, action, role, surface = m.groups()
        spans.append(GoldSpan(length, length + len(surface), kind, action, surface, role))
        pieces.append(surface)
        length += len(surface)
        pos = m.end()
    pieces.append(marked[pos:])
    text = "".join(pieces)
    if "[[" in text or "]]" in text:
        raise ValueError(f"{doc}: unbalanced or malformed [[...]] markup remains after parsing")
    return GoldDocument(doc, text, tuple(spans))


def load_gold(path: Path) -> GoldDocument:
    """Load a `.gold.json` and the `.txt` beside it, checking the text hash and every span's text."""
    data = json.loads(path.read_text(encoding="utf-8"))
    text_path = path.with_name(path.name.removesuffix(".gold.json") + ".txt")
    text = text_path.read_text(encoding="utf-8")
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != data["text_sha256"]:
        raise ValueError(f"{path}: text_sha256 does not match {text_path.name}")
    spans = tuple(
        GoldSpan(s["start"], s["end"], s["type"], s["action"], s["text"], s.get("role"))
        for s in data["spans"]
    )
    for s in spans:
        if text[s.start : s.end] != s.text:
            raise ValueError(f"{path}: span {s.start}-{s.end} does not match the text")
    return GoldDocument(data["doc"], text, spans)


def build_from_marked(marked_path: Path) -> GoldDocument:
    """Write `<stem>.txt` and `<stem>.gold.json` beside a `<stem>.marked.txt`."""
    stem = marked_path.name.removesuffix(".marked.txt")
    gold = parse_marked(marked_path.read_text(encoding="utf-8"), stem)
    marked_path.with_name(stem + ".txt").write_text(gold.text, encoding="utf-8")
    marked_path.with_name(stem + ".gold.json").write_text(
        json.dumps(gold.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return gold


if __name__ == "__main__":  # python -m redactor.gold sample_docs/*.marked.txt
    import sys

    for arg in sys.argv[1:]:
        g = build_from_marked(Path(arg))
        print(f"{arg}: {len(g.spans)} spans, {len(g.text)} chars")
