"""Redactor: redaction and privacy review for asylum records."""

__version__ = "0.1.0"
