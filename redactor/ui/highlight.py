"""The document with every finding highlighted in place, as HTML: colour by entity type, style by
decision (to be masked / kept / changed by a human), details in the title attribute. Every piece
of document text goes through html.escape; no scripts, no external fonts or stylesheets."""

from __future__ import annotations

from html import escape
from typing import Sequence

from redactor.model import Decision, RedactionPlan

TYPE_COLOURS = {
    "PERSON": "#f4b942",
    "A_NUMBER": "#e06666",
    "RECEIPT_NUMBER": "#e06666",
    "DOCKET": "#e88d67",
    "ID_CODE": "#e88d67",
    "DATE": "#6fa8dc",
    "DATE_OF_BIRTH": "#3d85c6",
    "LOCATION": "#76b96a",
    "ADDRESS": "#38a169",
    "PHONE": "#c27ba0",
    "EMAIL": "#c27ba0",
    "ORG": "#9f8fd6",
    "NRP": "#76a5af",
}
OTHER_COLOUR = "#aaaaaa"

CSS = """
<style>
.rv-pane { overflow-y: auto; overflow-x: hidden; border: 1px solid rgba(128,128,128,0.35); border-radius: 0.4rem;
  position: relative; background: #fff; }
.rv-doc { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.86rem;
  line-height: 1.65; white-space: pre-wrap; word-wrap: break-word; padding: 0.75rem 1rem; }
.rv-pane mark[data-k] { cursor: pointer; }
.rv-page { position: relative; width: 100%; }
.rv-page-img { width: 100%; display: block; }
.rv-box { position: absolute; box-sizing: border-box; cursor: pointer; border-radius: 2px; }
.rv-box.rv-mask { background: var(--c); opacity: 0.55; outline: none; }
.rv-box.rv-keep { background: transparent; border: 2px dashed var(--c); outline: none; }
.rv-box.rv-human { box-shadow: inset 0 -3px 0 #111; }
.rv-box.rv-focus { outline: 3px solid #d6336c; outline-offset: 2px; opacity: 0.85; }
.rv-count { font-variant-numeric: tabular-nums; color: #333; }
.rv-ctx { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9rem;
  white-space: pre-wrap; padding: 0.5rem 0.75rem; border-left: 4px solid rgba(128,128,128,0.5); }
.rv { border-radius: 3px; padding: 0 1px; cursor: help; }
.rv-mask { background: var(--c); color: #111; }
.rv-keep { background: transparent; outline: 2px dashed var(--c); outline-offset: -1px; }
.rv-human { box-shadow: inset 0 -3px 0 #111; font-weight: 600; }
.rv-undecided { opacity: 0.92; }
.rv-accepted { box-shadow: inset 0 -2px 0 rgba(0,0,0,0.45); }
.rv-focus { outline: 3px solid #d6336c; outline-offset: 1px; }
.rv-legend { display: flex; flex-wrap: wrap; gap: 0.35rem 0.7rem; font-size: 0.8rem; margin-bottom: 0.4rem; }
.rv-legend span { white-space: nowrap; }
""" + "".join(f".rv-t-{t} {{ --c: {c}; }}\n" for t, c in TYPE_COLOURS.items()) + f"""
.rv-t-OTHER {{ --c: {OTHER_COLOUR}; }}
</style>
"""

STYLE_OF_STATUS = {
    "undecided": "rv-undecided",
    "accepted": "rv-accepted",
    "rejected": "rv-human",
    "changed": "rv-human",
    "added": "rv-human",
}


def _type_class(entity_type: str) -> str:
    return f"rv-t-{entity_type if entity_type in TYPE_COLOURS else 'OTHER'}"


def tooltip(decision: Decision, status: str) -> str:
    f = decision.finding
    lines = [
        f"{f.entity_id} · {f.entity_type}" + (f" · role {f.role}" if f.role else ""),
        f"reason: {decision.rule_id} — {decision.basis}",
        f"score {f.score:.2f} · {f.recognizer}" + (f" · {f.explanation}" if f.explanation else ""),
        f"{status}: {decision.action.value}" + (f" → {decision.replacement}" if decision.replacement else ""),
    ]
    return "\n".join(lines)


def mark_classes(decision: Decision, status: str) -> str:
    f = decision.finding
    classes = ["rv", _type_class(f.entity_type), "rv-mask" if decision.masks else "rv-keep",
               STYLE_OF_STATUS.get(status, "")]
    return " ".join(c for c in classes if c)


def span_html(text: str, decision: Decision, status: str, focused: bool = False) -> str:
    f = decision.finding
    classes = mark_classes(decision, status) + (" rv-focus" if focused else "")
    return (f'<mark class="{classes}" data-k="{escape(f"{f.start}:{f.end}:{f.entity_id}")}" '
            f'title="{escape(tooltip(decision, status))}">{escape(text[f.start:f.end])}</mark>')


def document_html(text: str, plan: RedactionPlan, statuses: dict[tuple, str],
                  focus: tuple[int, int] | None = None) -> str:
    """`statuses` maps (start, end, entity_id, action) of a plan decision to its review status;
    a decision it does not know (overlapping findings merged into one) shows as changed."""
    parts = ['<div class="rv-doc">']
    pos = 0
    for d in plan.decisions:  # sorted and non-overlapping
        f = d.finding
        if f.start < pos:
            continue
        parts.append(escape(text[pos:f.start]))
        status = statuses.get((f.start, f.end, f.entity_id, d.action), "changed")
        focused = focus is not None and f.start <= focus[0] and focus[1] <= f.end
        parts.append(span_html(text, d, status, focused))
        pos = f.end
    parts.append(escape(text[pos:]))
    parts.append("</div>")
    return "".join(parts)


def context_html(text: str, start: int, end: int, decision: Decision, status: str, width: int = 140) -> str:
    """The focused mention with some text either side, for the one-at-a-time panel."""
    lo = max(0, start - width)
    hi = min(len(text), end + width)
    before = ("…" if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    f = decision.finding
    classes = f"rv {_type_class(f.entity_type)} {'rv-mask' if decision.masks else 'rv-keep'} rv-focus"
    return (f'<div class="rv-ctx">{escape(before)}<mark class="{classes}" '
            f'title="{escape(tooltip(decision, status))}">{escape(text[start:end])}</mark>{escape(after)}</div>')


def mark_for(plan: RedactionPlan, start: int, end: int) -> Decision | None:
    """The highlight (plan decision) that shows the span [start, end): the same one document_html
    draws, so the pane can outline it."""
    pos = 0
    for d in plan.decisions:  # sorted and non-overlapping, as document_html walks them
        f = d.finding
        if f.start < pos:
            continue
        if f.start <= start and end <= f.end:
            return d
        if f.start >= end:
            break
        pos = f.end
    return None


def legend_html(counts: Sequence) -> str:
    """One chip per entity type with its counts by state (TypeCount rows), then the styles."""
    chips = [f'<span title="{c.findings} findings: {c.undecided} undecided, {c.masked} masked, {c.kept} kept visible">'
             f'<mark class="rv rv-mask {_type_class(c.entity_type)}">{escape(c.entity_type)}</mark> '
             f'<span class="rv-count">{c.findings} · {c.undecided} undecided · {c.masked} masked · {c.kept} kept</span>'
             f'</span>' for c in counts]
    chips += [
        '<span><mark class="rv rv-mask rv-t-OTHER">to be masked</mark></span>',
        '<span><mark class="rv rv-keep rv-t-OTHER">kept visible</mark></span>',
        '<span><mark class="rv rv-mask rv-human rv-t-OTHER">changed by a reviewer</mark></span>',
        '<span><mark class="rv rv-mask rv-t-OTHER rv-focus">current</mark></span>',
    ]
    return f'<div class="rv-legend">{"".join(chips)}</div>'
