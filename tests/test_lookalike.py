"""The look-alike table: every entry maps a non-ASCII character onto the ASCII it passes for."""

from __future__ import annotations

import unicodedata

from casebook import lookalike


def test_every_twin_is_ascii_and_every_key_is_not() -> None:
    for ch, twin in lookalike.TWINS.items():
        assert not ch.isascii(), ch
        assert twin.isascii() and twin, (ch, twin)
        assert unicodedata.name(ch, ""), f"U+{ord(ch):04X} has no Unicode name to show"


def test_explain_names_position_codepoint_and_twin() -> None:
    assert lookalike.explain("warwiсk") == (
        "character 6 is U+0441 CYRILLIC SMALL LETTER ES, which looks like the ASCII letter 'c'")
    assert lookalike.fold("warwiсk") == "warwick"


def test_accents_fold_by_decomposition_and_unknown_letters_do_not() -> None:
    assert lookalike.ascii_twin("é") == "e"
    assert lookalike.ascii_twin("中") is None
    assert lookalike.fold("中-x") is None
    assert lookalike.explain("plain-ascii") is None


def test_a_character_outside_the_tables_is_shown_by_its_code_point() -> None:
    """The browser carries lookalike.NAMES, so a name is given only from it, in both runtimes."""
    assert lookalike.explain("中-x") == "character 1 is U+4E2D"
    assert lookalike.explain("é") == ("character 1 is U+00E9 LATIN SMALL LETTER E WITH ACUTE, which looks like "
                                      "the ASCII letter 'e'")
    assert set(lookalike.TWINS) <= set(lookalike.NAMES)
