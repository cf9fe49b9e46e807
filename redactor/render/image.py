"""Scanned images: the pixels under every masked character are painted over in the image itself,
and the image is written fresh (no EXIF, XMP, IPTC or other metadata carried over). Frames are
painted and written one at a time."""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

from redactor.files import write_atomic
from redactor.io.layout import PageLayout
from redactor.model import Document, RedactionPlan

PAD = 2  # pixels around each box: OCR boxes are tight


def render_image(document: Document, plan: RedactionPlan, source: Path, out_path: Path,
                 fill=(0, 0, 0)) -> None:
    from PIL import ImageDraw, TiffImagePlugin

    from redactor.io.image import iter_frames

    layout: PageLayout = document.layout
    boxes: dict[int, list] = defaultdict(list)
    for decision in plan.masked:
        f = decision.finding
        for page, (x0, y0, x1, y1) in layout.line_rects(f.start, f.end):
            boxes[page].append((x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD))
    colour = tuple(int(c * 255) for c in fill)

    def painted(number: int, frame):
        frame = frame.convert("RGB")  # a fresh image: nothing of the input's metadata
        frame.info = {}
        draw = ImageDraw.Draw(frame)
        for box in boxes.get(number, ()):
            draw.rectangle(box, fill=colour)
        return frame

    buffer = io.BytesIO()
    # the format follows the input (TIFF stays TIFF, with all its frames); everything else is PNG,
    # lossless, so no JPEG re-encoding smears the boxes
    if source.suffix.lower() in (".tif", ".tiff"):
        with TiffImagePlugin.AppendingTiffWriter(buffer, new=True) as tiff:
            for number, frame in enumerate(iter_frames(source, source.read_bytes())):
                painted(number, frame).save(tiff, format="TIFF", compression="tiff_deflate")
                tiff.newFrame()
    else:
        frames = iter_frames(source, source.read_bytes())
        painted(0, next(frames)).save(buffer, format="PNG")
        frames.close()
    write_atomic(out_path, buffer.getvalue())
