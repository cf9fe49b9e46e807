"""Two small custom components, local files only (redactor/ui/static/): the document pane (the
highlighted text or a page image with the finding boxes, which keeps the reviewer's place, scrolls
the current finding into view and reports a click on a highlight or a box) and the keyboard (one
window-wide listener whose presses arrive in order, none dropped)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

import streamlit as st

STATIC = Path(__file__).parent / "static"
PANE_HEIGHT = 640

_pane = st.components.v2.component("redactor_document_pane", js=(STATIC / "viewer.js").read_text(encoding="utf-8"),
                                   isolate_styles=False)
_keys = st.components.v2.component("redactor_keyboard", js=(STATIC / "keys.js").read_text(encoding="utf-8"),
                                   isolate_styles=False)


def mark_key(start: int, end: int, entity_id: str) -> str:
    return f"{start}:{end}:{entity_id}"


def parse_mark_key(value: str | None) -> tuple[int, int, str] | None:
    """"start:end:entity|nonce" from a click → (start, end, entity id), or None if malformed."""
    if not value:
        return None
    start, _, rest = str(value).split("|", 1)[0].partition(":")
    end, _, entity_id = rest.partition(":")
    if not (start.isdigit() and end.isdigit() and entity_id):
        return None
    return int(start), int(end), entity_id


def text_pane(key: str, html: str, focus: str | None, nonce: int, on_select: Callable[[], None],
              height: int = PANE_HEIGHT):
    data = {"kind": "text", "html": html, "content_id": hashlib.sha1(html.encode()).hexdigest(),
            "focus": focus, "nonce": nonce, "height": height}
    return _pane(key=key, data=data, on_select_change=on_select, height="content")


def page_pane(key: str, page: int, image_url: str, size: tuple[float, float], boxes: list, focus: str | None,
              nonce: int, on_select: Callable[[], None], height: int = PANE_HEIGHT):
    """`boxes`: [mark key, x0, y0, x1, y1, css classes, title] in page units."""
    digest = hashlib.sha1(image_url.encode())
    digest.update(repr(boxes).encode())
    data = {"kind": "page", "page": page, "image": image_url, "w": size[0], "h": size[1], "boxes": boxes,
            "content_id": digest.hexdigest(), "focus": focus, "nonce": nonce, "height": height}
    return _pane(key=key, data=data, on_select_change=on_select, height="content")


def keyboard(key: str, applied: int, on_press: Callable[[], None]):
    """`applied`: the last press number the app has applied, so the keyboard sends the next."""
    return _keys(key=key, data={"ack": applied}, on_press_change=on_press, height=0)


def new_press(value, applied: int) -> tuple[int, str] | None:
    """The press in the keyboard's state, if it is one the app has not applied yet."""
    if not isinstance(value, dict):
        return None
    try:
        seq, key = int(value["seq"]), str(value["key"])
    except (KeyError, TypeError, ValueError):
        return None
    return (seq, key) if seq > applied else None
