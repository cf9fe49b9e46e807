"""Long texts are analysed in chunks (detect/chunking.py, recognise.recognise): the chunks cover
the text exactly, and offsets found in a chunk map back to the same place in the document."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redactor.detect import detect, recognise
from redactor.detect.chunking import chunk_text
from redactor.io import document_from_text
from redactor.settings import Settings


@given(st.text(alphabet="ab .\n", max_size=400), st.integers(min_value=1, max_value=120))
def test_chunks_cover_the_text_exactly(text, size):
    chunks = chunk_text(text, size)
    assert "".join(c for _, c in chunks) == text
    position = 0
    for offset, chunk in chunks:
        assert offset == position and 0 < len(chunk) <= size
        position += len(chunk)


def test_chunks_prefer_paragraph_boundaries():
    text = ("x" * 40 + "\n\n") * 5
    chunks = chunk_text(text, 100)
    assert all(chunk.endswith("\n\n") for _, chunk in chunks)


@pytest.fixture
def chunk_chars(monkeypatch):
    def use(size: int) -> None:
        monkeypatch.setattr(recognise, "get_settings", lambda: Settings(chunk_chars=size))
    return use


def test_chunked_detection_finds_the_same_spans(chunk_chars):
    paragraphs = [f"Paragraph {i}. The applicant Tariq Haddad gave A-Number A0{i:02d}-836-651 and wrote "
                  f"to t{i}@example.org on March {i + 1}, 2019." for i in range(12)]
    text = "\n\n".join(paragraphs)
    document = document_from_text(text)

    def key(findings):
        return sorted((f.start, f.end, f.entity_type, f.entity_id) for f in findings
                      if f.entity_type in ("A_NUMBER", "EMAIL", "DATE", "PERSON"))

    whole = key(detect(document))
    chunk_chars(300)
    assert len(chunk_text(text, 300)) > 3
    assert key(detect(document)) == whole
    assert sum(1 for k in whole if k[2] == "A_NUMBER") == 12


def test_a_number_straddling_a_chunk_cut_is_found(chunk_chars):
    lines = [f"Line {i:02d} of the scanned record without blank lines here." for i in range(3)]
    text = "\n".join(lines) + "\nA-Number:\n075 836 651\nMore text follows on the next line of the scan.\n"
    document = document_from_text(text)
    assert [text[f.start:f.end] for f in detect(document) if f.entity_type == "A_NUMBER"] == ["075 836 651"]
    chunk_chars(180)
    cut = chunk_text(text, 180)[1][0]
    assert text[cut:].startswith("075 836 651")  # the cut falls between label and number
    assert [text[f.start:f.end] for f in detect(document) if f.entity_type == "A_NUMBER"] == ["075 836 651"]


def test_chunk_size_zero_fails_instead_of_hanging(repo_root):
    code = ("import importlib.util, resource, sys\n"
            "resource.setrlimit(resource.RLIMIT_AS, (2**28, 2**28))\n"
            "spec = importlib.util.spec_from_file_location('chunking', sys.argv[1])\n"
            "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)\n"
            "try:\n    module.chunk_text('some text', 0)\n    print('returned')\n"
            "except ValueError:\n    print('refused')\n"
            "except MemoryError:\n    print('runaway')\n")
    try:
        proc = subprocess.run([sys.executable, "-c", code, str(repo_root / "redactor/detect/chunking.py")],
                              timeout=3, capture_output=True, text=True)
    except subprocess.TimeoutExpired:
        pytest.fail("chunk_text(text, 0) did not return within 3 s")
    assert proc.stdout.strip() in ("refused", "returned"), proc.stdout + proc.stderr
