"""Recognizer YAML (`recognizers/*.yaml`) → validated models → Presidio pattern recognizers."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Callable, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from redactor.yamldata import load_model

RECOGNIZER_DIR = Path(__file__).parent / "recognizers"


class PatternSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    regex: str
    score: float = Field(ge=0.0, le=1.0)
    ignore_case: bool = False

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from None
        return value


class RecognizerSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    entity: str = Field(pattern=r"^[A-Z_]+$")
    role: Optional[str] = None
    validator: Optional[str] = None
    context: list[str] = []
    patterns: list[PatternSpec] = Field(min_length=1)


class RetypeSpec(BaseModel):
    """Change a finding's type when the text just before it matches `before` (e.g. DATE → DATE_OF_BIRTH)."""

    model_config = ConfigDict(extra="forbid")
    entity: str
    to: str
    before: str

    @field_validator("before")
    @classmethod
    def _compiles(cls, value: str) -> str:
        re.compile(value)
        return value


class RecognizerFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    recognizers: list[RecognizerSpec] = []
    retype: list[RetypeSpec] = []


def _a_number(value: str) -> bool:
    raw = value[1:] if value[:1] in "Aa" else value
    chars = [c for c in raw if c.isalnum()]
    real = sum(c.isdigit() for c in chars)
    return len(chars) in (8, 9) and real >= 6 and all(c.isdigit() or c in "OIl" for c in chars)


VALIDATORS: dict[str, Callable[[str], bool]] = {"a_number": _a_number}


@cache
def load_recognizer_files(folder: Path = RECOGNIZER_DIR) -> tuple[RecognizerFile, ...]:
    files = sorted(folder.glob("*.yaml"))
    specs = tuple(load_model(path, RecognizerFile) for path in files)
    for path, spec in zip(files, specs):
        for rec in spec.recognizers:
            if rec.validator and rec.validator not in VALIDATORS:
                from redactor.errors import ConfigError

                raise ConfigError(f"{path}: recognizer {rec.name}: unknown validator '{rec.validator}'")
    return specs
