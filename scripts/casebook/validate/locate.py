"""Where in a file a piece of a field's value is: one algorithm for records, themes and the self-assessment."""

from __future__ import annotations

import re

from casebook import markdown
from casebook.yamlio.safe import LoadedYaml

_KEY_END = r"(?![\w:.#$%&+?<>~/-]*\w)"  # `@key` must not be the start of a longer key


def locate(loaded: LoadedYaml, path: tuple, value: str, found: markdown.Found,
           prefix: str = "@") -> tuple[int, int]:
    """The line and column of found (an offset into the field's value) in the file.

    Block scalars fold and re-indent, so offsets into the value do not map onto the
    file; instead count which occurrence it is in the value and find that one in the
    file, from the field's start (a key that merely begins another is not a match).
    """
    needle = prefix + found.value
    pattern = re.compile(re.escape(needle) + (_KEY_END if prefix == "@" else ""))
    start = found.offset - len(prefix)
    nth = sum(1 for m in pattern.finditer(value) if m.start() < start)
    line, col = loaded.mark(path)
    offset = _offset(loaded.text, line, col)
    if loaded.text.startswith(("|", ">"), offset):  # a block scalar's text starts on the next line
        offset = loaded.text.find("\n", offset) + 1 or len(loaded.text)
    for i, match in enumerate(pattern.finditer(loaded.text, offset)):
        if i == nth:
            return markdown.line_col(loaded.text, match.start())
    return line, col


def _offset(text: str, line: int, col: int) -> int:
    at = 0
    for _ in range(line - 1):
        at = text.find("\n", at) + 1
        if at == 0:
            return len(text)
    return at + col - 1
