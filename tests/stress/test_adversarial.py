"""Issue 8, adversarial spellings: a name or an identifier written with zero-width characters, soft
hyphens, full-width forms, decomposed accents, a line-end hyphen or no-break spaces is masked
wherever its plain spelling is, and the mask covers every original character (the invisible ones
too). Cases whose plain spelling already leaks are recognition failures, measured elsewhere."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from tests.stress import score
from tests.stress.adversarial import SOFT_HYPHEN, VARIANTS, ZERO_WIDTH
from tests.stress.corpus import Corpus, Span

# the plain spellings sit in strong contexts ("My brother X was arrested", "A-Number: X"): if most of
# them leak, this test measures nothing, so say so instead of passing
BASELINE = 0.8


def _check(cases, plain, written, variant):
    pairs = [(c, p, w) for c, p, w in zip(cases, plain.outcomes, written.outcomes) if c.variant == variant]
    assert pairs, f"no {variant} cases"
    caught = [(c, p, w) for c, p, w in pairs if p.ok]
    assert len(caught) >= BASELINE * len(pairs), (
        f"{variant}: only {len(caught)} of {len(pairs)} plain spellings are masked; the variant cannot be "
        "judged (see the stress recall tests)")
    broken = [(c, w) for c, p, w in caught if not w.ok]
    assert not broken, f"{variant}: {len(broken)} of {len(caught)} masked when plain, not as written:\n" + "\n".join(
        f"    {c.plain!r} written {c.written!r}: {written.shown(w)} "
        f"({w.alnum_left} letters or digits readable)" for c, w in broken[:8])


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_name_variants_masked_whole(adversarial_names, variant):
    _check(*adversarial_names, variant)


@pytest.mark.parametrize("variant", sorted(set(VARIANTS) - {"decomposed"}))
def test_number_variants_masked_whole(adversarial_numbers, variant):
    _check(*adversarial_numbers, variant)


# ---- a property: any invisible character anywhere inside an A-number --------------------------------


def _a_number_written(digits: str, style: int) -> str:
    groups = (digits[:3], digits[3:6], digits[6:])
    return ["A" + digits, "A-" + "-".join(groups), "A " + " ".join(groups)][style]


@settings(max_examples=40, deadline=None)
@given(digits=st.text("0123456789", min_size=9, max_size=9), style=st.integers(0, 2),
       inserts=st.lists(st.tuples(st.integers(1, 12), st.sampled_from(ZERO_WIDTH + (SOFT_HYPHEN,))),
                        min_size=1, max_size=3),
       wide=st.booleans())
def test_a_number_with_invisible_characters_anywhere(digits, style, inserts, wide):
    value = _a_number_written(digits, style)
    for at, char in sorted(inserts, reverse=True):
        at = min(at, len(value) - 1)
        value = value[:at] + char + value[at:]
    if wide:
        value = "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in value)
    before = "NOTES OF ASYLUM INTERVIEW\n\nA-Number: "
    corpus = Corpus([before + value + "\nCountry of birth: Honduras\n"],
                    [Span(0, ((len(before), len(before) + len(value)),), True, "a_number", "a_number")])
    result = score.run(corpus)
    assert result.outcomes[0].ok, result.shown(result.outcomes[0])
