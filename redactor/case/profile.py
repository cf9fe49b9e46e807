"""The case profile (`case.yaml`): what counsel already knows about the people of a case, validated
like a policy (a mistake names the file, the line and the field). It seeds the identity graph and
adds search terms; it is never written into any output.

```yaml
identities:
  - name: Aliaksandra Siarheyeuna Hrytsevich
    role: applicant            # applicant | family | minor | witness | persecutor | private
    relation: null             # husband, son, ... (free text, lower case)
    aliases: [Sasha]
    transliterations: [Alexandra Gritsevich]
    a_numbers: [A212345678]
    dates_of_birth: [1988-03-14]
    places: [Hrodna, Grodno]
mask:                          # always masked, wherever they appear
  - Secondary School No. 14
  - {text: Savetskaya Street, type: ADDRESS}
keep:                          # always kept (the firm, the expert)
  - Harbor Immigrant Justice Clinic
```
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from redactor.case.naming import display_fold
from redactor.errors import ConfigError
from redactor.model import PRIVATE_ROLES, TYPE_PRIORITY
from redactor.yamldata import load_model

PROFILE_NAME = "case.yaml"


def _text(value: str) -> str:
    value = " ".join(str(value).split())
    if sum(c.isalnum() for c in value) < 2:
        raise ValueError("must contain at least two letters or digits")
    return value


Text = Annotated[str, AfterValidator(_text)]


class Identity(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text
    role: str = "private"
    relation: str | None = None
    aliases: list[Text] = Field(default_factory=list)
    transliterations: list[Text] = Field(default_factory=list)
    a_numbers: list[str] = Field(default_factory=list)
    dates_of_birth: list[dt.date] = Field(default_factory=list)
    places: list[Text] = Field(default_factory=list)

    @field_validator("role")
    @classmethod
    def _role(cls, value: str) -> str:
        if value not in PRIVATE_ROLES:
            raise ValueError(f"expected one of {', '.join(sorted(PRIVATE_ROLES))} (a public person "
                             "goes under keep:)")
        return value

    @field_validator("relation")
    @classmethod
    def _relation(cls, value: str | None) -> str | None:
        return value.strip().lower() if value else None

    @field_validator("a_numbers")
    @classmethod
    def _a_numbers(cls, values: list[str]) -> list[str]:
        for value in values:
            digits = re.sub(r"[^0-9]", "", str(value))
            if not 7 <= len(digits.lstrip("0")) <= 9 or re.search(r"[^0-9Aa#\s.-]", str(value)):
                raise ValueError("not an A-number: expected 8 or 9 digits, optionally after 'A'")
        return [str(v) for v in values]

    @property
    def names(self) -> list[str]:
        """Every way of writing this person's name that the profile gives."""
        return [self.name, *self.aliases, *self.transliterations]


class Term(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: Text
    type: str = "PERSON"

    @field_validator("type")
    @classmethod
    def _type(cls, value: str) -> str:
        if value not in TYPE_PRIORITY:
            raise ValueError(f"unknown entity type (expected one of {', '.join(sorted(TYPE_PRIORITY))})")
        return value


class CaseProfile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    identities: list[Identity] = Field(default_factory=list)
    mask: list[Term] = Field(default_factory=list)
    keep: list[Text] = Field(default_factory=list)

    @field_validator("mask", mode="before")
    @classmethod
    def _mask(cls, values):
        return [{"text": v} if isinstance(v, str) else v for v in values or []]

    @model_validator(mode="after")
    def _no_contradiction(self) -> "CaseProfile":
        kept = {display_fold(k) for k in self.keep}
        masked = {display_fold(t.text) for t in self.mask}
        masked |= {display_fold(n) for i in self.identities for n in i.names}
        both = kept & masked
        if both:
            raise ValueError(f"{len(both)} term(s) are both kept and masked (keep: and identities/mask:)")
        return self


def load_profile(path: Path) -> CaseProfile:
    """Validate a case profile; errors name the file and the line, never a name from it."""
    path = Path(path)
    if path.is_dir():
        raise ConfigError(f"{path}: is a folder, not a case profile")
    return load_model(path, CaseProfile)


def find_profile(case_dir: Path) -> Path | None:
    candidate = Path(case_dir) / PROFILE_NAME
    return candidate if candidate.is_file() else None
