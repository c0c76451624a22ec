"""Request limits: answered with a 400 problem naming the parameter and the limit (docs/http-api.md)."""

MAX_LEMMA_LENGTH = 255  # a MediaWiki title is at most 255 bytes
MAX_CODE_LENGTH = 32  # language, part of speech, link kind
MAX_KEY_LENGTH = 64  # an address or ILI id in the path
MAX_CURSOR_LENGTH = 64
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
