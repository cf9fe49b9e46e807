"""Reopen a text output as a stranger would and look for every masked string by its variants and
its parts (see redactor.verify.variants for the normalised view, the keys and the rule against
false alarms). A key may appear in the output only as often as it appears in the text that was
deliberately left visible (kept spans, unmasked prose) and in the replacements; any extra
occurrence is a leak."""

from __future__ import annotations

from dataclasses import dataclass

from redactor.verify.variants import (count_digit_keys, count_text_keys, is_strong, normalise,
                                      span_keys)


@dataclass(frozen=True)
class Leak:
    start: int  # offsets of the masked span in the original
    end: int
    entity_type: str
    count: int
    via: str = "text"  # text | part | digits | x-ray


def spaced(text: str) -> str:
    """The normalised view (kept under its old name for callers)."""
    return normalise(text)


def visible_texts(original: str, masked_spans, replacements) -> list[str]:
    parts = []
    pos = 0
    for start, end, _ in sorted(masked_spans):
        if start >= pos:
            parts.append(original[pos:start])
            pos = end
        else:
            pos = max(pos, end)
    parts.append(original[pos:])
    parts.extend(replacements or [])
    return parts


def verify_text(output: str, original: str, masked_spans: list[tuple[int, int, str]],
                replacements: list[str] | None = None,
                kept_spans: list[tuple[int, int]] | None = None,
                strong_only: bool = False, loose: bool = False) -> list[Leak]:
    """`masked_spans`: (start, end, entity_type) of every masked span in `original`. Leaks are the
    keys of masked strings found in `output` more often than in what was left visible on purpose;
    one Leak per masked span, its count the largest excess among its keys.

    What was left visible on purpose: the replacements and, when `kept_spans` (the plan's keep
    decisions) are given, those spans; the rest of the unmasked text counts only for weak keys (a
    single common word, a short number), so a strong key (a full name, a name part, the digits
    of an identifier) found in prose nobody decided on is a mention detection missed: a leak.
    Without `kept_spans` all unmasked text counts (the output is only checked against its plan).
    `strong_only`: for printable runs pulled out of binary data (font programs, OLE objects), where
    a short word or a year turns up by chance: only strong keys and identifier digits are looked
    for. `loose`: keys are also counted inside longer words (markup: style ids, element names,
    where names are run together with other words), in the output and in what was kept alike."""
    visible = visible_texts(original, masked_spans, replacements)
    kept = None
    if kept_spans is not None:
        kept = [original[s:e] for s, e in kept_spans] + list(replacements or [])
    keys = {}
    for start, end, etype in masked_spans:
        if (start, end) not in keys:
            keys[(start, end)] = span_keys(original[start:end], etype)
    text_keys = {k for sk in keys.values() for k in sk.text}
    if strong_only:
        text_keys = {k for k in text_keys if is_strong(k)}
    digit_keys = {sk.digits for sk in keys.values() if sk.digits}
    out_view = normalise(output)
    visible_views = [normalise(p) for p in visible]
    bounded = not loose
    in_output = count_text_keys(text_keys, [out_view], bounded=bounded)
    in_visible = count_text_keys(text_keys, visible_views, bounded=bounded)
    digits_out = count_digit_keys(digit_keys, [output])
    digits_visible = count_digit_keys(digit_keys, visible)
    if kept is not None:
        kept_views = [normalise(p) for p in kept]
        strong = {k for k in text_keys if is_strong(k)}
        in_kept = count_text_keys(strong, kept_views, bounded=bounded)
        for key in strong:
            in_visible[key] = in_kept[key]
        digits_visible = count_digit_keys(digit_keys, kept)
    leaks = []
    seen = set()
    for start, end, etype in masked_spans:
        if (start, end) in seen:
            continue
        seen.add((start, end))
        sk = keys[(start, end)]
        worst, via = 0, "text"
        for n, key in enumerate(sk.text):
            if key not in text_keys:
                continue
            extra = in_output[key] - in_visible[key]
            if extra > worst:
                whole = n == 0 or (n == 1 and key == sk.text[0].replace(" ", ""))
                worst, via = extra, "text" if whole else "part"
        if sk.digits:
            extra = digits_out[sk.digits] - digits_visible[sk.digits]
            if extra > worst:
                worst, via = extra, "digits"
        if worst > 0:
            leaks.append(Leak(start, end, etype, worst, via))
    return leaks
