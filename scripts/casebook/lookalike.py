"""Name the characters that only look like ASCII: a Cyrillic "с" in an id, a Word dash in a locator.

"not in the expected form" is no help when the text looks right; saying which character,
its Unicode name and the ASCII one it resembles leads straight to the fix. The table is
the Cyrillic and Greek letters (and the dashes word processors put in) that pass for
ASCII in the fonts editors use; accented Latin letters and full-width forms are folded by
Unicode's own decompositions instead.
"""

from __future__ import annotations

import unicodedata

TWINS = {
    # Cyrillic
    "а": "a", "ԁ": "d", "е": "e", "һ": "h", "і": "i", "ј": "j", "к": "k", "ӏ": "l", "о": "o", "р": "p",
    "ԛ": "q", "ѕ": "s", "у": "y", "х": "x", "ԝ": "w", "с": "c",
    "А": "A", "В": "B", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K", "М": "M", "О": "O", "Р": "P",
    "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "С": "C", "Ԛ": "Q", "Ԝ": "W",
    # Greek
    "α": "a", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "υ": "u", "χ": "x", "ϲ": "c",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Latin look-alikes with no decomposition
    "ı": "i", "ȷ": "j", "ɡ": "g", "ℓ": "l",
    # Dashes and quotes that word processors substitute
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
}
MAX_NAMED = 3
# The words of explain(), as templates the case index's script reads too (site/facets.py).
CHARACTER = "character {position} is U+{code} {name}"  # code: four or more hex digits
LOOKS_LIKE = ", which looks like the ASCII {kind}{twin}"  # kind: "letter " or ""; twin as repr
MORE = "; and {more} more"
SEPARATOR = "; "
UNNAMED = "an unnamed character"


def ascii_twin(ch: str) -> str | None:
    """The ASCII text a character passes for, if any ('с' -> 'c', 'é' -> 'e', '‑' -> '-')."""
    if ch in TWINS:
        return TWINS[ch]
    folded = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in folded if not unicodedata.combining(c))
    return base if base and base.isascii() and base.isprintable() else None


def fold(text: str) -> str | None:
    """text with every look-alike replaced by its ASCII twin; None when some character has none."""
    out = []
    for ch in text:
        twin = ch if ch.isascii() else ascii_twin(ch)
        if twin is None:
            return None
        out.append(twin)
    return "".join(out)


def explain(text: str) -> str | None:
    """Which characters are not ASCII, where, and what they look like; None when all are ASCII.

    Invisible and control characters are left out: the hidden-character rule names those.
    """
    found = [(i, ch) for i, ch in enumerate(text, start=1)
             if not ch.isascii() and unicodedata.category(ch) not in ("Cc", "Cf")]
    if not found:
        return None
    parts = []
    for i, ch in found[:MAX_NAMED]:
        what = CHARACTER.format(position=i, code=f"{ord(ch):04X}", name=unicodedata.name(ch, UNNAMED))
        twin = ascii_twin(ch)
        if twin:
            what += LOOKS_LIKE.format(kind="letter " if twin.isalpha() else "", twin=repr(twin))
        parts.append(what)
    more = len(found) - MAX_NAMED
    return SEPARATOR.join(parts) + (MORE.format(more=more) if more > 0 else "")
