"""Prove that nothing masked survives in an output."""

from redactor.verify.text import Leak, verify_text

__all__ = ["Leak", "verify_text"]
