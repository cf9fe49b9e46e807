"""True DOCX redaction: the plan's masked characters are replaced inside the very text nodes that
hold them (runs keep their formatting), then the package is cleaned of what a stranger could read
beside the text.

What the output is:
- every masked span is gone from the w:t / w:delText / w:instrText / a:t nodes that held it; the
  replacement stands in the first surviving node of the span, the span's other characters are cut
  from the following nodes (a span may cross runs, hyperlinks, tabs and line breaks);
- all tracked changes are ACCEPTED: deletions (w:del, w:moveFrom, deleted rows) are removed with
  their text, insertions (w:ins, w:moveTo) are unwrapped, formatting-change records and move/range
  markers dropped; a deleted paragraph mark only loses its marker (paragraphs are not merged).
  So the output has no revision history and no deleted text;
- comments stay, their text redacted like the body; authors of comments and people (w:author,
  w15:author) are emptied, initials, dates, presence info (e-mail/user ids) and rsids removed;
- core properties are emptied (author, last_modified_by, title, subject, keywords, comments,
  category, identifier, dates, revision …), app.xml loses company, manager, template, titles of
  parts and statistics, custom properties and the thumbnail are removed; settings lose rsids,
  the attached template, document variables, mail merge and revision tracking;
- alt text, titles and tooltips of pictures and links, simple-field instructions, bookmark names
  and external link targets are scrubbed of the masked strings.
The original file is only read. The text of the output (as `read_docx` reads it) equals
`render_text(document.text, plan)` wherever no tracked change and no paragraph break lies inside a
masked span.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote, unquote

from lxml import etree

from redactor.errors import RedactorError
from redactor.files import write_atomic
from redactor.io.docx import (A, PKG_RELS, TEXT_TAGS, XML_SPACE, R, W, DocxLayout, DocxPackage,
                              Piece, extract, is_deleted)
from redactor.model import Document, RedactionPlan
from redactor.render.docx_parts import (keep_known_parts, rename_masked_parts, repaint_pictures,
                                        scrub_all_attributes, strip_xml_extras)
from redactor.verify.variants import MaskedTerms

W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"


def _w(*names: str) -> tuple[str, ...]:
    return tuple(f"{{{W}}}{name}" for name in names)


INSERTED, DELETED = _w("ins", "moveTo"), _w("del", "moveFrom")
PROPERTY_HOLDERS = _w("rPr", "trPr", "tcPr", "pPr")
CHANGE_MARKERS = _w(
    "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
    "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
    "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart",
    "customXmlMoveToRangeEnd", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange",
    "trPrChange", "tcPrChange", "tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge")
SETTINGS_DROPPED = _w("rsids", "attachedTemplate", "docVars", "trackRevisions", "mailMerge")
APP_DROPPED = {"Company", "Manager", "HyperlinkBase", "TitlesOfParts", "HeadingPairs", "Template",
               "TotalTime", "Pages", "Words", "Characters", "CharactersWithSpaces", "Lines",
               "Paragraphs"}
SETTINGS = re.compile(r"(^|/)settings\.xml$")
NOT_CLEANED = re.compile(r"/theme/|(^|/)fontTable\.xml$")
FREE_TEXT_ATTRIBUTES = {"descr", "title", "tooltip", "instr", "alt"}
NAMED_DRAWINGS = {"docPr", "cNvPr"}


def render_docx(document: Document, plan: RedactionPlan, source: Path, out_path: Path) -> dict:
    """Redact `source` (the file `document` was read from; never modified) into `out_path`;
    returns what was removed from the package, by kind ({"chart": 1, "embedded object": 2})."""
    data = Path(source).read_bytes()
    payload, removed = redact_docx_package(document, plan, data, str(source))
    write_atomic(Path(out_path), payload)
    return removed


def redact_docx(document: Document, plan: RedactionPlan, data: bytes, name: str = "<docx>") -> bytes:
    return redact_docx_package(document, plan, data, name)[0]


def redact_docx_package(document: Document, plan: RedactionPlan, data: bytes,
                        name: str = "<docx>") -> tuple[bytes, dict]:
    package = DocxPackage(name, data)
    text_parts = package.text_parts()
    text, pieces = extract(package)
    layout = document.layout
    xml_chars = getattr(layout, "xml_chars", -1)
    xml_chars = len(document.text) if xml_chars < 0 else xml_chars
    if (not isinstance(layout, DocxLayout) or text != document.text[:xml_chars]
            or tuple(p.key for p in pieces) != tuple(key for _, _, key in layout.pieces)):
        raise RedactorError(f"{name}: this is not the file the plan was made for (its text "
                            "differs); read it again")
    mentions = _mentions(document, plan)
    terms = MaskedTerms([(document.text[d.finding.start:d.finding.end], d.finding.entity_type)
                         for d in plan.masked])
    _mask(pieces, plan)
    for part in _word_parts(package, text_parts):
        root = package.xml(part)
        accept_tracked_changes(root)
        _forget_people(root)
        if part in text_parts:
            _scrub_attributes(root, mentions, terms)
        if SETTINGS.search(part):
            for element in list(root.iter(*SETTINGS_DROPPED)):
                _drop(element)
            _drop_unused_relationships(package, part, root)
        package.mark_changed(part)
    _clean_properties(package)
    removed = keep_known_parts(package, text_parts)
    _scrub_external_targets(package, mentions, terms)
    repaint_pictures(package, document, plan)
    rename_masked_parts(package, terms)
    scrub_all_attributes(package, terms)
    strip_xml_extras(package)
    return package.to_bytes(), removed


# --- the text ------------------------------------------------------------------------------------

def _anchor(pieces: list[Piece], covered: list[int]) -> int:
    """Where the replacement goes: the first text node of the span that survives acceptance of
    tracked changes, else the first surviving mark (tab, break), else the first piece."""
    for text_only in (True, False):
        for i in covered:
            node = pieces[i].node
            if (not text_only or node.tag in TEXT_TAGS) and not is_deleted(node):
                return i
    return covered[0]


def _mask(pieces: list[Piece], plan: RedactionPlan) -> None:
    starts = [p.start for p in pieces]
    edits: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    done = 0  # decisions never overlap after policy; if they did, a character is cut only once
    for decision in sorted(plan.masked, key=lambda d: (d.finding.start, d.finding.end)):
        start, end = max(decision.finding.start, done), decision.finding.end
        if end <= start:
            continue
        done = end
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        covered = []
        while i < len(pieces) and pieces[i].start < end:
            if pieces[i].end > start:
                covered.append(i)
            i += 1
        if not covered:
            continue  # only separators the reader inserted
        anchor = _anchor(pieces, covered)
        for i in covered:
            piece = pieces[i]
            local = (max(start, piece.start) - piece.start, min(end, piece.end) - piece.start)
            edits[i].append((*local, (decision.replacement or "") if i == anchor else ""))
    for i, node_edits in edits.items():
        _edit(pieces[i].node, node_edits)


def _edit(node, node_edits: list[tuple[int, int, str]]) -> None:
    if node.tag in TEXT_TAGS:
        value = node.text or ""
        for a, b, insert in sorted(node_edits, reverse=True):
            value = value[:a] + insert + value[b:]
        node.text = value
        if node.tag.startswith(f"{{{W}}}"):
            node.set(XML_SPACE, "preserve")
        return
    # a one-character mark (tab, break): removed, or turned into the text that replaces it
    insert = "".join(e[2] for e in node_edits)
    parent = node.getparent()
    if not insert:
        _drop(node)
    elif node.tag.startswith(f"{{{A}}}"):
        run = etree.Element(f"{{{A}}}r")
        etree.SubElement(run, f"{{{A}}}t").text = insert
        run.tail = node.tail
        parent.replace(node, run)
    else:
        text = etree.Element(f"{{{W}}}t")
        text.text = insert
        text.set(XML_SPACE, "preserve")
        text.tail = node.tail
        parent.replace(node, text)


# --- tracked changes -----------------------------------------------------------------------------

def _drop(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail, previous = element.tail, element.getprevious()
    parent.remove(element)
    if tail and tail.strip():  # never so in WordprocessingML, but text is not lost if it is
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _unwrap(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for child in list(element):
        parent.insert(index, child)
        index += 1
    parent.remove(element)


def accept_tracked_changes(root) -> None:
    """Accept every tracked change in one XML part (see the module docstring)."""
    for element in list(root.iter(*INSERTED, *DELETED)):
        parent = element.getparent()
        if parent is None:
            continue
        if parent.tag in PROPERTY_HOLDERS:  # a marker on a paragraph mark or a row
            if parent.tag == f"{{{W}}}trPr" and element.tag in DELETED:
                _drop(parent.getparent())  # the deleted row itself
            else:
                _drop(element)
        elif element.tag in DELETED:
            _drop(element)
        else:
            _unwrap(element)
    for element in list(root.iter(*CHANGE_MARKERS)):
        _drop(element)


# --- people, settings, properties ----------------------------------------------------------------

def _forget_people(root) -> None:
    for element in root.iter(etree.Element):
        for attribute in list(element.attrib):
            local = etree.QName(attribute).localname
            if local == "author":
                element.set(attribute, "")
            elif local in ("initials", "date", "dateUtc", "userId", "providerId") or local.startswith("rsid"):
                del element.attrib[attribute]
    for presence in list(root.iter(f"{{{W15}}}presenceInfo")):  # e-mail or account ids
        _drop(presence)


def _word_parts(package: DocxPackage, text_parts: list[str]) -> list[str]:
    """The text parts, then every other XML part of the document's folder but fonts and themes:
    styles and numbering may hold tracked formatting changes with their authors too."""
    folder = text_parts[0].rsplit("/", 1)[0] + "/" if "/" in text_parts[0] else ""
    others = [name for name in package.members if name.startswith(folder) and name.endswith(".xml")
              and name not in text_parts and not NOT_CLEANED.search(name)]
    return [*text_parts, *others]


def _drop_unused_relationships(package: DocxPackage, part: str, root) -> None:
    """The attached template's or mail merge source's path (often C:\\Users\\<name>\\…) goes with
    the element that referred to it."""
    rels = package.rels_name(part)
    if rels not in package.members:
        return
    used = {value for element in root.iter(etree.Element) for key, value in element.attrib.items()
            if key.startswith(f"{{{R}}}")}
    rels_root = package.xml(rels)
    for rel in list(rels_root):
        if rel.get("Id") not in used:
            rels_root.remove(rel)
    package.mark_changed(rels)


def _clean_properties(package: DocxPackage) -> None:
    dropped: set[str] = set()
    if "_rels/.rels" in package.members:
        rels_root = package.xml("_rels/.rels")
        for rel in list(rels_root):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = package.target("", rel)
            if target is None:
                continue
            if kind == "core-properties" and target in package.members:
                core = package.xml(target)
                for child in list(core):
                    core.remove(child)
                package.mark_changed(target)
            elif kind == "extended-properties" and target in package.members:
                app = package.xml(target)
                for child in list(app):
                    if etree.QName(child).localname in APP_DROPPED:
                        app.remove(child)
                package.mark_changed(target)
            elif kind in ("custom-properties", "thumbnail"):
                dropped.add(target)
                rels_root.remove(rel)
        package.mark_changed("_rels/.rels")
    dropped |= {name for name in package.members
                if name == "docProps/custom.xml" or name.startswith("docProps/thumbnail.")}
    for name in dropped:
        package.remove(name)
    if "[Content_Types].xml" in package.members:
        types = package.xml("[Content_Types].xml")
        for override in list(types.iter(f"{{{CT}}}Override")):
            if override.get("PartName", "").lstrip("/") in dropped:
                types.remove(override)
        package.mark_changed("[Content_Types].xml")


# --- attributes that carry free text -------------------------------------------------------------

def _mentions(document: Document, plan: RedactionPlan) -> list[tuple[re.Pattern, str]]:
    """A pattern per distinct masked string (any case; words joined by spaces, dots, dashes or
    underscores, as in alt text, file names and URLs) and the replacement it gets."""
    seen: dict[str, tuple[re.Pattern, str]] = {}
    for decision in plan.masked:
        value = document.text[decision.finding.start:decision.finding.end]
        tokens = re.split(r"([^\W_]+)", value)[1:-1]  # word, separator, word, …, word
        if sum(len(t) for t in tokens[::2]) < 2:
            continue
        key = " ".join(value.split()).casefold()
        if key not in seen:
            body = "".join(re.escape(t) if i % 2 == 0 else
                           r"[\s\-_.]*" if not t.strip() else r"\s*" + re.escape(t.strip()) + r"\s*"
                           for i, t in enumerate(tokens))
            seen[key] = (re.compile(r"(?<![^\W_])" + body + r"(?![^\W_])", re.IGNORECASE),
                         decision.replacement or "")
    return sorted(seen.values(), key=lambda m: -len(m[0].pattern))  # longest first


def _scrubbed(value: str, mentions) -> str:
    for pattern, replacement in mentions:
        value = pattern.sub(replacement.replace("\\", "\\\\"), value)
    return value


def _scrub_attributes(root, mentions, terms=None) -> None:
    """Alt text, titles, tooltips, drawing names, field instructions: masked strings replaced, and
    a value that still holds a part or the digits of one (the surname alone, "075-836-651") is
    emptied. Bookmark names and link anchors holding any of them are renamed consistently."""
    if not mentions and not terms:
        return
    renamed: dict[str, str] = {}

    def holds(value: str) -> bool:
        return _scrubbed(value, mentions) != value or bool(terms and terms.contains(value, loose=True))

    for element in root.iter(etree.Element):
        local_tag = etree.QName(element).localname
        for attribute, value in list(element.attrib.items()):
            local = etree.QName(attribute).localname
            if local in FREE_TEXT_ATTRIBUTES or (local == "name" and local_tag in NAMED_DRAWINGS):
                new = _scrubbed(value, mentions)
                if terms and terms.contains(new, loose=True):
                    new = ""
            elif (local == "name" and local_tag == "bookmarkStart") or (
                    local == "anchor" and local_tag == "hyperlink"):
                new = value
                if holds(value):  # a bookmark's name must stay a valid name
                    new = renamed.setdefault(value, "_Redacted" + hashlib.sha256(
                        value.encode()).hexdigest()[:10])
            else:
                continue
            if new != value:
                element.set(attribute, new)


def _scrub_external_targets(package: DocxPackage, mentions, terms=None) -> None:
    if not mentions and not terms:
        return
    for name in list(package.members):
        if not name.endswith(".rels"):
            continue
        rels_root = package.xml(name)
        changed = False
        for rel in rels_root.iter(f"{{{PKG_RELS}}}Relationship"):
            if rel.get("TargetMode") != "External":
                continue
            target = rel.get("Target", "")
            plain = unquote(target)
            new = _scrubbed(plain, mentions)
            if terms and terms.contains(new, loose=True):
                new = "#"  # a link that still holds a part or the digits of a masked string
            if new != plain:
                rel.set("Target", "#" if new == "#" else quote(new, safe=":/?#@!$&'()*+,;=~"))
                changed = True
        if changed:
            package.mark_changed(name)
