"""Rendering a plan into text (render/text.py) and the redaction log (render/log.py). Plans are built
directly from the model dataclasses; properties checked with hypothesis."""

import csv
import io
import json

from hypothesis import given
from hypothesis import strategies as st

from redactor.io import document_from_text
from redactor.model import Action, Decision, Finding, RedactionPlan
from redactor.render import build_log, log_to_csv, log_to_json, render_text

MASKING = [a for a in Action if a is not Action.KEEP]


def decision(start, end, replacement, action=Action.TAG, entity_type="PERSON", entity_id="PERSON-1"):
    return Decision(Finding(start, end, entity_type, entity_id, None, 0.9, "test"), action,
                    None if action is Action.KEEP else replacement, "rule", "basis")


def plan_of(*decisions):
    return RedactionPlan("doc", "policy", "f" * 64, tuple(decisions))


def spliced(text, plan):
    """What rendering must produce: each masked span replaced, every other character as is."""
    out, pos = [], 0
    for d in sorted(plan.masked, key=lambda d: d.finding.start):
        out += [text[pos:d.finding.start], d.replacement]
        pos = d.finding.end
    return "".join(out + [text[pos:]])


@st.composite
def plans(draw, allow_masks=True):
    text = draw(st.text(min_size=0, max_size=80))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=12))))
    decisions = []
    for number, (start, end) in enumerate(zip(cuts, cuts[1:])):
        if not draw(st.booleans()):
            continue  # a gap between decisions
        action = draw(st.sampled_from(MASKING)) if allow_masks and draw(st.booleans()) else Action.KEEP
        replacement = draw(st.text(min_size=1, max_size=12))
        decisions.append(decision(start, end, replacement, action, entity_id=f"PERSON-{number}"))
    return text, plan_of(*decisions)


@given(plans())
def test_rendering_replaces_exactly_the_masked_spans(case):
    text, plan = case
    assert render_text(text, plan) == spliced(text, plan)


@given(plans(allow_masks=False))
def test_plan_without_masks_leaves_the_text_unchanged(case):
    text, plan = case
    assert render_text(text, plan) == text


@given(plans())
def test_rendering_is_deterministic(case):
    text, plan = case
    assert render_text(text, plan) == render_text(text, plan)


@given(plans())
def test_log_offsets_stay_inside_the_text(case):
    text, plan = case
    log = build_log(document_from_text(text), plan)
    assert len(log.spans) == len(plan.decisions)
    for span in log.spans:
        assert 0 <= span.start < span.end <= len(text)


def test_adjacent_masks_and_unicode():
    text = "Ná Öz🙂Li\nend"
    plan = plan_of(decision(0, 2, "[A]"), decision(3, 5, "[B]"), decision(5, 6, "[C]"),
                   decision(6, 8, "██"), decision(9, 12, "x", Action.KEEP))
    assert render_text(text, plan) == "[A] [B][C]██\nend"


def test_replacement_that_looks_like_a_presidio_tag_is_literal():
    text = "Tariq Haddad fled."
    plan = plan_of(decision(0, 12, "<PERSON>"))
    assert render_text(text, plan) == "<PERSON> fled."


def test_empty_replacement_removes_the_span():
    text = "Tariq Haddad fled."
    plan = plan_of(decision(0, 13, "", Action.REDACT))
    assert render_text(text, plan) == "fled."


def test_log_has_no_text_unless_asked():
    text = "The applicant Tariq Haddad fled; Judge Ruiz ruled."
    doc = document_from_text(text)
    plan = plan_of(decision(14, 26, "[PERSON-1]"),
                   decision(39, 43, None, Action.KEEP, entity_id="PERSON-2"))
    log = build_log(doc, plan, output_name="x.redacted.txt")
    as_json, as_csv = log_to_json(log), log_to_csv(log)
    for dump in (as_json, as_csv):
        assert "Haddad" not in dump and "Ruiz" not in dump
    data = json.loads(as_json)
    assert data["document"] == {"id": doc.id, "kind": "text", "chars": len(text), "encoding": "utf-8",
                                "output": "x.redacted.txt"}
    assert data["policy"] == {"id": "policy", "sha256": "f" * 64}
    assert [(s["start"], s["end"], s["action"], s["replacement"]) for s in data["spans"]] == [
        (14, 26, "tag", "[PERSON-1]"), (39, 43, "keep", None)]
    assert all("text" not in s for s in data["spans"])
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert [r["start"] for r in rows] == ["14", "39"] and "text" not in rows[0]

    with_text = build_log(doc, plan, include_text=True)
    assert [s["text"] for s in json.loads(log_to_json(with_text))["spans"]] == ["Tariq Haddad", "Ruiz"]
    assert [r["text"] for r in csv.DictReader(io.StringIO(log_to_csv(with_text)))] == [
        "Tariq Haddad", "Ruiz"]
