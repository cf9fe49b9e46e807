"""Case linking masks a mention that its own document cannot identify: a surname written in lower
case with no cue around it ("the haddad family shop"), identified by the declaration of the same
case. Checked, not assumed: the test first shows the document alone leaves the word readable."""

from __future__ import annotations

from redactor.case import plan_case
from redactor.case.model import CaseDocument
from redactor.detect import detect_many
from redactor.io import document_from_text
from redactor.policy import apply_policy, load_policy
from redactor.render import render_text

DECLARATION = ("DECLARATION OF RAMI {S}\n\nI, Rami {S}, was born in Homs, Syria. I left Syria in 2015 "
               "with my wife.\n")
NOTES = ("Case notes - confidential\n\nthe {s} family shop in the old market was burned twice; the "
         "owners of the neighbouring shops said nothing.\n")
SURNAMES = ("Haddad", "Khoury", "Tannous", "Sabbagh")


def _documents(surname: str) -> list[CaseDocument]:
    texts = [DECLARATION.format(S=surname), NOTES.format(s=surname.lower())]
    docs = [document_from_text(t, f"doc{i}.txt") for i, t in enumerate(texts)]
    return [CaseDocument(i, d.source, d, tuple(f)) for i, (d, f) in enumerate(zip(docs, detect_many(docs)))]


def test_linking_masks_a_mention_its_document_cannot_identify():
    loaded = load_policy("asylum-confidential")
    for surname in SURNAMES:
        docs = _documents(surname)
        notes = docs[1]
        alone = render_text(notes.document.text, apply_policy(notes.document, list(notes.findings), loaded))
        if surname.lower() in alone:
            break
    else:
        raise AssertionError("every surname is now found in the notes alone: pick a harder mention")
    plans = plan_case(docs, loaded).plans
    linked = render_text(notes.document.text, plans[1])
    assert surname.lower() not in linked
    assert "family shop" in linked and "old market" in linked  # only the name is masked
    declaration = render_text(docs[0].document.text, plans[0])
    assert surname not in declaration and surname.upper() not in declaration
