"""Gold samples (gold.py): every `sample_docs/*.gold.json` loads against its text, and its
`.marked.txt` parses to the same text and spans. The shared development corpus gets the same checks
when it is present next to the repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redactor.gold import GoldDocument, load_gold, parse_marked

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLES = REPO_ROOT / "sample_docs"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
TYPES = {"PERSON", "A_NUMBER", "DOCKET", "RECEIPT_NUMBER", "DATE", "DATE_OF_BIRTH", "LOCATION",
         "ADDRESS", "PHONE", "EMAIL", "ID_CODE", "ORG", "NRP"}

SAMPLE_GOLDS = sorted(SAMPLES.glob("*.gold.json"))


def test_there_are_samples():
    assert len(SAMPLE_GOLDS) >= 5


def check_gold_file(gold_path: Path) -> GoldDocument:
    gold = load_gold(gold_path)  # checks the text hash and every span's text
    stem = gold_path.name.removesuffix(".gold.json")
    assert gold.doc == stem
    assert gold.spans, "no gold spans"
    for span in gold.spans:
        assert 0 <= span.start < span.end <= len(gold.text)
        assert span.type in TYPES and span.action in ("mask", "keep")
    ordered = sorted((s.start, s.end) for s in gold.spans)
    assert all(a[1] <= b[0] for a, b in zip(ordered, ordered[1:])), "gold spans overlap"
    marked = gold_path.with_name(stem + ".marked.txt")
    assert marked.exists(), f"{marked.name} is missing"
    parsed = parse_marked(marked.read_text(encoding="utf-8"), stem)
    assert parsed.text == gold.text
    assert parsed.spans == gold.spans
    assert json.loads(gold_path.read_text(encoding="utf-8")) == parsed.to_json()
    return gold


@pytest.mark.parametrize("gold_path", SAMPLE_GOLDS, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_sample_gold_loads_and_matches_its_marked_text(gold_path):
    check_gold_file(gold_path)


def test_shared_corpus_gold_loads_and_matches_its_marked_text():
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not present at {CORPUS}")
    golds = sorted(CORPUS.glob("*.gold.json"))
    if not golds:
        pytest.skip(f"no *.gold.json in {CORPUS}")
    for gold_path in golds:
        check_gold_file(gold_path)


def test_load_gold_rejects_a_changed_text(tmp_path):
    source = SAMPLE_GOLDS[0]
    stem = source.name.removesuffix(".gold.json")
    (tmp_path / source.name).write_bytes(source.read_bytes())
    text = (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
    (tmp_path / f"{stem}.txt").write_text(text + "x", encoding="utf-8")
    with pytest.raises(ValueError, match="text_sha256"):
        load_gold(tmp_path / source.name)


def test_parse_marked_offsets_and_roles():
    gold = parse_marked("Hi [[PERSON|mask|applicant:Tariq\nHaddad]], see [[ID_CODE|keep:I-589]].", "t")
    assert gold.text == "Hi Tariq\nHaddad, see I-589."
    assert [(s.start, s.end, s.type, s.action, s.role, s.text) for s in gold.spans] == [
        (3, 15, "PERSON", "mask", "applicant", "Tariq\nHaddad"), (21, 26, "ID_CODE", "keep", None, "I-589")]
    with pytest.raises(ValueError):
        parse_marked("broken [[PERSON|mask:x", "t")


def test_shared_corpus_check_skips_when_the_corpus_is_absent(monkeypatch, tmp_path):
    import tests.test_samples as module

    monkeypatch.setattr(module, "CORPUS", tmp_path / "no-such-corpus")
    with pytest.raises(pytest.skip.Exception):
        module.test_shared_corpus_gold_loads_and_matches_its_marked_text()
