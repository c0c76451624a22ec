"""Wiktionary editions' parsers (one package per edition) and what they share (sections, markup, form tags)."""

from aqea.compiled import use_compiled

use_compiled(__name__, __path__)  # markup and sections compiled, while they match their sources (aqea/compiled.py)
