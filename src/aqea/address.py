"""The AQEA address value type: ``0xAA:QQ:EE:A2`` ⇄ 4-byte integer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aqea.errors import AddressError

_PATTERN = re.compile(r"^0x([0-9A-Fa-f]{2}):([0-9A-Fa-f]{2}):([0-9A-Fa-f]{2}):([0-9A-Fa-f]{2})$")
_COMPACT = re.compile(r"^(?:0x)?([0-9A-Fa-f]{8})$")  # 0x20010005 or 20010005: the four bytes without colons
_INTEGER = re.compile(r"^[0-9]{1,10}$")


@dataclass(frozen=True, slots=True, order=True)
class Address:
    domain: int  # AA
    category: int  # QQ
    subcategory: int  # EE
    element: int  # A2

    def __post_init__(self) -> None:
        for name in ("domain", "category", "subcategory", "element"):
            value = getattr(self, name)
            if not isinstance(value, int) or not 0 <= value <= 0xFF:
                raise AddressError(f"AQEA address {name} must be a byte 0x00-0xFF, got {value!r}")

    @classmethod
    def parse(cls, text: str) -> Address:
        """Parse ``0x20:01:01:01`` (hex digits in either case)."""
        match = _PATTERN.match(text.strip())
        if not match:
            raise AddressError(f"not an AQEA address: {text!r} (expected the form 0xAA:QQ:EE:A2, e.g. 0x20:01:01:01)")
        return cls(*(int(part, 16) for part in match.groups()))

    @classmethod
    def parse_any(cls, text: str) -> Address:
        """Any written form: ``0x20:01:00:05`` (also without ``0x``), ``0x20010005`` or ``20010005`` (eight hex
        digits), or the integer ``536936453``. Eight digits are always hex: an integer of eight decimal digits
        would lie in AA 0x00-0x05, which the registry reserves (never lexical data)."""
        value = text.strip()
        if ":" in value:
            return cls.parse(value if value[:2].lower() == "0x" else "0x" + value)
        if compact := _COMPACT.match(value):
            return cls.from_int(int(compact.group(1), 16))
        if _INTEGER.match(value):
            return cls.from_int(int(value))
        raise AddressError(f"not an AQEA address: {text!r} (expected 0xAA:QQ:EE:A2 as in 0x20:01:00:05, eight hex "
                           "digits as in 20010005, or the integer form as in 536936453)")

    @classmethod
    def from_int(cls, value: int) -> Address:
        if not 0 <= value <= 0xFFFFFFFF:
            raise AddressError(f"AQEA address integer out of range: {value}")
        return cls((value >> 24) & 0xFF, (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF)

    def __int__(self) -> int:
        return (self.domain << 24) | (self.category << 16) | (self.subcategory << 8) | self.element

    def __str__(self) -> str:
        return f"0x{self.domain:02X}:{self.category:02X}:{self.subcategory:02X}:{self.element:02X}"


def format_domain(domain: int) -> str:
    """AA as the ``domain`` column writes it: ``0x20``."""
    return f"0x{domain:02X}"
