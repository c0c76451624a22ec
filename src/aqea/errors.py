"""One small error hierarchy; the CLI turns each into one clear line."""

from __future__ import annotations


class AqeaError(Exception):
    """Base of every error this package raises on purpose."""


class ConfigError(AqeaError):
    """Settings are missing or contradictory."""


class SourceError(AqeaError):
    """A source's input cannot be read further; what was read before it is kept. ``reason`` groups the
    rejection recorded for the unit."""

    reason = "source error"


class DumpError(SourceError):
    """A dump cannot be read (missing, truncated, malformed XML, bad index)."""

    reason = "dump error"


class ParseError(AqeaError):
    """Wikitext could not be turned into lexemes."""


class StoreError(AqeaError):
    """The database refused or the schema is not what we expect."""


class AddressError(AqeaError, ValueError):
    """An AQEA address string or integer is not valid."""
