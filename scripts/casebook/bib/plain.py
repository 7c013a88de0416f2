"""references.bib fields as readers see them: LaTeX decoded to plain Unicode by pandoc's biblatex reader.

The reference list itself is rendered by citeproc, which decodes LaTeX; anything else
shown from the bibliography (Casebook's annotations, a title in JSON-LD) must be decoded
by the same reader, or readers meet `M\\"uller \\& Co., pp.~1--3`. Each field value is
decoded as biblatex reads a literal field (accents, `\\&`, `~`, `--`, `\\emph{}` and
`\\texttt{}` to their text), all of a bibliography's values in one pandoc call; what was
decoded is handed back as data (nothing is kept between calls but plain_fields' memo of a text).
The result is plain text: whoever puts it on a page escapes it as any other text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from casebook.bib.library import read_fields
from casebook.bib.types import VERBATIM
from casebook.pandoc_tools import PANDOC_DIR, run_pandoc

WRITER = PANDOC_DIR / "bibplain.lua"
_DOTLESS = re.compile("[\u0131\u0237](?=[\u0300-\u036f])")
_DOTTED = {"\u0131": "i", "\u0237": "j"}
_BACKSLASH_COMMAND = re.compile(r"\\([A-Za-z]+\*?|.)")


@lru_cache(maxsize=4)
def plain_fields(bib_text: str) -> dict[str, dict[str, str]]:
    """Every entry's fields, named as in references.bib, as plain text (one pandoc call per text)."""
    raw = read_fields(bib_text)
    wanted = sorted({v for fields in raw.values() for k, v in fields.items() if k not in VERBATIM})
    decoded = decode(wanted)
    return {key: {k: (v if k in VERBATIM else decoded[v]) for k, v in fields.items()}
            for key, fields in raw.items()}


def plain_text(value: str) -> str:
    """One field value as plain text (one pandoc call: decode a bibliography's values together)."""
    return decode([value])[value]


def decode(values: Iterable[str]) -> dict[str, str]:
    """Each value as plain text, raw -> plain, all in one pandoc call."""
    todo = sorted(set(values))
    entries = [f"@misc{{v{i},\n  annotation = {{{v}}},\n}}\n" for i, v in enumerate(todo) if _balanced(v)]
    data: dict = {}
    if entries:
        out = run_pandoc("".join(entries), ["-f", "biblatex", "-t", str(WRITER), "--sandbox"],
                         "bibliography fields as plain text")
        data = json.loads(out) or {}
    decoded = {}
    for i, value in enumerate(todo):
        text = data.get(f"v{i}", {}).get("annote", "") if _balanced(value) else _stripped(value)
        # `\\'{\\i}` comes out as a dotless i with a combining accent: make it the accented letter.
        text = unicodedata.normalize("NFC", _DOTLESS.sub(lambda m: _DOTTED[m.group()], text))
        decoded[value] = " ".join(text.split())
    return decoded


def _balanced(value: str) -> bool:
    """Braces pair up (the validator refuses a field where they do not), so a value stays one field."""
    depth = 0
    for token in re.finditer(r"\\.|[{}]", value):
        if token.group() == "{":
            depth += 1
        elif token.group() == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _stripped(value: str) -> str:
    """Last resort for a value pandoc cannot be given: commands and braces removed, never shown raw."""
    text = _BACKSLASH_COMMAND.sub(lambda m: "" if m.group(1)[0].isalpha() else m.group(1), value)
    return text.replace("{", "").replace("}", "").replace("\\", "")
