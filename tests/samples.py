"""Paths to the real Wiktionary samples shipped in tests/data (copied from shared/data, CC BY-SA)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"
DE_DUMP = DATA / "dewiktionary-sample.xml.bz2"
EN_DUMP = DATA / "enwiktionary-sample.xml.bz2"
