"""Licence and attribution of every WordNet-family source, in one place (from the LICENSE/README files shipped
with the data in ``shared/data/wordnet``). The store keeps these with each source's rows; lookup shows them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SourceLicence:
    source: str  # our source name
    licence: str  # short licence name
    url: str  # the licence text
    attribution: str  # the line to show next to the data


PWN30 = SourceLicence(
    source="wordnet-pwn30",
    licence="WordNet 3.0 License",
    url="https://wordnet.princeton.edu/license-and-commercial-use",
    attribution="Princeton WordNet 3.0, WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. "
    "(Debian wordnet-base 1:3.0-37; notice in its COPYRIGHT.debian)",
)
OEWN = SourceLicence(
    source="wordnet-oewn",
    licence="CC BY 4.0",
    url="https://creativecommons.org/licenses/by/4.0/",
    attribution="Open English WordNet (2025 edition + later fixes, globalwordnet/english-wordnet @ d94538a), "
    "© The Open English WordNet Team, CC BY 4.0; based on Princeton WordNet 3.0/3.1, © Princeton University "
    "(WordNet License)",
)
CILI = SourceLicence(
    source="cili",
    licence="CC BY 4.0",
    url="https://creativecommons.org/licenses/by/4.0/",
    attribution="The Collaborative Interlingual Index licensed under CC BY 4.0 or any later version. "
    "Copyright 2015-2016: Francis Bond",
)
OMW_WIKT = SourceLicence(
    source="omw-wikt",
    licence="CC BY-SA 3.0 + GFDL",
    url="https://creativecommons.org/licenses/by-sa/3.0/",
    attribution="Wiktionary contributors; Open Multilingual Wordnet (Bond & Foster 2013). Dual-licensed CC BY-SA "
    "3.0 Unported and GNU FDL 1.1 or later; share-alike applies to redistribution",
)
OMW_CLDR = SourceLicence(
    source="omw-cldr",
    licence="Unicode data licence + WordNet 3.0 License",
    url="https://www.unicode.org/copyright.html",
    attribution="Unicode CLDR data linked to WordNet by the Open Multilingual Wordnet (Bond & Foster 2013); "
    "Copyright © 1991-2012 Unicode, Inc.; WordNet 3.0 Copyright 2006 by Princeton University",
)

LICENCES: dict[str, SourceLicence] = {s.source: s for s in (PWN30, OEWN, CILI, OMW_WIKT, OMW_CLDR)}


def with_ili(attribution: str) -> str:
    """A WordNet source's attribution with the CILI credit: its concepts (and its words' links to them) are
    identified by ILI ids from the CILI maps shipped with this package."""
    return f"{attribution}. Concept ids: {CILI.attribution} ({CILI.licence})"
