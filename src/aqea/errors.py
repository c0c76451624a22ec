"""One small error hierarchy; the CLI turns each into one clear line."""

from __future__ import annotations


class AqeaError(Exception):
    """Base of every error this package raises on purpose."""


class ConfigError(AqeaError):
    """Settings are missing or contradictory."""


class DumpError(AqeaError):
    """A dump cannot be read (missing, truncated, malformed XML, bad index)."""


class ParseError(AqeaError):
    """Wikitext could not be turned into lexemes."""


class StoreError(AqeaError):
    """The database refused or the schema is not what we expect."""


class AddressError(AqeaError, ValueError):
    """An AQEA address string or integer is not valid."""
