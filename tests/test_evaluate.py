"""Scoring a plan against gold (evaluate.py): recall counts a gold mask span as caught only when
every non-space character is covered; keep spans touched by a mask are violations; misses carry
doc:line:column."""

from redactor.evaluate import Evaluation, score_document
from redactor.gold import parse_marked
from redactor.model import Action, Decision, Finding, RedactionPlan

MARKED = ("Judge [[PERSON|keep|judge:Ana Ruiz]] heard it.\n"
          "The applicant [[PERSON|mask|applicant:Tariq\nHaddad]] and [[PERSON|mask|family:Omar Nasser]] "
          "came in [[DATE|mask:2019]].\n")


def plan_for(text, *spans):
    decisions = tuple(
        Decision(Finding(s, e, t, f"{t}-1", None, 0.9, "test"), Action.REDACT, "█", "r", "b")
        for s, e, t in spans)
    return RedactionPlan("d", "p", "x", decisions)


def at(text, surface, entity_type="PERSON"):
    start = text.index(surface)
    return start, start + len(surface), entity_type


def test_recall_precision_and_keep_violations():
    gold = parse_marked(MARKED, "tiny")
    text = gold.text
    plan = plan_for(
        text,
        at(text, "Tariq"), at(text, "Haddad"),  # every non-space character covered: caught
        at(text, "Omar"),  # "Nasser" left visible: a leak
        at(text, "Ruiz"),  # a keep span touched: a violation
        at(text, "heard", "ORG"),  # a mask outside every gold mask: imprecise
    )
    result = Evaluation()
    score_document(gold, plan, result)
    person = result.by_type["PERSON"]
    assert (person.gold, person.caught, person.recall) == (2, 1, 0.5)
    assert (person.predicted, person.predicted_true) == (4, 3)
    assert result.by_type["DATE"].recall == 0.0
    assert result.by_type["ORG"].precision == 0.0 and result.by_type["ORG"].recall is None
    assert (result.keep_total, result.keep_masked, result.keep_violation_rate) == (1, 1, 1.0)
    misses = {(m.kind, m.line, m.column, m.entity_type, m.role) for m in result.misses}
    assert misses == {("over-redaction", 1, 7, "PERSON", "judge"),
                      ("leak", 3, 12, "PERSON", "family"), ("leak", 3, 32, "DATE", None)}


def test_everything_masked_and_nothing_kept_masked():
    gold = parse_marked(MARKED, "tiny")
    text = gold.text
    plan = plan_for(text, at(text, "Tariq\nHaddad"), at(text, "Omar Nasser"), at(text, "2019", "DATE"))
    result = Evaluation()
    score_document(gold, plan, result)
    assert result.by_type["PERSON"].recall == 1.0 and result.by_type["DATE"].recall == 1.0
    assert result.by_type["PERSON"].precision == 1.0
    assert result.keep_masked == 0 and result.misses == []
