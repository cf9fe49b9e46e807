"""Detection: Presidio analyzer + our recognizers → `Finding`s with roles and entity ids."""

from redactor.detect.pipeline import detect, detect_many

__all__ = ["detect", "detect_many"]
