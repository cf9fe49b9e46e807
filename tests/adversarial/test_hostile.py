"""Every hostile input fails fast and clearly: one line naming the limit and its setting, within
10 s and under 1 GB of memory (measured in a separate process: the whole `redactor redact` command,
Python's start-up included), and nothing written."""

from __future__ import annotations

import sys
import time

import pytest

from tests.adversarial.builders import BODY
from tests.adversarial.hostile import HOSTILE
from tests.docbuild import run_measured

SECONDS = 10.0
PEAK = 1024**3


@pytest.mark.parametrize("build, role, setting", HOSTILE, ids=lambda v: getattr(v, "__name__", ""))
def test_hostile_input_fails_fast_with_one_line(build, role, setting, tmp_path):
    started = time.perf_counter()
    hostile = build(tmp_path)
    built = time.perf_counter() - started
    out = tmp_path / "out"
    if role == "policy":
        document = tmp_path / "statement.txt"
        document.write_text(BODY, encoding="utf-8")
        args = [document, "--policy", hostile]
    else:
        args = [hostile]
    code, stdout, stderr, peak, seconds = run_measured(
        [sys.executable, "-m", "redactor.cli", "redact", *args, "--out", out], timeout=120)
    print(f"\n{build.__name__}: {hostile.stat().st_size:,} bytes built in {built:.1f} s; refused in "
          f"{seconds:.1f} s, peak RSS {peak / 2**20:.0f} MB")
    lines = stderr.strip().splitlines()
    assert code != 0 and len(lines) == 1, stderr[-2000:]
    assert lines[0].startswith("error: ") and "limit" in lines[0] and setting in lines[0], lines[0]
    assert "unexpected" not in lines[0]
    assert seconds < SECONDS, f"{seconds:.1f} s"
    assert peak < PEAK, f"{peak / 2**20:.0f} MB"
    assert not out.exists() or not any(out.iterdir()), "a refused input left outputs"
