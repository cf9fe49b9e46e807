"""Errors meant for users: one line, naming the file and the problem, never the sensitive text."""


class RedactorError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits non-zero."""


class InputError(RedactorError):
    """The input document cannot be read."""


class ConfigError(RedactorError):
    """A policy, recognizer file or setting is invalid."""


class ModelError(RedactorError):
    """The configured spaCy model is not installed."""
