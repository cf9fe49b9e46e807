"""The highlighted document (ui/highlight.py): every piece of text escaped, nothing lost or added,
styles by type and decision, details in the title attribute."""

from __future__ import annotations

import html
import re

from redactor.model import Action, Decision, Finding, RedactionPlan
from redactor.review.triage import TypeCount
from redactor.ui.highlight import CSS, context_html, document_html, legend_html, mark_for

TEXT = 'Re: <b>Ana "Nina" O\'Neil</b> & A075-836-651 <script>alert(1)</script> at Izmir.'


def decision(surface, etype, action, eid, replacement=None, origin="policy", explanation=""):
    start = TEXT.index(surface)
    finding = Finding(start, start + len(surface), etype, eid, None, 0.42, "test", explanation)
    return Decision(finding, action, replacement, "rule-x", 'basis "quoted" <here>', origin)


def plan(*decisions):
    return RedactionPlan("doc", "p", "0" * 64, tuple(sorted(decisions, key=lambda d: d.finding.start)))


def strip(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_document_text_is_escaped_and_survives_unchanged():
    p = plan(decision('Ana "Nina" O\'Neil', "PERSON", Action.TAG, "PERSON-1", "[PERSON-1]"),
             decision("A075-836-651", "A_NUMBER", Action.REDACT, "A_NUMBER-1", "██████"),
             decision("Izmir", "LOCATION", Action.KEEP, "LOCATION-1"))
    statuses = {(d.finding.start, d.finding.end, d.finding.entity_id, d.action): "undecided" for d in p.decisions}
    markup = document_html(TEXT, p, statuses)
    assert "<script>" not in markup and "<b>" not in markup
    assert "&lt;script&gt;" in markup
    assert strip(markup) == TEXT
    assert markup.count("<mark ") == 3


def test_styles_follow_type_decision_and_status():
    p = plan(decision("A075-836-651", "A_NUMBER", Action.REDACT, "A_NUMBER-1", "██████", origin="reviewer"),
             decision("Izmir", "LOCATION", Action.KEEP, "LOCATION-1"))
    a, b = p.decisions
    statuses = {(a.finding.start, a.finding.end, "A_NUMBER-1", Action.REDACT): "changed",
                (b.finding.start, b.finding.end, "LOCATION-1", Action.KEEP): "accepted"}
    markup = document_html(TEXT, p, statuses, focus=(b.finding.start, b.finding.end))
    marks = re.findall(r'<mark class="([^"]+)"', markup)
    assert marks == ["rv rv-t-A_NUMBER rv-mask rv-human", "rv rv-t-LOCATION rv-keep rv-accepted rv-focus"]
    assert ".rv-t-A_NUMBER { --c:" in CSS and "http" not in CSS and "@import" not in CSS


def test_title_carries_entity_reason_and_score_escaped():
    p = plan(decision("Izmir", "LOCATION", Action.KEEP, "LOCATION-1", explanation='said "x" <y>'))
    markup = document_html(TEXT, p, {})
    title = html.unescape(re.search(r'title="([^"]*)"', markup).group(1))
    assert title.splitlines() == ["LOCATION-1 · LOCATION", 'reason: rule-x — basis "quoted" <here>',
                                  'score 0.42 · test · said "x" <y>', "changed: keep"]


def test_context_is_escaped_and_marks_the_mention():
    d = decision("Izmir", "LOCATION", Action.REDACT, "LOCATION-1", "██████")
    markup = context_html(TEXT, d.finding.start, d.finding.end, d, "undecided", width=20)
    assert markup.count("<mark ") == 1 and "rv-focus" in markup and "&lt;/script&gt;" in markup
    assert strip(markup).startswith("…") and "Izmir" in strip(markup)
    counts = [TypeCount("<PERSON>", 5, 2, 2, 1)]
    assert "&lt;PERSON&gt;" in legend_html(counts) and "<PERSON>" not in legend_html(counts)
    assert "5 · 2 undecided · 2 masked · 1 kept" in legend_html(counts)


def test_every_mark_carries_its_key_and_mark_for_finds_the_one_drawn():
    p = plan(decision("A075-836-651", "A_NUMBER", Action.REDACT, "A_NUMBER-1", "██████"),
             decision("Izmir", "LOCATION", Action.KEEP, "LOCATION-1"))
    a, b = p.decisions
    markup = document_html(TEXT, p, {})
    assert re.findall(r'data-k="([^"]+)"', markup) == [f"{a.finding.start}:{a.finding.end}:A_NUMBER-1",
                                                       f"{b.finding.start}:{b.finding.end}:LOCATION-1"]
    assert mark_for(p, b.finding.start + 1, b.finding.end) == b  # inside a mark: that mark
    assert mark_for(p, 0, 3) is None


def test_a_key_press_is_applied_once():
    from redactor.ui.viewer import new_press, parse_mark_key

    assert new_press({"seq": 4, "key": "m", "attempt": 9}, 3) == (4, "m")
    assert new_press({"seq": 4, "key": "m", "attempt": 10}, 4) is None  # a resend of an applied press
    assert new_press({"seq": "x"}, 0) is None and new_press(None, 0) is None
    assert parse_mark_key("12:20:PERSON-3|1712") == (12, 20, "PERSON-3")
    assert parse_mark_key("12:x:PERSON-3") is None and parse_mark_key(None) is None
