"""Entries, look-ups, links and concepts: `GET /v1/entries/…`, `/v1/lookup`, `/v1/concepts/…`."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from aqea.address import Address
from aqea.api.caching import document_response, newest
from aqea.api.limits import (
    DEFAULT_PAGE_SIZE,
    MAX_CODE_LENGTH,
    MAX_CURSOR_LENGTH,
    MAX_KEY_LENGTH,
    MAX_LEMMA_LENGTH,
    MAX_PAGE_SIZE,
)
from aqea.api.problems import PROBLEM_RESPONSES, ProblemError
from aqea.documents import concept_document, decode_cursor, entry_document, links_document, lookup_documents
from aqea.model import RELATION_KINDS
from aqea.store.queries import entry_by_address

router = APIRouter(tags=["entries"], responses=PROBLEM_RESPONSES)

AddressPath = Annotated[str, Path(max_length=MAX_KEY_LENGTH, description="0x20:01:00:05, 20010005 (eight hex "
                                  "digits) or the integer 536936453")]
Code = Annotated[str | None, Query(min_length=1, max_length=MAX_CODE_LENGTH)]


def _cache(request: Request) -> str:
    return request.app.state.config.entry_cache_control


def _no_entry(address: Address) -> ProblemError:
    return ProblemError(404, "no-entry", "No entry at this address", f"no entry at {address}")


@router.get("/entries/{address}", summary="The entry at an address, with other sources' views and its concepts")
async def get_entry(request: Request, address: AddressPath) -> Response:
    parsed = Address.parse_any(address)
    async with request.app.state.pool.acquire() as conn:
        entry = await entry_document(conn, parsed)
    if entry is None:
        raise _no_entry(parsed)
    return document_response(request, entry, cache_control=_cache(request), updated_at=newest(entry))


@router.get("/lookup", summary="Every entry of a word (as `aqea lookup --json`)")
async def lookup(
    request: Request,
    lemma: Annotated[str, Query(min_length=1, max_length=MAX_LEMMA_LENGTH,
                                description="The word as written (case-sensitive, as Wiktionary titles)")],
    language: Code = None,
    pos: Code = None,
) -> Response:
    async with request.app.state.pool.acquire() as conn:
        entries = await lookup_documents(conn, lemma, language, pos)
    return document_response(request, entries, cache_control=_cache(request), updated_at=newest(*entries))


@router.get("/entries/{address}/links", summary="One page of an entry's links (outgoing or incoming)")
async def get_links(
    request: Request,
    address: AddressPath,
    kind: Code = None,
    target_language: Code = None,
    direction: Literal["outgoing", "incoming"] = "outgoing",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Links per page")] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=MAX_CURSOR_LENGTH,
                                        description="next_cursor of the page before")] = None,
) -> Response:
    if kind is not None and kind not in RELATION_KINDS:
        raise ProblemError(400, "unknown-kind", "Unknown link kind",
                           f"unknown link kind {kind!r}; known: {', '.join(sorted(RELATION_KINDS))}")
    if target_language is not None and direction == "incoming":
        raise ProblemError(400, "invalid-parameter", "Invalid request parameter",
                           "target_language filters outgoing links only (direction=outgoing)")
    parsed = Address.parse_any(address)
    if cursor is not None:
        decode_cursor(cursor, direction)  # a bad cursor is a 400 before any look-up
    async with request.app.state.pool.acquire() as conn:
        entry = await entry_by_address(conn, int(parsed))
        if entry is None:
            raise _no_entry(parsed)
        doc = await links_document(conn, entry, direction=direction, kind=kind, target_language=target_language,
                                   limit=limit, cursor=cursor)
    if doc["next_cursor"]:  # the same request with the next page's cursor (a relative URL)
        following = request.url.include_query_params(cursor=doc["next_cursor"])
        doc["next"] = f"{following.path}?{following.query}"
    else:
        doc["next"] = None
    return document_response(request, doc, cache_control=_cache(request), updated_at=newest(entry))


@router.get("/concepts/{key}", summary="A concept by ILI id (i115069) or address, with the words naming it")
async def get_concept(
    request: Request,
    key: Annotated[str, Path(max_length=MAX_KEY_LENGTH, description="An ILI id (i115069) or the concept's address")],
) -> Response:
    async with request.app.state.pool.acquire() as conn:
        concept = await concept_document(conn, key)
    if concept is None:
        raise ProblemError(404, "no-concept", "No such concept", f"no concept {key}")
    return document_response(request, concept, cache_control=_cache(request), updated_at=newest(concept))
