"""A case from its files to its plans: read and detect every document (in worker processes if
asked: detect-map), link them into one identity graph (link-reduce), apply the policy to each, and
make every replacement the same for one entity across the case: tags by the case-wide id,
pseudonyms keyed by the case instead of the document, initials after the person's one name."""

from __future__ import annotations

import hashlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Sequence

from redactor.case.evidence import given_and_surname
from redactor.case.link import link_case
from redactor.case.model import CaseDocument, CasePlan
from redactor.case.naming import NameForm, canonical, name_forms, similar
from redactor.case.profile import CaseProfile, find_profile, load_profile
from redactor.errors import InputError
from redactor.model import Action, Document, RedactionPlan
from redactor.operators import replacement_for
from redactor.policy import LoadedPolicy, apply_policy
from redactor.policy.apply import policy_secret

DETECT_GROUP = 4  # documents per task of a detection worker


def case_inputs(paths: Sequence[Path]) -> list[tuple[str, Path]]:
    """(relative name, path) of every document of a case: one folder (every supported file below
    it) or a list of files. Sorted, so a case reads the same on every run."""
    from redactor.batch import collect_inputs

    paths = [Path(p) for p in paths]
    if len(paths) == 1 and paths[0].is_dir():
        root = paths[0]
        found = [(str(p.relative_to(root)), p) for p in collect_inputs(root, "**/*")]
    else:
        for p in paths:
            if p.is_dir():
                raise InputError(f"{p}: a case is one folder or a list of files, not several folders")
            if not p.exists():
                raise InputError(f"{p}: file not found")
        names = [p.name for p in paths]
        if len(set(names)) != len(names):
            raise InputError("two files of the case have the same name; put the case in a folder")
        found = sorted((p.name, p) for p in paths)
    if not found:
        raise InputError(f"{paths[0]}: no supported documents in the case")
    return sorted(found)


def case_profile(paths: Sequence[Path], profile: Path | None) -> CaseProfile | None:
    """The profile given, else `case.yaml` in the case folder, else none."""
    if profile is not None:
        return load_profile(profile)
    paths = [Path(p) for p in paths]
    found = find_profile(paths[0]) if len(paths) == 1 and paths[0].is_dir() else None
    return load_profile(found) if found else None


# ---- detect-map -----------------------------------------------------------------------------
def _read_and_detect(items: list[tuple[str, str]], password: str | None) -> list[tuple[str, Document, list]]:
    from redactor.detect import detect_many
    from redactor.io import read_document

    documents = [read_document(Path(path), password) for _, path in items]
    return [(rel, doc, found) for (rel, _), doc, found in zip(items, documents, detect_many(documents))]


def _init_detector() -> None:
    from redactor.detect.engine import get_analyzer
    from redactor.settings import get_settings

    get_analyzer(get_settings().spacy_model)


def detect_case(inputs: list[tuple[str, Path]], workers: int = 1, password: str | None = None) -> list[CaseDocument]:
    """Read and detect every document; with workers > 1, groups of documents go to worker processes
    that each load the model once."""
    items = [(rel, str(path)) for rel, path in inputs]
    groups = [items[i:i + DETECT_GROUP] for i in range(0, len(items), DETECT_GROUP)]
    if workers <= 1 or len(groups) <= 1:
        results = [r for group in groups for r in _read_and_detect(group, password)]
    else:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_detector) as pool:
            results = [r for done in pool.map(_read_and_detect, groups, [password] * len(groups)) for r in done]
    return [CaseDocument(i, rel, doc, tuple(found)) for i, (rel, doc, found) in enumerate(results)]


def case_id(documents: Sequence[CaseDocument]) -> str:
    """The same documents make the same case, whatever their order or names."""
    return hashlib.sha256("\n".join(sorted(d.document.id for d in documents)).encode()).hexdigest()


# ---- link-reduce and the policy ----------------------------------------------------------------
def plan_case(documents: Sequence[CaseDocument], loaded: LoadedPolicy,
              profile: CaseProfile | None = None) -> CasePlan:
    documents = list(documents)
    linked = link_case(documents, profile)
    scope = case_id(documents)
    secret = policy_secret(loaded)
    plans = []
    for doc, findings in zip(documents, linked.findings):
        plan = apply_policy(doc.document, list(findings), loaded)
        plans.append(stabilise(doc.document, plan, scope, secret, linked.names))
    return CasePlan(scope, tuple(documents), linked.entities, tuple(plans), loaded.id, loaded.sha256,
                    profile is not None, linked.added, linked.names)


def stabilise(document: Document, plan: RedactionPlan, scope: str, secret: str,
              names: dict[str, NameForm]) -> RedactionPlan:
    """Replacements that are the same for one entity in every document: pseudonyms keyed by the
    case, initials after the person's one name ("Alexandra Gritsevich" and "Aliaksandra
    Hrytsevich" both A-H-)."""
    decisions = []
    for d in plan.decisions:
        f = d.finding
        if d.action is Action.PSEUDONYM:
            params = {"entity_id": f.entity_id, "entity_type": f.entity_type, "document_id": f"case:{scope}",
                      "secret": secret}
            d = replace(d, replacement=replacement_for(Action.PSEUDONYM, document.text[f.start:f.end], params))
        elif d.action is Action.INITIALS and f.entity_type == "PERSON" and f.entity_id in names:
            d = replace(d, replacement=case_initials(document.text[f.start:f.end], names[f.entity_id]))
        decisions.append(d)
    return replace(plan, decisions=tuple(decisions))


def case_initials(surface: str, name: NameForm) -> str:
    """BIA-style initials of a mention, each letter taken from the person's one name where the
    mention's word is a spelling of one of its words, in that name's order."""
    words = list(name.words)
    if name.is_full:
        given, surname = given_and_surname(name)
        keys = [canonical(w) for w in words]
        if keys[0] == surname and keys[-1] != surname:  # written surname first
            words = words[1:] + words[:1]
    keys = [canonical(w) for w in words]
    placed: list[tuple[int, str]] = []
    extra: list[str] = []
    for form in name_forms(surface):
        for word in form.words:
            key = canonical(word)
            at = next((i for i, k in enumerate(keys) if k == key or similar(k, key)), None)
            if at is None:
                at = next((i for i, k in enumerate(keys) if k[:1] == key[:1] and _close(k, key)), None)
            (placed.append((at, words[at][0])) if at is not None else extra.append(word[0]))
        for letter in form.initials:
            at = next((i for i, w in enumerate(words) if w[:1].lower() == letter
                       and i not in {p for p, _ in placed}), None)
            (placed.append((at, letter)) if at is not None else extra.append(letter))
    letters = [letter for _, letter in sorted(set(placed))] + extra
    return "".join(c.upper() + "-" for c in letters) or "X-"


def _close(a: str, b: str) -> bool:
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.7
