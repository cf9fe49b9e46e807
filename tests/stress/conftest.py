"""The sampled stress corpora of issue 8, built once per session from a fixed seed and run through
the real pipeline under `asylum-confidential`. The full corpora run in `bench/stress.py`."""

from __future__ import annotations

import random

import pytest

from tests.stress import adversarial, score
from tests.stress.corpus import build_name_corpus, build_number_corpus

SEED = 8  # issue 8; change it to see other corpora of the same shape
# sampled sizes (the bench runs 3,000 / 1,200 / 600)
NAME_MENTIONS = 300
IDENTIFIERS = 250
PUBLIC_NUMBERS = 150
ADVERSARIAL_PER_VARIANT = 10


@pytest.fixture(scope="session")
def name_pool():
    pytest.importorskip("names_dataset", reason="names-dataset is not installed (pip install names-dataset==3.3.1)")
    from tests.stress.names import name_pool as load

    return load()


@pytest.fixture(scope="session")
def name_corpus(name_pool):
    return build_name_corpus(name_pool, SEED, NAME_MENTIONS)


@pytest.fixture(scope="session")
def name_result(name_corpus):
    return score.run(name_corpus)


@pytest.fixture(scope="session")
def number_corpus():
    return build_number_corpus(SEED, IDENTIFIERS, PUBLIC_NUMBERS)


@pytest.fixture(scope="session")
def number_result(number_corpus):
    return score.run(number_corpus)


@pytest.fixture(scope="session")
def adversarial_names(name_pool):
    cases = adversarial.name_cases(name_pool, random.Random(SEED), ADVERSARIAL_PER_VARIANT, adversarial.VARIANTS)
    return cases, *(score.run(c) for c in adversarial.corpora(cases))


@pytest.fixture(scope="session")
def adversarial_numbers():
    cases = adversarial.number_cases(random.Random(SEED), ADVERSARIAL_PER_VARIANT, adversarial.VARIANTS)
    return cases, *(score.run(c) for c in adversarial.corpora(cases))
