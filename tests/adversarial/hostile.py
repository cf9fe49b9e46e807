"""Hostile inputs, built at test time in a second or two each and a few hundred KB on disk, that
would each cost gigabytes or hours if read naively: YAML alias and size bombs, a TIFF with
thousands of frames, DOCX zip bombs (by total size and by ratio), a PDF with 20,000 pages, a PDF
content stream that inflates to 200 MB, a PDF image of 1.6 gigapixels, a 900-megapixel PNG."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path


def yaml_alias_bomb(folder: Path) -> Path:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = folder / "bomb-policy.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def yaml_size_bomb(folder: Path) -> Path:
    path = folder / "huge-policy.yaml"
    path.write_text("id: huge\nallow:\n" + "".join(f"  - word{n}\n" for n in range(300_000)),
                    encoding="utf-8")
    return path


def tiff_many_frames(folder: Path, frames: int = 2000) -> Path:
    from PIL import Image

    first = Image.new("L", (16, 16), 255)
    path = folder / "many_frames.tif"
    first.save(path, format="TIFF", save_all=True,
               append_images=(Image.new("L", (16, 16), 255) for _ in range(frames - 1)))
    return path


def _deflated_member(archive: zipfile.ZipFile, name: str, size: int, chunk: bytes = b"<w:t>x</w:t>"):
    block = chunk * ((1 << 20) // len(chunk))
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = 1  # fast: the data is one repeated block
    with archive.open(info, "w", force_zip64=True) as member:
        written = 0
        while written < size:
            piece = block[: min(len(block), size - written)]
            member.write(piece)
            written += len(piece)


def _docx_base(archive: zipfile.ZipFile) -> None:
    archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                     'openxmlformats.org/package/2006/content-types"/>')
    archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                     'openxmlformats.org/package/2006/relationships"/>')


def docx_total_bomb(folder: Path) -> Path:
    """A DOCX whose document part inflates to 450 MB (a few MB packed)."""
    path = folder / "bomb_total.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _docx_base(archive)
        archive.compression = zipfile.ZIP_DEFLATED
        _deflated_member(archive, "word/document.xml", 450 << 20)
    return path


def docx_ratio_bomb(folder: Path) -> Path:
    """A DOCX under the total limit whose one part packs 200 MB into a few hundred KB."""
    path = folder / "bomb_ratio.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _docx_base(archive)
        _deflated_member(archive, "word/document.xml", 200 << 20, b"\0" * 64)
    return path


def _raw_pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def pdf_many_pages(folder: Path, pages: int = 20_000) -> Path:
    """20,000 pages (one page object shared by every leaf, so the file stays small)."""
    kids = b" ".join(b"3 0 R" for _ in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Count %d /Kids [" % pages + kids + b"] >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"]
    path = folder / "many_pages.pdf"
    path.write_bytes(_raw_pdf(objects))
    return path


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pdf_huge_content_stream(folder: Path, size: int = 200 << 20) -> Path:
    packer = zlib.compressobj(9)
    block = b" " * (1 << 20)
    packed = b"".join(packer.compress(block) for _ in range(size // len(block))) + packer.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               _stream(packed)]
    path = folder / "huge_content_stream.pdf"
    path.write_bytes(_raw_pdf(objects))
    return path


def pdf_huge_image(folder: Path, side: int = 40_000) -> Path:
    packer = zlib.compressobj(9)
    packed = packer.compress(b"\0" * (1 << 16)) + packer.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /XObject << /Im0 5 0 R >> >> >>",
               _stream(zlib.compress(b"q 612 0 0 792 0 0 cm /Im0 Do Q")),
               _stream(packed, b"/Type /XObject /Subtype /Image /Width %d /Height %d "
                               b"/ColorSpace /DeviceGray /BitsPerComponent 8" % (side, side))]
    path = folder / "huge_image.pdf"
    path.write_bytes(_raw_pdf(objects))
    return path


def png_huge(folder: Path, side: int = 30_000) -> Path:
    """A 900-megapixel one-bit PNG (about 100 KB)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\0" + b"\0" * ((side + 7) // 8)
    packer = zlib.compressobj(9)
    packed = b"".join(packer.compress(row * 1000) for _ in range(side // 1000)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path = folder / "huge.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", packed)
                     + chunk(b"IEND", b""))
    return path


# (builder, how it is passed: "input" or "policy", the setting its refusal must name)
HOSTILE = [
    (yaml_alias_bomb, "policy", "REDACTOR_MAX_YAML_NODES"),
    (yaml_size_bomb, "policy", "REDACTOR_MAX_YAML_KB"),
    (tiff_many_frames, "input", "REDACTOR_MAX_FRAMES"),
    (docx_total_bomb, "input", "REDACTOR_MAX_UNPACKED_MB"),
    (docx_ratio_bomb, "input", "REDACTOR_MAX_ZIP_RATIO"),
    (pdf_many_pages, "input", "REDACTOR_MAX_PAGES"),
    (pdf_huge_content_stream, "input", "REDACTOR_MAX_CONTENT_STREAM_MB"),
    (pdf_huge_image, "input", "REDACTOR_MAX_IMAGE_PIXELS"),
    (png_huge, "input", "REDACTOR_MAX_IMAGE_PIXELS"),
]
