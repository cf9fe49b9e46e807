"""Scanned images: the pixels under every masked character are painted over in the image itself,
and the image is written fresh (no EXIF or other metadata carried over)."""

from __future__ import annotations

import io
from pathlib import Path

from redactor.files import write_atomic
from redactor.io.layout import PageLayout
from redactor.model import Document, RedactionPlan

PAD = 2  # pixels around each box: OCR boxes are tight


def render_image(document: Document, plan: RedactionPlan, source: Path, out_path: Path,
                 fill=(0, 0, 0)) -> None:
    from PIL import ImageDraw

    from redactor.io.image import open_frames

    layout: PageLayout = document.layout
    frames = [f.convert("RGB") for f in open_frames(source, source.read_bytes())]
    for decision in plan.masked:
        f = decision.finding
        for page, (x0, y0, x1, y1) in layout.line_rects(f.start, f.end):
            ImageDraw.Draw(frames[page]).rectangle(
                (x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD), fill=tuple(int(c * 255) for c in fill))
    buffer = io.BytesIO()
    # the format follows the input (TIFF stays TIFF, with all its frames); everything else is PNG,
    # lossless, so no JPEG re-encoding smears the boxes
    fmt = "TIFF" if source.suffix.lower() in (".tif", ".tiff") else "PNG"
    if len(frames) > 1:
        frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:])
    else:
        frames[0].save(buffer, format=fmt)
    write_atomic(out_path, buffer.getvalue())
