"""The address value type and the taxonomy tables."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aqea.address import Address
from aqea.errors import AddressError
from aqea.taxonomy import category_of, domain_of, load_table

byte = st.integers(min_value=0, max_value=255)


def test_format_is_upper_case_hex_as_in_the_original_design() -> None:
    assert str(Address(0x20, 0x01, 0x01, 0x01)) == "0x20:01:01:01"
    assert str(Address(0x21, 0x0A, 0xFF, 0xAB)) == "0x21:0A:FF:AB"
    assert int(Address.parse("0x20:01:01:01")) == 0x20010101


@pytest.mark.parametrize("text", ["", "0x20:01:01", "20:01:01:01", "0x20:01:01:1", "0x20:01:01:0G",
                                  "0x120:01:01:01", "0x20-01-01-01", "0x20:01:01:01:05"])
def test_invalid_strings_give_a_clear_error(text: str) -> None:
    with pytest.raises(AddressError, match=r"not an AQEA address.*0xAA:QQ:EE:A2"):
        Address.parse(text)


def test_invalid_bytes_and_integers_are_refused() -> None:
    with pytest.raises(AddressError, match="domain must be a byte"):
        Address(256, 0, 0, 0)
    with pytest.raises(AddressError, match="out of range"):
        Address.from_int(2**32)


@given(byte, byte, byte, byte)
def test_round_trips(aa: int, qq: int, ee: int, a2: int) -> None:
    address = Address(aa, qq, ee, a2)
    assert Address.parse(str(address)) == address
    assert Address.parse(str(address).lower().replace("0X", "0x")) == address
    assert Address.from_int(int(address)) == address
    assert 0 <= int(address) < 2**32


@given(st.tuples(byte, byte, byte, byte), st.tuples(byte, byte, byte, byte))
def test_integer_order_is_address_order(a: tuple[int, ...], b: tuple[int, ...]) -> None:
    assert (int(Address(*a)) < int(Address(*b))) == (a < b)


def test_language_domains_follow_the_original_design() -> None:
    expected = {"de": 0x20, "en": 0x21, "fr": 0x22, "es": 0x23, "it": 0x24, "pt": 0x25, "ru": 0x26, "zh": 0x27,
                "ja": 0x28, "ar": 0x29}
    assert {lang: domain_of(lang) for lang in expected} == expected
    domains = load_table("domains")["domains"]
    assert sorted(domains.values()) == list(range(0x20, 0x30))  # 16 languages, each AA once
    assert domain_of("mi") is None


def test_categories_are_distinct_and_known_pos_names_map_to_them() -> None:
    categories = load_table("categories")["categories"]
    assert len(set(categories.values())) == len(categories) and 0 not in categories.values()
    assert (category_of("noun"), category_of("verb"), category_of("adjective"), category_of("adverb")) == (1, 2, 3, 4)
    for edition in ("pos_de", "pos_en"):
        table = load_table(edition)
        mapped = table.get("pos", table)
        for name, pos in mapped.items():
            if isinstance(pos, str) and pos not in ("", None):
                assert pos in categories, f"{edition}: {name} → {pos} has no category"


@pytest.mark.parametrize("text", ["0x20:01:00:05", "0x20:01:00:05 ", "20:01:00:05", "0x20010005", "20010005",
                                  "536936453"])
def test_every_written_form_of_an_address_is_the_same_address(text: str) -> None:
    assert Address.parse_any(text) == Address(0x20, 0x01, 0x00, 0x05)


@pytest.mark.parametrize("text", ["0x20:01", "20:01:00:0X", "0x2001000G", "4294967296", "-1", "Haus", ""])
def test_a_string_in_no_address_form_is_an_address_error(text: str) -> None:
    with pytest.raises(AddressError, match=r"not an AQEA address|out of range"):
        Address.parse_any(text)
