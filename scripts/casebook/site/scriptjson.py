"""JSON placed inside a <script> element (JSON-LD, page data): the one escaping rule for it."""

from __future__ import annotations

import json
import re

_ESCAPES = (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
# Code points HTML forbids in a document, even inside <script>: C1 controls and noncharacters.
_FORBIDDEN = re.compile("[\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def script_json(data: object, sort_keys: bool = False) -> str:
    """JSON that no `</script>`, `<!--`, line separator or forbidden code point inside a value can break."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"))
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return _FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
