"""Limits on what an input may cost: hostile files (decompression bombs, 20,000-page PDFs, YAML alias
bombs) are refused in seconds, with one line naming the limit, before they can exhaust memory.

Every limit is a setting (environment variable) with a documented default; raise it for a real file
that needs more. The defaults keep one document well under 1 GB of memory."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

from redactor.errors import ConfigError, InputError


class LimitError(InputError):
    """An input exceeds one of the limits below: refused before it is processed."""


@dataclass(frozen=True)
class Limits:
    max_pages: int = 2000  # pages of one PDF
    max_frames: int = 500  # frames (pages) of one TIFF or other multi-frame image
    max_image_pixels: int = 100_000_000  # pixels of one image or frame (a 600 dpi A3 scan is 70 M)
    max_content_stream_mb: int = 64  # one PDF content stream, once decompressed
    max_unpacked_mb: int = 256  # a .docx (or any zip) once unpacked, all members together
    max_zip_ratio: int = 100  # unpacked / packed size of one zip member larger than 1 MB
    max_zip_members: int = 5000
    max_yaml_kb: int = 1024  # a policy or recognizer file
    max_yaml_nodes: int = 200_000  # YAML nodes once aliases are expanded


ENV = {
    "max_pages": "REDACTOR_MAX_PAGES",
    "max_frames": "REDACTOR_MAX_FRAMES",
    "max_image_pixels": "REDACTOR_MAX_IMAGE_PIXELS",
    "max_content_stream_mb": "REDACTOR_MAX_CONTENT_STREAM_MB",
    "max_unpacked_mb": "REDACTOR_MAX_UNPACKED_MB",
    "max_zip_ratio": "REDACTOR_MAX_ZIP_RATIO",
    "max_zip_members": "REDACTOR_MAX_ZIP_MEMBERS",
    "max_yaml_kb": "REDACTOR_MAX_YAML_KB",
    "max_yaml_nodes": "REDACTOR_MAX_YAML_NODES",
}


@cache
def get_limits() -> Limits:
    values = {}
    for field, var in ENV.items():
        raw = os.environ.get(var)
        if raw is None or raw == "":
            continue
        try:
            value = int(raw.replace("_", ""))
        except ValueError:
            value = 0
        if value < 1:
            raise ConfigError(f"{var} must be a whole number of at least 1")
        values[field] = value
    return Limits(**values)


def exceeded(what: str, limit: int, unit: str, field: str) -> LimitError:
    """The one-line refusal: what, the limit, and the setting that raises it."""
    return LimitError(f"{what} exceeds the limit of {limit:,} {unit} (setting {ENV[field]}); "
                      "refused")
