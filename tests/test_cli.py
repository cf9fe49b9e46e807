"""The command line (cli.py, service.py, batch.py) through Typer's CliRunner, and once through the
installed `redactor` script in a subprocess."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redactor.cli import app

STATEMENT = (
    "IN THE MATTER OF: TARIQ HADDAD\n"
    "A-Number: A075-836-651\n\n"
    "The applicant Tariq Haddad filed Form I-589 and testified on March 3, 2019.\n"
    "Haddad can be reached at t.haddad@example.org.\n"
)
SENSITIVE = ("Tariq", "TARIQ", "Haddad", "HADDAD", "075-836-651", "March 3", "t.haddad", "example.org")
SPAN_KEYS = {"start", "end", "entity_type", "entity_id", "role", "action", "replacement", "rule_id",
             "basis", "recognizer", "score"}
SCRIPT = Path(sys.executable).parent / "redactor"


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.fixture
def statement(tmp_path) -> Path:
    path = tmp_path / "in" / "statement.txt"
    path.parent.mkdir()
    path.write_text(STATEMENT, encoding="utf-8")
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    return path


def outputs(out_dir: Path, stem: str = "statement") -> tuple[Path, Path, Path]:
    return (out_dir / f"{stem}.redacted.txt", out_dir / f"{stem}.log.json", out_dir / f"{stem}.log.csv")


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*")) if folder.exists() else []


def check_outputs(statement: Path, out_dir: Path, repo_root: Path, include_text: bool = False) -> None:
    redacted_path, json_path, csv_path = outputs(out_dir)
    redacted = redacted_path.read_text(encoding="utf-8")
    for secret in SENSITIVE:
        assert secret not in redacted, secret
    assert "[PERSON-1]" in redacted and "Form I-589" in redacted
    assert redacted.count("\n") == STATEMENT.count("\n")

    log = json.loads(json_path.read_text(encoding="utf-8"))
    assert set(log) == {"document", "policy", "spans"}
    policy_file = repo_root / "policies" / "asylum-confidential.yaml"
    assert log["policy"] == {"id": "asylum-confidential",
                             "sha256": hashlib.sha256(policy_file.read_bytes()).hexdigest(),
                             "path": str(policy_file.resolve())}
    assert log["document"]["id"] == hashlib.sha256(STATEMENT.encode("utf-8")).hexdigest()
    assert log["document"]["output"] == redacted_path.name
    assert log["spans"], "no spans logged"
    for span in log["spans"]:
        assert SPAN_KEYS <= set(span), span
        assert 0 <= span["start"] < span["end"] <= len(STATEMENT)
        assert ("text" in span) is include_text
        if include_text:
            assert span["text"] == STATEMENT[span["start"]:span["end"]]
    actions = {(STATEMENT[s["start"]:s["end"]], s["action"]) for s in log["spans"]}
    assert ("I-589", "keep") in actions and ("A075-836-651", "redact") in actions
    assert ("Tariq Haddad", "tag") in actions

    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(log["spans"])
    assert SPAN_KEYS <= set(rows[0]) and ("text" in rows[0]) is include_text
    assert [(int(r["start"]), int(r["end"])) for r in rows] == [(s["start"], s["end"]) for s in log["spans"]]

    if not include_text:
        for path in (json_path, csv_path):
            dump = path.read_text(encoding="utf-8")
            for secret in SENSITIVE:
                assert secret not in dump, (path.name, secret)


def test_redact_writes_text_and_logs(runner, statement, tmp_path, repo_root):
    before = (statement.read_bytes(), statement.stat().st_mtime_ns)
    out_dir = tmp_path / "out"
    result = runner.invoke(app, ["redact", str(statement), "--out", str(out_dir)])
    assert result.exit_code == 0, result.output
    assert "statement.txt" in result.stdout and result.stderr == ""
    # every run says which policy file it used, with its path and hash
    policy_line = result.stdout.splitlines()[0]
    assert policy_line.startswith("policy asylum-confidential: ")
    assert "asylum-confidential.yaml (sha256 " in policy_line
    assert {p.name for p in files_in(out_dir)} == {p.name for p in outputs(out_dir)}
    check_outputs(statement, out_dir, repo_root)
    assert (statement.read_bytes(), statement.stat().st_mtime_ns) == before


def test_redact_include_text(runner, statement, tmp_path, repo_root):
    out_dir = tmp_path / "out"
    result = runner.invoke(app, ["redact", str(statement), "-o", str(out_dir), "--include-text"])
    assert result.exit_code == 0, result.output
    check_outputs(statement, out_dir, repo_root, include_text=True)


def test_redact_through_the_installed_script(statement, tmp_path, repo_root):
    assert SCRIPT.exists(), SCRIPT
    before = (statement.read_bytes(), statement.stat().st_mtime_ns)
    out_dir = tmp_path / "out"
    proc = subprocess.run([str(SCRIPT), "redact", str(statement), "--policy", "asylum-confidential",
                           "--out", str(out_dir)], capture_output=True, text=True, cwd=tmp_path,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    check_outputs(statement, out_dir, repo_root)
    assert (statement.read_bytes(), statement.stat().st_mtime_ns) == before


def test_script_reports_bad_input_in_one_line(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out_dir = tmp_path / "out"
    proc = subprocess.run([str(SCRIPT), "redact", str(empty), "--out", str(out_dir)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert proc.stderr.strip().count("\n") == 0 and "empty" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert files_in(out_dir) == []


def _bad_inputs(tmp_path: Path, statement: Path) -> dict[str, list[str]]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"Tariq Haddad\x00\x01\x02\x00" * 50)
    syntax = tmp_path / "broken.yaml"
    syntax.write_text("id: broken\ntitle: [unclosed\nrules:\n", encoding="utf-8")
    schema = tmp_path / "schema.yaml"
    schema.write_text(textwrap.dedent("""\
        id: schema
        title: Bad action
        rules:
          - id: people
            action: obliterate
            basis: x
        default: {id: d, action: redact, basis: y}
        """), encoding="utf-8")
    return {
        "missing file": ["redact", str(tmp_path / "absent.txt")],
        "empty file": ["redact", str(empty)],
        "binary file": ["redact", str(binary)],
        "folder": ["redact", str(tmp_path / "in")],
        "unknown policy": ["redact", str(statement), "--policy", "no-such-policy"],
        "invalid policy YAML": ["redact", str(statement), "--policy", str(syntax)],
        "invalid policy field": ["redact", str(statement), "--policy", str(schema)],
    }


EXPECTED_WORDS = {
    "missing file": "not found", "empty file": "empty", "binary file": "binary", "folder": "folder",
    "unknown policy": "no-such-policy", "invalid policy YAML": "broken.yaml:3",
    "invalid policy field": "schema.yaml:5: rules.0.action",
}


@pytest.mark.parametrize("case", list(EXPECTED_WORDS))
def test_bad_input_is_one_line_nonzero_and_writes_nothing(runner, statement, tmp_path, case):
    out_dir = tmp_path / "out"
    args = _bad_inputs(tmp_path, statement)[case] + ["--out", str(out_dir)]
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert EXPECTED_WORDS[case] in lines[0], lines[0]
    assert "Traceback" not in result.output and "Haddad" not in result.output
    assert files_in(out_dir) == []


@pytest.mark.parametrize("case", ["pattern in message", "bracket in path"])
def test_error_text_is_printed_literally(runner, tmp_path, case):
    if case == "pattern in message":
        bad = tmp_path / "bad-id.yaml"
        bad.write_text("id: Bad Id\ntitle: t\nrules: [{id: r, action: tag, basis: b}]\n"
                       "default: {id: d, action: redact, basis: b}\n", encoding="utf-8")
        args, expected = ["redact", str(tmp_path / "x.txt"), "--policy", str(bad)], "^[a-z0-9][a-z0-9_-]*$"
    else:
        args, expected = ["redact", str(tmp_path / "[/x].txt")], "[/x].txt: file not found"
    result = runner.invoke(app, args + ["--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr


def test_batch_isolates_a_failing_file(runner, tmp_path):
    in_dir, out_dir = tmp_path / "in", tmp_path / "out"
    (in_dir / "sub").mkdir(parents=True)
    (in_dir / "one.txt").write_text("The applicant Tariq Haddad testified in 2019.\n", encoding="utf-8")
    (in_dir / "sub" / "two.md").write_text("# Notes\nThe witness Omar Nasser saw it.\n", encoding="utf-8")
    (in_dir / "broken.txt").write_bytes(b"\x00\x01binary\x00" * 40)
    result = runner.invoke(app, ["batch", str(in_dir), str(out_dir), "--workers", "1"])
    assert result.exit_code == 1, result.output
    failures = [json.loads(line) for line in (out_dir / "failures.jsonl").read_text().splitlines()]
    assert len(failures) == 1
    assert failures[0]["file"] == "broken.txt" and failures[0]["ok"] is False
    assert "binary" in failures[0]["reason"]
    summary = json.loads((out_dir / "summary.json").read_text())
    assert (summary["documents"], summary["succeeded"], summary["failed"]) == (3, 2, 1)
    assert summary["by_type"]["PERSON"]["masked"] >= 2
    one = (out_dir / "one.redacted.txt").read_text(encoding="utf-8")
    two = (out_dir / "sub" / "two.redacted.txt").read_text(encoding="utf-8")
    assert "Haddad" not in one and "Nasser" not in two and "[PERSON-1]" in one
    assert not (out_dir / "broken.redacted.txt").exists()


def test_batch_does_not_lose_a_document_with_the_same_stem(runner, tmp_path):
    in_dir, out_dir = tmp_path / "in", tmp_path / "out"
    in_dir.mkdir()
    (in_dir / "notes.txt").write_text("The applicant Tariq Haddad testified.\n", encoding="utf-8")
    (in_dir / "notes.md").write_text("The witness Omar Nasser saw it.\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(in_dir), str(out_dir), "--workers", "1"])
    summary = json.loads((out_dir / "summary.json").read_text())
    redacted = sorted(out_dir.rglob("*.redacted.txt"))
    # every document reported as done has its own output
    assert len(redacted) == summary["succeeded"], (result.exit_code, [p.name for p in redacted])


def test_batch_rejects_a_missing_folder(runner, tmp_path):
    result = runner.invoke(app, ["batch", str(tmp_path / "nowhere"), str(tmp_path / "out")])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "not a folder" in result.stderr


def _redact(runner, statement, out_dir, *extra):
    result = runner.invoke(app, ["redact", str(statement), "-o", str(out_dir), *extra])
    assert result.exit_code == 0, result.output
    return outputs(out_dir, statement.stem)


def test_verify_passes_on_a_fresh_output(runner, statement, tmp_path):
    redacted, log, _ = _redact(runner, statement, tmp_path / "out")
    result = runner.invoke(app, ["verify", str(redacted), "--log", str(log), "--original", str(statement)])
    assert result.exit_code == 0, result.output
    assert "verified" in result.stdout


@pytest.mark.parametrize("put_back", ["Tariq Haddad", "HADDAD", "Tariq\nHaddad"])
def test_verify_fails_when_a_masked_name_is_put_back(runner, statement, tmp_path, put_back):
    redacted, log, _ = _redact(runner, statement, tmp_path / "out")
    text = redacted.read_text(encoding="utf-8")
    redacted.write_text(text.replace("[PERSON-1]", put_back, 1), encoding="utf-8")
    result = runner.invoke(app, ["verify", str(redacted), "--log", str(log), "--original", str(statement)])
    assert result.exit_code == 1
    assert "(PERSON)" in result.stderr and "verification failed:" in result.stderr and "Haddad" not in result.output


def test_verify_from_a_log_with_text(runner, statement, tmp_path):
    redacted, log, _ = _redact(runner, statement, tmp_path / "out", "--include-text")
    ok = runner.invoke(app, ["verify", str(redacted), "--log", str(log)])
    assert ok.exit_code == 0, ok.output
    redacted.write_text(redacted.read_text(encoding="utf-8") + "A075-836-651\n", encoding="utf-8")
    leaked = runner.invoke(app, ["verify", str(redacted), "--log", str(log)])
    assert leaked.exit_code == 1 and "(A_NUMBER)" in leaked.stderr


def test_verify_from_a_log_with_text_when_a_masked_value_is_also_kept(runner, tmp_path):
    doc = tmp_path / "detention.txt"
    doc.write_text("The applicant Tariq Haddad was detained in 2019. See Matter of J-Y-C-, "
                   "24 I&N Dec. 260 (BIA 2019).\n", encoding="utf-8")
    redacted, log, _ = _redact(runner, doc, tmp_path / "out", "--include-text")
    text = redacted.read_text(encoding="utf-8")
    assert "detained in 2019" not in text and "(BIA 2019)" in text  # the output is correct
    with_original = runner.invoke(app, ["verify", str(redacted), "--log", str(log),
                                        "--original", str(doc)])
    assert with_original.exit_code == 0, with_original.output
    from_log = runner.invoke(app, ["verify", str(redacted), "--log", str(log)])
    assert from_log.exit_code == 0, from_log.output


def test_crlf_line_endings_are_kept(runner, tmp_path):
    doc = tmp_path / "crlf.txt"
    doc.write_bytes(b"The applicant Tariq Haddad testified.\r\nHaddad fled in 2019.\r\n")
    redacted, log, _ = _redact(runner, doc, tmp_path / "out")
    data = redacted.read_bytes()
    assert data.count(b"\r\n") == 2 and b"Haddad" not in data
    assert data.startswith(b"The applicant [PERSON-1] testified.\r\n[PERSON-1] fled in ")


def test_verify_needs_the_original_without_span_texts(runner, statement, tmp_path):
    redacted, log, _ = _redact(runner, statement, tmp_path / "out")
    result = runner.invoke(app, ["verify", str(redacted), "--log", str(log)])
    assert result.exit_code == 1 and "--original" in result.stderr


def test_policies_lists_the_shipped_policies(runner):
    result = runner.invoke(app, ["policies"])
    assert result.exit_code == 0
    for name in ("asylum-confidential", "court-publication", "frcp-5-2"):
        assert name in result.stdout


def test_test_policy_reports_a_leak_by_location_without_text(runner, tmp_path):
    """The mechanics of `test-policy` on a one-document gold set and a policy that keeps everything
    (not the accuracy of any shipped policy)."""
    from redactor.gold import build_from_marked

    samples = tmp_path / "samples"
    samples.mkdir()
    marked = samples / "tiny.marked.txt"
    marked.write_text("Intro line.\nThe applicant [[PERSON|mask|applicant:Tariq Haddad]] testified.\n",
                      encoding="utf-8")
    build_from_marked(marked)
    keep_all = tmp_path / "keep-all.yaml"
    keep_all.write_text("id: keep-all\ntitle: Keep\nrules: [{id: k, action: keep, basis: b}]\n"
                        "default: {id: d, action: keep, basis: b}\n"
                        "expectations: {recall: {PERSON: 1.0}}\n", encoding="utf-8")
    figures = tmp_path / "figures.json"
    result = runner.invoke(app, ["test-policy", str(keep_all), str(samples), "--json", str(figures)])
    assert result.exit_code == 1
    assert "leak: tiny:2:15 PERSON/applicant" in result.stdout
    assert "Haddad" not in result.output
    data = json.loads(figures.read_text())
    assert data["by_type"]["PERSON"]["gold"] == 1 and data["by_type"]["PERSON"]["caught"] == 0
    shown = runner.invoke(app, ["test-policy", str(keep_all), str(samples), "--show-text"])
    assert "'Tariq Haddad'" in shown.stdout

    passing = runner.invoke(app, ["test-policy", "asylum-confidential", str(samples)])
    assert passing.exit_code == 0, passing.output
