"""Read documents into `Document`s: the text the detectors see (plus layout, for paged formats)."""

from redactor.io.text import read_document, document_from_text

__all__ = ["read_document", "document_from_text"]
