"""Errors of the WordNet readers: a whole file that cannot be used. A bad line or element inside a readable file
is not an error but a :class:`~aqea.wordnet.model.Rejection` record, and the reading goes on."""

from __future__ import annotations

from aqea.errors import AqeaError


class WordnetError(AqeaError):
    """A WordNet file is missing, unreadable or not what it should be (e.g. a lexnames file that does not parse)."""
