"""`redactor batch IN OUT --cases`: each subfolder is a case; resumable through the manifest; a
document outside every case folder is reported, not silently left out; the case folder's output
name carries no masked word; Ray gives the local engine's outputs."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from redactor.cli import app

from tests.case.conftest import BUNDLE, REPO


def make_cases(root):
    first = root / "case_hrytsevich"
    first.mkdir(parents=True)
    for name in ("i589_extract.txt", "news_item.txt", "summons_translation.txt", "case.yaml"):
        shutil.copyfile(BUNDLE / name, first / name)
    second = root / "case_two"
    second.mkdir()
    for name in ("news_item_detention.txt", "attorney_letter_haddad.txt"):
        shutil.copyfile(REPO / "sample_docs" / name, second / name)
    return first, second


def run(in_dir, out_dir, *extra):
    return CliRunner().invoke(app, ["batch", str(in_dir), str(out_dir), "--cases", "--workers", "1", *extra])


def outputs(out_dir) -> dict[str, bytes]:
    return {str(p.relative_to(out_dir)): p.read_bytes() for p in sorted(out_dir.rglob("*"))
            if p.is_file() and p.name not in ("manifest.jsonl", "summary.json", "failures.jsonl")}


def test_cases_are_redacted_as_units_and_a_rerun_redoes_only_what_changed(tmp_path):
    first, second = make_cases(tmp_path / "in")
    out = tmp_path / "out"
    result = run(tmp_path / "in", out)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["cases"] == 2 and summary["succeeded"] == 2 and summary["documents"] == 5
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert len(folders) == 2 and "case_two" in folders
    assert not any("hrytsevich" in name.casefold() for name in folders)  # the surname is masked
    for folder in folders:
        assert (out / folder / "case.log.json").exists() and (out / folder / "redaction_index.pdf").exists()
    log = json.loads(next(out.glob("case_PERSON*/case.log.json")).read_text())
    assert log["case"]["profile"] is True and log["entities"][0]["role"] == "applicant"
    before = outputs(out)

    result = run(tmp_path / "in", out)
    assert result.exit_code == 0 and json.loads((out / "summary.json").read_text())["skipped"] == 2
    assert outputs(out) == before

    doc = second / "attorney_letter_haddad.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nPostscript: Tariq Haddad called again.\n", encoding="utf-8")
    result = run(tmp_path / "in", out)
    summary = json.loads((out / "summary.json").read_text())
    assert result.exit_code == 0 and summary["skipped"] == 1 and summary["succeeded"] == 2
    after = outputs(out)
    assert {k: v for k, v in after.items() if not k.startswith("case_two")} == \
        {k: v for k, v in before.items() if not k.startswith("case_two")}
    assert after != before


def test_a_document_outside_every_case_folder_is_reported(tmp_path):
    make_cases(tmp_path / "in")
    shutil.copyfile(BUNDLE / "emails.txt", tmp_path / "in" / "stray.txt")
    out = tmp_path / "out"
    result = run(tmp_path / "in", out)
    assert result.exit_code == 1
    failures = [json.loads(line) for line in (out / "failures.jsonl").read_text().splitlines()]
    assert [f["file"] for f in failures] == ["stray.txt"]
    assert "not inside a case folder" in failures[0]["reason"]


def test_the_ray_engine_redacts_cases_like_the_local_engine(tmp_path):
    pytest.importorskip("ray")
    root = tmp_path / "in"
    (root / "case_one").mkdir(parents=True)
    for name in ("news_item.txt", "summons_translation.txt"):
        shutil.copyfile(BUNDLE / name, root / "case_one" / name)
    local, remote = tmp_path / "local", tmp_path / "ray"
    assert run(root, local).exit_code == 0
    result = run(root, remote, "--engine", "ray")
    assert result.exit_code == 0, result.output
    assert json.loads((remote / "summary.json").read_text())["engine"] == "ray"
    assert outputs(local) == outputs(remote)
