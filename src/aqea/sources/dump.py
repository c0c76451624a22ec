"""MediaWiki XML dump reader (interim minimal version; being extended)."""

from __future__ import annotations

import bz2
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from aqea.model import Page


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def iter_pages(path: str | Path) -> Iterator[Page]:
    """Yield every page of a plain ``.xml`` or ``.xml.bz2`` dump, in file order."""
    path = Path(path)
    opener = bz2.open if path.suffix == ".bz2" else open
    with opener(path, "rb") as fh:
        for _, elem in etree.iterparse(fh, events=("end",), resolve_entities=False, huge_tree=True):
            if _local(elem.tag) != "page":
                continue
            fields: dict[str, str] = {}
            redirect = None
            for child in elem.iter():
                name = _local(child.tag)
                if name == "redirect":
                    redirect = child.get("title")
                elif name in ("title", "ns", "timestamp", "text") or (name == "id" and name not in fields):
                    fields.setdefault(name, child.text or "")
                elif name == "id" and "rev_id" not in fields and child.getparent() is not None and _local(
                    child.getparent().tag
                ) == "revision":
                    fields["rev_id"] = child.text or "0"
            yield Page(
                title=fields.get("title", ""),
                namespace=int(fields.get("ns", "0")),
                page_id=int(fields.get("id", "0")),
                revision_id=int(fields.get("rev_id", "0")),
                timestamp=fields.get("timestamp", ""),
                text=fields.get("text", ""),
                redirect=redirect,
            )
            elem.clear()
