"""`redactor case` and `redactor verify FOLDER` end to end on the sample bundle: every output, the
case log and the redaction index are written and verified, and none of them, nor any file name,
carries a masked string."""

from __future__ import annotations

import csv
import json
import re
import shutil

import fitz
import pytest
from typer.testing import CliRunner

from redactor.cli import app

from tests.case.conftest import BUNDLE


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def bundle_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("case") / "out"
    result = run("case", str(BUNDLE), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def masked_strings(bundle_golds) -> set[str]:
    """Every gold mask text of the bundle that could be told apart in a log (see _checkable)."""
    found = set()
    for gold in bundle_golds.values():
        for span in gold.spans:
            value = " ".join(span.text.split())
            if span.action == "mask" and (any(c.isalpha() for c in value) or sum(c.isdigit() for c in value) >= 8):
                found.add(value)
    return found


def carries(text: str, value: str) -> bool:
    words = [re.escape(w) for w in value.split()]
    return re.search(r"(?<![^\W_])" + r"[\s_-]+".join(words) + r"(?![^\W_])", text, re.IGNORECASE) is not None


def test_the_case_writes_every_document_the_case_log_and_the_index(bundle_out):
    names = sorted(p.name for p in bundle_out.iterdir())
    assert {"case.log.json", "redaction_index.csv", "redaction_index.pdf"} <= set(names)
    assert len([n for n in names if n.endswith(".redacted.txt")]) == 8
    log = json.loads((bundle_out / "case.log.json").read_text(encoding="utf-8"))
    assert log["case"]["documents"] == 8 and log["case"]["profile"] is True
    applicant = log["entities"][0]
    assert applicant["id"] == "PERSON-1" and applicant["role"] == "applicant"
    assert len(applicant["mentions"]) == 8
    assert isinstance(applicant["added_by_case"], int) and applicant["added_by_case"] >= 0
    assert applicant["masked"] == sum(applicant["mentions"].values())
    assert "text" not in applicant
    with (bundle_out / "redaction_index.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == log["summary"]["masked"]
    assert {r["document"] for r in rows} == {d["document"] for d in log["documents"]}
    assert all(r["basis"] and r["action"] != "keep" and r["page"] == "1" for r in rows)
    with fitz.open(bundle_out / "redaction_index.pdf") as pdf:
        text = "".join(page.get_text() for page in pdf)
    assert "Redaction index" in text and "PERSON-1" in text and "8 CFR 208.6" in text


def test_nothing_in_the_case_log_the_index_or_any_file_name_carries_a_masked_string(bundle_out, bundle_golds):
    with fitz.open(bundle_out / "redaction_index.pdf") as pdf:
        index_pdf = "".join(page.get_text() for page in pdf) + json.dumps(pdf.metadata)
    views = {
        "case.log.json": (bundle_out / "case.log.json").read_text(encoding="utf-8"),
        "redaction_index.csv": (bundle_out / "redaction_index.csv").read_text(encoding="utf-8"),
        "redaction_index.pdf": index_pdf,
        "file names": "\n".join(str(p.relative_to(bundle_out)) for p in bundle_out.rglob("*")),
    }
    strings = masked_strings(bundle_golds)
    assert {"Hrytsevich", "Alexandra Gritsevich", "A212345678", "Sasha"} <= strings
    for name, text in views.items():
        leaked = sorted(s for s in strings if carries(text, s))
        assert not leaked, f"{name} carries {len(leaked)} masked string(s)"
    assert not any("hrytsevich" in p.name.casefold() for p in bundle_out.iterdir())


def test_every_redacted_document_drops_every_gold_person(bundle_out, bundle_golds):
    for path in bundle_out.glob("*.redacted.txt"):
        text = path.read_text(encoding="utf-8")
        for gold in bundle_golds.values():
            for span in gold.spans:
                if span.type == "PERSON" and span.action == "mask" and len(span.text) > 3:
                    assert not carries(text, span.text), path.name


def test_verify_checks_every_file_of_the_bundle(bundle_out, tmp_path):
    result = run("verify", str(bundle_out), "--original", str(BUNDLE))
    assert result.exit_code == 0, result.output
    assert "verified" in result.output
    tampered = tmp_path / "tampered"
    shutil.copytree(bundle_out, tampered)
    index = tampered / "redaction_index.csv"
    index.write_text(index.read_text(encoding="utf-8") + "note,Gritsevich\n", encoding="utf-8")
    result = run("verify", str(tampered), "--original", str(BUNDLE))
    assert result.exit_code == 1 and "redaction_index.csv" in result.output
    assert "Gritsevich" not in result.output
    shutil.copyfile(bundle_out / "redaction_index.csv", index)
    news = next(tampered.glob("news_item*.redacted.txt"))
    news.write_text(news.read_text(encoding="utf-8").replace("[PERSON-1]", "Alexandra Gritsevich", 1), encoding="utf-8")
    result = run("verify", str(tampered), "--original", str(BUNDLE))
    assert result.exit_code == 1 and "news_item" in result.output
    result = run("verify", str(tampered))
    assert result.exit_code == 1  # no originals and no texts in the logs: nothing can be proven


def test_with_include_text_the_logs_carry_texts_and_the_bundle_verifies_alone(tmp_path):
    out = tmp_path / "out"
    result = run("case", str(BUNDLE), "--out", str(out), "--include-text")
    assert result.exit_code == 0, result.output
    log = json.loads((out / "case.log.json").read_text(encoding="utf-8"))
    assert "Aliaksandra Hrytsevich" in log["entities"][0]["text"]
    result = run("verify", str(out))
    assert result.exit_code == 0, result.output


def test_a_list_of_files_is_a_case_and_a_bad_profile_is_one_line(tmp_path):
    files = [str(BUNDLE / "news_item.txt"), str(BUNDLE / "i589_extract.txt")]
    out = tmp_path / "out"
    result = run("case", *files, "--out", str(out))
    assert result.exit_code == 0, result.output
    log = json.loads((out / "case.log.json").read_text(encoding="utf-8"))
    assert log["case"]["documents"] == 2 and log["case"]["profile"] is False
    # the news item's Russian spelling is tied to the form's labelled name through its alias field
    applicant = next(e for e in log["entities"] if e["role"] == "applicant" and len(e["mentions"]) == 2)
    assert applicant["links"].get("alias") == 1
    bad = tmp_path / "case.yaml"
    bad.write_text("identities:\n  - name: Oksana Petrova\n    role: judge\n", encoding="utf-8")
    result = run("case", *files, "--out", str(tmp_path / "x"), "--profile", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:3: identities.0.role" in " ".join(result.output.split())
    assert "Petrova" not in result.output


def test_test_policy_measures_a_case_with_and_without_linking(tmp_path):
    figures = {}
    for name, extra in (("alone", []), ("linked", ["--case", "--no-profile"]), ("profile", ["--case"])):
        path = tmp_path / f"{name}.json"
        run("test-policy", "asylum-confidential", str(BUNDLE), "--json", str(path), *extra)
        figures[name] = json.loads(path.read_text())["by_type"]["PERSON"]
    assert figures["alone"]["recall"] <= figures["linked"]["recall"] < figures["profile"]["recall"] == 1.0
