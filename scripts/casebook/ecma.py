"""Regular expressions across the two dialects Casebook speaks: Python's re and ECMA-262 (JavaScript).

A rule the Propose page applies too is written once, in Python; to_js hands the browser
the same pattern in its own dialect. The record schema's patterns are ECMA-262 by the
JSON Schema standard (Ajv and jsonschema-rs read them so); from_ecma gives Python's
detailed validator the same reading. The dialects differ in what `\\w`, `\\s`, `\\d`,
`\\b`, `.`, `^` and `$` match (Unicode or ASCII; Python's `$` also matches before a final
newline; JavaScript's lines also end at \\r and U+2028), so each is spelt out as the set
it means. Anything else that differs is refused rather than translated wrongly.
"""

from __future__ import annotations

import re

# Python's \w is Unicode letters, numbers and _; \s its whitespace (which includes \x1c-\x1f).
_PY_WORD = r"\p{L}\p{N}_"
_PY_SPACE = "".join(f"\\u{cp:04x}" for cp in range(0x3001) if re.match(r"\s", chr(cp)))  # none is above U+3000
# ECMA-262's \s: WhiteSpace and LineTerminator; its \w and \d are ASCII.
_ECMA_SPACE = r"\t\n\v\f\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
# Python syntax with no like in JavaScript: named groups, comments, inline flags, \A \Z, possessive quantifiers.
_REFUSED = re.compile(r"\(\?[P#imsxauL]|\\[AZG]|[*+?}]\+")


def to_js(pattern: re.Pattern[str]) -> dict[str, str]:
    """{source, flags} for `new RegExp(source, flags)` that matches what pattern matches in Python."""
    source = pattern.pattern
    multiline, dotall = bool(pattern.flags & re.MULTILINE), bool(pattern.flags & re.DOTALL)
    outside = {
        "\\w": f"[{_PY_WORD}]", "\\W": f"[^{_PY_WORD}]", "\\s": f"[{_PY_SPACE}]", "\\S": f"[^{_PY_SPACE}]",
        "\\d": r"\p{Nd}", "\\D": r"\P{Nd}",
        "\\b": f"(?:(?<=[{_PY_WORD}])(?![{_PY_WORD}])|(?<![{_PY_WORD}])(?=[{_PY_WORD}]))",
        ".": r"[\s\S]" if dotall else "[^\\n]",
        "^": r"(?:(?<![\s\S])|(?<=\n))" if multiline else r"(?<![\s\S])",
        "$": r"(?=\n|(?![\s\S]))" if multiline else r"(?=\n?(?![\s\S]))",
    }
    inside = {"\\w": _PY_WORD, "\\s": _PY_SPACE, "\\d": r"\p{Nd}"}
    out = _rewrite(source, outside, inside)
    return {"source": out, "flags": "u" + ("i" if pattern.flags & re.IGNORECASE else "")}


def from_ecma(source: str) -> re.Pattern[str]:
    """A JSON Schema pattern (ECMA-262, searched anywhere in the value) as Python reads it."""
    outside = {"\\w": "[A-Za-z0-9_]", "\\W": "[^A-Za-z0-9_]", "\\d": "[0-9]", "\\D": "[^0-9]",
               "\\s": f"[{_ECMA_SPACE}]", "\\S": f"[^{_ECMA_SPACE}]", ".": "[^\\n\\r\\u2028\\u2029]",
               "^": r"\A", "$": r"\Z"}
    inside = {"\\w": "A-Za-z0-9_", "\\d": "0-9", "\\s": _ECMA_SPACE}
    return re.compile(_rewrite(source, outside, inside))


def _rewrite(source: str, outside: dict[str, str], inside: dict[str, str]) -> str:
    """source with each escape and anchor replaced by its spelt-out form; a class's content kept but
    for the escapes in `inside` (any other class shorthand there is refused)."""
    out, i, in_class = [], 0, False
    while i < len(source):
        ch = source[i]
        token = source[i: i + 2] if ch == "\\" else ch
        if in_class:
            if token in inside:
                out.append(inside[token])
            elif token in ("\\W", "\\S", "\\D", "\\b"):
                raise ValueError(f"no translation of {token} inside a class in {source!r}")
            else:
                out.append(token)
                in_class = token != "]"
        elif token == "[":
            negated = source.startswith("^", i + 1)
            if source.startswith("]", i + 1 + negated):  # `[]...]`: a ] in Python, an empty class in ECMA
                raise ValueError(f"no translation of a class starting with ] in {source!r}")
            out.append("[^" if negated else "[")
            in_class = True
            i += negated
        elif _REFUSED.match(source, i):
            raise ValueError(f"no translation of {source[i:i + 3]!r} in {source!r}")
        else:
            out.append(outside.get(token, token))
        i += len(token)
    return "".join(out)
