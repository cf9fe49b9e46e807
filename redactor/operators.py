"""Replacement operators, one Presidio `Operator` class each: what stands in the output in place of a
masked span. The policy layer computes each decision's replacement with them, so preview, export and
log all show the same text."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from functools import cache
from pathlib import Path
from typing import Dict

import yaml
from presidio_anonymizer.operators import Operator, OperatorType

from redactor.model import Action

BLOCK = "█"


class _Anonymizer(Operator):
    """Shared plumbing: an anonymizing operator named after its class, with no required params."""

    required: tuple[str, ...] = ()

    def validate(self, params: Dict = None) -> None:
        missing = [p for p in self.required if p not in (params or {})]
        if missing:
            raise ValueError(f"{self.operator_name()} needs {', '.join(missing)}")

    def operator_name(self) -> str:
        return type(self).__name__.lower()

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


class Redact(_Anonymizer):
    """A solid block of fixed length, so the length of the original does not leak."""

    def operate(self, text: str, params: Dict = None) -> str:
        return BLOCK * int((params or {}).get("length", 6))


class Tag(_Anonymizer):
    """`[PERSON-3]`: numbered per entity, the same for every mention of it."""

    required = ("entity_id",)

    def operate(self, text: str, params: Dict = None) -> str:
        return f"[{params['entity_id']}]"


class Initials(_Anonymizer):
    """BIA style: "Eugenia Balachova" → "E-B-", "Balachova" → "B-"."""

    def operate(self, text: str, params: Dict = None) -> str:
        words = [w for w in re.split(r"[\s]+", text) if w and w[0].isalpha()]
        return "".join(w[0].upper() + "-" for w in words) or "X-"


def _next_alnum_is_digit(text: str, at: int) -> bool:
    """An A-number's "A" (A75 836 651, A-075…) stays; a passport's "AB…" letters do not."""
    rest = [c for c in text[at + 1:] if c.isalnum()]
    return bool(rest) and rest[0].isdigit()


class Partial(_Anonymizer):
    """Keep the last `keep_last` digits (FRCP 5.2 style): "A75 836 651" → "AXX XXX 651"."""

    def operate(self, text: str, params: Dict = None) -> str:
        keep = int((params or {}).get("keep_last", 3))
        digits_seen = 0
        out = []
        total = sum(c.isalnum() for c in text)
        for c in text:
            if c.isalnum():
                digits_seen += 1
                if digits_seen == 1 and c in "Aa" and _next_alnum_is_digit(text, text.index(c)):
                    out.append(c)
                elif digits_seen > total - keep:
                    out.append(c)
                else:
                    out.append("X")
            else:
                out.append(c)
        return "".join(out)


class Generalize(_Anonymizer):
    """A date becomes its year ("November 3, 2005" → "2005"); without a year, `[DATE]`."""

    def operate(self, text: str, params: Dict = None) -> str:
        year = re.search(r"\b(1[89]\d{2}|20\d{2})\b", text)
        if year:
            return year.group(1)
        two = re.search(r"\b\d{1,2}[/-]\d{1,2}[/-](\d{2})\b", text)
        if two:
            yy = int(two.group(1))
            return str(2000 + yy if yy < 50 else 1900 + yy)
        return f"[{(params or {}).get('entity_type', 'DATE')}]"





@cache
def _pseudonym_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = yaml.safe_load((Path(__file__).parent / "data" / "pseudonyms.yaml").read_text("utf-8"))
    return tuple(data["given"]), tuple(data["family"])


@cache
def _process_secret() -> str:
    return secrets.token_hex(16)


class Pseudonym(_Anonymizer):
    """A consistent fictional name per entity, chosen by HMAC(secret, document, entity): the same
    across runs with the same configured secret, unguessable without it."""

    required = ("entity_id",)

    def operate(self, text: str, params: Dict = None) -> str:
        params = params or {}
        if params.get("entity_type", "PERSON") != "PERSON":
            return f"[{params['entity_id']}]"
        given, family = _pseudonym_names()
        secret = params.get("secret") or _process_secret()
        digest = hmac.new(
            secret.encode(), f"{params.get('document_id', '')}|{params['entity_id']}".encode(), hashlib.sha256
        ).digest()
        number = int.from_bytes(digest[:8], "big")
        first = given[number % len(given)]
        last = family[(number // len(given)) % len(family)]
        words = text.split()
        if len(words) == 1:
            # a surname-only mention gets the pseudonym's surname
            return last.upper() if text.isupper() else last
        full = f"{first} {last}"
        return full.upper() if text.isupper() else full





OPERATORS: dict[Action, Operator] = {
    Action.REDACT: Redact(),
    Action.TAG: Tag(),
    Action.INITIALS: Initials(),
    Action.PARTIAL: Partial(),
    Action.GENERALIZE: Generalize(),
    Action.PSEUDONYM: Pseudonym(),
}


def replacement_for(action: Action, text: str, params: dict) -> str | None:
    if action is Action.KEEP:
        return None
    return OPERATORS[action].operate(text, params)
