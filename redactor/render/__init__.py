"""Apply a plan: redacted text (presidio-anonymizer), and the redaction log (JSON/CSV)."""

from redactor.render.log import build_log, log_to_csv, log_to_json
from redactor.render.text import render_text

__all__ = ["render_text", "build_log", "log_to_csv", "log_to_json"]
