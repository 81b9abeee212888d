"""Verification codes of awards: encode, decode, the check character, bad codes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from judging.application.awards import CHECK_ALPHABET, Code, InvalidCode, decode, encode

HASH = "9f2ab81c0d3e" + "0" * 52


def test_a_code_names_position_index_and_hash_prefix() -> None:
    code = encode(1207, 3, HASH)
    assert code.startswith("1207-3-9F2AB81C0D3E-")
    assert code[-1] in CHECK_ALPHABET
    assert decode(code) == Code(1207, 3, "9f2ab81c0d3e")
    assert decode(code).text == code


def test_case_and_surrounding_spaces_do_not_matter() -> None:
    code = encode(5, 1, HASH)
    assert decode(f"  {code.lower()} ") == decode(code)


@given(
    position=st.integers(1, 10**12),
    index=st.integers(1, 9999),
    digest=st.text("0123456789abcdef", min_size=64, max_size=64),
)
def test_every_code_decodes_to_what_it_encodes(position: int, index: int, digest: str) -> None:
    assert decode(encode(position, index, digest)) == Code(position, index, digest[:12])


@given(
    position=st.integers(1, 10**9),
    index=st.integers(1, 999),
    digest=st.text("0123456789abcdef", min_size=64, max_size=64),
    data=st.data(),
)
def test_one_mistyped_character_is_caught(
    position: int, index: int, digest: str, data: st.DataObject
) -> None:
    code = encode(position, index, digest)
    at = data.draw(st.sampled_from([i for i, c in enumerate(code) if c != "-"]))
    other = data.draw(st.sampled_from([c for c in "0123456789ABCDEF" if c != code[at]]))
    mistyped = code[:at] + other + code[at + 1 :]
    if at == len(code) - 1 and other not in CHECK_ALPHABET:
        return
    with pytest.raises(InvalidCode):
        decode(mistyped)


def test_swapped_neighbours_are_caught() -> None:
    code = encode(1207, 3, HASH)  # 1207-3-9F2AB81C0D3E-?
    swapped = code[:8] + code[9] + code[8] + code[10:]
    assert swapped != code
    with pytest.raises(InvalidCode):
        decode(swapped)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "garbage",
        "1207-3-9F2AB81C0D3E",  # no check character
        "1207-3-9F2AB81C0D-K",  # hash too short
        "0-1-9F2AB81C0D3E-0",  # position 0
        "1207-3-9G2AB81C0D3E-K",  # not hex
        "1207/3/9F2AB81C0D3E/K",
        "1" * 40,
    ],
)
def test_bad_codes_are_rejected_with_their_code(text: str) -> None:
    with pytest.raises(InvalidCode) as raised:
        decode(text)
    assert raised.value.code == "verification_code_invalid"


def test_leading_zeros_are_not_another_spelling() -> None:
    code = encode(1207, 3, HASH)
    body = "01207" + code[4:-2]
    from judging.application.awards import check_character

    with pytest.raises(InvalidCode):
        decode(f"{body}-{check_character(body)}")
