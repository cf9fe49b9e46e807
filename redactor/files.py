"""The one place that writes files: atomically (temp file in the same folder, fsync, rename)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


TEMP_SUFFIXES = (".tmp", ".partial")


def remove_stale_temporaries(folder: Path) -> int:
    """Temporary files a killed run left behind (never a finished output); returns how many."""
    removed = 0
    if folder.is_dir():
        for path in folder.rglob(".*"):
            if path.is_file() and path.name.endswith(TEMP_SUFFIXES):
                path.unlink(missing_ok=True)
                removed += 1
    return removed


def write_atomic(path: Path, data: str | bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
