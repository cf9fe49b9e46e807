"""The policy file format (`policies/*.yaml`), as pydantic models."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from redactor.model import PRIVATE_ROLES, PUBLIC_ROLES, Action

ENTITY_TYPES = {
    "PERSON", "A_NUMBER", "DOCKET", "RECEIPT_NUMBER", "DATE", "DATE_OF_BIRTH", "LOCATION", "ADDRESS",
    "PHONE", "EMAIL", "ID_CODE", "ORG", "NRP",
}


ROLES = PUBLIC_ROLES | PRIVATE_ROLES | {"unknown"}


class Rule(BaseModel):
    """First matching rule wins. Empty `types`/`roles` match anything; role `unknown` matches none."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    types: list[str] = []
    roles: list[str] = []
    action: Action
    basis: str
    params: dict[str, object] = {}

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, roles: list[str]) -> list[str]:
        return _known(roles, ROLES, "role")

    @field_validator("types")
    @classmethod
    def _known_types(cls, types: list[str]) -> list[str]:
        return _known(types, ENTITY_TYPES, "entity type")


def _known(names, allowed, what: str):
    """`names` (a list, or a mapping's keys) all in `allowed`, else a clear error listing both."""
    unknown = [n for n in names if n not in allowed]
    if unknown:
        raise ValueError(f"unknown {what}(s) {unknown}; expected one of {sorted(allowed)}")
    return names


def _check_type_keys(mapping: dict, extra: set[str] = frozenset()) -> dict:
    return _known(mapping, ENTITY_TYPES | extra, "entity type")


class Expectations(BaseModel):
    model_config = ConfigDict(extra="forbid")
    recall: dict[str, float] = {}
    max_keep_violation_rate: float = Field(default=0.05, ge=0.0, le=1.0)

    @field_validator("recall")
    @classmethod
    def _known_types(cls, recall: dict[str, float]) -> dict[str, float]:
        return _check_type_keys(recall)


class RenderOptions(BaseModel):
    """How outputs look: the label drawn in a PDF box, its fill, and how output files are named."""

    model_config = ConfigDict(extra="forbid")
    pdf_label: Literal["none", "replacement", "basis"] = "replacement"
    fill: tuple[float, float, float] = (0.0, 0.0, 0.0)
    # safe: the input's name with every masked word replaced; hash: the document's hash
    file_names: Literal["safe", "hash"] = "safe"


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str
    description: str = ""
    thresholds: dict[str, float] = {}
    allow: list[str] = []
    deny: list[str] = []
    rules: list[Rule] = Field(min_length=1)
    default: Rule
    secret_env: Optional[str] = None
    render: RenderOptions = RenderOptions()
    expectations: Expectations = Expectations()

    @field_validator("thresholds")
    @classmethod
    def _known_threshold_types(cls, thresholds: dict[str, float]) -> dict[str, float]:
        return _check_type_keys(thresholds, {"default"})

    def rule_for(self, entity_type: str, role: Optional[str]) -> Rule:
        for rule in self.rules:
            if rule.types and entity_type not in rule.types:
                continue
            if rule.roles and (role or "unknown") not in rule.roles:
                continue
            return rule
        return self.default
