"""Issue 8, generated numbers: personal identifiers in many formats (every A-number form, receipts,
passports, national IDs of many countries, dockets, police and court numbers, FOIA, booking, phones)
must all be masked (recall 1.000); the public numbers beside them (citations, statutes, forms, money,
times, counts, record pages, dates of public events) should stay (>= 0.95). Sampled and seeded;
`make bench` runs the full corpus with per-format tables."""

from __future__ import annotations

from collections import Counter

from tests.stress import numbers, score
from tests.stress.conftest import IDENTIFIERS, PUBLIC_NUMBERS
from tests.stress.score import IDENTIFIER_RECALL, PUBLIC_NUMBERS_KEPT


def test_formats_cover_the_issue():
    families = Counter(f.family for f in numbers.FORMATS)
    assert len(numbers.FORMATS) >= 25
    assert families["national_id"] >= 10
    assert {"a_number", "receipt", "passport", "docket", "police_court", "foia", "booking", "phone"} <= set(families)
    assert len(numbers.PUBLIC_KINDS) + len({k for k, _ in numbers.PUBLIC_FIXED}) >= 15


def test_check_digits_are_valid():
    import random

    rng = random.Random(0)
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    for _ in range(50):
        cn = numbers.cn_resident_id(rng)
        assert len(cn) == 18 and cn[-1] == "10X98765432"[sum(int(c) * w for c, w in zip(cn, weights)) % 11]
        body, check = numbers.sv_dui(rng).split("-")
        assert (sum(int(c) * (9 - i) for i, c in enumerate(body)) + int(check)) % 10 == 0
        # every identifier has at least three digits: the fail-closed catch-all applies to all of them
        for fmt in numbers.FORMATS:
            assert sum(c.isdigit() for c in fmt.make(rng)) >= 3, fmt.name


def test_sampled_corpus_places_identifiers_beside_public_numbers(number_corpus):
    ids = [s for s in number_corpus.spans if s.private]
    public = [s for s in number_corpus.spans if not s.private]
    assert len(ids) >= IDENTIFIERS and len(public) >= PUBLIC_NUMBERS
    assert len({s.cls for s in ids}) >= 25
    for span in number_corpus.spans:
        assert number_corpus.surface(span) == span.form


def test_identifier_recall_on_generated_numbers(number_result):
    score.assert_rate(number_result, number_result.private(), IDENTIFIER_RECALL, "identifier recall",
                      "leaked identifiers by format (⟦ ⟧ the identifier, █ masked)")


def test_public_numbers_kept(number_result):
    score.assert_rate(number_result, number_result.public(), PUBLIC_NUMBERS_KEPT, "public numbers kept",
                      "masked by kind")
