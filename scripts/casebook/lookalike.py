"""Name the characters that only look like ASCII: a Cyrillic "с" in an id, a Word dash in a locator.

"not in the expected form" is no help when the text looks right; saying which character,
its Unicode name and the ASCII one it resembles leads straight to the fix. The table is
the Cyrillic and Greek letters (and the dashes word processors put in) that pass for
ASCII in the fonts editors use, and the accented Latin letters, punctuation and
full-width forms that Unicode's own decompositions fold onto ASCII.

TWINS and NAMES are the whole knowledge: the Propose page gets a copy of both
(builders/propose_rules.py), so the browser names a character exactly as `casebook validate`
does. A character outside them is shown by its code point alone, in both.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from casebook.words import phrase

_LOOKALIKES = {
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
# Where decompositions are looked for: Latin-1 Supplement and Latin Extended-A (the accented
# letters of European names), General Punctuation, and the full-width forms of ASCII.
_DECOMPOSED = (range(0x80, 0x180), range(0x2000, 0x2070), range(0xFF01, 0xFF5F))
MAX_NAMED = 3


def _shown(ch: str) -> bool:
    """Invisible and control characters are left out: the hidden-character rule names those."""
    return unicodedata.category(ch) not in ("Cc", "Cf")


def _folded(ch: str) -> str | None:
    folded = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in folded if not unicodedata.combining(c))
    return base if base and base.isascii() and base.isprintable() else None


def _twins() -> dict[str, str]:
    found = {chr(cp): twin for block in _DECOMPOSED for cp in block
             if _shown(chr(cp)) and (twin := _folded(chr(cp))) is not None}
    return {**found, **_LOOKALIKES}


TWINS: dict[str, str] = _twins()
# Names of the characters in TWINS, and of the rest of those blocks that print.
NAMES: dict[str, str] = {ch: unicodedata.name(ch) for ch in sorted(
    {*TWINS, *(chr(cp) for block in _DECOMPOSED for cp in block)}) if _shown(ch) and unicodedata.name(ch, "")}


@cache
def casefold_differences() -> dict[str, str]:
    """The characters whose case folding is not their lower case, with their folding: what the browser's
    copies of did-you-mean and the case index's selection need, as JavaScript folds no text.

    Read a block of 256 code points at a time, and character by character only in a block where folding
    and lower case differ (a few dozen of the 4,352): asking each of the 1.1 million alone took 0.12 s
    of every build. Lower case of a block can differ from its characters' only at a final sigma, which
    sends that block to be read character by character; it never hides a difference."""
    found = {}
    for start in range(0, 0x110000, 256):
        block = "".join(map(chr, range(start, start + 256)))
        if block.casefold() != block.lower():
            found.update({ch: ch.casefold() for ch in block if ch.casefold() != ch.lower()})
    return found


def ascii_twin(ch: str) -> str | None:
    """The ASCII text a character passes for, if any ('с' -> 'c', 'é' -> 'e', '‑' -> '-')."""
    return TWINS.get(ch)


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
    """Which characters are not ASCII, where, and what they look like; None when all are ASCII."""
    found = [(i, ch) for i, ch in enumerate(text, start=1) if not ch.isascii() and _shown(ch)]
    if not found:
        return None
    parts = []
    for i, ch in found[:MAX_NAMED]:
        what = phrase("lookalike/character", position=str(i), code=f"{ord(ch):04X}")
        if ch in NAMES:
            what += phrase("lookalike/name", name=NAMES[ch])
        twin = ascii_twin(ch)
        if twin:
            kind = phrase("lookalike/letter") if twin.isalpha() else ""
            what += phrase("lookalike/twin", kind=kind, twin=repr(twin))
        parts.append(what)
    more = len(found) - MAX_NAMED
    return phrase("lookalike/separator").join(parts) + (phrase("lookalike/more", more=str(more)) if more > 0 else "")
