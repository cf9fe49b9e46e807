"""Every adversarial input (see builders.py) is either refused with one clear line, or exported
with outputs that independent tools (pdftotext, qpdf --qdf + strings, mutool, strings, exiftool,
unzip, Tesseract on rendered pages) read back clean: no surname, no given name, no A-number digits,
whatever the spelling. Ordinary files (a DOCX with a chart, an embedded workbook and an EXIF
picture; a PDF with a hidden layer) are exported, not refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redactor.errors import RedactorError
from tests.adversarial import builders
from tests.adversarial.conftest import record
from tests.adversarial.readback import findings, missing_tools, read_any

pytestmark = pytest.mark.skipif(bool(missing_tools()),
                                reason=f"independent tools missing: {missing_tools()}")

CASES = (builders.PDF_BUILDERS + builders.DOCX_BUILDERS + builders.IMAGE_BUILDERS
         + builders.TEXT_BUILDERS)


def redact(build, folder: Path, policy):
    from redactor.service import redact_file

    source = build(folder)
    out = folder / "out"
    try:
        outcome = redact_file(source, policy, out)
    except RedactorError as exc:
        message = str(exc)
        assert "\n" not in message and builders.SURNAME not in message
        assert builders.DIGITS not in message
        assert not list(out.glob("*")) if out.exists() else True, "a refused input left outputs"
        return source, None, message
    return source, outcome, ""


@pytest.mark.parametrize("build", CASES, ids=lambda b: b.__name__)
def test_refused_or_clean_under_every_independent_tool(build, tmp_path, adversarial_policy):
    source, outcome, refusal = redact(build, tmp_path, adversarial_policy)
    if outcome is None:
        record(build.__name__, "refused", refusal)
        return
    leaks = []
    for output in outcome.outputs:
        leaks += [f"{output.name}: {f}" for f in findings(read_any(output))]
    assert not leaks, leaks
    assert_valid(outcome.outputs)
    record(build.__name__, "exported")


def assert_valid(outputs) -> None:
    """Outputs open in other readers: qpdf finds no damage in a PDF, python-docx opens a DOCX,
    Pillow decodes an image."""
    import subprocess

    import docx
    from PIL import Image

    for output in outputs:
        if output.suffix == ".pdf":
            check = subprocess.run(["qpdf", "--check", str(output)], capture_output=True, text=True)
            assert check.returncode == 0, check.stdout[-500:] + check.stderr[-500:]
        elif output.suffix == ".docx":
            docx.Document(str(output))
        elif output.suffix in (".png", ".tif"):
            with Image.open(output) as image:
                image.load()


@pytest.mark.parametrize("build", [builders.docx_ordinary, builders.pdf_hidden_layer_ordinary],
                         ids=lambda b: b.__name__)
def test_ordinary_files_are_exported_not_refused(build, tmp_path, adversarial_policy):
    source, outcome, refusal = redact(build, tmp_path, adversarial_policy)
    assert outcome is not None, refusal
    record(build.__name__, "exported")
    for output in outcome.outputs:
        assert not findings(read_any(output)), output.name
    if source.suffix == ".docx":
        import docx

        [redacted] = [p for p in outcome.outputs if p.suffix == ".docx"]
        docx.Document(str(redacted))  # opens
        log = json.loads(next(p for p in outcome.outputs if p.name.endswith(".log.json")).read_text())
        removed = log["document"]["removed"]
        assert removed["chart"] == 1 and removed["embedded object"] == 1, removed


@pytest.mark.parametrize("name", sorted(builders.DETECTION_ONLY))
def test_name_whose_only_mentions_are_a_variant(name, tmp_path, adversarial_policy):
    """Detection's job (issue 8): reported here, not failed, while detection is being rebuilt."""
    path = tmp_path / f"{name}.txt"
    path.write_text(builders.DETECTION_ONLY[name], encoding="utf-8")
    source, outcome, refusal = redact(lambda folder: path, tmp_path, adversarial_policy)
    if outcome is None:
        return
    leaks = [f for output in outcome.outputs for f in findings(read_any(output))]
    if leaks:
        pytest.xfail(f"detection misses a name written only as {name}: {leaks}")


def test_every_sample_record_as_a_pdf_is_exported(tmp_path, adversarial_policy):
    """No false alarm on ordinary files: the twelve sample records, set as one PDF with embedded
    fonts (whose programs carry copyright years and stray letters), go through verification."""
    from redactor.service import redact_file
    from tests.docbuild import text_pdf

    samples = sorted(p for p in (Path(__file__).resolve().parents[2] / "sample_docs").glob("*.txt")
                     if not p.name.endswith(".marked.txt"))
    _, source = text_pdf("\n\f".join(p.read_text(encoding="utf-8") for p in samples),
                         tmp_path / "records.pdf")
    outcome = redact_file(source, adversarial_policy, tmp_path / "out")
    assert len(outcome.plan.masked) > 300
