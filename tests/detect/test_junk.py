"""A document the catch-alls cannot explain (binary junk decoded as text, a table of codes) is
masked in time linear in its size, with a warning that names no text."""

from __future__ import annotations

import logging
import random
import string
import time

from redactor.detect import detect
from redactor.model import Document


def junk(words: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    out = []
    for _ in range(words):
        token = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randint(3, 10)))
        out.append(token.capitalize() if rng.random() < 0.5 else token)
    return " ".join(out)


def test_junk_is_masked_with_a_warning_that_names_no_text(caplog):
    text = junk(3000)
    with caplog.at_level(logging.WARNING, logger="redactor.detect"):
        findings = detect(Document("junk", "junk.txt", text))
    assert len(findings) > 500
    messages = [r.getMessage() for r in caplog.records if r.name == "redactor.detect"]
    assert messages and "could not be explained" in messages[0]
    assert not any(word in messages[0] for word in text.split()[:50] if len(word) > 3)


def test_junk_costs_time_linear_in_its_size():
    # not a timing assertion on the machine: the cost per word of a 4x larger junk document stays
    # within a factor of three of the smaller one's (quadratic work would be four times)
    detect(Document("w", "w.txt", junk(200, seed=1)))
    costs = []
    for words in (2000, 8000):
        text = junk(words, seed=words)
        start = time.process_time()
        detect(Document("junk", "junk.txt", text))
        costs.append((time.process_time() - start) / words)
    assert costs[1] < 3 * costs[0], costs
