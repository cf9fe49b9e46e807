"""What the app loads once: the store per database path, the analyzer per process, detection per
document hash and the policy's proposal per (document hash, policy hash)."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from redactor.detect import detect
from redactor.detect.engine import get_analyzer
from redactor.io import read_document
from redactor.model import Finding, RedactionPlan
from redactor.policy import LoadedPolicy, apply_policy, list_policies, load_policy
from redactor.render import render_text
from redactor.review import ReviewStore, default_db_path
from redactor.settings import get_settings

DEFAULT_POLICY = "asylum-confidential"
REPO_ROOT = Path(__file__).resolve().parents[2]


def store() -> ReviewStore:
    return _store_at(str(default_db_path()))


@st.cache_resource(show_spinner=False)
def _store_at(path: str) -> ReviewStore:
    return ReviewStore(path)


@st.cache_resource(show_spinner="Loading the language model…")
def analyzer(model: str):
    return get_analyzer(model)


@st.cache_data(show_spinner="Finding names, numbers, dates and places…", max_entries=32)
def findings(document_id: str, _store: ReviewStore) -> tuple[Finding, ...]:
    """Detection depends only on the text, so one run per document hash serves every policy."""
    analyzer(get_settings().spacy_model)
    return tuple(detect(_store.get_document(document_id)))


@st.cache_resource(show_spinner=False, max_entries=64)
def proposed_plan(document_id: str, policy_id: str, policy_sha256: str, _store: ReviewStore,
                  _loaded: LoadedPolicy) -> RedactionPlan:
    # a frozen plan is safe to share between sessions without copying it on every rerun
    return apply_policy(_store.get_document(document_id), list(findings(document_id, _store)), _loaded)


def policy_names() -> list[str]:
    return [p.stem for p in list_policies()]


def default_policy() -> str:
    """$REDACTOR_DEFAULT_POLICY (what `make run POLICY=…` sets) if it names a policy, else the default."""
    wanted = os.environ.get("REDACTOR_DEFAULT_POLICY", "")
    return wanted if wanted in policy_names() else DEFAULT_POLICY


def policy(name: str) -> LoadedPolicy:
    paths = {p.stem: p for p in list_policies()}
    if name not in paths:
        return load_policy(name)  # raises the library's one-line error
    path = paths[name]
    return _policy_at(str(path), path.stat().st_mtime_ns)


@st.cache_resource(show_spinner=False, max_entries=32)
def _policy_at(path: str, mtime_ns: int) -> LoadedPolicy:
    return load_policy(path)


def preview(text: str, plan: RedactionPlan) -> str:
    """render_text, memoised per session for the last plan: moving between findings does not
    change the plan, so it need not be rendered again."""
    key = (plan.document_id, plan.policy_sha256,
           tuple((d.finding.start, d.finding.end, d.replacement) for d in plan.masked))
    memo = st.session_state.get("_preview_memo")
    if memo is None or memo[0] != key:
        memo = (key, render_text(text, plan))
        st.session_state["_preview_memo"] = memo
    return memo[1]


@st.cache_data(show_spinner=False, max_entries=96)
def page_png(document_id: str, kind: str, page: int, _store: ReviewStore) -> bytes:
    """A page of the stored original as PNG, rendered once per document and page."""
    from redactor.review.pages import render_page

    return render_page(kind, _store.original(document_id), page)


@st.cache_data(show_spinner=False, max_entries=96)
def redacted_page_png(file_sha256: str, kind: str, page: int, _data: bytes) -> bytes:
    """A page of the redacted file (keyed by the file's hash) as PNG."""
    from redactor.review.pages import render_page

    return render_page(kind, _data, page)


def redacted_file(store: ReviewStore, document, plan: RedactionPlan, loaded: LoadedPolicy) -> tuple[str, bytes]:
    """The true-redacted PDF or image the export writes for this plan (the engine's render and
    verification, in a temporary folder), remembered per plan so preview and export are one file."""
    from redactor.review.export import redacted_original
    from redactor.service import OutputOptions

    return redacted_original(store, document, plan, OutputOptions.from_policy(loaded))


def sample_dir() -> Path:
    configured = os.environ.get("REDACTOR_SAMPLE_DIR")
    if configured:
        return Path(configured)
    here = Path.cwd() / "sample_docs"
    return here if here.is_dir() else REPO_ROOT / "sample_docs"


def sample_files() -> list[Path]:
    folder = sample_dir()
    if not folder.is_dir():
        return []
    return [p for p in sorted(folder.glob("*.txt")) if not p.name.endswith(".marked.txt")]


@st.cache_data(show_spinner=False, max_entries=256)
def sample_id(path: str, mtime_ns: int) -> str:
    return read_document(path).id


# ---- cases ---------------------------------------------------------------------------------------
def sample_cases() -> list[Path]:
    """The case folders of sample_docs/: each subfolder with at least one document."""
    from redactor.case.plan import case_inputs
    from redactor.errors import InputError

    folder = sample_dir()
    if not folder.is_dir():
        return []
    found = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            case_inputs([sub])
        except InputError:
            continue
        found.append(sub)
    return found


def sample_case_id(folder: Path) -> str:
    from redactor.case.plan import case_inputs

    inputs = case_inputs([folder])
    return _sample_case_id(tuple((str(p), p.stat().st_mtime_ns) for _, p in inputs))


@st.cache_data(show_spinner=False, max_entries=64)
def _sample_case_id(files: tuple) -> str:
    import hashlib

    return hashlib.sha256("\n".join(sorted(sample_id(path, mtime) for path, mtime in files)).encode()).hexdigest()


def case_plan(store: ReviewStore, case_id: str, loaded: LoadedPolicy):
    """The case planned under a policy, once per (store, case, profile, policy): detection per
    document (cached by document hash), the identity graph, the policy, stable replacements."""
    import hashlib

    profile = store.case_profile(case_id) or ""
    return _case_plan_at(str(store.path), case_id, hashlib.sha256(profile.encode()).hexdigest(), loaded.id,
                         loaded.sha256, store, loaded)


@st.cache_resource(show_spinner=False, max_entries=8)
def _case_plan_at(db: str, case_id: str, profile_sha256: str, policy_id: str, policy_sha256: str,
                  _store: ReviewStore, _loaded: LoadedPolicy):
    from redactor.case.session import load_case

    return load_case(_store, case_id, _loaded, lambda document_id: findings(document_id, _store))
