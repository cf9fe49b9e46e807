"""Driving the reviewer app with Streamlit's AppTest: a fresh review database per test, a reviewer who
has given their name, and small readers for what the screen shows."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")
SAMPLE = "i589_declaration_karimi.txt"


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "review.db"
    monkeypatch.setenv("REDACTOR_REVIEW_DB", str(path))
    monkeypatch.delenv("REDACTOR_DEBUG", raising=False)
    monkeypatch.delenv("REDACTOR_SAMPLE_DIR", raising=False)
    monkeypatch.delenv("REDACTOR_DEFAULT_POLICY", raising=False)
    monkeypatch.chdir(REPO)
    return path


def new_app():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    return at


def start(name: str = "Alice"):
    at = new_app()
    at.text_input(key="reviewer_name").input(name)
    at.button(key="start").click().run()
    assert_clean(at)
    return at


@pytest.fixture
def app(db):
    return start()


def open_sample(at, name: str = SAMPLE):
    at.button(key=f"open_{name}").click().run()
    assert_clean(at)
    return at


def assert_clean(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def progress(at) -> tuple[int, int]:
    text = at.get("progress")[0].proto.text
    done, total = re.fullmatch(r"(\d+) of (\d+) decided", text).groups()
    return int(done), int(total)


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def view(at, name: str):
    """Open one of the tabs (only the open tab's content is computed)."""
    if at.session_state["view"] != name:
        at.session_state["view"] = name
        at.run()
        assert_clean(at)
    return at


def pane(at, key: str = "pane_text") -> dict:
    """The data the document pane component (redactor/ui/viewer.py) was given in the last run."""
    for element in at.get("bidi_component"):
        if element.proto.component_name == "redactor_document_pane" and element.proto.id.endswith(f"-{key}"):
            return json.loads(element.proto.json)
    raise AssertionError(f"no document pane {key} on the screen")


def document_html(at) -> str:
    view(at, "Document")
    return pane(at)["html"]


def focus_html(at) -> str:
    return next(h.value for h in at.get("html") if 'class="rv-ctx"' in h.value)


def preview(at) -> str:
    view(at, "Redacted preview")
    return at.code[0].value


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store():
    from redactor.review import ReviewStore, default_db_path

    return ReviewStore(default_db_path())


def focused_key(at):
    return at.session_state["focus"]
