"""The word lists and cue patterns of `data/*.yaml`, validated and compiled once."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from redactor.yamldata import load_model

DATA_DIR = Path(__file__).parent / "data"


class Cue(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: str
    seed: bool = False
    patterns: list[str] = Field(min_length=1)


class RoleCues(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name_token: str
    cues: list[Cue]


class NotNames(BaseModel):
    model_config = ConfigDict(extra="forbid")
    words: list[str]


class Groups(BaseModel):
    model_config = ConfigDict(extra="forbid")
    group_suffix: str
    group_words: list[str]
    org_words: list[str]


@cache
def _groups() -> tuple[re.Pattern, frozenset[str], frozenset[str]]:
    spec = load_model(DATA_DIR / "groups.yaml", Groups)
    return (re.compile(spec.group_suffix), frozenset(w.casefold() for w in spec.group_words),
            frozenset(w.casefold() for w in spec.org_words))


def looks_like_group(value: str) -> bool:
    """A nationality, religion, ethnicity or political-group word ("Armenian", "Pentecostal")."""
    suffix, words, _ = _groups()
    tokens = value.split()
    if value.casefold() in words:
        return True
    return bool(tokens) and all(t.casefold() in words or suffix.search(t) for t in tokens)


def looks_like_name(value: str) -> bool:
    """Name-shaped: one to four capitalised words, none of them an organisation or group word."""
    _, words, org_words = _groups()
    tokens = value.strip().split()
    if not 1 <= len(tokens) <= 4 or looks_like_group(value):
        return False
    if value.strip().casefold() in known_places():
        return False
    from redactor.detect.vocabulary import fold, org_words as name_ending_org_words, private_org_markers

    public_words, private_words = name_ending_org_words()
    for t in tokens:
        bare = t.strip("\"“”'’.,()")
        if not bare or not bare[0].isupper() or any(c.isdigit() for c in bare):
            return False
        if bare.casefold() in org_words or bare.isupper() and len(bare) <= 5:
            return False
        if fold(bare) in public_words or fold(bare) in private_words or fold(bare) in private_org_markers():
            return False  # "Spin Ghar Logistics": the model's organisation is one
    return True


class Places(BaseModel):
    model_config = ConfigDict(extra="forbid")
    countries: list[str]
    other_places: list[str] = []


class Organisations(BaseModel):
    model_config = ConfigDict(extra="forbid")
    public: list[str]
    private: list[str]

    @field_validator("public", "private")
    @classmethod
    def _compiles(cls, values: list[str]) -> list[str]:
        for value in values:
            re.compile(value)
        return values


class CompiledCue:
    def __init__(self, role: str, seed: bool, regex: re.Pattern):
        self.role, self.seed, self.regex = role, seed, regex


@cache
def role_cues() -> tuple[CompiledCue, ...]:
    path = DATA_DIR / "roles.yaml"
    spec = load_model(path, RoleCues)
    # tokens joined by a space or two, or by one line break (OCR and wrapped text split names)
    name = rf"{spec.name_token}(?:(?:[ \t]{{1,2}}|[ \t]*\n[ \t]*){spec.name_token}){{0,4}}"
    # a name on one line only, for cues whose evidence is weak ("Yaw (7)")
    line_name = rf"{spec.name_token}(?:[ \t]{{1,2}}{spec.name_token}){{0,4}}"
    compiled = []
    for cue in spec.cues:
        for pattern in cue.patterns:
            rx = pattern.replace("{NAME}", f"(?:{name})").replace("{LINE_NAME}", f"(?:{line_name})")
            try:
                compiled.append(CompiledCue(cue.role, cue.seed, re.compile(rx)))
            except re.error as exc:
                from redactor.errors import ConfigError

                raise ConfigError(f"{path}: role {cue.role}: invalid pattern: {exc}") from None
    return tuple(compiled)


@cache
def not_names() -> frozenset[str]:
    return frozenset(w.casefold() for w in load_model(DATA_DIR / "not_names.yaml", NotNames).words)


@cache
def _places() -> Places:
    return load_model(DATA_DIR / "places.yaml", Places)


@cache
def countries() -> frozenset[str]:
    return frozenset(c.casefold() for c in _places().countries)


@cache
def known_places() -> frozenset[str]:
    return countries() | frozenset(p.casefold() for p in _places().other_places)


@cache
def organisations() -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...]]:
    spec = load_model(DATA_DIR / "organisations.yaml", Organisations)
    return tuple(map(re.compile, spec.public)), tuple(map(re.compile, spec.private))
