"""Batches that meet odd folders, policies that could be silently swapped, and `redactor verify`
given the wrong original or a tampered output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redactor.cli import app
from tests.adversarial.builders import BODY, DIGITS, SURNAME

ROOT = Path(__file__).resolve().parents[2]


def invoke(*args, **kw):
    return CliRunner().invoke(app, [str(a) for a in args], **kw)


# --- batches -----------------------------------------------------------------------------------------

@pytest.fixture
def odd_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "statement.txt").write_text(BODY, encoding="utf-8")
    odd = os.fsencode(folder) + b"/d\xe9claration_\xff.txt"  # Latin-1 bytes: not UTF-8
    with open(odd, "wb") as handle:
        handle.write(BODY.encode("utf-8"))
    (folder / ".hidden_notes.txt").write_text(BODY, encoding="utf-8")
    (folder / "photo.heic").write_bytes(b"\0" * 16)
    outside = tmp_path / "elsewhere.txt"
    outside.write_text(BODY, encoding="utf-8")
    (folder / "link_out.txt").symlink_to(outside)
    (folder / "link_in.txt").symlink_to(folder / "statement.txt")
    return folder


def test_every_file_ends_in_the_manifest_failures_or_a_skipped_count(odd_folder, tmp_path):
    out = tmp_path / "out"
    result = invoke("batch", odd_folder, out, "--workers", "1")
    assert result.exit_code == 1, result.output  # the refused link is a failure
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    failures = [json.loads(line) for line in (out / "failures.jsonl").read_text().splitlines()]
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert [f["file"] for f in failures] == ["link_out.txt"]
    assert "outside the input folder" in failures[0]["reason"]
    done = sorted(row["file"] for row in manifest if row["ok"])
    assert done == ["d\\xe9claration_\\xff.txt", "link_in.txt", "statement.txt"]
    assert summary["skipped_files"]["hidden (dot-files)"] == 1
    assert summary["skipped_files"]["unsupported type"] == 1
    counted = summary["succeeded"] + summary["failed"] + sum(
        v for k, v in summary["skipped_files"].items() if k != "already done")
    assert counted == summary["files_found"] == 6
    # the file whose name is not UTF-8 has its outputs, under a writable name
    assert any(p.name.startswith("d_claration") for p in out.glob("*.redacted.txt"))
    again = invoke("batch", odd_folder, out, "--workers", "1")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert again.exit_code == 1 and summary["skipped"] == 3 and summary["failed"] == 1


def test_summary_and_failures_are_written_when_nothing_can_be_done(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / ".only_hidden.txt").write_text(BODY, encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("batch", folder, out, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert (out / "failures.jsonl").read_text() == ""
    assert json.loads((out / "summary.json").read_text())["skipped_files"]["hidden (dot-files)"] == 1


# --- policies ----------------------------------------------------------------------------------------

@pytest.fixture
def shadowing_cwd(tmp_path, monkeypatch):
    """A folder whose ./policies/asylum-confidential.yaml keeps everything."""
    shipped = (ROOT / "policies" / "asylum-confidential.yaml").read_text(encoding="utf-8")
    (tmp_path / "policies").mkdir()
    keep_all = re.sub(r"action: \w+", "action: keep", shipped).replace(
        "title: Asylum confidentiality (8 C.F.R. 208.6)", "title: keep everything")
    (tmp_path / "policies" / "asylum-confidential.yaml").write_text(keep_all, encoding="utf-8")
    (tmp_path / "policies" / "my-own.yaml").write_text(shipped.replace(
        "id: asylum-confidential", "id: my-own"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REDACTOR_POLICY_DIR", raising=False)
    return tmp_path


def test_a_shadowing_policy_in_the_current_folder_is_not_used_and_is_warned_of(shadowing_cwd):
    from redactor.policy import load_policy

    loaded = load_policy("asylum-confidential")
    assert loaded.path == (ROOT / "policies" / "asylum-confidential.yaml").resolve()
    assert len(loaded.warnings) == 1 and "NOT used" in loaded.warnings[0]
    (shadowing_cwd / "statement.txt").write_text(BODY, encoding="utf-8")
    result = invoke("redact", "statement.txt", "--out", "out")
    assert result.exit_code == 0, result.output
    assert "NOT used" in result.stderr
    assert f"{ROOT / 'policies' / 'asylum-confidential.yaml'} (sha256 " in result.stdout
    redacted = (shadowing_cwd / "out" / "statement.redacted.txt").read_text(encoding="utf-8")
    assert SURNAME not in redacted and DIGITS not in redacted
    log = json.loads((shadowing_cwd / "out" / "statement.log.json").read_text(encoding="utf-8"))
    assert log["policy"]["path"].endswith("policies/asylum-confidential.yaml")
    assert str(shadowing_cwd) not in log["policy"]["path"]


def test_resolution_order(shadowing_cwd, monkeypatch, tmp_path_factory):
    from redactor.policy import load_policy

    assert load_policy("my-own").path == (shadowing_cwd / "policies" / "my-own.yaml").resolve()
    assert load_policy("policies/asylum-confidential.yaml").policy.title == "keep everything"
    admin = tmp_path_factory.mktemp("admin")
    (admin / "asylum-confidential.yaml").write_text(
        (ROOT / "policies" / "asylum-confidential.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("REDACTOR_POLICY_DIR", str(admin))
    assert load_policy("asylum-confidential").path == (admin / "asylum-confidential.yaml").resolve()


# --- verify ------------------------------------------------------------------------------------------

@pytest.fixture
def redacted_statement(tmp_path):
    source = tmp_path / "statement.txt"
    source.write_text(BODY + f"Ms. {SURNAME} signed. Her number: {DIGITS[:3]}-{DIGITS[3:6]}-"
                             f"{DIGITS[6:]}.\n", encoding="utf-8")
    result = invoke("redact", source, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    return source, tmp_path / "out" / "statement.redacted.txt", tmp_path / "out" / "statement.log.json"


def test_verify_refuses_an_original_that_does_not_match_the_log(redacted_statement, tmp_path):
    _, output, log = redacted_statement
    other = tmp_path / "other.txt"
    other.write_text(BODY.replace("hearing", "interview"), encoding="utf-8")
    result = invoke("verify", output, "--log", log, "--original", other)
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "this original does not match the log" in result.stderr and "leak" not in result.stderr


def test_verify_on_a_tampered_output_prints_one_summary_line(redacted_statement):
    source, output, log = redacted_statement
    text = output.read_text(encoding="utf-8")
    tampered = text.replace("[PERSON-1]", f"Natalia {SURNAME}") + f"\n{DIGITS} {SURNAME.upper()}\n"
    output.write_text(tampered, encoding="utf-8")
    result = invoke("verify", output, "--log", log, "--original", source)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert re.match(r"verification failed: \d+ leaks across [2-9] entities: ", line), line
    assert "PERSON-1 (PERSON)" in line and "(A_NUMBER)" in line
    assert SURNAME not in result.output and DIGITS not in result.output
    detailed = invoke("verify", output, "--log", log, "--original", source, "--details")
    lines = detailed.stderr.strip().splitlines()
    assert lines[0] == line and len(lines) > 2 and all(l.startswith("leak: ") for l in lines[1:])


# --- library noise -----------------------------------------------------------------------------------

def broken_cmap_pdf(path: Path) -> Path:
    """An ordinary PDF whose font has a damaged ToUnicode map (odd-length hex strings)."""
    import fitz

    doc = fitz.open()
    page = doc.new_page()
    page.insert_text((72, 72), BODY.replace("\n", " ")[:90], fontname="helv", fontsize=10)
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange "
            b"<00> <FF> endcodespacerange 2 beginbfchar <41> <0041> <4> <00421> endbfchar "
            b"1 beginbfrange <61> <7A> <0061> <62 <00> endbfrange endcmap end end")
    for xref, *_ in page.get_fonts():
        stream = doc.get_new_xref()
        doc.update_object(stream, "<< >>")
        doc.update_stream(stream, cmap)
        doc.xref_set_key(xref, "ToUnicode", f"{stream} 0 R")
    doc.save(path)
    return path


def test_pdf_library_noise_goes_to_the_debug_log_not_the_terminal(tmp_path):
    source = broken_cmap_pdf(tmp_path / "notice.pdf")
    run = [sys.executable, "-m", "redactor.cli"]
    quiet = subprocess.run([*run, "redact", source, "--out", tmp_path / "out"], capture_output=True,
                           text=True, timeout=300)
    assert "Skipping broken line" not in quiet.stderr and "Odd-length" not in quiet.stderr
    assert "DeprecationWarning" not in quiet.stderr and "mupdf" not in quiet.stderr.lower()
    assert all(line.startswith(("error: ", "warning: ")) for line in quiet.stderr.splitlines()), quiet.stderr
    loud = subprocess.run([*run, "--debug", "redact", source, "--out", tmp_path / "out2"],
                          capture_output=True, text=True, timeout=300)
    assert "debug: redactor" in loud.stderr
