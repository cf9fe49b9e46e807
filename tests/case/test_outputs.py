"""Case outputs on hand-made findings (no model): names carry no masked word, the case files are
verified (and a leak into them is caught), the index's pages and lines are right."""

from __future__ import annotations

import csv
import json

import pytest

from redactor.case import plan_case, write_case
from redactor.case import outputs as case_outputs
from redactor.policy import load_policy
from redactor.service import VerificationError

from tests.case.conftest import case_document

A = "DECLARATION OF OKSANA PETROVA\nI, Oksana Petrova, ask for asylum.\fPage two: Petrova again.\n"
B = "Legal memo.\nThe client Ms. Petrova (A075836651) met the Legal team.\n"


def small_case():
    docs = [case_document(0, A, [("OKSANA PETROVA", 0, "PERSON", "PERSON-1", "applicant"),
                                 ("Oksana Petrova", 0, "PERSON", "PERSON-1", "applicant")],
                          name="petrova/declaration_petrova.txt"),
            # a detector that took "Legal" for a name, everywhere it occurs
            case_document(1, B, [("Legal", 0, "PERSON", "PERSON-1", None), ("Legal", 1, "PERSON", "PERSON-1", None),
                                 ("A075836651", 0, "A_NUMBER", "A_NUMBER-1", None)], name="memo.txt")]
    return plan_case(docs, load_policy("asylum-confidential"))


def test_names_pages_and_lines(tmp_path):
    outcome = write_case(small_case(), tmp_path)
    names = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert not any("petrova" in n.casefold() for n in names)
    assert any(n.startswith("PERSON-1/declaration_PERSON-1-") for n in names), names
    with (tmp_path / "redaction_index.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    declaration = [(r["page"], r["line"]) for r in rows if r["document"].startswith("PERSON-1/")]
    assert declaration == [("1", "1"), ("1", "2"), ("2", "2")]  # the form feed starts page two
    log = json.loads((tmp_path / "case.log.json").read_text(encoding="utf-8"))
    assert {d["document"] for d in log["documents"]} == set(outcome.labels)
    # "Legal", masked as a name by a confused detector, is also a word of the index's own header:
    # it cannot be told apart there, so the case still writes
    assert (tmp_path / "redaction_index.pdf").exists()


def test_a_masked_word_in_a_document_label_fails_the_case_and_keeps_no_case_file(tmp_path, monkeypatch):
    # break the naming on purpose: the labels in the case log and the index keep the input names
    monkeypatch.setattr(case_outputs, "safe_names", lambda case, style="safe": [
        d.rel.rsplit(".", 1)[0].replace("/", "_") for d in case.documents])
    with pytest.raises(VerificationError) as caught:
        write_case(small_case(), tmp_path)
    assert "redaction_index.csv" in str(caught.value) and "case.log.json" in str(caught.value)
    assert "etrova" not in str(caught.value).replace(str(tmp_path), "")
    assert not any((tmp_path / name).exists() for name in case_outputs.CASE_FILES)
    # the documents' own outputs are still named safely by the service
    assert not any("petrova" in p.name.casefold() for p in tmp_path.rglob("*"))


def test_the_check_catches_a_masked_word_in_a_file_name():
    case = small_case()
    assert case_outputs.check_case_files(case, {"file names": "petrova_memo.redacted.txt"}) == ["file names"]
    assert case_outputs.check_case_files(case, {"file names": "PERSON-1_memo.redacted.txt"}) == []


def test_hash_names_carry_nothing_of_the_inputs(tmp_path):
    from redactor.service import OutputOptions

    case = small_case()
    write_case(case, tmp_path, OutputOptions(file_names="hash"))
    stems = {p.name.split(".")[0] for p in tmp_path.glob("*.redacted.txt")}
    assert stems == {d.document.id[:16] for d in case.documents}
