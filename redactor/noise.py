"""Library noise (pypdf's "Skipping broken line … Odd-length string", MuPDF's warnings, Pillow's and
x-ray's messages) goes to Redactor's debug log, never to the terminal: a damaged font map in an
ordinary PDF is not something the user can act on, and the lines drown the one-line errors that
matter. `redactor --debug` shows the debug log on stderr."""

from __future__ import annotations

import logging
import warnings
from contextlib import contextmanager

LIBRARIES = ("pypdf", "fitz", "pymupdf", "xray", "PIL", "pytesseract")
debug_log = logging.getLogger("redactor.libraries")


class _ToDebug(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            debug_log.debug("%s: %s", record.name, record.getMessage())
        except Exception:  # a message that cannot be formatted is not worth a crash
            pass


_HANDLER = _ToDebug()
_ROUTED = False


def route_library_logs() -> None:
    """Every library logger hands its records to the debug log instead of the terminal."""
    global _ROUTED
    if _ROUTED:
        return
    _ROUTED = True
    logging.getLogger("redactor").addHandler(logging.NullHandler())
    for name in LIBRARIES:
        logger = logging.getLogger(name)
        logger.handlers[:] = [_HANDLER]
        logger.propagate = False
        logger.setLevel(logging.DEBUG)


@contextmanager
def quiet():
    """Library warnings (the `warnings` module) and MuPDF's messages raised inside go to the debug
    log."""
    route_library_logs()
    try:  # imported outside the recording: PyMuPDF's SWIG types warn at import, and a warning
        import fitz  # noqa: F401  recorded then comes back at exit ("sys:1: ... swigvarlink")
    except ImportError:
        pass
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for warning in caught:
                debug_log.debug("%s: %s", warning.category.__name__, warning.message)
            flush_mupdf()


def flush_mupdf() -> None:
    try:
        import fitz

        messages = fitz.TOOLS.mupdf_warnings(reset=True)
    except Exception:
        return
    for line in (messages or "").splitlines():
        debug_log.debug("mupdf: %s", line)


def show_debug_log() -> None:
    """`--debug`: the debug log (library noise included) on stderr."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("debug: %(name)s: %(message)s"))
    logger = logging.getLogger("redactor")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
