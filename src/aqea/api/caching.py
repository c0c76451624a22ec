"""Documents as JSON responses with an ETag and Cache-Control; ``If-None-Match`` → 304 Not Modified.

The ETag is a hash of the body, which carries the entries' ``updated_at`` (and their views' and links'): it
changes when any of them does, and only then. ``Last-Modified`` is the newest ``updated_at`` in the document.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from email.utils import format_datetime
from typing import Any

from fastapi import Request, Response

from aqea.documents import to_json

JSON = "application/json"


def document_response(request: Request, doc: Any, *, cache_control: str,
                      updated_at: datetime | None = None) -> Response:
    body = to_json(doc, indent=None).encode("utf-8")
    headers = {"ETag": f'"{hashlib.sha256(body).hexdigest()[:32]}"', "Cache-Control": cache_control}
    if updated_at is not None:
        headers["Last-Modified"] = format_datetime(updated_at, usegmt=True)
    if _matches(request.headers.get("if-none-match"), headers["ETag"]):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=JSON, headers=headers)


def _matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison: ``*``, or any listed tag equal to ours with or without ``W/``."""
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags


def newest(*documents: dict[str, Any] | None) -> datetime | None:
    """The latest ``updated_at`` of the given entry documents (for Last-Modified)."""
    stamps = [d["updated_at"] for d in documents if d and d.get("updated_at") is not None]
    return max(stamps) if stamps else None
