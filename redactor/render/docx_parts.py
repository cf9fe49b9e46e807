"""What a redacted DOCX package keeps: only the parts the renderer understands and has processed.

- Kept: the main document, its headers, footers, notes and comments (redacted), styles, settings,
  numbering, fonts table, web settings, theme, people and comment extensions (cleaned), core and
  app properties (emptied), the package's relationships and content types, and the pictures of
  the media folder, re-encoded from their pixels (no EXIF, XMP or IPTC) with the boxes of the
  masked words the reader's OCR found in them painted over.
- Removed, each counted by kind for the redaction log: embedded objects and OLE packages, charts,
  SmartArt, customXml, the glossary, ActiveX, macros, embedded fonts, ink, printer settings, and
  any part not named above (a "picture" that is not one included). The elements that referred to
  a removed part go with it, so Word opens the output without a repair.
- Every kept XML part is written back without comments, processing instructions, a DTD or entity
  references (the reader never resolves entities; an unresolved one would make the output
  invalid)."""

from __future__ import annotations

import io
import posixpath
import re
from collections import Counter, defaultdict

from lxml import etree

from redactor.io.docx import PKG_RELS, R, W, DocxPackage

CT = "http://schemas.openxmlformats.org/package/2006/content-types"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
KNOWN = re.compile(
    r"(^|/)(styles|stylesWithEffects|settings|webSettings|fontTable|numbering|people"
    r"|commentsExtended|commentsIds|commentsExtensible)\.xml$|/theme/theme\d*\.xml$")
PACKAGE_KEPT = {"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml"}
KINDS = (("embeddings/", "embedded object"), ("charts/", "chart"), ("diagrams/", "SmartArt"),
         ("customXml", "customXml"), ("glossary/", "glossary"), ("activeX/", "ActiveX control"),
         ("vbaProject", "macros"), ("fonts/", "embedded font"), ("ink/", "ink"),
         ("printerSettings/", "printer settings"), ("media/", "unreadable picture"))
# the elements that hold a reference to another part, removed whole when that part is removed
HOLDERS = {f"{{{W}}}{name}" for name in ("drawing", "object", "pict", "altChunk", "embedRegular",
                                          "embedBold", "embedItalic", "embedBoldItalic", "control")}
ALTERNATE = f"{{{MC}}}AlternateContent"


def _kind(name: str) -> str:
    for marker, kind in KINDS:
        if marker in name:
            return kind
    return "unknown part"


def keep_known_parts(package: DocxPackage, text_parts: list[str]) -> dict[str, int]:
    """Remove every part that is not understood (see the module docstring); returns the count of
    removed parts by kind."""
    from redactor.io.docx import picture_members

    folder = posixpath.dirname(package.main)
    pictures = set(picture_members(package))
    removable = tuple(marker for marker, _ in KINDS if marker != "media/")
    kept = set(PACKAGE_KEPT) | pictures
    kept |= {name for name in text_parts if not any(marker in name for marker in removable)}
    kept |= {name for name in package.members if name.startswith(folder + "/") and KNOWN.search(name)}
    kept |= {package.rels_name(name) for name in list(kept)}
    removed = [name for name in package.members if name not in kept]
    gone = set(removed)
    for name in removed:
        package.remove(name)
    # relationships to removed parts, and the elements that used them
    for rels in [n for n in package.members if n.endswith(".rels")]:
        source = _source_of(rels)
        root = package.xml(rels)
        dropped_ids = set()
        for rel in list(root.iter(f"{{{PKG_RELS}}}Relationship")):
            target = package.target(source, rel)
            if target is not None and (target in gone or (target not in package.members
                                                          and not target.endswith("/"))):
                dropped_ids.add(rel.get("Id"))
                root.remove(rel)
        if dropped_ids:
            package.mark_changed(rels)
            if source in package.members and source.endswith(".xml"):
                _drop_references(package, source, dropped_ids)
    if "[Content_Types].xml" in package.members:
        types = package.xml("[Content_Types].xml")
        for override in list(types.iter(f"{{{CT}}}Override")):
            if override.get("PartName", "").lstrip("/") in gone:
                types.remove(override)
        # a Default for an extension no kept part has is dead weight (and free text)
        extensions = {posixpath.splitext(name)[1].lstrip(".").lower() for name in package.members}
        for default in list(types.iter(f"{{{CT}}}Default")):
            if default.get("Extension", "").lower() not in extensions:
                types.remove(default)
        package.mark_changed("[Content_Types].xml")
    return dict(Counter(_kind(name) for name in removed if not name.endswith(".rels")))


def _source_of(rels: str) -> str:
    if rels == "_rels/.rels":
        return ""
    folder, base = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels"))


def _drop_references(package: DocxPackage, part: str, ids: set[str]) -> None:
    root = package.xml(part)
    doomed = []
    for element in root.iter(etree.Element):
        if not any(value in ids for key, value in element.attrib.items() if key.startswith(f"{{{R}}}")):
            continue
        holder = element
        for ancestor in element.iterancestors():
            if ancestor.tag == ALTERNATE:
                holder = ancestor
                break
            if ancestor.tag in HOLDERS:
                holder = ancestor
        doomed.append(holder)
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    package.mark_changed(part)


def rename_masked_parts(package: DocxPackage, terms) -> int:
    """A part whose name holds a masked string, a part or the digits of one
    ("word/media/Petrova_passport.jpg") gets a neutral name, and every relationship and content
    type that named it follows. Returns how many were renamed."""
    import hashlib

    if not terms:
        return 0
    renames = {}
    for name in list(package.members):
        if name in ("[Content_Types].xml",) or not terms.contains(name, loose=True):
            continue
        folder, base = posixpath.split(name)
        stem, ext = posixpath.splitext(base)
        if base.endswith(".rels"):
            continue  # follows its part below
        renames[name] = posixpath.join(folder, "part" + hashlib.sha256(name.encode()).hexdigest()[:10] + ext)
    if not renames:
        return 0
    for old, new in renames.items():
        package.members[new] = package.members.pop(old)
        if old in package._trees:
            package._trees[new] = package._trees.pop(old)
        if old in package.changed:
            package.changed.discard(old)
            package.changed.add(new)
        old_rels, new_rels = package.rels_name(old), package.rels_name(new)
        if old_rels in package.members:
            package.members[new_rels] = package.members.pop(old_rels)
            if old_rels in package._trees:
                package._trees[new_rels] = package._trees.pop(old_rels)
            if old_rels in package.changed:
                package.changed.discard(old_rels)
                package.changed.add(new_rels)
    for rels in [n for n in package.members if n.endswith(".rels")]:
        source = _source_of(rels)
        root = package.xml(rels)
        for rel in root.iter(f"{{{PKG_RELS}}}Relationship"):
            target = package.target(source, rel)
            if target in renames:
                rel.set("Target", posixpath.relpath(renames[target], posixpath.dirname(source) or "."))
                package.mark_changed(rels)
    if "[Content_Types].xml" in package.members:
        types = package.xml("[Content_Types].xml")
        for override in types.iter(f"{{{CT}}}Override"):
            part = override.get("PartName", "").lstrip("/")
            if part in renames:
                override.set("PartName", "/" + renames[part])
        package.mark_changed("[Content_Types].xml")
    return len(renames)


def repaint_pictures(package: DocxPackage, document, plan) -> None:
    """Every kept picture is decoded and written fresh (same format as its name says, nothing but
    pixels), with the masked words its OCR found painted black."""
    from PIL import ImageDraw

    from redactor.io.docx import picture_members
    from redactor.io.image import iter_frames

    layout = document.layout
    names = list(getattr(layout, "pictures", ()) or ())
    boxes: dict[int, list] = defaultdict(list)
    picture_layout = getattr(layout, "picture_layout", None)
    if picture_layout is not None:
        base = layout.picture_base
        for decision in plan.masked:
            f = decision.finding
            start, end = max(f.start, base) - base, f.end - base
            if end <= 0:
                continue
            for page, (x0, y0, x1, y1) in picture_layout.line_rects(start, end):
                boxes[page].append((x0 - 2, y0 - 2, x1 + 2, y1 + 2))
    for member in picture_members(package):
        try:
            frame = next(iter_frames("picture", package.members[member]))
        except Exception:
            frame = None
        if frame is None:
            package.remove(member)
            continue
        image = frame.convert("RGB")
        image.info = {}  # pixels only: no EXIF, XMP, ICC or comments carried over
        number = names.index(member) if member in names else -1
        draw = ImageDraw.Draw(image)
        for box in boxes.get(number, ()):
            draw.rectangle(box, fill=(0, 0, 0))
        buffer = io.BytesIO()
        if member.lower().endswith((".jpg", ".jpeg", ".jpe", ".jfif")):
            image.save(buffer, format="JPEG", quality=90)
        else:
            image.save(buffer, format="PNG")
        package.members[member] = buffer.getvalue()


def scrub_all_attributes(package: DocxPackage, terms) -> None:
    """Any attribute value left in any XML part that holds a masked string, a part or the digits
    of one (a style or font named after the applicant, a custom property id) is replaced by a
    neutral token, the same token for the same value everywhere, so references between parts
    (a style id and the paragraphs that use it) still agree."""
    import hashlib

    from redactor.verify.docx import FONT_ELEMENTS

    if not terms:
        return
    for name in list(package.members):
        if not name.endswith((".xml", ".rels")):
            continue
        root = package.xml(name)
        changed = False
        doomed = []
        for element in root.iter(etree.Element):
            qname = etree.QName(element)
            if terms.contains(qname.localname, loose=True) or (
                    qname.namespace and terms.contains(qname.namespace, loose=True)):
                doomed.append(element)  # no schema Word knows names an element after a person
                continue
            if qname.localname in FONT_ELEMENTS:
                continue  # a font called "Georgia" is a font, not the place
            for attribute, value in list(element.attrib.items()):
                if etree.QName(attribute).localname in ("typeface", "panose"):
                    continue
                if value and terms.contains(value, loose=True):
                    element.set(attribute, "R" + hashlib.sha256(value.encode()).hexdigest()[:10])
                    changed = True
        for element in doomed:
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
                changed = True
        if changed:
            etree.cleanup_namespaces(root)
            package.mark_changed(name)


def strip_xml_extras(package: DocxPackage) -> None:
    """Every XML part parsed (without resolving entities) and written back without comments,
    processing instructions, entity references or a DTD."""
    for name in list(package.members):
        payload = package.members[name]
        if not (name.endswith((".xml", ".rels")) or payload.lstrip()[:1] == b"<"):
            continue
        root = package.xml(name)
        for node in list(root.iter(etree.Comment, etree.PI, etree.Entity)):
            parent = node.getparent()
            if parent is None:
                continue
            tail = node.tail
            previous = node.getprevious()
            parent.remove(node)
            if tail:
                if previous is not None:
                    previous.tail = (previous.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail
        package.mark_changed(name)
