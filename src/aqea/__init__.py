"""AQEA Extractor: Wiktionary (and more) → stable 4-byte AQEA addresses in PostgreSQL."""

__version__ = "0.1.0"
