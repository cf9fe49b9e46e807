"""`redactor batch` at scale: resumable through the manifest, crash-safe under SIGKILL, failures
isolated, and the Ray engine's outputs identical to the local engine's."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redactor.cli import app

ROOT = Path(__file__).resolve().parents[1]
REDACTOR = [sys.executable, "-m", "redactor.cli"]
SAMPLES = sorted(p for p in (ROOT / "sample_docs").glob("*.txt") if not p.name.endswith(".marked.txt"))


def make_inputs(folder: Path, copies: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for n in range(copies):
        for sample in SAMPLES:
            target = folder / f"{sample.stem}_{n:02d}.txt" if copies > 1 else folder / sample.name
            shutil.copyfile(sample, target)
            made.append(target)
    return made


def outputs(out_dir: Path) -> dict[str, bytes]:
    """Every finished output (not the manifest or the summary, which record times and runs)."""
    return {str(p.relative_to(out_dir)): p.read_bytes() for p in sorted(out_dir.rglob("*"))
            if p.is_file() and p.name not in ("manifest.jsonl", "summary.json", "failures.jsonl")}


def manifest_rows(out_dir: Path) -> list[dict]:
    rows = []
    for line in (out_dir / "manifest.jsonl").read_text().splitlines():
        try:
            rows.append(json.loads(line))
        except ValueError:
            pass
    return rows


def batch(in_dir: Path, out_dir: Path, *extra: str):
    return CliRunner().invoke(app, ["batch", str(in_dir), str(out_dir), "--workers", "1", *extra])


def test_rerun_skips_what_is_done_and_redoes_what_changed(tmp_path):
    inputs = make_inputs(tmp_path / "in")[:4]
    for extra in make_inputs(tmp_path / "in")[4:]:
        extra.unlink()
    out = tmp_path / "out"
    assert batch(tmp_path / "in", out).exit_code == 0
    first = outputs(out)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.redacted.txt")}
    again = batch(tmp_path / "in", out)
    summary = json.loads((out / "summary.json").read_text())
    assert again.exit_code == 0 and summary["skipped"] == 4 and summary["succeeded"] == 4
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.redacted.txt")} == stamps
    inputs[0].write_text(inputs[0].read_text() + "\nThe applicant Tariq Haddad also testified.\n")
    batch(tmp_path / "in", out)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["skipped"] == 3
    assert outputs(out) != first
    assert len(manifest_rows(out)) == 5  # four first runs and the one redone


def test_a_changed_policy_redoes_everything(tmp_path):
    make_inputs(tmp_path / "in")
    for extra in sorted((tmp_path / "in").iterdir())[2:]:
        extra.unlink()
    out = tmp_path / "out"
    batch(tmp_path / "in", out)
    batch(tmp_path / "in", out, "--policy", "court-publication")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["skipped"] == 0 and summary["succeeded"] == 2
    assert summary["policy"]["id"] == "court-publication"


def test_a_torn_manifest_line_is_ignored_and_its_document_redone(tmp_path):
    make_inputs(tmp_path / "in")
    for extra in sorted((tmp_path / "in").iterdir())[3:]:
        extra.unlink()
    out = tmp_path / "out"
    batch(tmp_path / "in", out)
    lines = (out / "manifest.jsonl").read_text().splitlines()
    (out / "manifest.jsonl").write_text("\n".join(lines[:-1]) + "\n" + lines[-1][:25])
    batch(tmp_path / "in", out)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["skipped"] == 2 and summary["succeeded"] == 3


def test_failures_are_isolated_and_reported(tmp_path):
    make_inputs(tmp_path / "in")
    for extra in sorted((tmp_path / "in").iterdir())[2:]:
        extra.unlink()
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(300))
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = batch(tmp_path / "in", out)
    assert result.exit_code == 1
    failures = [json.loads(line) for line in (out / "failures.jsonl").read_text().splitlines()]
    assert sorted(f["file"] for f in failures) == ["broken.pdf", "empty.txt"]
    assert all(f["reason"] for f in failures)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["succeeded"] == 2 and summary["failed"] == 2


def test_kill_and_resume_finishes_with_nothing_lost_and_nothing_done_twice(tmp_path):
    inputs = make_inputs(tmp_path / "in", copies=3)
    clean = tmp_path / "clean"
    subprocess.run([*REDACTOR, "batch", str(tmp_path / "in"), str(clean), "--workers", "2"],
                   check=False, capture_output=True, cwd=ROOT)
    out = tmp_path / "out"
    proc = subprocess.Popen([*REDACTOR, "batch", str(tmp_path / "in"), str(out), "--workers", "2"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if (out / "manifest.jsonl").exists() and len(manifest_rows(out)) >= 5:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, mid-flight
    proc.wait()
    done_before = {r["file"] for r in manifest_rows(out)}
    assert 0 < len(done_before) < len(inputs), "kill the batch part-way"
    result = subprocess.run([*REDACTOR, "batch", str(tmp_path / "in"), str(out), "--workers", "2"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    rows = manifest_rows(out)
    files = [r["file"] for r in rows]
    assert sorted(set(files)) == sorted(p.name for p in inputs)
    assert len(files) == len(set(files)), "a document was done twice"
    assert not [p for p in out.rglob(".*") if p.is_file()], "temporary files left behind"
    assert outputs(out) == outputs(clean)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["skipped"] == len(done_before)
    for row in rows[:3]:  # outputs verify
        log = out / row["outputs"][-2]
        redacted = out / row["outputs"][0]
        check = CliRunner().invoke(app, ["verify", str(redacted), "--log", str(log),
                                         "--original", str(tmp_path / "in" / row["file"])])
        assert check.exit_code == 0, check.output


def test_ray_engine_outputs_are_identical_to_the_local_engine(tmp_path):
    pytest.importorskip("ray")
    make_inputs(tmp_path / "in")
    for extra in sorted((tmp_path / "in").iterdir())[4:]:
        extra.unlink()
    local, remote = tmp_path / "local", tmp_path / "ray"
    assert batch(tmp_path / "in", local).exit_code == 0
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "in"), str(remote), "--workers", "2",
                                      "--engine", "ray"])
    assert result.exit_code == 0, result.output
    assert outputs(remote) == outputs(local)
    assert json.loads((remote / "summary.json").read_text())["engine"] == "ray"
