"""The batch manifest: one JSON line per finished input (content hash, policy hash, outputs,
result), appended and fsynced as each document finishes. A rerun skips what is done and unchanged
and redoes what changed; a line torn by a crash is ignored, so that document is simply redone."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "manifest.jsonl"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Entry:
    file: str  # path relative to the input folder
    sha256: str
    policy_sha256: str
    ok: bool
    outputs: tuple[str, ...] = ()  # relative to the output folder
    reason: str = ""
    chars: int = 0
    pages: int = 0
    by_type: dict | None = None

    def to_json(self) -> dict:
        return {"file": self.file, "sha256": self.sha256, "policy_sha256": self.policy_sha256,
                "ok": self.ok, "outputs": list(self.outputs), "reason": self.reason,
                "chars": self.chars, "pages": self.pages, "by_type": self.by_type or {}}


def load(out_dir: Path) -> dict[str, Entry]:
    """The latest entry per input; torn or foreign lines are skipped."""
    entries: dict[str, Entry] = {}
    path = out_dir / MANIFEST
    if not path.exists():
        return entries
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            row = json.loads(line)
            entry = Entry(row["file"], row["sha256"], row["policy_sha256"], bool(row["ok"]),
                          tuple(row.get("outputs", ())), row.get("reason", ""), row.get("chars", 0),
                          row.get("pages", 0), row.get("by_type") or {})
        except (ValueError, KeyError, TypeError):
            continue
        entries[entry.file] = entry
    return entries


def is_done(entry: Entry | None, sha256: str, policy_sha256: str, out_dir: Path) -> bool:
    """Finished before with the same content and policy, and its outputs are all still there."""
    return (entry is not None and entry.ok and entry.sha256 == sha256
            and entry.policy_sha256 == policy_sha256
            and all((out_dir / name).exists() for name in entry.outputs))


class Writer:
    """Appends entries, each flushed and fsynced before the next document is reported done."""

    def __init__(self, out_dir: Path):
        out_dir.mkdir(parents=True, exist_ok=True)
        self._handle = (out_dir / MANIFEST).open("a", encoding="utf-8")
        # a line torn by an earlier crash must not glue onto the next one
        if self._handle.tell() and not (out_dir / MANIFEST).read_bytes().endswith(b"\n"):
            self._handle.write("\n")

    def append(self, entry: Entry) -> None:
        self._handle.write(json.dumps(entry.to_json(), ensure_ascii=False) + "\n")
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()
